"""What both kinds of dumbbell chart make of a report's rows.

The inline SVG charts of :mod:`skl_socialmedia.formats.dumbbell_svg` (used by
the ``html`` format) and the matplotlib charts of
:mod:`skl_socialmedia.formats.chart` show the same rows the same way: grouped
by group (:func:`group_rows`), at most :data:`CHART_ROWS` of them, a mark per
wave (:func:`wave_labels`, :func:`wave_style`), each row labelled with its
item and its base (:func:`row_label`), and the change(s) in percentage points
at the right (:func:`change_columns`, :func:`change_label`), in bold when the
change's interval excludes zero (:func:`interval_excludes_zero`,
:func:`bold_key`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from skl_socialmedia.formats._common import (
    PressOptions,
    decimals,
    finite,
    one_line,
    report_item,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import base_label, format_pp, item_phrase
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow

__all__ = [
    "AFTER_COLOUR",
    "BEFORE_COLOUR",
    "CHART_ROWS",
    "MIDDLE_COLOURS",
    "WaveStyle",
    "bold_key",
    "change_columns",
    "change_label",
    "group_rows",
    "has_bold_key",
    "interval_excludes_zero",
    "row_label",
    "show_change_waves",
    "wave_labels",
    "wave_style",
]

#: The most rows (groups × items) one chart — or one page of charts — shows.
CHART_ROWS = 40

BEFORE_COLOUR = "#5b6770"
AFTER_COLOUR = "#1d5fa8"
#: The colours of the waves between the first and the last, in turn.
MIDDLE_COLOURS = ("#c0620f", "#7b3fa0", "#198a6e", "#a8326e")
_MIDDLE_SHAPES = ("square", "diamond")

_BOLD = {
    "en": ("bold", ": the interval of the change excludes zero"),
    "sv": ("fetstil", ": förändringens intervall utesluter noll"),
}


class WaveStyle(NamedTuple):
    """How one wave's marks are drawn: colour, shape, open or filled."""

    colour: str
    shape: str
    """``"circle"``, ``"square"`` or ``"diamond"``."""
    filled: bool


def wave_style(index: int, count: int) -> WaveStyle:
    """Return the style of wave ``index`` of ``count``.

    The first wave is an open grey circle and the last a filled blue one (the
    two-wave dumbbell); waves between are filled squares and diamonds, each
    in a colour of its own.
    """
    if index == 0:
        return WaveStyle(BEFORE_COLOUR, "circle", filled=False)
    if index == count - 1:
        return WaveStyle(AFTER_COLOUR, "circle", filled=True)
    middle = index - 1
    return WaveStyle(
        MIDDLE_COLOURS[middle % len(MIDDLE_COLOURS)],
        _MIDDLE_SHAPES[middle % len(_MIDDLE_SHAPES)],
        filled=True,
    )


def wave_labels(report: Report, rows: Sequence[ReportRow]) -> list[str]:
    """Return the label of every wave the rows have estimates for, in order.

    The report's ``waves``; a row with more estimates than the report has
    waves names the rest by its estimates' own waves.
    """
    count = max([len(report.waves), *(len(row.estimates) for row in rows)])
    labels = list(report.waves[:count])
    for index in range(len(labels), count):
        row = next(r for r in rows if len(r.estimates) > index)
        labels.append(row.estimates[index].wave)
    return labels


def change_columns(report: Report, rows: Sequence[ReportRow]) -> list[str]:
    """Return one label per change column: the waves compared, ``"2010–2014"``.

    A column's label is that of the first row's change in it; ``""`` when no
    change there names its waves (the first column then falls back to the
    report's ``before_wave``–``after_wave``).
    """
    count = max((len(row.changes) for row in rows), default=0)
    labels = []
    for index in range(count):
        label = ""
        for row in rows:
            if len(row.changes) <= index:
                continue
            change = row.changes[index]
            if change.before_wave is not None and change.after_wave is not None:
                label = f"{change.before_wave}–{change.after_wave}"
                break
        if not label and index == 0:
            label = f"{report.before_wave}–{report.after_wave}"
        labels.append(one_line(label))
    return labels


def show_change_waves(report: Report, columns: Sequence[str]) -> bool:
    """Return whether the change columns must name their waves.

    They must when the report has more than two waves or several changes;
    with two waves the single change is plainly between them.
    """
    return len(report.waves) > 2 or len(columns) > 1


def _change_estimates(row: ReportRow, change: Change) -> list[Estimate]:
    found = []
    for wave in (change.before_wave, change.after_wave):
        estimate = next((e for e in row.estimates if e.wave == wave), None)
        if estimate is not None:
            found.append(estimate)
    return found if len(found) == 2 else [row.before, row.after]


def change_label(
    row: ReportRow,
    index: int,
    lang: Language,
    press: PressOptions | None = None,
    published: int | None = None,
) -> tuple[str, bool]:
    """Return the text of the row's change ``index`` and whether it is bold.

    ``"+14.8"`` (no unit; ``"–"`` without a figure, ``" !"`` added when a
    base is low); bold when the change's interval excludes zero. A row
    without change ``index`` gives ``("", False)``.
    """
    if index >= len(row.changes):
        return "", False
    change = row.changes[index]
    estimates = _change_estimates(row, change)
    places = max(decimals(e, press, published) for e in estimates)
    value = finite(change.value)
    text = "–" if value is None else format_pp(value, places, lang, unit=False)
    if any(e.low_base for e in estimates):
        text += " !"
    return text, interval_excludes_zero(change) is True


def bold_key(lang: Language) -> tuple[str, str]:
    """Return the legend of bold figures: the word in bold and the rest."""
    return _BOLD[lang]


def has_bold_key(rows: Sequence[ReportRow]) -> bool:
    """Return whether any change has an interval (so bold means something)."""
    return any(
        interval_excludes_zero(change) is not None
        for row in rows
        for change in row.changes
    )


def interval_excludes_zero(change: Change) -> bool | None:
    """Return whether the change's interval excludes zero; ``None`` without one."""
    low, high = finite(change.low), finite(change.high)
    if low is None or high is None:
        return None
    return low > 0 or high < 0


def group_rows(rows: Sequence[ReportRow]) -> list[tuple[str, list[ReportRow]]]:
    """Return ``rows`` by group, groups in order of first appearance."""
    by_group: dict[str, list[ReportRow]] = {}
    for row in rows:
        by_group.setdefault(row.group, []).append(row)
    return list(by_group.items())


def row_label(
    row: ReportRow,
    lang: Language,
    *,
    among_in_base: bool = False,
    report: Report | None = None,
) -> tuple[str, str]:
    """Return the row's label and its base: the item, then whom it is a share of.

    The label is the item's phrase and, for a row with ``among``, "(among
    those who …)"; with ``among_in_base`` not when the base is that ``among``
    already (its label says so). The base is its short label with the
    numbers in it, ``"users, n = 171 / 212"``. An item without a phrase
    takes its label in ``report`` (a published table's indicator).
    """
    label = report_item(report, row.item, lang)
    if row.among is not None and not (among_in_base and row.base.kind == "among"):
        among = item_phrase(row.among, lang)
        label += f" ({'bland dem som' if lang == 'sv' else 'among those who'} {among})"
    sizes = [e.n for e in row.estimates if e.n is not None]
    base = base_label(row.base, lang)
    if sizes:
        base += f", n = {' / '.join(str(n) for n in sizes)}"
    return label, base
