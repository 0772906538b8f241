"""Cells of a report as strings, shared by the text, markdown and html formats.

The table has one column per wave shown (``report.waves``), one per change
(each names its waves), then whom the figures are shares of (the base, with
the number in it per wave) and where the figures come from::

    Group | Item | 2010 | 2012 | Change | Base | Figures

:func:`table_rows` returns the rows to show (all, or those with a significant
change) with every cell split into its parts, so that a format can lay out a
figure's interval or a base's sizes on a line of their own (html) or in
brackets (text, markdown); :meth:`TableRow.cells` gives the plain cells.
"""

from __future__ import annotations

import attrs

from skl_socialmedia.formats._common import (
    PressOptions,
    decimals,
    finite,
    marks_legend,
    one_line,
    published_decimals,
    report_group,
    report_item,
    row_label,
    shown_rows,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import (
    base_label,
    format_number,
    format_percent,
    format_pp,
    item_phrase,
)
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Status

__all__ = [
    "BaseCell",
    "FigureCell",
    "TableRow",
    "base_cell",
    "change_cell",
    "change_pairs",
    "column_kinds",
    "estimate_cell",
    "findings_heading",
    "findings_lines",
    "headers",
    "mark_legend",
    "pp_unit",
    "provenance_cell",
    "selection_note",
    "table_rows",
]

_WORDS = {
    "en": {
        "group": "Group",
        "item": "Item",
        "change": "Change",
        "base": "Base",
        "figures": "Figures",
        "to": "to",
        "pp": "pp",
        "effective": "effective",
        "among": "among those who",
        "findings": "Findings stated by the source (not computed)",
        "selection": "Only rows with a significant change are shown: {shown} of {all}.",
    },
    "sv": {
        "group": "Grupp",
        "item": "Fråga",
        "change": "Förändring",
        "base": "Bas",
        "figures": "Uppgifter",
        "to": "till",
        "pp": "procentenheter",
        "effective": "effektivt",
        "among": "bland dem som",
        "findings": "Slutsatser enligt källan (ej beräknade)",
        "selection": (
            "Endast rader med en signifikant förändring visas: {shown} av {all}."
        ),
    },
}

_STATUS = {
    "en": {
        Status.PUBLISHED: "published",
        Status.COMPUTED: "computed",
        Status.ESTIMATED: "estimated",
        Status.NOT_PUBLISHED: "not published",
    },
    "sv": {
        Status.PUBLISHED: "publicerad",
        Status.COMPUTED: "beräknad",
        Status.ESTIMATED: "skattad",
        Status.NOT_PUBLISHED: "ej publicerad",
    },
}

_CONSTRUCTIONS = {
    "paired": {"en": "paired", "sv": "parad"},
    "overlap": {"en": "overlapping samples", "sv": "överlappande urval"},
    "independent": {"en": "independent", "sv": "oberoende"},
}

_ARROW = "\u2192"
_DASH = "–"


@attrs.frozen
class FigureCell:
    """A figure as shown: ``value`` (``61.0 %``), its interval, its marks (``!``)."""

    value: str
    interval: str = ""
    mark: str = ""
    bare: str = ""
    """The value without its unit (a change's points), for a unit in the header."""

    def text(self) -> str:
        """Return the cell on one line: ``61.0 % (55.3–66.5) !``."""
        text = self.value
        if self.interval:
            text += f" ({self.interval})"
        if self.mark:
            text += f" {self.mark}"
        return text


@attrs.frozen
class BaseCell:
    """Whom a row's figures are shares of (``label``) and how many (``sizes``)."""

    label: str
    counts: str = ""
    effective: str = ""

    @property
    def sizes(self) -> str:
        """Return ``n = 171 / 212`` (``n = 171 / 212, effective 120 / 150``)."""
        return ", ".join(part for part in (self.counts, self.effective) if part)

    def text(self) -> str:
        """Return ``users of social media (n = 171 / 212)``."""
        return f"{self.label} ({self.sizes})" if self.sizes else self.label


@attrs.frozen
class TableRow:
    """One row of the table, every cell in its parts."""

    row: ReportRow
    group: str
    item: str
    estimates: tuple[FigureCell, ...]
    changes: tuple[FigureCell, ...]
    base: BaseCell
    provenance: str
    label: str
    note: str | None

    def cells(self) -> tuple[str, ...]:
        """Return the cells on one line each, in :func:`headers` order."""
        return (
            self.group,
            self.item,
            *(e.text() for e in self.estimates),
            *(c.text() for c in self.changes),
            self.base.text(),
            self.provenance,
        )


def _waves_of(change: Change, report: Report) -> tuple[str, str]:
    before = report.before_wave if change.before_wave is None else change.before_wave
    after = report.after_wave if change.after_wave is None else change.after_wave
    return before, after


def change_pairs(report: Report) -> list[tuple[str, str]]:
    """Return the (before, after) waves of every change column, in order."""
    pairs: dict[tuple[str, str], None] = {}
    for row in report.rows:
        for change in row.changes:
            pairs.setdefault(_waves_of(change, report))
    return list(pairs) or [(report.before_wave, report.after_wave)]


def headers(report: Report, lang: Language = "en") -> tuple[str, ...]:
    """Return the column headers: group, item, each wave, each change, base, figures.

    One change between the two waves shown is headed "Change"; otherwise
    each change column names its waves (``2010→2012``).
    """
    words = _WORDS[lang]
    pairs = change_pairs(report)
    if len(pairs) == 1 and pairs[0] == (report.waves[0], report.waves[-1]):
        if len(report.waves) == 2:
            changes = [words["change"]]
        else:
            changes = [f"{words['change']} {pairs[0][0]}{_ARROW}{pairs[0][1]}"]
    else:
        changes = [f"{b}{_ARROW}{a}" for b, a in pairs]
    return (
        words["group"],
        words["item"],
        *report.waves,
        *changes,
        words["base"],
        words["figures"],
    )


def column_kinds(report: Report) -> tuple[str, ...]:
    """Return what each column holds: group, item, estimate, change, base, figures."""
    return (
        "group",
        "item",
        *("estimate" for _ in report.waves),
        *("change" for _ in change_pairs(report)),
        "base",
        "figures",
    )


def estimate_cell(
    estimate: Estimate | None,
    places: int = 1,
    lang: Language = "en",
    *,
    intervals: bool = True,
) -> FigureCell:
    """Format an estimate: ``61 %`` or ``61.0 %`` with ``55.3–66.5``; ``–`` if none."""
    value = None if estimate is None else finite(estimate.value)
    if estimate is None or value is None:
        return FigureCell(_DASH)
    interval = ""
    low, high = finite(estimate.low), finite(estimate.high)
    if intervals and low is not None and high is not None:
        low_text = format_percent(low, places, lang)[:-2]
        high_text = format_percent(high, places, lang)[:-2]
        interval = f"{low_text}–{high_text}"
    return FigureCell(
        format_percent(value, places, lang),
        interval,
        "!" if estimate.low_base else "",
    )


def change_cell(
    change: Change | None,
    places: int = 0,
    lang: Language = "en",
    *,
    intervals: bool = True,
) -> FigureCell:
    """Format a change in percentage points, with its interval if any."""
    value = None if change is None else finite(change.value)
    if change is None or value is None:
        return FigureCell(_DASH)
    interval = ""
    low, high = finite(change.low), finite(change.high)
    if intervals and low is not None and high is not None:
        low_text = format_pp(low, places, lang, unit=False)
        high_text = format_pp(high, places, lang, unit=False)
        interval = f"{low_text} {_WORDS[lang]['to']} {high_text}"
    return FigureCell(
        format_pp(value, places, lang),
        interval,
        "*" if change.significant else "",
        format_pp(value, places, lang, unit=False),
    )


def pp_unit(lang: Language = "en") -> str:
    """Return the unit of changes: ``pp`` / ``procentenheter``."""
    return _WORDS[lang]["pp"]


def _numbers(values: list[float | None], lang: Language) -> str:
    return " / ".join(_DASH if v is None else format_number(v, 0, lang) for v in values)


def base_cell(
    row: ReportRow,
    estimates: tuple[Estimate | None, ...],
    lang: Language = "en",
    *,
    weighted: bool = False,
) -> BaseCell:
    """Name a row's base and its size per wave (and effective sizes if weighted).

    ``users of social media`` with ``n = 171 / 212`` (``n = 171 / 212,
    effective 120 / 150`` when weighted); published rows have no sizes.
    """
    label = base_label(row.base, lang)
    if row.base.kind == "published":
        return BaseCell(label)
    counts: list[float | None] = [
        None if e is None or e.n is None else float(e.n) for e in estimates
    ]
    if all(c is None for c in counts):
        return BaseCell(label)
    sizes = f"n = {_numbers(counts, lang)}"
    effective = ""
    if weighted:
        values = [None if e is None else finite(e.effective_n) for e in estimates]
        if any(v is not None for v in values):
            effective = f"{_WORDS[lang]['effective']} {_numbers(values, lang)}"
    return BaseCell(label, sizes, effective)


def _change_detail(change: Change, lang: Language) -> str:
    detail = _STATUS[lang][change.status]
    if change.construction in _CONSTRUCTIONS:
        detail += f", {_CONSTRUCTIONS[change.construction][lang]}"
    elif change.paired is not None:
        paired = {"en": ("paired", "independent"), "sv": ("parad", "oberoende")}
        detail += f", {paired[lang][0 if change.paired else 1]}"
    if change.significant is not None:
        sig = {
            "en": ("significant", "not significant"),
            "sv": ("signifikant", "ej signifikant"),
        }
        detail += f", {sig[lang][0 if change.significant else 1]}"
    return detail


def provenance_cell(
    row: ReportRow,
    lang: Language = "en",
    report: Report | None = None,
) -> str:
    """Say which figures of a row were published, computed or estimated.

    ``2010, 2012 estimated; change estimated, paired, significant``; with
    several changes that differ, each names its waves (``2010→2012 …``).
    """
    names = _STATUS[lang]
    by_status: dict[Status, list[str]] = {}
    for estimate in row.estimates:
        by_status.setdefault(estimate.status, []).append(estimate.wave)
    parts = [f"{', '.join(w)} {names[s]}" for s, w in by_status.items()]
    shown = [c for c in row.changes if c.value is not None]
    details = [_change_detail(c, lang) for c in shown]
    word = "förändring" if lang == "sv" else "change"
    if len(set(details)) == 1:
        if len(shown) > 1:
            word = "förändringar" if lang == "sv" else "changes"
        parts.append(f"{word} {details[0]}")
    else:
        for change, detail in zip(shown, details, strict=True):
            if report is None:
                before, after = change.before_wave, change.after_wave
            else:
                before, after = _waves_of(change, report)
            parts.append(f"{before}{_ARROW}{after} {detail}")
    return "; ".join(parts)


def _row_estimates(row: ReportRow, report: Report) -> tuple[Estimate | None, ...]:
    """Return the row's estimate of every wave of ``report`` (None: missing)."""
    if tuple(e.wave for e in row.estimates) == report.waves:
        return row.estimates
    found: list[Estimate | None] = []
    for wave in report.waves:
        try:
            found.append(row.estimate(wave))
        except KeyError:
            found.append(None)
    return tuple(found)


def _row_changes(
    row: ReportRow, report: Report, pairs: list[tuple[str, str]]
) -> tuple[Change | None, ...]:
    """Return the row's change of every change column ``pairs`` (None: missing)."""
    by_pair: dict[tuple[str, str], Change] = {}
    for change in row.changes:
        by_pair.setdefault(_waves_of(change, report), change)
    return tuple(by_pair.get(pair) for pair in pairs)


def _item(row: ReportRow, lang: Language, report: Report) -> str:
    item = report_item(report, row.item, lang)
    if row.among is not None and row.base.kind != "among":
        item += f" ({_WORDS[lang]['among']} {item_phrase(row.among, lang)})"
    return item


def table_rows(report: Report, press: PressOptions | None = None) -> list[TableRow]:
    """Return the rows to show with their cells, as ``press`` asks.

    Estimates get one decimal unless ``press.decimals`` says otherwise; a
    published figure keeps its own precision, a computed one among published
    figures takes theirs (see :func:`~skl_socialmedia.formats._common.decimals`);
    a change is shown as precisely as the less rounded of its two figures.
    """
    press = PressOptions() if press is None else press
    lang = press.lang
    published = published_decimals(report)
    pairs = change_pairs(report)
    out = []
    for row in shown_rows(report, press):
        estimates = _row_estimates(row, report)
        places = {e.wave: decimals(e, press, published, 1) for e in row.estimates}
        estimate_cells = tuple(
            estimate_cell(
                e,
                1 if e is None else decimals(e, press, published, 1),
                lang,
                intervals=press.intervals,
            )
            for e in estimates
        )
        change_cells = []
        for change in _row_changes(row, report, pairs):
            if change is None:
                change_cells.append(FigureCell(_DASH))
                continue
            before, after = _waves_of(change, report)
            pair = [places[w] for w in (before, after) if w in places]
            change_cells.append(
                change_cell(
                    change,
                    max(pair or places.values()),
                    lang,
                    intervals=press.intervals,
                )
            )
        out.append(
            TableRow(
                row=row,
                group=report_group(report, row.group, lang),
                item=_item(row, lang, report),
                estimates=estimate_cells,
                changes=tuple(change_cells),
                base=base_cell(row, estimates, lang, weighted=report.weighted),
                provenance=provenance_cell(row, lang, report),
                label=one_line(row_label(row, lang, report)),
                note=None if row.note is None else one_line(row.note.get(lang)),
            )
        )
    return out


def mark_legend(
    report: Report, rows: list[TableRow], press: PressOptions | None = None
) -> list[str]:
    """Return the legend of the marks that the shown ``rows`` use."""
    press = PressOptions() if press is None else press
    intervals = any(c.interval for r in rows for c in (*r.estimates, *r.changes))
    return marks_legend(
        press.lang,
        confidence=report.confidence if intervals else None,
        significant=any(c.mark == "*" for r in rows for c in r.changes),
        low_base=any(e.mark == "!" for r in rows for e in r.estimates),
    )


def selection_note(
    report: Report, rows: list[TableRow], press: PressOptions
) -> list[str]:
    """Return a line saying rows were left out by ``only_significant``, if any were."""
    if not press.only_significant:
        return []
    text = _WORDS[press.lang]["selection"]
    return [text.format(shown=len(rows), all=len(report.rows))]


def findings_heading(lang: Language = "en") -> str:
    """Return the heading of the findings the source states in words."""
    return _WORDS[lang]["findings"]


def findings_lines(report: Report, lang: Language = "en") -> list[str]:
    """Return the findings the source states in words, one line each."""
    lines = [one_line(f.text.get(lang)).strip() for f in report.findings]
    return [line for line in lines if line]
