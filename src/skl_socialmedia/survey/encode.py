"""Column encoding: labels to integer codes, and weights to floats, vectorised.

Loops here run over the distinct values of a column, never over its rows
(except for columns of Python objects, which must be looked at one by one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import CHUNK, chunks
from skl_socialmedia.survey.codes import (
    MISSING_LABEL,
    Categorical,
    Codes,
    IntegerLabels,
    code_dtype,
    is_integer_like,
    label_text,
    object_text,
    objects_as_text,
    sort_labels,
    to_array,
)
from skl_socialmedia.survey.frame_codes import (
    arrow_column,
    arrow_text,
    encode_arrow,
    encode_dictionary,
    encode_factorized,
    encode_objects,
    factorizable,
    factorize,
    polars_text,
)

__all__ = [
    "MISSING_LABEL",
    "Categorical",
    "Codes",
    "IntegerLabels",
    "arrow_text",
    "code_dtype",
    "encode",
    "factorizable",
    "factorize",
    "first_appearance_order",
    "is_integer_like",
    "objects_as_text",
    "parse_weights",
    "sort_labels",
    "to_array",
]

# Integer columns whose values span at most this many times their length are
# encoded by a look-up table (linear time); others are sorted.
_SPAN_FACTOR = 4
#: Sorted columns with at most one run in this many rows are encoded by
#: repeating each code (their run starts are few); others piece by piece.
_FEW_RUNS = 64


def _integer_labels(
    values: npt.NDArray[np.integer[Any]], *, fresh: bool = False
) -> Sequence[str]:
    """Return the labels of ascending integers (text on demand when many).

    ``fresh`` values (made here, no one else's) are kept without a copy.
    """
    if len(values) > 1000 and int(values[-1]) <= np.iinfo(np.int64).max:
        return IntegerLabels(values, copy=not fresh)
    return [str(v) for v in values.tolist()]


def _runs(
    array: npt.NDArray[np.integer[Any]],
) -> tuple[int, npt.NDArray[np.intp] | None] | None:
    """Return how many runs of equal values there are, if ``array`` is sorted.

    With them where each run starts, if there are few (see :data:`_FEW_RUNS`).
    ``None`` as soon as a piece is out of order (most columns that are not
    sorted are found out in the first piece).
    """
    n = len(array)
    count, few = 1, n // _FEW_RUNS
    starts: list[npt.NDArray[np.intp]] | None = [np.zeros(1, np.intp)]
    for part in chunks(n - 1):
        now, after = array[part], array[part.start + 1 : part.stop + 1]
        if not bool(np.all(after >= now)):
            return None
        if starts is None:
            count += int(np.count_nonzero(after != now))
            continue
        found = np.flatnonzero(after != now)
        count += len(found)
        starts.append(found + (part.start + 1))
        if count > few:
            starts = None
    return count, None if starts is None else np.concatenate(starts)


def _encode_sorted(
    array: npt.NDArray[np.integer[Any]],
) -> tuple[Codes, Sequence[str]] | None:
    """Encode a sorted integer column by its runs (a wave column in wave order).

    Few runs: each code repeated over its run. Many: piece by piece, a run's
    code is the number of changes before it and its label the value where it
    starts. Every value distinct (an organisation column of one wave), the
    codes are the row numbers and the labels the values. Either way little
    is kept beside the codes and labels (issue 19).
    """
    found = _runs(array)
    if found is None:
        return None
    count, starts = found
    n = len(array)
    dtype = code_dtype(count)
    if count == n:
        return np.arange(count, dtype=dtype), _integer_labels(array)
    if starts is not None:
        lengths = np.diff(np.append(starts, n))
        runs: Codes = np.repeat(np.arange(count, dtype=dtype), lengths)
        return runs, _integer_labels(array[starts], fresh=True)
    codes: Codes = np.empty(n, dtype=dtype)
    codes[0] = 0
    firsts = [array[:1]]
    for part in chunks(n - 1):
        now, after = array[part], array[part.start + 1 : part.stop + 1]
        change = after != now
        out = codes[part.start + 1 : part.stop + 1]
        np.cumsum(change, dtype=dtype, out=out)
        out += codes[part.start]
        firsts.append(after[change])
    return codes, _integer_labels(np.concatenate(firsts), fresh=True)


def _encode_repeated(
    array: npt.NDArray[np.integer[Any]],
) -> tuple[Codes, Sequence[str]] | None:
    """Encode a column that repeats one ascending block of distinct values.

    The organisation column of a panel with the same organisations in the
    same order in every wave. The codes are the block's positions repeated,
    the labels its values; ``None`` unless the column is such a repetition
    (found out at the first block that differs).
    """
    n = len(array)
    length = 0
    for part in chunks(n - 1):
        now, after = array[part], array[part.start + 1 : part.stop + 1]
        descent = np.flatnonzero(after <= now)
        if len(descent):
            length = part.start + int(descent[0]) + 1
            break
    if not length or n % length or n == length:
        return None
    block = array[:length]  # strictly ascending: the first descent ends it
    for start in range(length, n, length):
        for part in chunks(length):
            other = array[start + part.start : start + part.stop]
            if not np.array_equal(other, block[part]):
                return None
    codes: Codes = np.tile(np.arange(length, dtype=code_dtype(length)), n // length)
    return codes, _integer_labels(block)


def _encode_integers(
    array: npt.NDArray[np.integer[Any]],
) -> tuple[Codes, Sequence[str]] | None:
    """Encode an integer column by its runs or a look-up table, or ``None``.

    A sorted column is encoded by its runs; another by a look-up table over
    its range, unless the range is too wide (``None``).
    """
    n = len(array)
    if n == 0:
        return None
    runs = _encode_sorted(array)
    if runs is None:
        runs = _encode_repeated(array)
    if runs is not None:
        return runs
    low, high = int(array.min()), int(array.max())
    span = high - low + 1
    if span > _SPAN_FACTOR * n + (1 << 16) or span >= np.iinfo(np.int32).max:
        return None
    offset = np.empty(n, dtype=code_dtype(span))
    for part in chunks(n):
        np.subtract(array[part], low, out=offset[part], casting="unsafe")
    seen = np.zeros(span, dtype=np.bool_)
    index = np.empty(min(n, CHUNK), np.intp)  # what indexing takes without a copy
    for part in chunks(n):
        at = index[: part.stop - part.start]
        at[...] = offset[part]
        seen[at] = True
    present = np.flatnonzero(seen)
    dtype = code_dtype(len(present))
    codes: Codes
    if len(present) == span:  # every value in the range occurs: codes = offsets
        codes = offset if offset.dtype == dtype else offset.astype(dtype)
    else:
        lut = np.full(span, -1, dtype=dtype)
        lut[present] = np.arange(len(present), dtype=dtype)
        codes = np.empty(n, dtype=dtype)
        for part in chunks(n):
            np.take(lut, offset[part], out=codes[part])
    values = present.astype(np.int64, copy=False)  # the values, in place
    values += low
    return codes, _integer_labels(values, fresh=True)


def encode(values: object) -> tuple[Codes, Sequence[str]]:
    """Encode a column as codes into distinct labels (``-1`` where missing).

    Labels are the values as text, stripped; whole floats lose their ``.0``
    (``2010.0`` → ``"2010"``); blank, ``None`` and NaN are missing. The labels
    come out sorted (see :func:`sort_labels`). Sorted integer columns and
    integer columns of a compact range are encoded in linear time, and so are
    data-frame columns (pyarrow-backed text by pyarrow's ``dictionary_encode``,
    others by their own ``factorize()``); codes use the narrowest integer type.
    """
    if factorizable(values, "biu"):
        return encode_factorized(values)
    found = encode_dictionary(values)
    if found is not None:
        return found
    arrow = arrow_column(values)
    if arrow is not None:
        return encode_arrow(arrow)
    found = polars_text(values)
    if found is not None:
        return found
    array = to_array(values)
    if array.dtype.kind == "O":
        found = encode_objects(array)
        if found is not None:
            return found
    if array.dtype.kind in "iub":
        ints = array.view(np.uint8) if array.dtype.kind == "b" else array
        fast = _encode_integers(ints)
        if fast is not None:
            codes, labels = fast
            if array.dtype.kind == "b":
                names = {"0": "False", "1": "True"}
                labels = [names[label] for label in labels]
            return codes, labels
    if array.dtype.kind not in "biufUS":
        array = objects_as_text(array)
    if array.dtype.kind == "S":
        array = array.astype(str)
    uniq, inverse = np.unique(array, return_inverse=True)
    raw = [label_text(u) for u in uniq.tolist()]
    labels = sort_labels(sorted({label for label in raw if label}))
    index = {label: i for i, label in enumerate(labels)}
    remap = np.array(
        [index.get(label, -1) for label in raw], dtype=code_dtype(len(labels))
    )
    result: Codes = remap[inverse.reshape(-1)]
    return result, labels


def first_appearance_order(codes: Codes, count: int) -> list[int]:
    """Return the codes ``0..count-1`` in the order they first appear (absent last)."""
    present = codes >= 0
    first = np.full(count, len(codes), dtype=np.intp)
    if present.any():
        uniq, index = np.unique(codes[present], return_index=True)
        first[uniq] = np.flatnonzero(present)[index]
    return [int(i) for i in np.argsort(first, kind="stable")]


#: A weight as text: ASCII decimal notation, an exponent allowed (``1.5``,
#: ``2e-3``). Not Python's ``float()`` syntax, which also reads ``1_000``,
#: other scripts' digits (``١٢``), full-width ones (``１``), ``nan`` and ``inf``.
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z", re.ASCII)


def _weight(text: str) -> float | None:
    """Return a weight written as text, or ``None`` if it is not a number.

    A decimal comma is read (``1,25``) where there is no point.
    """
    text = text.strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        return None
    return float(text)


def _weight_of(value: object) -> float:
    """Return a distinct value of a weight column as a float (NaN if not a number)."""
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    ):
        return float(value)
    weight = _weight(object_text(value))
    return np.nan if weight is None else weight


def parse_weights(
    values: object,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Read a weight column: floats (decimal comma accepted) and a bad-value mask.

    Text is a number only in ASCII decimal notation (``1``, ``0.5``, ``1,5``,
    ``2e-3``; not ``1_000``, ``١٢`` or ``１``). Bad values are blanks,
    non-numbers, NaN, infinities and negative numbers; they get the weight NaN.
    """
    if factorizable(values, "biuf"):  # a data frame's text or nullable numbers
        codes, uniques = factorize(values)
        lut = np.array(  # the last for code -1
            [*(_weight_of(u) for u in uniques), np.nan], dtype=np.float64
        )
        weights = lut[codes]
        with np.errstate(invalid="ignore"):
            return weights, ~np.isfinite(weights) | (weights < 0)
    array = to_array(values)
    if array.dtype.kind in "biuf":
        weights = array.astype(np.float64)
    else:
        if array.dtype.kind not in "US":
            array = objects_as_text(array)
        uniq, inverse = np.unique(array.astype(str), return_inverse=True)
        parsed = [_weight(u) for u in uniq.tolist()]
        lut = np.array([np.nan if p is None else p for p in parsed], dtype=np.float64)
        weights = lut[inverse.reshape(-1)]
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(weights) | (weights < 0)
    return weights, bad
