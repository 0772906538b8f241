"""The layout of the matplotlib dumbbell charts: sizes, legend, headers, footer.

What :mod:`skl_socialmedia.formats.chart` draws around its panels: the sizes
every panel of one chart shares (:class:`ChartLayout`), the legend of the
waves and intervals (:func:`legend_entries`, :func:`draw_legend`), the key of
bold figures (:func:`draw_bold_key`), the head of the change column(s)
(:func:`draw_change_header`) and the source's findings at the foot
(:func:`findings_lines`). Sizes are in inches unless said otherwise.

matplotlib is imported only inside the functions that draw, as in
:mod:`skl_socialmedia.formats.chart`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from skl_socialmedia.formats._common import (
    PressOptions,
    finite,
    one_line,
    published_decimals,
)
from skl_socialmedia.formats.chart_rows import (
    AFTER_COLOUR,
    bold_key,
    change_columns,
    show_change_waves,
    wave_labels,
    wave_style,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import format_number
from skl_socialmedia.report.model import Report, ReportRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CHANGE_COLUMN",
    "CHANGE_PAD",
    "DPI",
    "GAP",
    "LEFT",
    "MARKERS",
    "NOTE_COLOUR",
    "ROW",
    "SOURCE_CHARS",
    "SOURCE_LINE",
    "TEXT",
    "WIDTH",
    "ChartLayout",
    "draw_bold_key",
    "draw_change_header",
    "draw_legend",
    "findings_lines",
    "legend_entries",
    "legend_row_count",
]

#: The chart's words, by language.
TEXT = {
    "en": {
        "change": "Change,\npp",
        "change_line": "Change, pp",
        "interval": "{conf} % interval",
        "low": "low base",
        "page": "page {page} of {pages}",
        "continued": "(continued)",
    },
    "sv": {
        "change": "Förändring,\nprocentenheter",
        "change_line": "Förändring, procentenheter",
        "interval": "{conf} % intervall",
        "low": "låg bas",
        "page": "sida {page} av {pages}",
        "continued": "(forts.)",
    },
}
MARKERS = {"circle": "o", "square": "s", "diamond": "D"}
NOTE_COLOUR = "#4b555e"
WIDTH = 9.0
LEFT = 0.38
ROW = 0.4
GAP = 0.8
DPI = 150
CHANGE_PAD = 0.13
"""Inches between the plot's right edge and the first change column."""
CHANGE_COLUMN = 0.7
"""Inches per change column."""
SOURCE_CHARS = 140
SOURCE_LINE = 0.15


class ChartLayout:
    """What every panel of one chart shares: waves, change columns, sizes."""

    def __init__(
        self, report: Report, rows: Sequence[ReportRow], press: PressOptions
    ) -> None:
        self.waves = wave_labels(report, rows)
        self.columns = change_columns(report, rows) or [""]
        self.pairs = show_change_waves(report, self.columns)
        count = len(self.waves)
        self.row = ROW + 0.08 * max(0, count - 3)
        half = min(0.3, 0.07 * count)
        step = 2 * half / (count - 1) if count > 1 else 0.0
        self.lanes = [half - i * step for i in range(count)] if count > 1 else [0.0]
        used = CHANGE_PAD + CHANGE_COLUMN * len(self.columns) + 0.43
        self.right = max(LEFT + 0.2, (WIDTH - used) / WIDTH)
        self.axes_width = WIDTH * (self.right - LEFT)
        self.press = press
        self.published = published_decimals(report)

    def column_x(self, index: int) -> float:
        """Return the x of change column ``index``, in axes coordinates."""
        return 1 + (CHANGE_PAD + CHANGE_COLUMN * index) / self.axes_width


