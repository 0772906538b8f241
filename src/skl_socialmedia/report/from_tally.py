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
from collections.abc import Sequence

import numpy as np

from skl_socialmedia.errors import UnknownNameError, UsageError
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Report,
    ReportRow,
    Status,
    Text,
)
from skl_socialmedia.tally.estimates import (
    Counts,
    EstimateOptions,
    delta_table,
    rate_table,
)
from skl_socialmedia.tally.tables import DeltaTable, RateTable

__all__ = ["CONSTRUCTION_NOTES", "compared_waves", "panel_note", "report_from_tally"]

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


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _estimate(rates: RateTable, index: int) -> Estimate:
    row = rates[index]
    empty = row.n == 0
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
        note=NO_ANSWERS if empty else None,
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
) -> Report:
    """Return the report comparing two waves of ``tally``, per group and item.

    ``before``/``after`` default to the first and last wave; the change's
    paired interval needs the tally's panel of that pair (see
    :meth:`Tally.pp_deltas <skl_socialmedia.tally.model.Tally.pp_deltas>`).
    ``notes`` come first among the report's notes. ``overall`` is a tally of
    the same items with one group (e.g. a stratified design's whole
    population), whose rows follow the groups'.
    """
    options = EstimateOptions() if options is None else options
    first, last = compared_waves(tally.waves, before, after)
    notes = list(notes)
    rows: list[ReportRow] = []
    constructions: list[str] = []
    for counts in (tally, overall):
        if counts is None:
            continue
        rates = rate_table(counts, options)
        deltas = delta_table(counts, options, pairs=[(first, last)])
        rows.extend(_rows(counts, rates, deltas, first, last))
        constructions += deltas.construction[np.isfinite(deltas.value)].tolist()
    used = panel_note(constructions)
    if used is not None:
        notes.append(used)
    if title is None:
        title = Text(
            en=f"Social media use {first}–{last}, estimated from counts",
            sv=f"Sociala medier {first}–{last}, skattat från antal svar",
        )
    return Report(
        title=title,
        source=source,
        before_wave=first,
        after_wave=last,
        rows=rows,
        grouping=tally.grouping or "all",
        confidence=options.confidence,
        notes=notes,
    )


def _rows(
    counts: Counts, rates: RateTable, deltas: DeltaTable, first: str, last: str
) -> list[ReportRow]:
    n_groups, n_items = len(counts.groups), len(counts.items)
    w_first, w_last = counts.waves.index(first), counts.waves.index(last)
    rows = []
    for g, group in enumerate(counts.groups):
        for i, item in enumerate(counts.items):
            cell = g * n_items + i
            rows.append(
                ReportRow(
                    group=group,
                    item=item,
                    before=_estimate(rates, w_first * n_groups * n_items + cell),
                    after=_estimate(rates, w_last * n_groups * n_items + cell),
                    change=_change(deltas, cell),
                    among=counts.among,
                )
            )
    return rows


def compared_waves(
    waves: Sequence[str], before: object | None, after: object | None
) -> tuple[str, str]:
    """Return the waves a report compares (by default the first and last)."""
    if len(waves) < 2 and (before is None or after is None):
        raise UsageError(f"a report compares two waves; the data have {list(waves)}")
    first = _wave(waves, before) if before is not None else waves[0]
    last = _wave(waves, after) if after is not None else waves[-1]
    if first == last:
        raise UsageError(f"cannot compare wave {first!r} with itself")
    return first, last


def _wave(waves: Sequence[str], label: object) -> str:
    text = str(label).strip()
    if text not in waves:
        raise UnknownNameError("wave", label, waves)
    return text
