"""Build a :class:`~skl_socialmedia.report.Report` from published figures.

Published percentages carry no counts, so no interval is given; changes are
differences of the rounded published figures (marked computed), and a combined
figure the source did not publish is computed from the strata weighted by their
population sizes (also marked computed).
"""

from __future__ import annotations

import attrs

from skl_socialmedia.errors import UsageError
from skl_socialmedia.model.places import swedish_place
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.published.cube import Dimension
from skl_socialmedia.published.figures import PublishedFigure, PublishedFigures
from skl_socialmedia.published.flags import MISSING_FLAGS, WARNING_FLAGS, Flag
from skl_socialmedia.report.display import (
    format_percent,
    group_label,
    is_place,
    population_noun,
)
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
from skl_socialmedia.report.waves import report_waves
from skl_socialmedia.statistics import stratified_value

__all__ = ["TABLE_ROUNDING_NOTE", "report_from_published"]

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

#: The rounding note of a published table's figures (not shares of respondents).
TABLE_ROUNDING_NOTE = Text(
    en=(
        "Changes between published figures are differences of rounded "
        "percentages and may differ by up to 1 percentage point from the "
        "unrounded change; no interval can be given without the bases."
    ),
    sv=(
        "Förändringar mellan publicerade andelar är skillnader mellan avrundade "
        "procenttal och kan avvika med upp till 1 procentenhet från den "
        "oavrundade förändringen; utan baserna kan inget konfidensintervall anges."
    ),
)


@attrs.frozen
class _Table:
    """What a report says of figures viewed from a published table."""

    grouping: str
    base: RowBase
    group_labels: dict[str, Text]
    item_labels: dict[str, Text]
    places: tuple[str, ...]


def _swedish_label(dimension: Dimension, code: str) -> str:
    """Return a category's Swedish label: the table's, or for a place, Sweden's name.

    Eurostat's tables have no Swedish labels: their countries get their
    Swedish names (see :mod:`~skl_socialmedia.model.places`).
    """
    label: str = dimension.label_of(code, "sv")
    if label == dimension.label_of(code, "en") and is_place(dimension):
        return swedish_place(code) or label
    return label


def _table(figures: PublishedFigures) -> _Table | None:
    """Describe the table the figures come from (``None``: not from a table).

    The groups' labels in both languages (from the group dimensions' category
    labels), which groups are places, the population the figures are shares
    of (from the units, the items' labels and the title) and the grouping
    (the group dimensions' ids, ``"all"`` for none).
    """
    if not figures.group_codes:
        return None
    dims = figures.group_dimensions
    group_labels = {
        group: Text(
            en=" / ".join(
                d.label_of(c, "en") for d, c in zip(dims, codes, strict=True)
            ),
            sv=" / ".join(
                _swedish_label(d, c) for d, c in zip(dims, codes, strict=True)
            ),
        )
        for group, codes in figures.group_codes.items()
        if codes and len(codes) == len(dims)
    }
    places = tuple(group_labels) if dims and all(is_place(d) for d in dims) else ()
    items = set(figures.items)
    item_labels = {k: v for k, v in figures.labels.items() if k in items}
    said = [*figures.units.values()]
    said += [t for label in item_labels.values() for t in (label.en, label.sv)]
    said += [figures.title.en, figures.title.sv]
    return _Table(
        grouping=",".join(d.id for d in dims) or "all",
        base=RowBase("published", population=population_noun(said), table=True),
        group_labels=group_labels,
        item_labels=item_labels,
        places=places,
    )


def _combined(figures: PublishedFigures, item: str, wave: str) -> float | None:
    """Combine the strata's figures weighted by population, if all are known."""
    strata = [g for g in figures.populations if g != "all"]
    found = [figures.get(g, item, wave) for g in strata]
    if not strata or any(f is None for f in found):
        return None
    values = [f.value for f in found if f is not None and f.value is not None]
    if len(values) != len(strata):
        return None
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


def _flags_note(figure: PublishedFigure) -> Text | None:
    """Say in words what the figure's flags say (with the symbols published)."""
    shown = [f for f in figure.flags if f in WARNING_FLAGS or f in MISSING_FLAGS]
    if Flag.BREAK in figure.flags:
        shown.append(Flag.BREAK)
    if not shown:
        return None
    symbols = f" ({', '.join(figure.symbols)})" if figure.symbols else ""
    wave = figure.wave
    return Text(
        en=f"{wave}: {'; '.join(f.label.en for f in shown)}{symbols}.",
        sv=f"{wave}: {'; '.join(f.label.sv for f in shown)}{symbols}.",
    )


def _joined(*notes: Text | None) -> Text | None:
    kept = [n for n in notes if n is not None]
    if not kept:
        return None
    return Text(en=" ".join(n.en for n in kept), sv=" ".join(n.sv for n in kept))


def _estimate(figures: PublishedFigures, group: str, item: str, wave: str) -> Estimate:
    figure = figures.get(group, item, wave)
    combined = _combined(figures, item, wave) if group == "all" else None
    if figure is not None and figure.value is None:
        return Estimate(
            wave=wave,
            value=None,
            status=Status.NOT_PUBLISHED,
            note=_joined(figure.note, _flags_note(figure)),
            flags=figure.flags,
        )
    if figure is not None:
        note = _joined(figure.note, _flags_note(figure))
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
            flags=figure.flags,
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


def _break_note(
    figures: PublishedFigures,
    group: str,
    item: str,
    waves: tuple[str, ...],
    before: str,
    after: str,
) -> Text | None:
    """Say a change is not comparable if the series breaks after ``before``."""
    span = waves[waves.index(before) + 1 : waves.index(after) + 1]
    broken = [
        w
        for w in span
        if (f := figures.get(group, item, w)) is not None and Flag.BREAK in f.flags
    ]
    if not broken:
        return None
    at = ", ".join(broken)
    return Text(
        en=f"Not comparable: break in series ({at}).",
        sv=f"Ej jämförbar: tidsseriebrott ({at}).",
    )


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
    if all(f.value is None for f in figures) and any(
        f.count is not None for f in figures
    ):
        raise UsageError(
            f"{figures.id}: the figures are counts without bases, not shares; "
            "load them with base=ITEM (the item whose counts are the bases) "
            "for a tally, or with unit=percent if they are percentages"
        )
    waves = figures.wave_ids
    table = _table(figures)
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
            broken = _break_note(figures, group, item, waves, b, a)
            row_changes.append(
                Change(
                    value=value,
                    status=status,
                    before_wave=b,
                    after_wave=a,
                    note=broken,
                    flags=() if broken is None else (Flag.BREAK,),
                )
            )
        notes = list(dict.fromkeys(e.note for e in estimates if e.note))
        notes += [c.note for c in row_changes if c.note and c.note not in notes]
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
                base=RowBase("published") if table is None else table.base,
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
        grouping="org_kind" if table is None else table.grouping,
        confidence=None,
        notes=(ROUNDING_NOTE if table is None else TABLE_ROUNDING_NOTE, *figures.notes),
        waves=shown,
        findings=findings,
        group_labels={} if table is None else table.group_labels,
        item_labels={} if table is None else table.item_labels,
        places=() if table is None else table.places,
    )