def legend_entries(
    report: Report, rows: Sequence[ReportRow], lang: Language, layout: ChartLayout
) -> tuple[list[Any], list[str]]:
    """Return the legend's handles and labels: the waves, then the intervals."""
    from matplotlib.lines import Line2D

    text = TEXT[lang]
    handles: list[Any] = []
    labels: list[str] = []
    for index, wave in enumerate(layout.waves):
        style = wave_style(index, len(layout.waves))
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker=MARKERS[style.shape],
                markersize=6.5 if style.shape == "circle" else 5.5,
                markerfacecolor=style.colour if style.filled else "white",
                markeredgecolor=style.colour,
                markeredgewidth=1.6,
            )
        )
        labels.append(one_line(wave))
    estimates = [e for r in rows for e in r.estimates]
    level = finite(report.confidence)
    intervals = layout.press.intervals
    if (
        intervals
        and level is not None
        and any(finite(e.low) is not None for e in estimates)
    ):
        conf = format_number(100 * level, 0, lang)
        handles.append(Line2D([], [], color=AFTER_COLOUR, alpha=0.6, linewidth=2))
        labels.append(text["interval"].format(conf=conf))
    if intervals and any(e.low_base for e in estimates):
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
    return handles, labels


def legend_row_count(labels: Sequence[str]) -> int:
    """Return how many rows the legend needs to fit the figure's width."""
    width = sum(0.5 + 0.075 * len(label) for label in labels)
    return max(1, math.ceil(width / (WIDTH - 0.4)))


def draw_legend(
    figure: Figure,
    handles: list[Any],
    labels: list[str],
    rows: int,
    *,
    y: float,
) -> None:
    """Draw the legend on ``figure`` in ``rows`` rows, its top at ``y``."""
    legend = figure.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.01, y),
        ncols=math.ceil(len(handles) / rows),
        frameon=False,
        fontsize=9,
        bbox_transform=figure.transFigure,
        borderaxespad=0,
    )
    for item in legend.get_texts():
        item.set_parse_math(False)


def draw_bold_key(figure: Figure, lang: Language, *, y: float) -> None:
    """Draw what bold figures mean on ``figure``, its foot at ``y``."""
    from matplotlib.text import Annotation

    word, rest = bold_key(lang)
    first = figure.text(
        0.02,
        y,
        word,
        ha="left",
        va="bottom",
        fontsize=8.5,
        fontweight="bold",
        parse_math=False,
    )
    first.set_gid("bold-key")
    figure.add_artist(
        Annotation(
            rest,
            xy=(1, 0),
            xycoords=first,
            ha="left",
            va="bottom",
            fontsize=8.5,
            parse_math=False,
        )
    )


def draw_change_header(axes: Axes, lang: Language, layout: ChartLayout) -> None:
    """Draw the head of the change column(s) above ``axes``: "Change, pp"."""
    text = TEXT[lang]
    if not layout.pairs:
        axes.text(
            layout.column_x(0),
            1.02,
            text["change"],
            transform=axes.transAxes,
            ha="left",
            va="bottom",
            fontsize=8,
            parse_math=False,
        )
        return
    for index, label in enumerate(layout.columns):
        axes.text(
            layout.column_x(index),
            1.02,
            label,
            transform=axes.transAxes,
            ha="left",
            va="bottom",
            fontsize=8,
            parse_math=False,
        )
    axes.annotate(
        text["change_line"],
        xy=(layout.column_x(0), 1.02),
        xycoords="axes fraction",
        xytext=(0, 11),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=8,
        annotation_clip=False,
        parse_math=False,
    )


_FINDINGS = {
    "en": "Stated by the source (not computed):",
    "sv": "Enligt källan (ej beräknat):",
}


def findings_lines(report: Report, lang: Language) -> list[str]:
    """Return the source's findings as wrapped footer lines (none: [])."""
    if not report.findings:
        return []
    lines = [_FINDINGS[lang]]
    for finding in report.findings:
        lines += textwrap.wrap(
            "• " + one_line(finding.text.get(lang)),
            SOURCE_CHARS,
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    return lines
