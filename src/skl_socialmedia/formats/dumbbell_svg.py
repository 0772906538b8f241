"""Dumbbell charts as inline SVG, written without any plotting library.

Used by the ``html`` format so that its page has a chart in the core install.
For each group one chart: a line per item from the earlier to the later wave,
the earlier rate an open dot, the later a filled one, each with its interval
(where there is one) as a thin bar, and the change in percentage points at the
right, in bold when its interval excludes zero.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

from skl_socialmedia.formats._common import decimals, finite, one_line
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import (
    format_percent,
    format_pp,
    group_label,
    item_phrase,
)
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow

__all__ = ["dumbbell_svg", "groups", "interval_excludes_zero"]

WIDTH = 820
LABEL_WIDTH = 300
PLOT_LEFT = 316
PLOT_RIGHT = 680
ROW_HEIGHT = 32
TOP = 64
BOTTOM = 34
LINE_CHARS = 42
BEFORE_COLOUR = "#5b6770"
AFTER_COLOUR = "#1d5fa8"

_TEXT = {
    "en": {
        "change": "Change, pp",
        "interval": "{conf} % interval",
        "low_base": "low base (!)",
    },
    "sv": {
        "change": "Förändring, procentenheter",
        "interval": "{conf} % intervall",
        "low_base": "låg bas (!)",
    },
}


def _esc(text: str) -> str:
    return html.escape(one_line(text), quote=True)


def _num(x: float) -> str:
    return f"{x:.1f}"


def _x(value: float) -> float:
    clipped = min(1.0, max(0.0, value))
    return PLOT_LEFT + clipped * (PLOT_RIGHT - PLOT_LEFT)


def groups(report: Report) -> list[tuple[str, list[ReportRow]]]:
    """Return the report's rows by group, groups in order of first appearance."""
    by_group: dict[str, list[ReportRow]] = {}
    for row in report.rows:
        by_group.setdefault(row.group, []).append(row)
    return list(by_group.items())


def interval_excludes_zero(change: Change) -> bool | None:
    """Return whether the change's interval excludes zero; ``None`` without one."""
    low, high = finite(change.low), finite(change.high)
    if low is None or high is None:
        return None
    return low > 0 or high < 0


def _label(label: str, y: float) -> str:
    """Return the item label as ``<text>``, wrapped to at most two lines."""
    lines = textwrap.wrap(
        one_line(label), LINE_CHARS, max_lines=2, placeholder=" …"
    ) or [""]
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


def _dot(value: float | None, y: float, *, filled: bool) -> list[str]:
    if value is None:
        return []
    colour = AFTER_COLOUR if filled else BEFORE_COLOUR
    fill = colour if filled else "#ffffff"
    return [
        f'<circle cx="{_num(_x(value))}" cy="{_num(y)}" r="5.5" fill="{fill}" '
        f'stroke="{colour}" stroke-width="2"/>'
    ]


def _row(row: ReportRow, index: int, lang: Language) -> list[str]:
    y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2
    before, after = finite(row.before.value), finite(row.after.value)
    places = max(decimals(row.before), decimals(row.after))
    label = item_phrase(row.item, lang)
    if row.among is not None:
        among = item_phrase(row.among, lang)
        label += f" ({'bland dem som' if lang == 'sv' else 'among those who'} {among})"
    parts = [
        f"{row.before.wave}: "
        + ("–" if before is None else format_percent(before, places, lang)),
        f"{row.after.wave}: "
        + ("–" if after is None else format_percent(after, places, lang)),
    ]
    change = finite(row.change.value)
    delta = "–" if change is None else format_pp(change, places, lang, unit=False)
    if row.before.low_base or row.after.low_base:
        delta += " !"
    tooltip = f"{group_label(row.group, lang)}, {label}: {', '.join(parts)}"
    if change is not None:
        tooltip += f"; {format_pp(change, places, lang)}"
    out = [f"<g><title>{_esc(tooltip)}</title>"]
    out.append(_label(label, y))
    out += _interval(row.before, y - 5, BEFORE_COLOUR)
    out += _interval(row.after, y + 5, AFTER_COLOUR)
    if before is not None and after is not None:
        out.append(
            f'<line x1="{_num(_x(before))}" y1="{_num(y)}" x2="{_num(_x(after))}" '
            f'y2="{_num(y)}" stroke="#9aa5ae" stroke-width="3"/>'
        )
    out += _dot(before, y, filled=False)
    out += _dot(after, y, filled=True)
    weight = ' font-weight="bold"' if interval_excludes_zero(row.change) else ""
    out.append(
        f'<text x="{PLOT_RIGHT + 20}" y="{_num(y + 4)}"{weight}>{_esc(delta)}</text>'
    )
    out.append("</g>")
    return out


