"""Build a :class:`~skl_socialmedia.report.Report` from counts (a Tally).

Every figure is estimated from the counts (:attr:`Status.ESTIMATED`): the
rate in each wave with its interval, counts, effective size and the NCHS
low-base flag, and the percentage-point change with its interval, p-value and
whether it is significant — paired where the same organisations answered in
both waves, independent otherwise. A tally from any engine will do, so a
data source that counts in a database gives a report like microdata do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from skl_socialmedia.model.items import default_routing
from skl_socialmedia.model.routing import AskedAmong
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Report,
    ReportRow,
    RowBase,
    Status,
    Text,
)
from skl_socialmedia.report.waves import CHANGES, compared_waves, report_waves
from skl_socialmedia.tally.estimates import (
    Counts,
    EstimateOptions,
    delta_table,
    rate_table,
)
from skl_socialmedia.tally.tables import DeltaTable, RateTable

__all__ = [
    "CHANGES",
    "CONSTRUCTION_NOTES",
    "WEIGHTED_NOTE",
    "compared_waves",
    "panel_note",
    "report_from_tally",
    "report_waves",
]

#: What each construction of a change's interval means, for the notes.
CONSTRUCTION_NOTES = {
    "paired": Text(
        en=(
            "paired: every organisation that answered in either wave answered "
            "in both — the paired (panel) interval with McNemar's test"
        ),
        sv=(
            "parad: alla organisationer som svarade i någon av omgångarna "
            "svarade i båda — parat intervall (panel) med McNemars test"
        ),
    ),
    "overlap": Text(
        en=(
            "overlapping samples: some organisations answered in both waves — "
            "each wave's interval joined by the correlation of the two "
            "estimates through those organisations"
        ),
        sv=(
            "överlappande urval: en del organisationer svarade i båda "
            "omgångarna — varje omgångs intervall förenat med korrelationen "
            "mellan skattningarna genom dessa organisationer"
        ),
    ),
    "independent": Text(
        en="independent: the waves taken as independent samples",
        sv="oberoende: omgångarna som oberoende urval",
    ),
}


def panel_note(constructions: Sequence[str]) -> Text | None:
    """Return the note saying how the changes shown were made (None: none)."""
    used = [c for c in CONSTRUCTION_NOTES if c in set(constructions)]
    if not used:
        return None
    return Text(
        en="Changes: " + "; ".join(CONSTRUCTION_NOTES[c].en for c in used) + ".",
        sv="Förändringar: " + "; ".join(CONSTRUCTION_NOTES[c].sv for c in used) + ".",
    )


NO_ANSWERS = Text(en="no answers in this wave", sv="inga svar i denna omgång")
ZERO_WEIGHTS = Text(
    en="the weights of the answers sum to zero",
    sv="svarens vikter summerar till noll",
)


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _estimate(rates: RateTable, index: int) -> Estimate:
    row = rates[index]
    empty = row.n == 0
    note = NO_ANSWERS if empty else None
    if not empty and not row.total > 0 and math.isnan(row.value):
        note = ZERO_WEIGHTS  # answers, but no weight to estimate from
    return Estimate(
        wave=row.wave,
        value=_number(row.value),
        status=Status.ESTIMATED,
        low=_number(row.low),
        high=_number(row.high),
        successes=float(row.successes),
        total=float(row.total),
        effective_n=_number(row.effective_n),
        low_base=bool(row.low_base),
        note=note,
        n=int(row.n),
    )


def _change(deltas: DeltaTable, index: int) -> Change:
    row = deltas[index]
    value = _number(row.value)
    note = None
    if value is not None and not row.paired and row.n_pairs:
        kind = {
            "overlap": ("overlapping samples", "överlappande urval"),
            "independent": ("independent interval", "intervall för oberoende urval"),
        }[row.construction]
        note = Text(
            en=(
                f"{kind[0]}: {row.n_pairs} organisations answered in "
                f"both waves, of {row.n_before} and {row.n_after}"
            ),
            sv=(
                f"{kind[1]}: {row.n_pairs} organisationer "
                f"svarade i båda omgångarna, av {row.n_before} och {row.n_after}"
            ),
        )
    return Change(
        value=value,
        status=Status.ESTIMATED,
        low=_number(row.low),
        high=_number(row.high),
        method=row.method or None,
        paired=bool(row.paired) if value is not None else None,
        p_value=_number(row.p_value),
        significant=bool(row.significant) if value is not None else None,
        note=note,
        construction=row.construction if value is not None else None,
        before_wave=row.before_wave,
        after_wave=row.after_wave,
    )


WEIGHTED_NOTE = Text(
    en=(
        "Weighted estimates: each interval uses the figure's effective sample "
        "size (effective_n), smaller than the number of answers."
    ),
    sv=(
        "Viktade skattningar: varje intervall bygger på andelens effektiva "
        "urvalsstorlek (effective_n), mindre än antalet svar."
    ),
)


def report_from_tally(
    tally: Counts,
    *,
    before: object | None = None,
    after: object | None = None,
    options: EstimateOptions | None = None,
    title: str | Text | None = None,
    source: str | Text = "",
    notes: Sequence[Text] = (),
    overall: Counts | None = None,
    changes: str = "first-last",
    bases: Mapping[str, RowBase] | None = None,
    description: str | Text | None = None,
) -> Report:
    """Return the report of ``tally``: every wave, per group and item, and changes.

    By default every wave is shown with the change from the first to the
    last; ``before``/``after`` pick two waves; ``changes="consecutive"``
    gives each consecutive change. A paired interval needs the tally's panel
    of its pair (see
    :meth:`Tally.pp_deltas <skl_socialmedia.tally.model.Tally.pp_deltas>`).
    ``notes`` come first among the report's notes. ``overall`` is a tally of
    the same items with one group (e.g. a stratified design's whole
    population), whose rows follow the groups'. ``bases`` says whom each
    item's figures are shares of (default: the tally's ``among``, else the
    routing its vocabulary declares — channels among users, reasons among
    non-users — else those that answered); ``description`` what the data are.
    """
    options = EstimateOptions() if options is None else options
    shown, pairs = report_waves(tally.waves, before, after, changes)
    notes = list(notes)
    rows: list[ReportRow] = []
    constructions: list[str] = []
    for counts in (tally, overall):
        if counts is None:
            continue
        rates = rate_table(counts, options)
        deltas = delta_table(counts, options, pairs=pairs)
        rows.extend(_rows(counts, rates, deltas, shown, len(pairs), bases or {}))
        constructions += deltas.construction[np.isfinite(deltas.value)].tolist()
    used = panel_note(constructions)
    if used is not None:
        notes.append(used)
    if tally.weighted:
        notes.append(WEIGHTED_NOTE)
    first, last = pairs[0][0], pairs[-1][1]
    if title is None:
        span = f"{shown[0]}–{shown[-1]}"
        title = Text(
            en=f"Social media use {span}, estimated from counts",
            sv=f"Sociala medier {span}, skattat från antal svar",
        )
    return Report(
        title=title,
        source=source,
        before_wave=first if changes == "first-last" else shown[0],
        after_wave=last if changes == "first-last" else shown[-1],
        rows=rows,
        grouping=tally.grouping or "all",
        confidence=options.confidence,
        notes=notes,
        waves=shown,
        description=description,
        weighted=tally.weighted,
    )


def _rows(
    counts: Counts,
    rates: RateTable,
    deltas: DeltaTable,
    shown: Sequence[str],
    n_pairs: int,
    bases: Mapping[str, RowBase],
) -> list[ReportRow]:
    n_groups, n_items = len(counts.groups), len(counts.items)
    cells_per_wave = n_groups * n_items
    wave_index = [counts.waves.index(w) for w in shown]
    declared = default_routing(counts.items)
    rows = []
    for g, group in enumerate(counts.groups):
        for i, item in enumerate(counts.items):
            cell = g * n_items + i
            rows.append(
                ReportRow(
                    group=group,
                    item=item,
                    estimates=[
                        _estimate(rates, w * cells_per_wave + cell) for w in wave_index
                    ],
                    changes=[
                        _change(deltas, p * cells_per_wave + cell)
                        for p in range(n_pairs)
                    ],
                    among=counts.among,
                    base=bases.get(item) or _declared_base(item, counts, declared),
                )
            )
    return rows


def _declared_base(
    item: str, counts: Counts, declared: Mapping[str, AskedAmong]
) -> RowBase:
    """Return an item's base by its vocabulary's routing, or the tally's ``among``."""
    if counts.among:
        return RowBase("among", counts.among)
    asked = declared.get(item)
    if asked is not None:
        return RowBase("routed", asked.item, asked.answer)
    return RowBase("answered")
