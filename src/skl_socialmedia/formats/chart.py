"""The ``chart`` and ``chart-svg`` output formats: dumbbell charts, via matplotlib.

For each group one panel: a line per item with a mark per wave (the first
wave an open circle, the last a filled one, any between a square or diamond of
its own colour; see :func:`~skl_socialmedia.formats.chart_rows.wave_style`),
each rate with its interval where there is one (dashed for a low base), and
the change(s) in percentage points at the right, in bold when the change's
interval excludes zero. The legend names the waves and says what bold means;
the source line (with the report's description, e.g. that the data are
synthetic) is at the foot.

A chart shows at most :data:`CHART_ROWS` rows (groups × items). A larger
report is refused with a message saying how to narrow it, unless the option
``page`` (``--format-option page=N``) asks for one page of it: rows
40·(N−1)+1 to 40·N, with "page N of M" on the chart. Either way the work is
bounded, however many groups the report has.

matplotlib is an optional dependency (the extra ``plot``), imported only when a
chart is drawn. Drawing uses matplotlib's object-oriented API with the Agg
canvas — never pyplot, so no global backend is switched and no window opens —
and matplotlib's default style, whatever the user's ``matplotlibrc``. Output is
deterministic for a given matplotlib version: SVG ids are salted with a fixed
string and no date is written into either file. Every text is drawn with
mathtext off, so a ``$`` in a name is a dollar sign.

Two format names share this code: ``chart`` (``.png``; option
``image="png"|"svg"``) and ``chart-svg`` (``.svg``), so ``--output
chart.svg`` picks SVG from the suffix.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError
from skl_socialmedia.formats._common import (
    PressOptions,
    choice_option,
    finite,
    one_line,
    press_options,
    shown_rows,
    source_line,
)
from skl_socialmedia.formats.chart_layout import (
    DPI,
    GAP,
    LEFT,
    MARKERS,
    NOTE_COLOUR,
    SOURCE_CHARS,
    SOURCE_LINE,
    TEXT,
    WIDTH,
    ChartLayout,
    draw_bold_key,
    draw_change_header,
    draw_legend,
    findings_lines,
    legend_entries,
    legend_row_count,
)
from skl_socialmedia.formats.chart_rows import (
    AFTER_COLOUR,
    BEFORE_COLOUR,
    CHART_ROWS,
    change_label,
    group_rows,
    has_bold_key,
    row_label,
    wave_style,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import group_label
from skl_socialmedia.report.model import Estimate, Report, ReportRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "AFTER_COLOUR",
    "BEFORE_COLOUR",
    "CHART_ROWS",
    "IMAGES",
    "OPTIONS",
    "ChartFormat",
    "ChartSvgFormat",
    "chart_page",
    "render_chart",
]

#: The image types the chart formats write.
IMAGES: tuple[str, ...] = ("png", "svg")
#: The chart formats' own options, besides the common ones.
OPTIONS: tuple[str, ...] = ("image", "page")


def _require_matplotlib() -> None:
    """Import matplotlib, or raise the error that names the extra to install."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("the chart format", "plot", "matplotlib") from error


def _page_number(value: object, pages: int) -> int:
    if isinstance(value, bool):
        number = -1
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = -1
    if not 1 <= number <= pages:
        raise InvalidArgumentError(
            f"option page={value!r} must be a whole number from 1 to {pages}"
            f" (the chart has {pages} page{'s' if pages != 1 else ''}"
            f" of at most {CHART_ROWS} rows)"
        )
    return number


def chart_page(
    report: Report, press: PressOptions, page: object = None
) -> tuple[list[ReportRow], int, int]:
    """Return the rows one chart shows, the page number and the number of pages.

    Without ``page`` every shown row is charted, and more than
    :data:`CHART_ROWS` of them are refused (:class:`InvalidArgumentError`
    saying how to narrow the report); with ``page=N`` (1, 2, …) the rows
    ``CHART_ROWS·(N−1)+1`` to ``CHART_ROWS·N``.
    """
    rows = shown_rows(report, press)
    pages = max(1, math.ceil(len(rows) / CHART_ROWS))
    if page is None:
        if len(rows) > CHART_ROWS:
            raise InvalidArgumentError(
                f"the chart would have {len(rows)} rows (groups × items), more "
                f"than the {CHART_ROWS} one chart shows; narrow the report with "
                "--items, --by or --only-significant, or draw it page by page "
                f"with --format-option page=N (N from 1 to {pages})"
            )
        return rows, 1, pages
    number = _page_number(page, pages)
    start = CHART_ROWS * (number - 1)
    return rows[start : start + CHART_ROWS], number, pages


