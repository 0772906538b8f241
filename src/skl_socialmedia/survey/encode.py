"""Column encoding: labels to integer codes, and weights to floats, vectorised.

Loops here run over the distinct values of a column, never over its rows
(except for columns of Python objects, which must be looked at one by one).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Sequence
from typing import Any, overload

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import CHUNK, chunks
from skl_socialmedia.errors import DataError

__all__ = [
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

_INTEGER = re.compile(r"^[+-]?\d+$")

#: The label of a missing attribute value.
MISSING_LABEL = "(missing)"

#: Integer codes of a column (``-1`` for missing), in the narrowest signed type.
Codes = npt.NDArray[np.signedinteger[Any]]


def code_dtype(count: int) -> type[np.signedinteger[Any]]:
    """Return the narrowest signed integer type for codes ``-1 .. count``."""
    if count < np.iinfo(np.int8).max:
        return np.int8
    if count < np.iinfo(np.int16).max:
        return np.int16
    if count < np.iinfo(np.int32).max:
        return np.int32
    return np.int64


class IntegerLabels(Sequence[str]):
    """The labels of an integer column: its distinct values as text, on demand.

    A column of 200,000 organisation numbers needs no 200,000 strings until
    someone asks for them; look-ups (``index``, ``in``) search the values.
    """

    __slots__ = ("_values",)

    def __init__(self, values: npt.NDArray[np.integer[Any]]) -> None:
        self._values = values

    def __len__(self) -> int:
        return len(self._values)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [str(v) for v in self._values[index].tolist()]
        return str(self._values[index])

    def __iter__(self) -> Iterator[str]:
        return iter([str(v) for v in self._values.tolist()])

    def _find(self, label: object) -> int:
        if not isinstance(label, str) or not _INTEGER.match(label):
            return -1
        number = int(label)
        if str(number) != label:
            return -1
        at = int(np.searchsorted(self._values, number))
        if at < len(self._values) and int(self._values[at]) == number:
            return at
        return -1

    def __contains__(self, label: object) -> bool:
        return self._find(label) >= 0

    def index(self, label: Any, start: int = 0, stop: int | None = None) -> int:
        """Return the position of ``label`` (a ``ValueError`` if absent)."""
        at = self._find(label)
        end = len(self) if stop is None else stop
        if at < 0 or not start <= at < end:
            raise ValueError(f"{label!r} is not a label")
        return at

    def __repr__(self) -> str:
        return f"IntegerLabels({len(self)} values)"


@attrs.frozen(eq=False)
class Categorical:
    """A column as integer ``codes`` into ``labels`` (``-1`` for missing)."""

    codes: Codes
    labels: Sequence[str]

    def take(self, rows: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> Categorical:
        """Return the rows selected by an index or mask, keeping every label."""
        return Categorical(self.codes[rows], self.labels)


def to_array(values: object, what: str = "a column") -> npt.NDArray[Any]:
    """Return ``values`` as a one-dimensional numpy array (duck-typed columns).

    Raises :class:`~skl_socialmedia.errors.DataError` naming ``what`` for
    values of more dimensions.
    """
    array = values if isinstance(values, np.ndarray) else np.asarray(values)
    if array.ndim != 1:
        array = np.asarray(values, dtype=object)
    if array.ndim != 1:
        raise DataError(f"{what} must be one-dimensional, not of shape {array.shape}")
    return array


def _object_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        if value != value:
            return ""
        if float(value).is_integer():
            return str(int(value))
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    return str(value).strip()


_objects_as_text = np.frompyfunc(_object_text, 1, 1)


def objects_as_text(array: npt.NDArray[Any]) -> npt.NDArray[np.str_]:
    """Return a column of Python objects as stripped text (``""`` where missing)."""
    with np.errstate(invalid="ignore"):
        text: npt.NDArray[np.str_] = np.asarray(_objects_as_text(array), dtype=str)
    return text


def _label(value: object) -> str:
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def is_integer_like(labels: Sequence[str]) -> bool:
    """Return whether every label is a whole number (``"2010"``, ``"3"``)."""
    if isinstance(labels, IntegerLabels):
        return len(labels) > 0
    return bool(labels) and all(_INTEGER.match(label) for label in labels)


def sort_labels(labels: list[str] | tuple[str, ...]) -> list[str]:
    """Sort labels numerically when all are whole numbers, else as text."""
    if is_integer_like(labels):
        return sorted(labels, key=_numeric_key)
    return sorted(labels)


def _numeric_key(label: str) -> tuple[int, int, str]:
    """Order whole numbers of any length (int() refuses over 4,300 digits)."""
    text = label.strip()
    negative = text.startswith("-")
    digits = text.lstrip("+-").lstrip("0") or "0"
    if negative and digits != "0":
        # more digits is smaller; among equal lengths, the larger digits smaller
        return (
            0,
            -len(digits),
            "".join(chr(ord("9") - ord(c) + ord("0")) for c in digits),
        )
    return (1, len(digits), digits)


# Integer columns whose values span at most this many times their length are
# encoded by a look-up table (linear time); others are sorted.
_SPAN_FACTOR = 4


def _integer_labels(values: npt.NDArray[np.integer[Any]]) -> Sequence[str]:
    """Return the labels of ascending integers (text on demand when many)."""
    if len(values) > 1000 and int(values[-1]) <= np.iinfo(np.int64).max:
        return IntegerLabels(values.astype(np.int64))
    return [str(v) for v in values.tolist()]


def _run_starts(array: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.intp] | None:
    """Return where each run of equal values starts, if ``array`` is sorted.

    ``None`` as soon as a piece is out of order (most columns that are not
    sorted are found out in the first piece).
    """
    starts = [np.zeros(1, np.intp)]
    for part in chunks(len(array) - 1):
        now, after = array[part], array[part.start + 1 : part.stop + 1]
        if not bool(np.all(after >= now)):
            return None
        starts.append(np.flatnonzero(after != now) + (part.start + 1))
    return np.concatenate(starts)


def _encode_sorted(
    array: npt.NDArray[np.integer[Any]],
) -> tuple[Codes, Sequence[str]] | None:
    """Encode a sorted integer column by its runs (a wave column in wave order)."""
    starts = _run_starts(array)
    if starts is None:
        return None
    lengths = np.diff(np.append(starts, len(array)))
    count = len(starts)
    codes: Codes = np.repeat(np.arange(count, dtype=code_dtype(count)), lengths)
    return codes, _integer_labels(array[starts])


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
    return codes, _integer_labels(present.astype(np.int64) + low)


def factorizable(values: object, numeric: str = "biu") -> bool:
    """Return whether ``values`` is a data-frame column to encode by its ``factorize``.

    That is a pandas-like column (it has ``factorize()``) whose values are not
    plain numpy numbers of the kinds in ``numeric``: text, categories, nullable
    numbers. Its own hash-based ``factorize()`` is far faster than sorting its
    values as Python objects.
    """
    if isinstance(values, np.ndarray) or not callable(
        getattr(values, "factorize", None)
    ):
        return False
    dtype = getattr(values, "dtype", None)
    return not (isinstance(dtype, np.dtype) and dtype.kind in numeric)


def factorize(values: Any) -> tuple[npt.NDArray[np.intp], list[object]]:
    """Return ``values.factorize()``: codes (``-1`` for missing), distinct values."""
    codes, uniques = values.factorize()
    return np.asarray(codes, dtype=np.intp).reshape(-1), list(uniques)


#: Rows per piece when a data-frame column is factorized piece by piece.
_FACTORIZE_ROWS = 1 << 18
#: Distinct values in a piece above which a column is factorized whole.
_FEW_DISTINCT = 1024

_Piece = tuple[Codes, list[object]] | None


def _pieces(values: Any) -> list[slice] | None:
    """Return the pieces to factorize a long pandas column by, or ``None``.

    ``factorize()`` of a whole column returns intp codes, eight bytes a row
    (and pyarrow-backed text allocates as much again inside pyarrow, which
    keeps it); piece by piece the codes are narrowed at once. Short columns
    and columns without ``iloc`` are factorized whole.
    """
    if getattr(values, "iloc", None) is None or len(values) <= 2 * _FACTORIZE_ROWS:
        return None
    return list(chunks(len(values), _FACTORIZE_ROWS))


def arrow_text(values: Any) -> Any | None:
    """Return the pyarrow array of text behind a pandas column, or ``None``.

    That is a column of pandas' ``str`` (pyarrow storage) or ``ArrowDtype``
    text; pyarrow's own ``dictionary_encode`` hashes it without Python
    objects and gives int32 codes (pandas' ``factorize`` would give intp).
    """
    dtype = getattr(values, "dtype", None)
    backed = getattr(dtype, "storage", None) == "pyarrow"
    if not (backed or getattr(dtype, "pyarrow_dtype", None) is not None):
        return None
    to_arrow = getattr(getattr(values, "array", None), "__arrow_array__", None)
    if not callable(to_arrow):
        return None
    types = importlib.import_module("pyarrow").types  # there, as pandas uses it
    data = to_arrow()
    text = (types.is_string, types.is_large_string, types.is_string_view)
    return data if any(test(data.type) for test in text) else None


def _arrow_piece(data: Any, part: slice) -> _Piece:
    """Factorize a piece of pyarrow text with ``dictionary_encode``.

    The chunks of an encoded chunked array share one dictionary; a piece
    whose chunks do not (or with many distinct values) gives ``None``.
    """
    compute = importlib.import_module("pyarrow.compute")
    encoded = compute.dictionary_encode(data.slice(part.start, part.stop - part.start))
    parts = getattr(encoded, "chunks", [encoded])
    if not parts:
        return np.empty(0, np.int8), []
    dictionary = parts[0].dictionary
    if len(dictionary) > _FEW_DISTINCT or not all(
        p.dictionary.equals(dictionary) for p in parts[1:]
    ):
        return None
    dtype = code_dtype(len(dictionary))
    codes: Codes = np.empty(len(encoded), dtype)
    start = 0
    for piece in parts:
        indices = piece.indices
        if indices.null_count:
            indices = compute.fill_null(indices, -1)
        stop = start + len(indices)
        codes[start:stop] = indices.to_numpy(zero_copy_only=False)
        start = stop
    return codes, dictionary.to_pylist()


def _factorize_piece(values: Any, part: slice, data: Any = None) -> _Piece:
    """Factorize one piece; ``None`` if it has many distinct values.

    ``data`` is the column's pyarrow text (see :func:`arrow_text`), if any.
    Columns with many distinct values (each piece would repeat them) are
    left to a whole ``factorize()``.
    """
    if data is not None:
        return _arrow_piece(data, part)
    codes, uniques = factorize(values.iloc[part])
    if len(uniques) > _FEW_DISTINCT:
        return None
    return codes.astype(code_dtype(len(uniques))), uniques


def _combine_pieces(values: Any, pieces: list[_Piece]) -> tuple[Codes, Sequence[str]]:
    """Combine factorized pieces into codes into the sorted labels."""
    done = [piece for piece in pieces if piece is not None]
    if len(done) < len(pieces):
        return _encode_whole(values)
    return _relabel(len(values), done)


def _encode_whole(values: Any) -> tuple[Codes, Sequence[str]]:
    return _relabel(len(values), [factorize(values)])


def _relabel(
    n: int, pieces: Sequence[tuple[Codes, list[object]]]
) -> tuple[Codes, Sequence[str]]:
    """Return the pieces' codes, end to end, as codes into their sorted labels.

    Each piece is codes (``-1`` for missing) into its own distinct values; the
    labels are those values as text (see :func:`_object_text`), blanks missing.
    """
    raws = [
        [u.strip() if type(u) is str else _object_text(u) for u in uniques]
        for _codes, uniques in pieces
    ]
    labels = sort_labels(sorted({label for raw in raws for label in raw if label}))
    index = {label: i for i, label in enumerate(labels)}
    dtype = code_dtype(len(labels))
    result: Codes = np.empty(n, dtype=dtype)
    start = 0
    for (codes, _uniques), raw in zip(pieces, raws, strict=True):
        remap = np.array([index.get(label, -1) for label in raw] + [-1], dtype)
        np.take(remap, codes, out=result[start : start + len(codes)])
        start += len(codes)
    return result, labels


def _encode_factorized(values: Any) -> tuple[Codes, Sequence[str]]:
    data = arrow_text(values)
    pieces = _pieces(values)
    if pieces is None:
        if data is None or not len(values):
            return _encode_whole(values)
        pieces = [slice(0, len(values))]  # pyarrow's codes are int32 at most
    return _combine_pieces(
        values, [_factorize_piece(values, part, data) for part in pieces]
    )


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
        return _encode_factorized(values)
    array = to_array(values)
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
    raw = [_label(u) for u in uniq.tolist()]
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
    weight = _weight(_object_text(value))
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
