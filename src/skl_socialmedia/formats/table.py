"""Cells of a report as strings, shared by the text-like output formats."""

from __future__ import annotations

from skl_socialmedia.formats._common import decimals
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import (
    format_percent,
    format_pp,
    group_label,
    item_phrase,
)
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Status

__all__ = [
    "HEADERS",
    "change_cell",
    "estimate_cell",
    "headers",
    "provenance_cell",
    "row_cells",
]

HEADERS: dict[str, tuple[str, ...]] = {
    "en": ("Group", "Item", "{before}", "{after}", "Change", "Figures"),
    "sv": ("Grupp", "Fråga", "{before}", "{after}", "Förändring", "Uppgifter"),
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


def estimate_cell(estimate: Estimate, lang: Language = "en") -> str:
    """Format an estimate: ``61 %`` or ``61.0 % (55.3–66.5)``."""
    if estimate.value is None:
        return "–"
    places = decimals(estimate)
    text = format_percent(estimate.value, places, lang)
    if estimate.low is not None and estimate.high is not None:
        low = format_percent(estimate.low, places, lang).removesuffix(" %")
        high = format_percent(estimate.high, places, lang).removesuffix(" %")
        text += f" ({low}–{high})"
    if estimate.low_base:
        text += " !"
    return text


def change_cell(change: Change, decimals: int = 0, lang: Language = "en") -> str:
    """Format a change in percentage points, with its interval if any."""
    if change.value is None:
        return "–"
    text = format_pp(change.value, decimals, lang)
    if change.low is not None and change.high is not None:
        low = format_pp(change.low, decimals, lang, unit=False)
        high = format_pp(change.high, decimals, lang, unit=False)
        text += f" ({low} {'till' if lang == 'sv' else 'to'} {high})"
    if change.significant:
        text += " *"
    return text


_CONSTRUCTIONS = {
    "paired": {"en": "paired", "sv": "parad"},
    "overlap": {"en": "overlapping samples", "sv": "överlappande urval"},
    "independent": {"en": "independent", "sv": "oberoende"},
}


def provenance_cell(row: ReportRow, lang: Language = "en") -> str:
    """Say which figures of a row were published, computed or estimated."""
    names = _STATUS[lang]
    by_status: dict[Status, list[str]] = {}
    for estimate in (row.before, row.after):
        by_status.setdefault(estimate.status, []).append(estimate.wave)
    parts = [f"{', '.join(w)} {names[s]}" for s, w in by_status.items()]
    change = row.change
    word = "förändring" if lang == "sv" else "change"
    if change.value is not None:
        detail = names[change.status]
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
        parts.append(f"{word} {detail}")
    return "; ".join(parts)


def row_cells(row: ReportRow, lang: Language = "en") -> tuple[str, ...]:
    """Return the cells of one row, in :data:`HEADERS` order."""
    places = max(decimals(row.before), decimals(row.after))
    item = item_phrase(row.item, lang)
    if row.among is not None:
        among = item_phrase(row.among, lang)
        item += f" ({'bland dem som' if lang == 'sv' else 'among those who'} {among})"
    return (
        group_label(row.group, lang),
        item,
        estimate_cell(row.before, lang),
        estimate_cell(row.after, lang),
        change_cell(row.change, places, lang),
        provenance_cell(row, lang),
    )


def headers(report: Report, lang: Language = "en") -> tuple[str, ...]:
    """Return the column headers for ``report`` in ``lang``."""
    return tuple(
        h.format(before=report.before_wave, after=report.after_wave)
        for h in HEADERS[lang]
    )
