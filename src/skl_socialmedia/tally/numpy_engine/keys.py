"""Keys that hold several answers at once, and their margins.

Each row's answers to a batch of k items, coded 0/1/2 (missing/no/yes), are
the base-3 digits of a key that also holds the row's cell; one
``np.bincount`` of the keys counts every combination, and an item's counts
are the sums over the other digits (:func:`digit_margins`). Panel cells use
base-9 digits (the answer before × the answer after), panel sizes one bit per
item (:func:`sign_bits`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import chunks
from skl_socialmedia.survey.encode import Codes
from skl_socialmedia.tally.numpy_engine import tuning

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Rows = slice | npt.NDArray[np.intp]


def batch_size(cells: int, states: int, most: int) -> int:
    """Return how many items one key can hold for ``cells`` cells."""
    k = 1
    while k < most and cells * states ** (k + 1) <= tuning.MAX_BINS:
        k += 1
    return k


def digits_for(rows: int, cells: int, most: int) -> int:
    """Return how many items (base-3 digits) one key should hold.

    Each batch of k items reads every row once and handles ``cells * 3**k``
    bins: per item, ``(rows + tuning.BIN_COST * cells * 3**k) / k``. Many rows a
    cell want many digits; few rows a cell (small surveys, many groups)
    want fewer. Both ways of counting a survey's waves ask with the same
    rows and cells, so that their weighted sums add up in the same order.
    """

    def cost(k: int) -> float:
        return (rows + tuning.BIN_COST * cells * 3.0**k) / k

    return min(range(1, most + 1), key=cost)  # (the first of equals)


def split_batches(count: int, k: int) -> list[list[int]]:
    """Return ``range(count)`` in batches of (at most) ``k`` items."""
    return [list(range(i, min(i + k, count))) for i in range(0, count, k)]


@functools.cache
def digit_selector(states: int, k: int, m: int) -> Floats:
    """Return S with ``S[key, d] = 1`` when digit ``m`` of ``key`` (of k) is d."""
    keys = np.arange(states**k)
    matrix = np.zeros((states**k, states))
    matrix[keys, keys // states ** (k - 1 - m) % states] = 1.0
    matrix.flags.writeable = False
    return matrix


def digit_margins(counts: Any, rows: int, k: int, states: int) -> Floats:
    """Return each item's counts by digit, shape (rows, k, states).

    ``counts`` holds the bincount of keys ``row * states**k + digits``. An
    item's counts are the sums over the other digits: a product with a 0/1
    matrix per item (exact for counts, which are far below 2**53; small
    enough that BLAS runs it on the calling thread).
    """
    out = np.empty((rows, k, states))
    if np.asarray(counts).dtype.kind == "f":
        # sums of weights: over the other digits one at a time, in a fixed
        # order (BLAS's depends on the shapes), so every path adds alike
        digits = np.asarray(counts).reshape(rows, *([states] * k))
        for m in range(k):
            summed = digits
            for axis in range(k, 0, -1):
                if axis != m + 1:
                    summed = summed.sum(axis=axis)
            out[:, m] = summed
        return out
    joint = np.asarray(counts, dtype=np.float64).reshape(rows, states**k)
    for m in range(k):
        np.matmul(joint, digit_selector(states, k, m), out=out[:, m])
    return out


def make_key_base(
    code: Codes, states: int, *, in_place: bool = False
) -> npt.NDArray[np.int32]:
    """Return ``code * states + offset``: the keys without their digits.

    ``in_place`` needs int32 codes (they become the keys).
    """
    base: npt.NDArray[np.int32] = code if in_place else np.empty(len(code), np.int32)
    np.multiply(code, states, out=base, dtype=np.int32)
    base += (states - 1) // 2
    return base


def rebase(
    base: npt.NDArray[np.int32], states: int, fewer: int
) -> npt.NDArray[np.int32]:
    """Return the key base for ``fewer`` states from one for ``states``."""
    if fewer == states:
        return base
    code = (base - (states - 1) // 2) // (states // fewer)
    return code + (fewer - 1) // 2


def base3_digits(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    k: int,
    where: Rows,
    out: npt.NDArray[np.int8],
    scratch: npt.NDArray[np.int8],
) -> None:
    """Write the answers (-1, 0, 1) of a batch of items as k base-3 digits.

    ``out`` receives, for the rows ``where``, the sum of each item's answer
    times ``3 ** (k - 1 - i)``: the first item is the most significant digit
    (with fewer than k items, the last digits stay 0).
    """
    np.multiply(answers[where, columns[0]], 3 ** (k - 1), out=out)
    for i, column in enumerate(columns[1:], start=1):
        np.multiply(answers[where, column], 3 ** (k - 1 - i), out=scratch)
        out += scratch


def add_keys(
    key: npt.NDArray[np.intp],
    counts: Ints,
    sums: Floats | None,
    squares: Floats | None,
    weights: Floats | None,
) -> None:
    """Add the bincount of ``key`` (and of its weights and squared weights)."""
    bins = len(counts)
    counts += np.bincount(key, minlength=bins)
    if weights is not None and sums is not None and squares is not None:
        sums += np.bincount(key, weights, bins)
        squares += np.bincount(key, weights * weights, bins)


def bit_counts(counts: Any, rows: int, k: int, bit: int) -> Ints:
    """Return, per row of keys and item, the keys whose item's bit is ``bit``.

    ``counts`` holds the bincount of keys ``row << k | digits`` with the first
    item in the lowest bit (digit ``k - 1 - m`` of the key is item m, hence
    the reversal); the result has shape (rows, k), items in order.
    """
    margins = digit_margins(counts, rows, k, 2)[:, ::-1, bit]
    result: Ints = np.rint(margins).astype(np.int64)
    return result


def sign_bits(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    sb: Rows,
    sa: Rows,
    combine: np.ufunc,
    both: npt.NDArray[np.int8],
    acc: npt.NDArray[np.uint8],
) -> None:
    """Pack the sign bits of ``combine(before, after)`` of (at most 8) items.

    The last item's bit ends up in the top bit of each byte of ``acc``, the
    first item's ``len(columns) - 1`` places below it; ``both`` is scratch.
    """
    x = both.view(np.uint8)
    for i, column in enumerate(columns):
        combine(answers[sb, column], answers[sa, column], out=both)
        if i == 0:
            np.bitwise_and(x, 0x80, out=acc)
        else:
            np.bitwise_and(x, 0x80, out=x)
            np.right_shift(acc, 1, out=acc)
            acc |= x


class Scratch:
    """Scratch arrays for pieces of rows, allocated once and reused per piece.

    ``Scratch(longest, np.int8, np.intp)`` holds one array per type, each of
    ``min(tuning.ROWS, longest)`` elements; :meth:`pieces` cuts ``range(n)``
    (``n <= longest``) into pieces of at most ``tuning.ROWS`` rows and gives,
    with each piece, views of the arrays of the piece's length.
    """

    def __init__(self, longest: int, *dtypes: npt.DTypeLike) -> None:
        size = min(tuning.ROWS, longest)
        self.buffers = [np.empty(size, dtype) for dtype in dtypes]

    def pieces(self, n: int) -> Iterator[tuple[slice, list[npt.NDArray[Any]]]]:
        """Yield each piece of ``range(n)`` with its scratch views."""
        for part in chunks(n, tuning.ROWS):
            m = part.stop - part.start
            yield part, [buffer[:m] for buffer in self.buffers]


def scratch_pieces(
    n: int, *dtypes: npt.DTypeLike
) -> Iterator[tuple[slice, list[npt.NDArray[Any]]]]:
    """Yield the pieces of ``range(n)`` with scratch arrays (see :class:`Scratch`)."""
    return Scratch(n, *dtypes).pieces(n)
