"""Per-wave counts: yes answers and bases per (wave, group, item) cell.

Rows are counted a batch of items at a time with base-3 digit keys (see
:mod:`~skl_socialmedia.tally.numpy_engine.keys`); the batches run on the
thread pool.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from skl_socialmedia._jit import kernels
from skl_socialmedia._parallel import parallel_map
from skl_socialmedia.survey.encode import Codes
from skl_socialmedia.tally.numpy_engine.keys import (
    Floats,
    Ints,
    Rows,
    Scratch,
    add_keys,
    base3_digits,
    batch_size,
    digit_margins,
    digits_for,
    make_key_base,
    rebase,
    scratch_pieces,
    split_batches,
)


def _count_batch(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rows: npt.NDArray[np.intp] | None,
    base: npt.NDArray[np.int32],
    bins: int,
    weights: Floats | None,
) -> tuple[Ints, Floats | None, Floats | None]:
    """Count one batch of items per cell: joint counts over base-3 digits.

    ``rows`` selects the rows (all when ``None``); ``base`` holds each selected
    row's cell key (see :func:`make_key_base`).
    """
    counts = np.zeros(bins, np.int64)
    sums = None if weights is None else np.zeros(bins)
    squares = None if weights is None else np.zeros(bins)
    # (intp keys: what np.bincount takes without a copy)
    for part, (a, t, kk) in scratch_pieces(len(base), np.int8, np.int8, np.intp):
        where: Rows = part if rows is None else rows[part]
        base3_digits(answers, columns, len(columns), where, a, t)
        np.add(base[part], a, out=kk)
        add_keys(kk, counts, sums, squares, None if weights is None else weights[where])
    return counts, sums, squares


def count_items(
    yes: Ints,
    base: Ints,
    weighted: list[Floats] | None,
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    cell: npt.NDArray[np.int32],
    rows: npt.NDArray[np.intp] | None,
    n_cells: int,
    weights: Floats | None,
) -> None:
    """Add the counts of ``rows`` (all when ``None``) per cell to the arrays."""
    n_i = len(item_columns)
    if not n_i:
        return
    most = batch_size(n_cells + 1, 3, 5)
    batches = split_batches(n_i, digits_for(len(cell), n_cells, most))
    k = len(batches[0])
    # the cells become key bases in place (the caller needs them no more)
    key_base = make_key_base(cell if rows is None else cell[rows], 3**k, in_place=True)

    def count(batch: list[int]) -> list[Floats]:
        k = len(batch)
        counted = _count_batch(
            answers,
            [item_columns[j] for j in batch],
            rows,
            rebase(key_base, 3 ** len(batches[0]), 3**k),
            (n_cells + 1) * 3**k,
            weights,
        )
        # per item and cell: (missing, no, yes), without the sentinel cell
        return [
            digit_margins(c, n_cells + 1, k, 3)[:n_cells]
            for c in counted
            if c is not None
        ]

    for batch, margins in zip(batches, parallel_map(count, batches), strict=True):
        add_margins(yes, base, weighted, batch, margins)


def add_margins(
    yes: Ints,
    base: Ints,
    weighted: list[Floats] | None,
    batch: list[int],
    margins: list[Floats],
) -> Ints:
    """Add a batch's margins (cells, k, missing/no/yes) to the tally's arrays.

    ``margins`` are the counts, then (weighted) the sums of weights and of
    squared weights; ``weighted`` receives Σw·y, Σw, Σw² and Σw²·y. Returns
    the counts as integers.
    """
    counts = np.rint(margins[0]).astype(np.int64)
    yes[:, batch] += counts[..., 2]
    base[:, batch] += counts[..., 1] + counts[..., 2]
    if weighted is not None:
        sums, squares = margins[1], margins[2]
        weighted[0][:, batch] += sums[..., 2]
        weighted[1][:, batch] += sums[..., 1] + sums[..., 2]
        weighted[2][:, batch] += squares[..., 1] + squares[..., 2]
        weighted[3][:, batch] += squares[..., 2]
    return counts


def count_by_wave(
    yes: Ints,
    base: Ints,
    weighted: list[Floats] | None,
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    slices: list[slice],
    group: Codes,
    n_groups: int,
    filt: npt.NDArray[np.bool_] | None,
    weights: Floats | None,
) -> Ints:
    """Add the counts per cell to the arrays, for rows in wave order.

    Returns the rows in the base per cell (wave × group), from the first batch.

    As :func:`count_items`, but a few waves at a time: a key holds the
    wave (of those few), the group (``n_groups`` outside the base) and the
    digits, so the key bases are narrow (int16 while they fit) and the bins
    stay in cache. A smaller last batch keeps the digits of a full one (its
    unused digits are 0). The rows of each wave follow on from the last's.
    """
    n_i, n_w, n_g = len(item_columns), len(slices), n_groups
    rows_per_cell: Ints = np.zeros(n_w * n_g, np.int64)
    if not n_i:
        return rows_per_cell
    k = digits_for(len(group), n_w * n_g, batch_size(n_g + 1, 3, 5))
    states = 3**k
    bins = (n_g + 1) * states  # per wave
    narrow = int(np.iinfo(np.int16).max)
    per_span = max(1, narrow // bins)
    dtype = np.int16 if per_span * bins <= narrow else np.int32
    spans = [(w, min(w + per_span, n_w)) for w in range(0, n_w, per_span)]

    # the keys without their digits, made once for every batch: the wave in
    # its span and the group, offset by half the states
    first = slices[0].start
    key_base = np.empty(slices[-1].stop - first, dtype)
    for w0, w1 in spans:
        for w in range(w0, w1):
            rows = slices[w]
            kb = key_base[rows.start - first : rows.stop - first]
            np.multiply(group[rows], states, out=kb, dtype=dtype)
            if filt is not None:
                kb[~filt[rows]] = n_g * states
            kb += (states - 1) // 2 + (w - w0) * bins

    # each span's rows and first bin, for the compiled kernel
    span_rows = np.array(
        [(slices[w0].start, slices[w1 - 1].stop, w0 * bins) for w0, w1 in spans],
        np.int64,
    )
    n_rows = len(key_base)

    def count(batch: list[int]) -> list[Floats]:
        columns = [item_columns[j] for j in batch]
        counts = np.zeros(n_w * bins, np.int64)
        sums = None if weights is None else np.zeros(n_w * bins)
        squares = None if weights is None else np.zeros(n_w * bins)
        compiled = None if weights is not None else kernels(n_rows * len(batch))
        if compiled is not None:  # the same counts, by a loop that holds no GIL
            compiled.key_counts(
                answers,
                np.array(columns, np.int64),
                k,
                key_base,
                first,
                span_rows,
                counts,
            )
        else:
            longest = max(slices[w1 - 1].stop - slices[w0].start for w0, w1 in spans)
            # (intp keys: what np.bincount takes without a copy)
            scratch = Scratch(longest, np.int8, np.int8, np.intp)
            for w0, w1 in spans:
                lo, hi = slices[w0].start, slices[w1 - 1].stop
                span_bins = slice(w0 * bins, w1 * bins)
                for piece, (a, t, kk) in scratch.pieces(hi - lo):
                    part = slice(lo + piece.start, lo + piece.stop)
                    base3_digits(answers, columns, k, part, a, t)
                    np.add(key_base[part.start - first : part.stop - first], a, out=kk)
                    add_keys(
                        kk,
                        counts[span_bins],
                        None if sums is None else sums[span_bins],
                        None if squares is None else squares[span_bins],
                        None if weights is None else weights[part],
                    )
        # per wave, group and item: (missing, no, yes), without the sentinel
        return [
            digit_margins(c, n_w * (n_g + 1), k, 3)
            .reshape(n_w, n_g + 1, k, 3)[:, :n_g, : len(batch)]
            .reshape(n_w * n_g, len(batch), 3)
            for c in (counts, sums, squares)
            if c is not None
        ]

    batches = split_batches(n_i, k)
    for batch, margins in zip(batches, parallel_map(count, batches), strict=True):
        counts = add_margins(yes, base, weighted, batch, margins)
        if batch is batches[0]:
            rows_per_cell += counts[:, 0].sum(axis=-1)
    return rows_per_cell
