"""The ``chart`` and ``chart-svg`` output formats: dumbbell charts, via matplotlib.

For each group one panel: a line per item from the rate in the earlier wave
(open dot) to the rate in the later wave (filled dot), each rate with its
interval where there is one (dashed for a low base), and the change in
percentage points at the right, in bold when its interval excludes zero.

matplotlib is an optional dependency (the extra ``plot``), imported only when a
chart is drawn. Drawing uses matplotlib's object-oriented API with the Agg
canvas — never pyplot, so no global backend is switched and no window opens —
and matplotlib's default style, whatever the user's ``matplotlibrc``. Output is
deterministic for a given matplotlib version: SVG ids are salted with a fixed
string and no date is written into either file.

Two format names share this code: ``chart`` (``.png``; option
``image="png"|"svg"``) and ``chart-svg`` (``.svg``), so ``--output
chart.svg`` picks SVG from the suffix.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from skl_socialmedia.errors import MissingExtraError
from skl_socialmedia.formats._common import (
    choice_option,
    decimals,
    finite,
    language,
    one_line,
)
from skl_socialmedia.formats.dumbbell_svg import groups, interval_excludes_zero
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import (
    format_number,
    format_pp,
    group_label,
    item_phrase,
)
from skl_socialmedia.report.model import Estimate, Report, ReportRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["IMAGES", "ChartFormat", "ChartSvgFormat", "render_chart"]

#: The image types the chart formats write.
IMAGES: tuple[str, ...] = ("png", "svg")

BEFORE_COLOUR = "#5b6770"
AFTER_COLOUR = "#1d5fa8"
_TEXT = {
    "en": {"change": "Change,\npp", "interval": "{conf} % interval", "low": "low base"},
    "sv": {
        "change": "Förändring,\nprocentenheter",
        "interval": "{conf} % intervall",
        "low": "låg bas",
    },
}
_WIDTH = 9.0
_ROW = 0.4
_GAP = 0.8
_DPI = 150


def _require_matplotlib() -> None:
    """Import matplotlib, or raise the error that names the extra to install."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("the chart format", "plot", "matplotlib") from error


def _label(row: ReportRow, lang: Language) -> str:
    label = item_phrase(row.item, lang)
    if row.among is not None:
        among = item_phrase(row.among, lang)
        label += f" ({'bland dem som' if lang == 'sv' else 'among those who'} {among})"
    lines = textwrap.wrap(one_line(label), 44, max_lines=2, placeholder=" …")
    return "\n".join(lines)


def _interval(axes: Axes, estimate: Estimate, y: float, colour: str) -> None:
    low, high = finite(estimate.low), finite(estimate.high)
    if low is None or high is None:
        return
    axes.plot(
        [low, high],
        [y, y],
        color=colour,
        alpha=0.6,
        linewidth=2,
        linestyle=(0, (2, 1.5)) if estimate.low_base else "-",
        solid_capstyle="butt",
        zorder=2,
    )


def _panel(axes: Axes, group: str, rows: Sequence[ReportRow], lang: Language) -> None:
    count = len(rows)
    axes.set_xlim(0, 1)
    axes.set_ylim(-0.6, count - 0.4)
    axes.set_xticks(
        [0, 0.25, 0.5, 0.75, 1], labels=["0 %", "25 %", "50 %", "75 %", "100 %"]
    )
    axes.set_yticks([])
    axes.grid(axis="x", color="#d5dade", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.set_title(
        one_line(group_label(group, lang)),
        loc="left",
        fontweight="bold",
        fontsize=11,
        parse_math=False,
    )
    label_transform = axes.get_yaxis_transform()
    for index, row in enumerate(rows):
        y = count - 1 - index
        if index % 2 == 0:
            axes.axhspan(y - 0.5, y + 0.5, color="#f3f5f7", zorder=0)
        axes.text(
            -0.03,
            y,
            _label(row, lang),
            transform=label_transform,
            ha="right",
            va="center",
            parse_math=False,
        )
        _interval(axes, row.before, y + 0.14, BEFORE_COLOUR)
        _interval(axes, row.after, y - 0.14, AFTER_COLOUR)
        before, after = finite(row.before.value), finite(row.after.value)
        if before is not None and after is not None:
            axes.plot([before, after], [y, y], color="#9aa5ae", linewidth=3, zorder=3)
        if before is not None:
            axes.scatter(
                [before],
                [y],
                s=40,
                facecolor="white",
                edgecolor=BEFORE_COLOUR,
                linewidth=1.6,
                zorder=4,
                clip_on=False,
            )
        if after is not None:
            axes.scatter(
                [after],
                [y],
                s=40,
                color=AFTER_COLOUR,
                linewidth=1.6,
                zorder=5,
                clip_on=False,
            )
        change = finite(row.change.value)
        places = max(decimals(row.before), decimals(row.after))
        delta = "–" if change is None else format_pp(change, places, lang, unit=False)
        if row.before.low_base or row.after.low_base:
            delta += " !"
        axes.text(
            1.03,
            y,
            delta,
            transform=label_transform,
            ha="left",
            va="center",
            fontweight="bold" if interval_excludes_zero(row.change) else "normal",
            parse_math=False,
        )


def _legend(figure: Figure, report: Report, lang: Language, *, y: float) -> None:
    from matplotlib.lines import Line2D

    text = _TEXT[lang]
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker="o",
            markerfacecolor="white",
            markeredgecolor=BEFORE_COLOUR,
            markeredgewidth=1.6,
        ),
        Line2D([], [], linestyle="", marker="o", color=AFTER_COLOUR),
    ]
    labels = [one_line(report.before_wave), one_line(report.after_wave)]
    estimates = [e for r in report.rows for e in (r.before, r.after)]
    level = finite(report.confidence)
    if level is not None and any(finite(e.low) is not None for e in estimates):
        conf = format_number(100 * level, 0, lang)
        handles.append(Line2D([], [], color=AFTER_COLOUR, alpha=0.6, linewidth=2))
        labels.append(text["interval"].format(conf=conf))
    if any(e.low_base for e in estimates):
        handles.append(
            Line2D(
                [],
                [],
                color=AFTER_COLOUR,
                alpha=0.6,
                linewidth=2,
                linestyle=(0, (2, 1.5)),
            )
        )
        labels.append(f"{text['low']} (!)")
    legend = figure.legend(
        handles,
        labels,
        loc="center left",
        bbox_to_anchor=(0.02, y),
        ncols=len(handles),
        frameon=False,
        fontsize=9,
        bbox_transform=figure.transFigure,
    )
    for item in legend.get_texts():
        item.set_parse_math(False)


