"""Dumbbell charts as inline SVG, written without any plotting library.

Used by the ``html`` format so that its page has a chart in the core install.
For each group one chart: a line per item with a mark per wave — the first
wave an open circle, the last a filled one, any wave between a square or
diamond of its own colour — each with its interval (where there is one) as a
thin bar, and the change(s) in percentage points at the right, in bold when
the change's interval excludes zero. Every chart carries a legend of the
waves and of what bold means, and the source line (with the report's
description, e.g. that the data are synthetic).

The charts of one report are bounded: :func:`groups` returns the groups of at
most :data:`CHART_ROWS` rows, and the last chart then says that the rest were
left out (:func:`chart_note` gives the same sentence for the page).

What these charts share with the matplotlib charts of
:mod:`skl_socialmedia.formats.chart` (:func:`wave_labels`, :func:`wave_style`,
:func:`change_columns`, :func:`change_label`, :func:`bold_key`, …) is in
:mod:`skl_socialmedia.formats.chart_rows`, and importable from here too.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import NamedTuple

from skl_socialmedia.formats._common import (
    PressOptions,
    decimals,
    finite,
    one_line,
    published_decimals,
    report_group,
    shown_rows,
    source_line,
)
from skl_socialmedia.formats.chart_rows import (
    AFTER_COLOUR,
    CHART_ROWS,
    WaveStyle,
    bold_key,
    change_columns,
    change_label,
    group_rows,
    has_bold_key,
    interval_excludes_zero,
    row_label,
    show_change_waves,
    wave_labels,
    wave_style,
)
from skl_socialmedia.formats.chart_rows import BEFORE_COLOUR as BEFORE_COLOUR
from skl_socialmedia.formats.chart_rows import MIDDLE_COLOURS as MIDDLE_COLOURS
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import (
    format_number,
    format_percent,
    format_pp,
)
from skl_socialmedia.report.model import Estimate, Report, ReportRow

__all__ = [
    "CHART_ROWS",
    "WaveStyle",
    "bold_key",
    "change_columns",
    "change_label",
    "chart_note",
    "dumbbell_svg",
    "group_rows",
    "groups",
    "has_bold_key",
    "interval_excludes_zero",
    "show_change_waves",
    "wave_labels",
    "wave_style",
]

WIDTH = 820
LABEL_WIDTH = 300
PLOT_LEFT = 316
PLOT_RIGHT = 680
CHANGE_COLUMN = 80
ROW_HEIGHT = 32
TOP = 64
BOTTOM = 34
LINE_CHARS = 42
_NOTE_COLOUR = "#4b555e"

_TEXT = {
    "en": {
        "change": "Change, pp",
        "interval": "{conf} % interval",
        "low_base": "low base (!)",
        "capped": (
            "The charts show the first {limit} of {count} rows (groups × items); "
            "the table has them all. Narrow the report (--items, --by, "
            "--only-significant) to chart the rest."
        ),
    },
    "sv": {
        "change": "Förändring, procentenheter",
        "interval": "{conf} % intervall",
        "low_base": "låg bas (!)",
        "capped": (
            "Diagrammen visar de första {limit} av {count} raderna "
            "(grupper × frågor); tabellen har alla. Avgränsa rapporten "
            "(--items, --by, --only-significant) för att rita resten."
        ),
    },
}


def _esc(text: str) -> str:
    return html.escape(one_line(text), quote=True)


def _num(x: float) -> str:
    return f"{x:.1f}"


def _x(value: float) -> float:
    clipped = min(1.0, max(0.0, value))
    return PLOT_LEFT + clipped * (PLOT_RIGHT - PLOT_LEFT)


def _rows(report: Report, press: PressOptions | None) -> list[ReportRow]:
    return list(report.rows) if press is None else shown_rows(report, press)


def groups(
    report: Report,
    *,
    limit: int | None = CHART_ROWS,
    press: PressOptions | None = None,
) -> list[tuple[str, list[ReportRow]]]:
    """Return the report's rows by group, groups in order of first appearance.

    Only the first ``limit`` rows (default :data:`CHART_ROWS`; ``None``: all)
    are charted, so a report of hundreds of groups does not become hundreds
    of charts; :func:`chart_note` says when rows were left out. ``press``
    picks the rows shown (``only_significant``).
    """
    rows = _rows(report, press)
    if limit is not None:
        rows = rows[: max(0, limit)]
    return group_rows(rows)


def chart_note(
    report: Report,
    lang: Language = "en",
    *,
    limit: int = CHART_ROWS,
    press: PressOptions | None = None,
) -> str | None:
    """Return the sentence saying that only ``limit`` rows are charted, if so."""
    count = len(_rows(report, press))
    if count <= limit:
        return None
    return _TEXT[lang]["capped"].format(limit=limit, count=count)


def _label(label: str, y: float, base: str | None = None) -> str:
    """Return the item label as ``<text>``: two lines at most.

    With ``base`` (whom the figures are shares of) the item takes one line
    and the base the second.
    """
    lines = textwrap.wrap(
        one_line(label),
        LINE_CHARS,
        max_lines=2 if base is None else 1,
        placeholder=" …",
    ) or [""]
    if base is not None:
        lines += textwrap.wrap(
            one_line(base), LINE_CHARS, max_lines=1, placeholder=" …"
        )
    if len(lines) == 1:
        return (
            f'<text x="{LABEL_WIDTH}" y="{_num(y + 4)}" text-anchor="end">'
            f"{_esc(lines[0])}</text>"
        )
    spans = "".join(
        f'<tspan x="{LABEL_WIDTH}" y="{_num(y - 3 + 13 * i)}">{_esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text text-anchor="end" font-size="12">{spans}</text>'


def _interval(estimate: Estimate, y: float, colour: str) -> list[str]:
    low, high = finite(estimate.low), finite(estimate.high)
    if low is None or high is None:
        return []
    dash = ' stroke-dasharray="3 2"' if estimate.low_base else ""
    return [
        f'<line x1="{_num(_x(low))}" y1="{_num(y)}" x2="{_num(_x(high))}" '
        f'y2="{_num(y)}" stroke="{colour}" stroke-width="2" '
        f'stroke-opacity="0.55"{dash}/>'
    ]


def _mark(style: WaveStyle, cx: float, cy: float, extra: str = "") -> str:
    """Return one mark of ``style`` centred on (cx, cy)."""
    fill = style.colour if style.filled else "#ffffff"
    paint = f'fill="{fill}" stroke="{style.colour}" stroke-width="2"'
    if style.shape == "square":
        return (
            f'<rect{extra} x="{_num(cx - 5)}" y="{_num(cy - 5)}" width="10" '
            f'height="10" {paint}/>'
        )
    if style.shape == "diamond":
        return (
            f'<rect{extra} x="{_num(cx - 4.5)}" y="{_num(cy - 4.5)}" width="9" '
            f'height="9" transform="rotate(45 {_num(cx)} {_num(cy)})" {paint}/>'
        )
    return f'<circle{extra} cx="{_num(cx)}" cy="{_num(cy)}" r="5.5" {paint}/>'


class _Layout(NamedTuple):
    waves: list[str]
    columns: list[str]
    pairs: bool
    row_height: int
    lanes: list[float]
    width: int


def _layout(report: Report, rows: Sequence[ReportRow]) -> _Layout:
    waves = wave_labels(report, rows)
    columns = change_columns(report, rows) or [""]
    count = len(waves)
    row_height = ROW_HEIGHT + 6 * max(0, count - 3)
    half = 5.0 if count <= 2 else min(12.0, 3.0 * (count - 1))
    step = 2 * half / (count - 1) if count > 1 else 0.0
    lanes = [-half + i * step for i in range(count)] if count > 1 else [0.0]
    width = PLOT_RIGHT + 20 + CHANGE_COLUMN * len(columns) + 40
    return _Layout(
        waves,
        columns,
        show_change_waves(report, columns),
        row_height,
        lanes,
        max(WIDTH, width),
    )


def _row(
    report: Report,
    row: ReportRow,
    y: float,
    lang: Language,
    layout: _Layout,
    press: PressOptions | None,
    published: int | None,
) -> list[str]:
    count = len(layout.waves)
    values = [finite(e.value) for e in row.estimates]
    places = max(decimals(e, press, published) for e in row.estimates)
    label, base = row_label(row, lang, report=report)
    parts = [
        f"{estimate.wave}: "
        + ("–" if value is None else format_percent(value, places, lang))
        for estimate, value in zip(row.estimates, values, strict=True)
    ]
    group = report_group(report, row.group, lang)
    tooltip = f"{group}, {label} ({base}): {', '.join(parts)}"
    changes = []
    for index, change in enumerate(row.changes):
        value = finite(change.value)
        if value is None:
            continue
        text = format_pp(value, places, lang)
        if layout.pairs and index < len(layout.columns) and layout.columns[index]:
            text += f" ({layout.columns[index]})"
        changes.append(text)
    if changes:
        tooltip += "; " + ", ".join(changes)
    out = [f"<g><title>{_esc(tooltip)}</title>"]
    out.append(_label(label, y, base))
    present = [v for v in values if v is not None]
    if len(present) >= 2:
        out.append(
            f'<line x1="{_num(_x(min(present)))}" y1="{_num(y)}" '
            f'x2="{_num(_x(max(present)))}" y2="{_num(y)}" stroke="#9aa5ae" '
            f'stroke-width="{3 if count <= 2 else 1.5}"/>'
        )
    if press is None or press.intervals:
        for index, estimate in enumerate(row.estimates):
            lane = layout.lanes[min(index, len(layout.lanes) - 1)]
            colour = wave_style(index, count).colour
            out += _interval(estimate, y + lane, colour)
    for index, value in enumerate(values):
        if value is not None:
            style = wave_style(index, count)
            out.append(_mark(style, _x(value), y, f' class="mark wave-{index}"'))
    for index in range(len(layout.columns)):
        text, bold = change_label(row, index, lang, press, published)
        if not text:
            continue
        weight = ' font-weight="bold"' if bold else ""
        x = PLOT_RIGHT + 20 + index * CHANGE_COLUMN
        out.append(
            f'<text class="change" x="{x}" y="{_num(y + 4)}"{weight}>'
            f"{_esc(text)}</text>"
        )
    out.append("</g>")
    return out


def _axis(top: float, count: int, layout: _Layout) -> list[str]:
    bottom = top + count * layout.row_height
    out = [
        f'<rect x="0" y="{_num(top + i * layout.row_height)}" '
        f'width="{layout.width}" height="{layout.row_height}" fill="#f3f5f7"/>'
        for i in range(0, count, 2)
    ]
    for tick in (0, 25, 50, 75, 100):
        x = _num(_x(tick / 100))
        out.append(
            f'<line x1="{x}" y1="{_num(top)}" x2="{x}" y2="{_num(bottom)}" '
            'stroke="#d5dade"/>'
        )
        out.append(
            f'<text x="{x}" y="{_num(bottom + 22)}" text-anchor="middle">'
            f"{tick} %</text>"
        )
    return out


def _text_width(text: str, size: float = 13) -> float:
    """Return a rough width of ``text`` in pixels (for placing the legend)."""
    return 0.56 * size * len(text)


def _legend(
    report: Report,
    rows: Sequence[ReportRow],
    lang: Language,
    layout: _Layout,
    press: PressOptions | None,
) -> tuple[list[str], float]:
    """Return the legend and the ``y`` of its last line."""
    text = _TEXT[lang]
    items: list[tuple[str, str]] = []  # (what the key draws, label)
    for index, wave in enumerate(layout.waves):
        items.append((f"mark:{index}", wave))
    estimates = [e for r in rows for e in r.estimates]
    intervals = press is None or press.intervals
    if (
        intervals
        and report.confidence is not None
        and any(finite(e.low) is not None for e in estimates)
    ):
        conf = format_number(100 * report.confidence, 0, lang)
        items.append(("interval", text["interval"].format(conf=conf)))
    if intervals and any(e.low_base for e in estimates):
        items.append(("low_base", text["low_base"]))
    out: list[str] = []
    x, y = 0.0, 46.0
    right = PLOT_RIGHT
    for key, label in items:
        width = 30 + _text_width(one_line(label)) + 14
        if x > 0 and x + width > right:
            x, y = 0.0, y + 20
        if key.startswith("mark:"):
            index = int(key.removeprefix("mark:"))
            style = wave_style(index, len(layout.waves))
            out.append(_mark(style, x + 6, y - 4))
            label_x = x + 16
        else:
            dash = ' stroke-dasharray="3 2"' if key == "low_base" else ""
            out.append(
                f'<line x1="{_num(x)}" y1="{_num(y - 4)}" x2="{_num(x + 24)}" '
                f'y2="{_num(y - 4)}" stroke="{AFTER_COLOUR}" stroke-width="2" '
                f'stroke-opacity="0.55"{dash}/>'
            )
            label_x = x + 30
        out.append(f'<text x="{_num(label_x)}" y="{_num(y)}">{_esc(label)}</text>')
        x = label_x + _text_width(one_line(label)) + 14
    if has_bold_key(rows):
        y += 20
        word, rest = bold_key(lang)
        out.append(
            f'<text class="bold-key" x="0" y="{_num(y)}" font-size="12">'
            f'<tspan font-weight="bold">{_esc(word)}</tspan>{_esc(rest)}</text>'
        )
    return out, y


def _change_header(lang: Language, layout: _Layout, top: float) -> list[str]:
    """Return the head of the change column(s): "Change, pp" and their waves."""
    y = top - 20 if layout.pairs else 46.0
    out = [
        f'<text x="{layout.width - 4}" y="{_num(y)}" text-anchor="end" '
        f'font-size="11">{_esc(_TEXT[lang]["change"])}</text>'
    ]
    if layout.pairs:
        for index, label in enumerate(layout.columns):
            x = PLOT_RIGHT + 20 + index * CHANGE_COLUMN
            out.append(
                f'<text x="{x}" y="{_num(top - 6)}" font-size="11">{_esc(label)}</text>'
            )
    return out


def _footer(lines: Sequence[str], y: float, width: int) -> list[str]:
    chars = max(40, int((width - 8) / 6.2))
    out = []
    for line in lines:
        for part in textwrap.wrap(line, chars, break_on_hyphens=False) or [""]:
            y += 16
            out.append(
                f'<text class="source" x="0" y="{_num(y)}" font-size="11" '
                f'fill="{_NOTE_COLOUR}">{_esc(part)}</text>'
            )
    return out


def _footer_lines(lines: Sequence[str], width: int) -> int:
    chars = max(40, int((width - 8) / 6.2))
    return sum(
        len(textwrap.wrap(line, chars, break_on_hyphens=False) or [""])
        for line in lines
    )


def dumbbell_svg(
    report: Report,
    group: str,
    rows: Sequence[ReportRow],
    lang: Language = "en",
    *,
    press: PressOptions | None = None,
    limit: int = CHART_ROWS,
) -> str:
    """Return one ``<svg>`` element: the dumbbell chart of ``group``'s ``rows``.

    ``press`` gives the common options (``decimals``, ``intervals``,
    ``only_significant``); the chart whose last row is the report's
    ``limit``-th (the last charted, see :func:`groups`) says that the rest
    were left out.
    """
    layout = _layout(report, rows)
    published = published_decimals(report)
    title = report_group(report, group, lang)
    legend, legend_bottom = _legend(report, rows, lang, layout, press)
    top = legend_bottom + 18 + (14 if layout.pairs else 0)
    footer = [line for line in (source_line(report, lang),) if line]
    if len(report.rows) > limit and rows:
        shown = _rows(report, press)
        if len(shown) > limit and rows[-1] is shown[limit - 1]:
            note = chart_note(report, lang, limit=limit, press=press)
            if note is not None:
                footer.append(note)
    plot_bottom = top + len(rows) * layout.row_height
    height = int(plot_bottom + BOTTOM + 16 * _footer_lines(footer, layout.width))
    height += 6 if footer else 0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {layout.width} {height}" '
        f'width="{layout.width}" height="{height}" role="img" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
        f'font-size="13" fill="#1b1f23">',
        f"<title>{_esc(title)}</title>",
        f'<text x="0" y="20" font-size="16" font-weight="bold">{_esc(title)}</text>',
    ]
    out += legend
    out += _change_header(lang, layout, top)
    out += _axis(top, len(rows), layout)
    for index, row in enumerate(rows):
        y = top + index * layout.row_height + layout.row_height / 2
        out += _row(report, row, y, lang, layout, press, published)
    out += _footer(footer, plot_bottom + 22, layout.width)
    out.append("</svg>")
    return "\n".join(out)
