"""Panel cells: each organisation's answers in two waves, as 2 × 2 tables.

For a pair of waves, an item's 3 × 3 table of (before, after) answers
(missing, no, yes) is counted with base-9 digit keys; its inner 2 × 2 are the
panel cells (:data:`~skl_socialmedia.tally.model.PANEL_CELLS`), its margins
each wave's counts of the organisations in the panel.
"""

from __future__ import annotations

import functools
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
    scratch_pieces,
    split_batches,
)
from skl_socialmedia.tally.numpy_engine.rows import match_pairs, shifted


def _digits(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    sb: Rows,
    sa: Rows,
    k: int,
    scratch: tuple[npt.NDArray[np.int16], npt.NDArray[np.int8], npt.NDArray[np.int16]],
) -> None:
    """Write the base-9 digits (before × after) of ``columns`` into ``scratch[0]``.

    The first item is the most significant of k digits (with fewer items, the
    last digits stay 0); the other two arrays are scratch.
    """
    a, p, t = scratch
    for i, column in enumerate(columns):
        np.multiply(answers[sb, column], 3, out=p)
        p += answers[sa, column]
        if i == 0:
            np.multiply(p, 9 ** (k - 1), out=a, dtype=np.int16)
        else:
            np.multiply(p, 9 ** (k - 1 - i), out=t, dtype=np.int16)
            a += t


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
        _digits(answers, columns, sb, sa, k, (a, p, t))
        np.add(base[part], a, out=kk)
        counts += np.bincount(kk, minlength=bins)
        if pair_weights is not None and sums is not None:
            sums += np.bincount(kk, pair_weights[part], minlength=bins)
    return counts, sums


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


#: What :func:`_run_counts` gives per group and item: the panel cells, then
#: each wave's yes and no answers among the panel's organisations.
_QUANTITIES = ("yes_yes", "yes_no", "no_yes", "no_no", "yes_b", "no_b", "yes_a", "no_a")


@functools.cache
def _selector(k: int) -> Floats:
    """Return S with ``S[key, 8 m + q] = 1`` when digit m of key counts in q.

    A digit is ``3 (before + 1) + (after + 1)``; the quantities are
    :data:`_QUANTITIES`.
    """
    digit = np.arange(9)
    before, after = digit // 3, digit % 3
    wanted = [
        (before == 2) & (after == 2),
        (before == 2) & (after == 1),
        (before == 1) & (after == 2),
        (before == 1) & (after == 1),
        before == 2,
        before == 1,
        after == 2,
        after == 1,
    ]
    each = np.stack(wanted, axis=-1).astype(np.float64)  # (9, 8)
    keys = np.arange(9**k)
    matrix = np.zeros((9**k, k, len(wanted)))
    for m in range(k):
        matrix[:, m] = each[keys // 9 ** (k - 1 - m) % 9]
    selector = matrix.reshape(9**k, k * len(wanted))
    selector.flags.writeable = False
    return selector


def _run_counts(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rb: Rows,
    ra: Rows,
    base: npt.NDArray[np.int32],
    n_groups: int,
    k: int,
) -> Ints:
    """Return the :data:`_QUANTITIES` of a run of items, shape (G, items, 8).

    Each key holds k items (the last key's missing digits are 0), counted
    as :func:`_panel_batch` does, with the run's scratch allocated once; one
    product with a 0/1 matrix turns the run's counts into its quantities
    (exact: counts are far below 2**53).
    """
    n_b = -(-len(columns) // k)
    bins = (n_groups + 1) * 9**k
    counts = np.zeros((n_b, bins), np.int64)
    scratch = scratch_pieces(len(base), np.int16, np.int8, np.int16, np.intp)
    for part, (a, p, t, kk) in scratch:
        sb, sa = shifted(rb, part), shifted(ra, part)
        for b in range(n_b):
            _digits(answers, columns[b * k : (b + 1) * k], sb, sa, k, (a, p, t))
            np.add(base[part], a, out=kk)
            counts[b] += np.bincount(kk, minlength=bins)
    joint = counts.reshape(n_b * (n_groups + 1), 9**k).astype(np.float64)
    selector = _selector(k)
    found = np.empty((len(joint), selector.shape[1]), np.int64)
    # products small enough that BLAS runs them on the calling thread
    step = max(1, tuning.PRODUCT_SIZE // selector.size)
    for start in range(0, len(joint), step):
        rows = slice(start, start + step)
        found[rows] = np.rint(joint[rows] @ selector)
    per_item = found.reshape(n_b, n_groups + 1, k, 8)[:, :n_groups]
    quantities: Ints = per_item.transpose(1, 0, 2, 3).reshape(n_groups, n_b * k, 8)
    return quantities[:, : len(columns)]


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
    so that only the others need counting. A task counts a run of items of
    one pair, about :data:`~.tuning.TASK_ROWS` rows × keys of work.
    """
    n_p, n_g, n_i, _ = panel.shape
    _rows, matched = match_pairs(wave, n_waves, group, org, n_orgs, filt, n_g, pairs)
    rows = max((_length(rb) for rb, _ra, _code in matched), default=0)
    k = min(n_i, panel_digits(rows, n_g + 1, batch_size(n_g + 1, 9, 3)))
    run = k * max(1, tuning.TASK_ROWS // max(rows, 1))
    key_bases = [make_key_base(code, 9**k) for _rb, _ra, code in matched]
    tasks = [
        (p, slice(i, min(i + run, n_i))) for p in range(n_p) for i in range(0, n_i, run)
    ]

    def count(task: tuple[int, slice]) -> Ints:
        p, items = task
        rb, ra, _code = matched[p]
        columns = list(item_columns[items])
        return _run_counts(answers, columns, rb, ra, key_bases[p], n_g, k)

    # The pair whose panel counts each wave: the first it starts, else ends.
    side: dict[int, tuple[int, int]] = {}
    for p, (_b, a) in reversed(list(enumerate(pairs))):
        side[a] = (p, 1)
    for p, (b, _a) in reversed(list(enumerate(pairs))):
        side[b] = (p, 0)
    use = {(p, s): w for w, (p, s) in side.items()} if margins else {}
    for (p, items), found in zip(tasks, parallel_map(count, tasks), strict=True):
        panel[p, :, items] = found[..., :4]
        for s in (0, 1):
            w = use.get((p, s))
            if w is None:
                continue
            said_yes, said_no = found[..., 4 + 2 * s], found[..., 5 + 2 * s]
            rows_w = slice(w * n_g, (w + 1) * n_g)
            yes[rows_w, items] += said_yes
            base[rows_w, items] += said_yes + said_no
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
