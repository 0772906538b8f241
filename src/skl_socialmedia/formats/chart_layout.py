"""The layout of the matplotlib dumbbell charts: sizes, legend, headers, footer.

What :mod:`skl_socialmedia.formats.chart_drawing` needs of a report to draw
it: what every row of one chart shares (:class:`ChartLayout`: waves, change
columns, row height), the legend of the waves and intervals
(:func:`legend_entries`, :func:`legend_row_count`) and the source's findings
at the foot (:func:`findings_lines`). Sizes are in inches unless said
otherwise.

matplotlib is imported only inside the functions that need it.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

from skl_socialmedia.formats._common import (
    PressOptions,
    finite,
    one_line,
    published_decimals,
)
from skl_socialmedia.formats.chart_rows import (
    AFTER_COLOUR,
    change_columns,
    show_change_waves,
    wave_labels,
    wave_style,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import format_number
from skl_socialmedia.report.model import Report, ReportRow

__all__ = [
    "CHANGE_COLUMN",
    "CHANGE_PAD",
    "DPI",
    "LEFT",
    "MARKERS",
    "NOTE_COLOUR",
    "ROW",
    "SOURCE_CHARS",
    "SOURCE_LINE",
    "TEXT",
    "WIDTH",
    "ChartLayout",
    "findings_lines",
    "legend_entries",
    "legend_row_count",
    "row_height",
    "wave_lanes",
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
DPI = 150
CHANGE_PAD = 0.13
"""Inches between the plot's right edge and the first change column."""
CHANGE_COLUMN = 0.7
"""Inches per change column."""
SOURCE_CHARS = 140
SOURCE_LINE = 0.15


def row_height(waves: int) -> float:
    """Return the height in inches of a row with a mark per wave of ``waves``."""
    return ROW + 0.08 * max(0, waves - 3)


def wave_lanes(waves: int) -> list[float]:
    """Return each wave's interval offset from its row's centre, in rows.

    The first wave's interval is highest (positive: up), the last's lowest,
    so that the intervals of one row do not overlap.
    """
    half = min(0.3, 0.07 * waves)
    step = 2 * half / (waves - 1) if waves > 1 else 0.0
    return [half - i * step for i in range(waves)] if waves > 1 else [0.0]


class ChartLayout:
    """What every row of one chart shares: waves, change columns, sizes."""

    def __init__(
        self, report: Report, rows: Sequence[ReportRow], press: PressOptions
    ) -> None:
        self.waves = wave_labels(report, rows)
        self.columns = change_columns(report, rows) or [""]
        self.pairs = show_change_waves(report, self.columns)
        self.row = row_height(len(self.waves))
        self.lanes = wave_lanes(len(self.waves))
        self.press = press
        self.published = published_decimals(report)


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
