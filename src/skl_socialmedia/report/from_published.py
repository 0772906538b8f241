"""Build a :class:`~skl_socialmedia.report.Report` from published figures.

Published percentages carry no counts, so no interval is given; changes are
differences of the rounded published figures (marked computed), and a combined
figure the source did not publish is computed from the strata weighted by their
population sizes (also marked computed).
"""

from __future__ import annotations

from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.published.figures import PublishedFigures
from skl_socialmedia.report.display import format_percent, group_label
from skl_socialmedia.report.from_tally import report_waves
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Finding,
    Report,
    ReportRow,
    RowBase,
    Status,
    Text,
)
from skl_socialmedia.statistics import stratified_value

__all__ = ["report_from_published"]

ROUNDING_NOTE = Text(
    en=(
        "Changes between published figures are differences of rounded "
        "percentages and may differ by up to 1 percentage point from the "
        "unrounded change; no interval can be given without the respondent bases."
    ),
    sv=(
        "Förändringar mellan publicerade andelar är skillnader mellan avrundade "
        "procenttal och kan avvika med upp till 1 procentenhet från den "
        "oavrundade förändringen; utan svarsbaser kan inget konfidensintervall anges."
    ),
)


def _combined(figures: PublishedFigures, item: str, wave: str) -> float | None:
    """Combine the strata's figures weighted by population, if all are known."""
    strata = [g for g in figures.populations if g != "all"]
    found = [figures.get(g, item, wave) for g in strata]
    if not strata or any(f is None for f in found):
        return None
    values = [f.value for f in found if f is not None]
    weights = [figures.populations[g] for g in strata]
    return float(stratified_value(values, weights))


def _weights_note(figures: PublishedFigures, lang: Language) -> str:
    parts = [
        f"{group_label(g, lang)} ({figures.populations[g]})"
        for g in figures.populations
        if g != "all"
    ]
    joined = (" och " if lang == "sv" else " and ").join(parts)
    if lang == "sv":
        return f"de publicerade andelarna för {joined} vägda efter antal"
    return f"the published figures for {joined} weighted by their numbers"


def _estimate(figures: PublishedFigures, group: str, item: str, wave: str) -> Estimate:
    figure = figures.get(group, item, wave)
    combined = _combined(figures, item, wave) if group == "all" else None
    if figure is not None:
        note = figure.note
        if combined is not None:
            note = Text(
                en=f"{wave}: {_weights_note(figures, 'en')} give "
                f"{format_percent(combined, 1, 'en')}.",
                sv=f"{wave}: {_weights_note(figures, 'sv')} ger "
                f"{format_percent(combined, 1, 'sv')}.",
            )
        return Estimate(
            wave=wave,
            value=figure.value,
            status=Status.PUBLISHED,
            decimals=figure.decimals,
            note=note,
        )
    if combined is not None:
        return Estimate(
            wave=wave,
            value=combined,
            status=Status.COMPUTED,
            decimals=1,
            note=Text(
                en=f"{wave}: not published; computed from "
                f"{_weights_note(figures, 'en')}.",
                sv=f"{wave}: ej publicerad; beräknad från "
                f"{_weights_note(figures, 'sv')}.",
            ),
        )
    return Estimate(wave=wave, value=None, status=Status.NOT_PUBLISHED)


def report_from_published(
    figures: PublishedFigures,
    *,
    before: str | int | None = None,
    after: str | int | None = None,
    changes: str = "first-last",
) -> Report:
    """Report published figures: every wave (or the two of ``before``/``after``).

    Changes are differences of the published figures (computed): the first to
    the last wave, or each consecutive pair with ``changes="consecutive"``.
    """
    waves = figures.wave_ids
    ids = [None if w is None else figures.wave(w).id for w in (before, after)]
    shown, pairs = report_waves(waves, ids[0], ids[1], changes)
    keys = list(dict.fromkeys((f.group, f.item) for f in figures.figures))
    rows = []
    for group, item in keys:
        estimates = [_estimate(figures, group, item, wave) for wave in shown]
        if all(e.value is None for e in estimates):
            continue
        by_wave = {e.wave: e for e in estimates}
        row_changes = []
        for b, a in pairs:
            first, second = by_wave[b], by_wave[a]
            if first.value is not None and second.value is not None:
                value: float | None = second.value - first.value
                status = Status.COMPUTED
            else:
                value, status = None, Status.NOT_PUBLISHED
            row_changes.append(
                Change(value=value, status=status, before_wave=b, after_wave=a)
            )
        notes = list(dict.fromkeys(e.note for e in estimates if e.note))
        note = None
        if notes:
            note = Text(
                en=" ".join(n.en for n in notes), sv=" ".join(n.sv for n in notes)
            )
        rows.append(
            ReportRow(
                group=group,
                item=item,
                estimates=estimates,
                changes=row_changes,
                note=note,
                base=RowBase("published"),
            )
        )
    findings = [
        Finding(text=Text(en=s.en, sv=s.sv), topic=s.topic) for s in figures.statements
    ]
    return Report(
        title=figures.title,
        source=figures.citation,
        before_wave=pairs[0][0] if changes == "first-last" else shown[0],
        after_wave=pairs[-1][1] if changes == "first-last" else shown[-1],
        rows=tuple(rows),
        grouping="org_kind",
        confidence=None,
        notes=(ROUNDING_NOTE,),
        waves=shown,
        findings=findings,
    )