def _label(row: ReportRow, lang: Language) -> str:
    """Return the row's label: the item, then whom its figures are shares of."""
    label, base = row_label(row, lang, among_in_base=True)
    lines = textwrap.wrap(one_line(label), 44, max_lines=1, placeholder=" …")
    lines += textwrap.wrap(one_line(base), 48, max_lines=1, placeholder=" …")
    return "\n".join(lines)


def _intervals(
    axes: Axes,
    estimates: Sequence[tuple[Estimate, float]],
    colour: str,
) -> None:
    from matplotlib.collections import LineCollection

    solid: list[list[tuple[float, float]]] = []
    dashed: list[list[tuple[float, float]]] = []
    for estimate, y in estimates:
        low, high = finite(estimate.low), finite(estimate.high)
        if low is None or high is None:
            continue
        (dashed if estimate.low_base else solid).append([(low, y), (high, y)])
    for segments, style in ((solid, "-"), (dashed, (0, (2, 1.5)))):
        if segments:
            axes.add_collection(
                LineCollection(
                    segments,
                    colors=colour,
                    alpha=0.6,
                    linewidths=2,
                    linestyles=[style],
                    capstyle="butt",
                    zorder=2,
                )
            )


def _panel(
    axes: Axes,
    number: int,
    title: str,
    rows: Sequence[ReportRow],
    lang: Language,
    layout: ChartLayout,
) -> None:
    from matplotlib.collections import LineCollection

    count = len(rows)
    waves = len(layout.waves)
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
        one_line(title), loc="left", fontweight="bold", fontsize=11, parse_math=False
    )
    label_transform = axes.get_yaxis_transform()
    ranges = []
    marks: list[tuple[list[float], list[float]]] = [([], []) for _ in range(waves)]
    lanes: list[list[tuple[Estimate, float]]] = [[] for _ in range(waves)]
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
        values = []
        for wave, estimate in enumerate(row.estimates[:waves]):
            value = finite(estimate.value)
            lanes[wave].append((estimate, y + layout.lanes[wave]))
            if value is not None:
                values.append(value)
                marks[wave][0].append(value)
                marks[wave][1].append(y)
        if len(values) >= 2:
            ranges.append([(min(values), y), (max(values), y)])
        for column in range(len(layout.columns)):
            text, bold = change_label(row, column, lang, layout.press, layout.published)
            if text:
                axes.text(
                    layout.column_x(column),
                    y,
                    text,
                    transform=label_transform,
                    ha="left",
                    va="center",
                    fontweight="bold" if bold else "normal",
                    parse_math=False,
                )
    if ranges:
        axes.add_collection(
            LineCollection(
                ranges,
                colors="#9aa5ae",
                linewidths=3 if waves <= 2 else 1.5,
                zorder=1.5 if waves > 2 else 3,
            )
        )
    for wave in range(waves):
        style = wave_style(wave, waves)
        if layout.press.intervals:
            _intervals(axes, lanes[wave], style.colour)
        xs, ys = marks[wave]
        if xs:
            collection = axes.scatter(
                xs,
                ys,
                s=40 if style.shape == "circle" else 30,
                marker=MARKERS[style.shape],
                facecolor=style.colour if style.filled else "white",
                edgecolor=style.colour,
                linewidth=1.6,
                zorder=4 + wave,
                clip_on=False,
            )
            collection.set_gid(f"wave{wave}-panel{number}")