def _axis(height: float, count: int) -> list[str]:
    bottom = TOP + count * ROW_HEIGHT
    out = [
        f'<rect x="0" y="{TOP + i * ROW_HEIGHT}" width="{WIDTH}" '
        f'height="{ROW_HEIGHT}" fill="#f3f5f7"/>'
        for i in range(0, count, 2)
    ]
    for tick in (0, 25, 50, 75, 100):
        x = _num(_x(tick / 100))
        out.append(
            f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{bottom}" stroke="#d5dade"/>'
        )
        out.append(
            f'<text x="{x}" y="{_num(height - 12)}" text-anchor="middle">'
            f"{tick} %</text>"
        )
    return out


def _legend(report: Report, rows: Sequence[ReportRow], lang: Language) -> list[str]:
    y = 46
    text = _TEXT[lang]
    out = [
        f'<circle cx="6" cy="{y - 4}" r="5.5" fill="#ffffff" '
        f'stroke="{BEFORE_COLOUR}" stroke-width="2"/>',
        f'<text x="16" y="{y}">{_esc(report.before_wave)}</text>',
        f'<circle cx="96" cy="{y - 4}" r="5.5" fill="{AFTER_COLOUR}" '
        f'stroke="{AFTER_COLOUR}" stroke-width="2"/>',
        f'<text x="106" y="{y}">{_esc(report.after_wave)}</text>',
    ]
    estimates = [e for r in rows for e in (r.before, r.after)]
    if report.confidence is not None and any(
        finite(e.low) is not None for e in estimates
    ):
        conf = format_percent(report.confidence, 0, lang).removesuffix(" %")
        out.append(
            f'<line x1="186" y1="{y - 4}" x2="210" y2="{y - 4}" '
            f'stroke="{AFTER_COLOUR}" stroke-width="2" stroke-opacity="0.55"/>'
        )
        label = text["interval"].format(conf=conf)
        out.append(f'<text x="216" y="{y}">{_esc(label)}</text>')
    if any(e.low_base for e in estimates):
        out.append(
            f'<line x1="336" y1="{y - 4}" x2="360" y2="{y - 4}" '
            f'stroke="{AFTER_COLOUR}" stroke-width="2" stroke-opacity="0.55" '
            'stroke-dasharray="3 2"/>'
        )
        out.append(f'<text x="366" y="{y}">{_esc(text["low_base"])}</text>')
    out.append(
        f'<text x="{WIDTH - 4}" y="{y}" text-anchor="end" font-size="11">'
        f"{_esc(text['change'])}</text>"
    )
    return out


def dumbbell_svg(
    report: Report, group: str, rows: Sequence[ReportRow], lang: Language = "en"
) -> str:
    """Return one ``<svg>`` element: the dumbbell chart of ``group``'s ``rows``."""
    height = TOP + len(rows) * ROW_HEIGHT + BOTTOM
    title = group_label(group, lang)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
        f'font-size="13" fill="#1b1f23">',
        f"<title>{_esc(title)}</title>",
        f'<text x="0" y="20" font-size="16" font-weight="bold">{_esc(title)}</text>',
    ]
    out += _legend(report, rows, lang)
    out += _axis(height, len(rows))
    for index, row in enumerate(rows):
        out += _row(row, index, lang)
    out.append("</svg>")
    return "\n".join(out)
