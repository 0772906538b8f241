"""Panel cells: each organisation's answers in two waves, as 2 × 2 tables.

For a pair of waves, an item's 3 × 3 table of (before, after) answers
(missing, no, yes) is counted with base-9 digit keys; its inner 2 × 2 are the
panel cells (:data:`~skl_socialmedia.tally.model.PANEL_CELLS`), its margins
each wave's counts of the organisations in the panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import parallel_map
from skl_socialmedia.survey.encode import Codes
from skl_socialmedia.tally.numpy_engine import tuning
from skl_socialmedia.tally.numpy_engine.keys import (
    Floats,
    Ints,
    Rows,
    batch_size,
    digit_margins,
    make_key_base,
    rebase,
    scratch_pieces,
    split_batches,
)
from skl_socialmedia.tally.numpy_engine.rows import match_pairs, shifted


def _panel_batch(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rb: Rows,
    ra: Rows,
    base: npt.NDArray[np.int32],
    bins: int,
    pair_weights: Floats | None = None,
) -> tuple[Ints, Floats | None]:
    """Count one batch of items' before × after answers per group (base-9 digits).

    With ``pair_weights`` (one per matched row), also the sums of those
    weights over the same keys.
    """
    k = len(columns)
    counts = np.zeros(bins, np.int64)
    sums = None if pair_weights is None else np.zeros(bins)
    scratch = scratch_pieces(len(base), np.int16, np.int8, np.int16, np.intp)
    for part, (a, p, t, kk) in scratch:
        sb, sa = shifted(rb, part), shifted(ra, part)
        for i, column in enumerate(columns):
            np.multiply(answers[sb, column], 3, out=p)
            p += answers[sa, column]
            if i == 0:
                np.multiply(p, 9 ** (k - 1), out=a, dtype=np.int16)
            else:
                np.multiply(p, 9 ** (k - 1 - i), out=t, dtype=np.int16)
                a += t
        np.add(base[part], a, out=kk)
        counts += np.bincount(kk, minlength=bins)
        if pair_weights is not None and sums is not None:
            sums += np.bincount(kk, pair_weights[part], minlength=bins)
    return counts, sums


def panel_tables(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rb: Rows,
    ra: Rows,
    base: npt.NDArray[np.int32],
    n_groups: int,
) -> Ints:
    """Return each group's and item's 3 × 3 table of (before, after) answers.

    Shape (G, k, 3, 3), indexed by answer + 1 (missing, no, yes) before and
    after; ``base`` as for :func:`_panel_batch`, the groups' sentinel dropped.
    """
    k = len(columns)
    counts, _ = _panel_batch(answers, columns, rb, ra, base, (n_groups + 1) * 9**k)
    return _tables(counts, n_groups, k)


def _tables(counts: npt.NDArray[Any], n_groups: int, k: int) -> npt.NDArray[Any]:
    """Return the (G, k, 3, 3) tables of a batch's base-9 counts (or sums).

    Counts come back as integers; weighted sums as floats.
    """
    joint = digit_margins(counts, n_groups + 1, k, 9)[:n_groups].reshape(
        n_groups, k, 3, 3
    )
    if np.asarray(counts).dtype.kind == "f":
        return joint
    tables: Ints = np.rint(joint).astype(np.int64)
    return tables


def count_panel_sums(
    *,
    wave: Codes,
    group: Codes,
    n_groups: int,
    org: Codes,
    n_orgs: int,
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    filt: npt.NDArray[np.bool_] | None,
    pairs: Sequence[tuple[int, int]],
    n_waves: int,
    weights: Floats | None,
) -> tuple[Ints, Floats | None]:
    """Return every pair's panel cells and, weighted, its cross moments.

    The cells (P, G, I, 4) are :data:`~skl_socialmedia.tally.model.PANEL_CELLS`;
    with ``weights``, the cross moments (P, G, I, 4) are, over the
    organisations answering an item in both waves (in the same group; yes to
    ``among`` in both), the sums of ``w_before · w_after`` times
    (y_before·y_after, y_after, y_before, 1)
    (:data:`~skl_socialmedia.tally.model.CROSS`) — both from one pass.
    """
    n_i = len(item_columns)
    cells = np.zeros((len(pairs), n_groups, n_i, 4), np.int64)
    cross = None if weights is None else np.zeros((len(pairs), n_groups, n_i, 4))
    if not pairs or not n_i:
        return cells, cross
    _rows, matched = match_pairs(
        wave, n_waves, group, org, n_orgs, filt, n_groups, pairs
    )
    k = batch_size(n_groups + 1, 9, 3)
    batches = split_batches(n_i, k)
    tasks = [(p, batch) for p in range(len(pairs)) for batch in batches]

    def count(task: tuple[int, list[int]]) -> tuple[Ints, Floats | None]:
        p, batch = task
        rb, ra, code = matched[p]
        columns = [item_columns[j] for j in batch]
        base = make_key_base(code, 9 ** len(batch))
        pw = None if weights is None else weights[rb] * weights[ra]
        bins = (n_groups + 1) * 9 ** len(batch)
        counts, sums = _panel_batch(answers, columns, rb, ra, base, bins, pw)
        found = cells_of_tables(_tables(counts, n_groups, len(batch)))
        if sums is None:
            return found, None
        t = _tables(sums, n_groups, len(batch))
        both = t[..., 2, 2]
        moments: Floats = np.stack(
            [
                both,
                both + t[..., 1, 2],
                both + t[..., 2, 1],
                t[..., 1:, 1:].sum((-2, -1)),
            ],
            axis=-1,
        )
        return found, moments

    for (p, batch), (found, sums) in zip(
        tasks, parallel_map(count, tasks), strict=True
    ):
        cells[p][:, batch] = found
        if cross is not None and sums is not None:
            cross[p][:, batch] = sums
    return cells, cross


def panel_digits(rows: int, cells: int, most: int) -> int:
    """Return how many items (base-9 digits) one panel key should hold.

    Each batch of k items reads a pair's matched rows once and handles
    ``cells * 9**k`` bins: per item ``(rows + BIN_COST * cells * 9**k) / k``,
    so a small part of a survey (a shard) wants fewer digits than the whole.
    The cells are counts: how they are batched never changes them.
    """

    def cost(k: int) -> float:
        return (rows + tuning.BIN_COST * cells * 9.0**k) / k

    return min(range(1, most + 1), key=cost)


def _length(rows: Rows) -> int:
    return rows.stop - rows.start if isinstance(rows, slice) else len(rows)


def cells_of_tables(tables: Ints) -> Ints:
    """Return the :data:`PANEL_CELLS` of 3 × 3 tables, on a last axis of 4."""
    cells: Ints = np.stack(
        [tables[..., 2, 2], tables[..., 2, 1], tables[..., 1, 2], tables[..., 1, 1]],
        axis=-1,
    )
    return cells


def count_panels(
    panel: Ints,
    yes: Ints,
    base: Ints,
    *,
    wave: Codes,
    group: Codes,
    org: Codes,
    n_orgs: int,
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    filt: npt.NDArray[np.bool_] | None,
    pairs: Sequence[tuple[int, int]],
    n_waves: int,
    margins: bool,
) -> npt.NDArray[np.bool_] | None:
    """Fill ``panel`` (P, G, I, 4) with the panel cells of every wave pair.

    With ``margins``, the panel counts' margins also give each wave's counts of
    the rows in one of its pairs' panels: they are added to ``yes`` and
    ``base`` (cells × items), and the rows so counted are returned (a mask),
    so that only the others need counting.
    """
    n_p, n_g, n_i, _ = panel.shape
    _rows, matched = match_pairs(wave, n_waves, group, org, n_orgs, filt, n_g, pairs)
    rows = max((_length(rb) for rb, _ra, _code in matched), default=0)
    k = panel_digits(rows, n_g + 1, batch_size(n_g + 1, 9, 3))
    batches = split_batches(n_i, k)
    key_bases = [
        make_key_base(code, 9 ** len(batches[0])) for _rb, _ra, code in matched
    ]
    tasks = [(p, batch) for p in range(n_p) for batch in batches]

    def count(task: tuple[int, list[int]]) -> Ints:
        p, batch = task
        rb, ra, _code = matched[p]
        columns = [item_columns[j] for j in batch]
        base = rebase(key_bases[p], 9 ** len(batches[0]), 9 ** len(batch))
        return panel_tables(answers, columns, rb, ra, base, n_g)

    # The pair whose panel counts each wave: the first it starts, else ends.
    side: dict[int, tuple[int, int]] = {}
    for p, (_b, a) in reversed(list(enumerate(pairs))):
        side[a] = (p, 1)
    for p, (b, _a) in reversed(list(enumerate(pairs))):
        side[b] = (p, 0)
    use = {(p, s): w for w, (p, s) in side.items()} if margins else {}
    for (p, batch), cells in zip(tasks, parallel_map(count, tasks), strict=True):
        panel[p, :, batch] = cells_of_tables(cells).transpose(1, 0, 2)
        for s in (0, 1):
            w = use.get((p, s))
            if w is None:
                continue
            margin = cells.sum(axis=3 - s)  # (G, k, 3): missing, no, yes
            rows_w = slice(w * n_g, (w + 1) * n_g)
            yes[rows_w, batch] += margin[..., 2]
            base[rows_w, batch] += margin[..., 1] + margin[..., 2]
    if not margins:
        return None
    covered = np.zeros(len(wave), dtype=bool)
    for (p, s), _w in use.items():
        rb, ra, code = matched[p]
        inside = code < n_g
        mine = rb if s == 0 else ra
        if isinstance(mine, slice):
            covered[mine] = inside
        else:
            covered[mine[inside]] = True
    return covered