def _figure(
    report: Report,
    rows: Sequence[ReportRow],
    lang: Language,
    press: PressOptions,
    page: tuple[int, int, frozenset[str]],
) -> Figure:
    from matplotlib.figure import Figure

    number, pages, earlier = page
    layout = ChartLayout(report, rows, press)
    panels = group_rows(rows)
    handles, labels = legend_entries(report, rows, lang, layout)
    legend_rows = legend_row_count(labels)
    bold = has_bold_key(rows)
    source = source_line(report, lang)
    footer = [
        (line, f"finding-{i}") for i, line in enumerate(findings_lines(report, lang))
    ]
    footer += [
        (line, f"source-{i}")
        for i, line in enumerate(
            textwrap.wrap(source, SOURCE_CHARS, break_on_hyphens=False)
        )
    ]

    legend_top = 0.34
    below_legend = legend_top + 0.2 * legend_rows
    key_y = below_legend + 0.16
    top = key_y + 0.42 if bold else below_legend + 0.5
    heights = [layout.row * len(group) + 0.15 for _, group in panels]
    bottom = 0.4 + (SOURCE_LINE * len(footer) + 0.08 if footer else 0)
    height = top + sum(heights) + GAP * max(0, len(panels) - 1) + bottom
    figure = Figure(figsize=(WIDTH, height), dpi=DPI)
    paged = pages > 1
    title = textwrap.wrap(one_line(report.title.get(lang)), 80 if paged else 95)
    figure.suptitle(
        title[0] + (" …" if len(title) > 1 else "") if title else "",
        x=0.02,
        y=1 - 0.12 / height,
        ha="left",
        va="top",
        fontsize=12,
        fontweight="bold",
        parse_math=False,
    )
    if paged:
        figure.text(
            0.98,
            1 - 0.12 / height,
            TEXT[lang]["page"].format(page=number, pages=pages),
            ha="right",
            va="top",
            fontsize=9,
            color=NOTE_COLOUR,
            parse_math=False,
        ).set_gid("page")
    draw_legend(figure, handles, labels, legend_rows, y=1 - legend_top / height)
    if bold:
        draw_bold_key(figure, lang, y=1 - key_y / height)
    for index, (line, gid) in enumerate(footer):
        figure.text(
            0.02,
            (0.1 + SOURCE_LINE * (len(footer) - 1 - index)) / height,
            line,
            ha="left",
            va="bottom",
            fontsize=7.5,
            color=NOTE_COLOUR,
            parse_math=False,
        ).set_gid(gid)
    if not panels:
        return figure
    figure.subplots_adjust(
        left=LEFT,
        right=layout.right,
        top=1 - top / height,
        bottom=bottom / height,
        hspace=GAP / (sum(heights) / len(heights)),
    )
    grid = figure.subplots(
        len(panels), 1, squeeze=False, gridspec_kw={"height_ratios": heights}
    )
    for index, (axes, (group, group_rows_)) in enumerate(
        zip(grid[:, 0], panels, strict=True)
    ):
        heading = group_label(group, lang)
        if index == 0 and group in earlier:
            heading += f" {TEXT[lang]['continued']}"
        _panel(axes, index, heading, group_rows_, lang, layout)
    draw_change_header(grid[0, 0], lang, layout)
    return figure


def render_chart(
    report: Report,
    lang: Language = "en",
    image: str = "png",
    *,
    press: PressOptions | None = None,
    page: object = None,
) -> str | bytes:
    """Draw the dumbbell charts of ``report``; PNG as bytes, SVG as text.

    ``press`` gives the common options (``decimals``, ``only_significant``,
    ``intervals``); ``page`` one page of a report of more than
    :data:`CHART_ROWS` rows (see :func:`chart_page`), which is otherwise
    refused.
    """
    choice_option({"image": image}, "image", IMAGES, "png")
    press = PressOptions(lang=lang) if press is None else press
    rows, number, pages = chart_page(report, press, page)
    before = shown_rows(report, press)[: CHART_ROWS * (number - 1)]
    earlier = frozenset(row.group for row in before)
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
        figure = _figure(report, rows, lang, press, (number, pages, earlier))
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
        """Render ``report``.

        Options: the common ones (``lang``, ``decimals``, ``only_significant``,
        ``intervals``), ``image`` (``"png"``/``"svg"``) and ``page`` (one page
        of :data:`CHART_ROWS` rows, for a larger report).
        """
        press = press_options(self.name, options, own=OPTIONS)
        image = choice_option(options, "image", IMAGES, self.default_image)
        return render_chart(
            report, press.lang, image, press=press, page=options.get("page")
        )


class ChartSvgFormat(ChartFormat):
    """The ``chart-svg`` output format: the ``chart`` format's charts as SVG."""

    name: ClassVar[str] = "chart-svg"
    suffixes: ClassVar[tuple[str, ...]] = (".svg",)
    media_type: ClassVar[str] = "image/svg+xml"
    description: ClassVar[str] = (
        "dumbbell charts of each group's rates, as SVG (needs the 'plot' extra)"
    )
    default_image: ClassVar[str] = "svg"