def _figure(report: Report, lang: Language) -> Figure:
    from matplotlib.figure import Figure

    panels = groups(report)
    heights = [_ROW * len(rows) + 0.15 for _, rows in panels]
    top, bottom = 1.05, 0.4
    height = top + sum(heights) + _GAP * max(0, len(panels) - 1) + bottom
    figure = Figure(figsize=(_WIDTH, height), dpi=_DPI)
    title = textwrap.wrap(one_line(report.title.get(lang)), 95, max_lines=1)
    figure.suptitle(
        title[0] if title else "",
        x=0.02,
        y=1 - 0.12 / height,
        ha="left",
        va="top",
        fontsize=12,
        fontweight="bold",
        parse_math=False,
    )
    if not panels:
        return figure
    figure.subplots_adjust(
        left=0.38,
        right=0.86,
        top=1 - top / height,
        bottom=bottom / height,
        hspace=_GAP / (sum(heights) / len(heights)),
    )
    grid = figure.subplots(
        len(panels), 1, squeeze=False, gridspec_kw={"height_ratios": heights}
    )
    for axes, (group, rows) in zip(grid[:, 0], panels, strict=True):
        _panel(axes, group, rows, lang)
    first = grid[0, 0]
    first.text(
        1.03,
        1.02,
        _TEXT[lang]["change"],
        transform=first.transAxes,
        ha="left",
        va="bottom",
        fontsize=8,
        parse_math=False,
    )
    _legend(figure, report, lang, y=1 - 0.42 / height)
    return figure


def render_chart(
    report: Report, lang: Language = "en", image: str = "png"
) -> str | bytes:
    """Draw the dumbbell charts of ``report``; PNG as bytes, SVG as text."""
    choice_option({"image": image}, "image", IMAGES, "png")
    _require_matplotlib()
    import matplotlib
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with (
        matplotlib.style.context("default"),
        matplotlib.rc_context(
            {
                "svg.hashsalt": "skl-socialmedia",
                "svg.fonttype": "path",
                "font.size": 9.0,
                "text.parse_math": False,
            }
        ),
    ):
        figure = _figure(report, lang)
        FigureCanvasAgg(figure)
        buffer = io.BytesIO()
        if image == "svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None})
            return buffer.getvalue().decode("utf-8")
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()


class ChartFormat:
    """The ``chart`` output format: dumbbell charts as PNG (``image="svg"`` for SVG).

    Needs the extra ``plot`` (matplotlib).
    """

    name: ClassVar[str] = "chart"
    suffixes: ClassVar[tuple[str, ...]] = (".png",)
    media_type: ClassVar[str] = "image/png"
    description: ClassVar[str] = (
        "dumbbell charts of each group's rates, as PNG (needs the 'plot' extra)"
    )
    default_image: ClassVar[str] = "png"

    def render(self, report: Report, **options: Any) -> str | bytes:
        """Render ``report``; options ``lang`` and ``image`` (``"png"``/``"svg"``)."""
        image = choice_option(options, "image", IMAGES, self.default_image)
        return render_chart(report, language(options), image)


class ChartSvgFormat(ChartFormat):
    """The ``chart-svg`` output format: the ``chart`` format's charts as SVG."""

    name: ClassVar[str] = "chart-svg"
    suffixes: ClassVar[tuple[str, ...]] = (".svg",)
    media_type: ClassVar[str] = "image/svg+xml"
    description: ClassVar[str] = (
        "dumbbell charts of each group's rates, as SVG (needs the 'plot' extra)"
    )
    default_image: ClassVar[str] = "svg"
