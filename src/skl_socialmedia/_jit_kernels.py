"""The numba kernels behind :mod:`skl_socialmedia._jit` (imports numba).

Each kernel is the numpy code's computation written as one loop without
branches, so that it runs as vector instructions, and holds no GIL.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

__all__ = ["answer_codes", "key_counts", "missing_in_both_counts"]


@numba.njit(nogil=True, cache=True)
def answer_codes(values: Any, codes: Any) -> int:
    """Write the codes of a column of numbers; return how many are bad.

    1 → yes (1), 0 → no (0), NaN → missing (-1); any other value is bad and
    gets the code 0 here (the numpy code parses a column with bad values
    again, to report where they are).
    """
    good = 0
    for i in range(values.shape[0]):
        value = values[i]
        yes = np.int8(value == 1)
        missing = np.int8(value != value)
        codes[i] = yes - missing
        good += yes + missing + np.int8(value == 0)
    bad: int = values.shape[0] - good
    return bad


#: Rows a kernel keys at a time (the keys stay in the first-level cache).
_PIECE = 4096


@numba.njit(nogil=True, cache=True)
def key_counts(
    answers: Any,
    columns: Any,
    digits: int,
    key_base: Any,
    first: int,
    spans: Any,
    counts: Any,
) -> None:
    """Add the per-wave joint counts of a batch of items to ``counts``.

    As the numpy engine's per-wave counting (``tally.numpy_engine.waves``):
    for each span ``(row start, row stop, first bin)`` and each of its rows
    ``r``, the bin ``first bin + key_base[r - first] + Σ answer × 3 **
    (digits - 1 - i)`` over the batch's items ``i`` gains one.
    """
    k = columns.shape[0]
    keys = np.empty(_PIECE, np.int64)
    for s in range(spans.shape[0]):
        lo, hi, offset = spans[s, 0], spans[s, 1], spans[s, 2]
        for start in range(lo, hi, _PIECE):
            m = min(start + _PIECE, hi) - start
            for r in range(m):
                keys[r] = offset + key_base[start + r - first]
            for i in range(k):
                values = answers[start : start + m, columns[i]]
                scale = 1
                for _ in range(digits - 1 - i):
                    scale *= 3
                for r in range(m):
                    keys[r] += np.int64(values[r]) * scale
            for r in range(m):
                counts[keys[r]] += 1


@numba.njit(nogil=True, cache=True)
def missing_in_both_counts(
    answers: Any,
    columns: Any,
    lo: int,
    hi: int,
    offset: int,
    starts: Any,
    group: Any,
    n_groups: int,
    counts: Any,
) -> None:
    """Count the rows of a run of pairs missing items in both waves.

    As the numpy engine's ``sizes._missing_in_both_run``: for the before
    rows ``lo … hi`` (the after rows ``offset`` on) whose digits (bit ``i``
    set where item ``i`` of the batch is missing in both waves) are not all
    0, the bin ``(pair × (n_groups + 1) + group) << k | digits`` gains one;
    the pair of a row is the last whose start is at or before it.
    """
    k = columns.shape[0]
    signs = np.empty(_PIECE, np.uint8)
    pair = 0
    for start in range(lo, hi, _PIECE):
        m = min(start + _PIECE, hi) - start
        # first the rows missing any of the items in both waves: the sign
        # bit of (before & after), or-ed over the items
        signs[:m] = 0
        for i in range(k):
            before = answers[start : start + m, columns[i]].view(np.uint8)
            after = answers[start + offset : start + offset + m, columns[i]]
            after = after.view(np.uint8)
            for r in range(m):
                signs[r] |= before[r] & after[r]
        for r in range(m):
            if signs[r] & 0x80:  # (few rows) their digits, item by item
                row = start + r
                digits = 0
                for i in range(k):
                    column = columns[i]
                    if answers[row, column] < 0 and answers[row + offset, column] < 0:
                        digits |= 1 << i
                while pair + 1 < starts.shape[0] and starts[pair + 1] <= row:
                    pair += 1
                cell = pair * (n_groups + 1) + group[row]
                counts[(cell << k) | digits] += 1
