"""Encoding data-frame columns by their own libraries' hashing.

pandas columns by their ``factorize()`` (pyarrow-backed text by pyarrow's
``dictionary_encode``, piece by piece so codes are narrowed at once), pyarrow
and polars columns of text or categories by ``dictionary_encode``, and
columns of Python objects by hashing them in a dict — each far faster than
sorting the values as Python objects. :func:`~skl_socialmedia.survey.encode.encode`
chooses among them.
"""

from __future__ import annotations

import ctypes
import importlib
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import chunks
from skl_socialmedia.survey.arrow_labels import MANY, relabel_arrow
from skl_socialmedia.survey.codes import (
    Codes,
    IntegerLabels,
    code_dtype,
    object_text,
    sort_labels,
)

__all__ = [
    "arrow_column",
    "arrow_text",
    "encode_arrow",
    "encode_dictionary",
    "encode_factorized",
    "encode_objects",
    "factorizable",
    "factorize",
    "native_column",
    "native_text",
    "polars_text",
]


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


def _combine_pieces(
    values: Any, pieces: list[_Piece], data: Any = None
) -> tuple[Codes, Sequence[str]]:
    """Combine factorized pieces into codes into the sorted labels.

    Where a piece has many distinct values, the column is encoded whole: by
    pyarrow if it is pyarrow text (``data``), else by its ``factorize()``.
    """
    done = [piece for piece in pieces if piece is not None]
    if len(done) < len(pieces):
        return _encode_whole(values) if data is None else _arrow_whole(data)
    return _relabel(len(values), done)


def _encode_whole(values: Any) -> tuple[Codes, Sequence[str]]:
    return _relabel(len(values), [factorize(values)])


def _relabel(
    n: int, pieces: Sequence[tuple[Codes, list[object]]]
) -> tuple[Codes, Sequence[str]]:
    """Return the pieces' codes, end to end, as codes into their sorted labels.

    Each piece is codes (``-1`` for missing) into its own distinct values; the
    labels are those values as text (see :func:`object_text`), blanks missing.
    """
    raws = [
        [u.strip() if type(u) is str else object_text(u) for u in uniques]
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


#: Whole numbers below this magnitude are written as ``arrow_labels`` reads them.
_CANONICAL_LIMIT = 10**18


def _integer_codes(
    codes: Codes, whole: npt.NDArray[np.int64]
) -> tuple[Codes, Sequence[str]]:
    """Labels of a column's distinct whole numbers, given codes into them.

    ``whole``: the distinct numbers, ascending, each written canonically in
    the column (``str(value)``); ``codes``: into them, ``-1`` where blank.
    That is the codes into the sorted labels already; the labels are what
    the text would give (:func:`_relabel` sorts whole numbers as numbers;
    :func:`~skl_socialmedia.survey.arrow_labels.relabel_arrow` keeps many
    as :class:`~skl_socialmedia.survey.codes.IntegerLabels`).
    """
    if len(whole) >= MANY and max(-int(whole[0]), int(whole[-1])) < _CANONICAL_LIMIT:
        return codes, IntegerLabels(whole)
    return codes, [str(v) for v in whole.tolist()]


def encode_factorized(values: Any) -> tuple[Codes, Sequence[str]]:
    """Encode a data-frame column by its ``factorize()`` (piece by piece).

    A column that offers ``integer_factorize()`` (codes into its distinct
    whole numbers, ascending, each written canonically) is labelled by them
    (see :func:`_integer_codes`). A column that offers ``arrow_factorize()``
    (codes, and its distinct values as a pyarrow array) and has many
    distinct values keeps its labels in pyarrow (see
    :mod:`~skl_socialmedia.survey.arrow_labels`).
    """
    integer_factorize = getattr(values, "integer_factorize", None)
    found_integers = integer_factorize() if callable(integer_factorize) else None
    if found_integers is not None:
        return _integer_codes(*found_integers)
    arrow_factorize = getattr(values, "arrow_factorize", None)
    if callable(arrow_factorize):
        found = relabel_arrow(*arrow_factorize())
        if found is not None:
            return found
    data = arrow_text(values)
    pieces = _pieces(values)
    if pieces is None:
        if data is None or not len(values):
            return _encode_whole(values)
        pieces = [slice(0, len(values))]  # pyarrow's codes are int32 at most
    return _combine_pieces(
        values, [_factorize_piece(values, part, data) for part in pieces], data
    )


def arrow_column(values: Any) -> Any | None:
    """Return a pyarrow column of text (or of categories) as text, else ``None``."""
    if not type(values).__module__.startswith("pyarrow"):
        return None
    kind = getattr(values, "type", None)
    types = importlib.import_module("pyarrow").types
    if kind is not None and types.is_dictionary(kind):
        values = values.cast(kind.value_type)  # categories: their text
        kind = kind.value_type
    text = (types.is_string, types.is_large_string, types.is_string_view)
    return values if kind is not None and any(t(kind) for t in text) else None


def encode_dictionary(values: Any) -> tuple[Codes, Sequence[str]] | None:
    """Encode a pyarrow column of categories (dictionary of text) by its indices.

    Each chunk's indices are codes into its own dictionary; no text is
    hashed. Entries no row uses are no label. ``None`` for other columns and
    for dictionaries of many values (those are encoded as text).
    """
    if not type(values).__module__.startswith("pyarrow"):
        return None
    types = importlib.import_module("pyarrow").types
    kind = getattr(values, "type", None)
    text = (types.is_string, types.is_large_string, types.is_string_view)
    if not (
        kind is not None
        and types.is_dictionary(kind)
        and any(test(kind.value_type) for test in text)
    ):
        return None
    parts = list(getattr(values, "chunks", [values]))
    if any(len(part.dictionary) > _FEW_DISTINCT for part in parts):
        return None
    compute = importlib.import_module("pyarrow.compute")
    pieces: list[tuple[Codes, list[object]]] = []
    for part in parts:
        indices = part.indices
        if indices.null_count:
            indices = compute.fill_null(indices, -1)
        codes = np.asarray(indices.to_numpy(zero_copy_only=False))
        uniques: list[object] = part.dictionary.to_pylist()
        used = np.bincount(codes[codes >= 0], minlength=len(uniques)) > 0
        if not used.all():
            seen = used[: len(uniques)].tolist()
            uniques = [u if y else None for u, y in zip(uniques, seen, strict=True)]
        pieces.append((codes, uniques))
    return _relabel(len(values), pieces)


def encode_arrow(data: Any) -> tuple[Codes, Sequence[str]]:
    """Encode a pyarrow column of text by ``dictionary_encode``, piece by piece."""
    pieces = [_arrow_piece(data, part) for part in chunks(len(data), _FACTORIZE_ROWS)]
    if all(piece is not None for piece in pieces):
        return _relabel(len(data), [p for p in pieces if p is not None])
    return _arrow_whole(data)


def _arrow_whole(data: Any) -> tuple[Codes, Sequence[str]]:
    """Encode pyarrow text of many distinct values with one ``dictionary_encode``.

    The labels stay in pyarrow where they can (see
    :func:`~skl_socialmedia.survey.arrow_labels.relabel_arrow`): no Python
    string per distinct value.
    """
    compute = importlib.import_module("pyarrow.compute")
    whole = data.combine_chunks() if hasattr(data, "combine_chunks") else data
    encoded = compute.dictionary_encode(whole)
    indices = compute.fill_null(encoded.indices, -1)
    codes = np.asarray(indices.to_numpy(zero_copy_only=False))
    del indices
    found = relabel_arrow(codes, encoded.dictionary)
    if found is not None:
        return found
    return _relabel(len(data), [(codes, encoded.dictionary.to_pylist())])


def polars_text(values: Any) -> tuple[Codes, Sequence[str]] | None:
    """Encode a polars column of text or categories, or return ``None``.

    Through Arrow (``dictionary_encode`` of polars' own string views, where
    pyarrow hashes those) when pyarrow is installed, else by hashing its
    values as Python objects.
    """
    if not type(values).__module__.startswith("polars"):
        return None
    dtype = str(getattr(values, "dtype", ""))
    if not dtype.startswith(("String", "Utf8", "Categorical", "Enum")):
        return None
    polars = importlib.import_module("polars")
    text = values.cast(polars.String)
    try:
        importlib.import_module("pyarrow")
    except ImportError:
        objects = np.empty(len(text), dtype=object)
        objects[:] = text.to_list()
        return encode_objects(objects)
    pa = importlib.import_module("pyarrow")
    newest = getattr(getattr(polars, "CompatLevel", None), "newest", None)
    if callable(newest):  # string views, as polars holds them: no copy
        try:
            return encode_arrow(text.to_arrow(compat_level=newest()))
        except pa.ArrowNotImplementedError:  # an older pyarrow
            pass
    arrow = text.to_arrow()
    if pa.types.is_string_view(arrow.type):
        arrow = arrow.cast(pa.large_string())
    return encode_arrow(arrow)


def _text_or_missing(value: object) -> bool:
    """Return whether ``value`` is text, ``None`` or NaN (equal to nothing else)."""
    return (
        value is None or type(value) is str or (type(value) is float and value != value)
    )


#: Objects from which pandas' ``factorize`` hashes them, when pandas is loaded.
_PANDAS_OBJECTS = 1 << 16


def _arrow_strings(
    codes: Codes, distinct: list[str]
) -> tuple[Codes, Sequence[str]] | None:
    """Relabel many distinct strings in pyarrow, if it is installed.

    See :func:`~skl_socialmedia.survey.arrow_labels.relabel_arrow`.
    """
    try:
        pa = importlib.import_module("pyarrow")
    except ImportError:
        return None
    return relabel_arrow(codes, pa.array(distinct, type=pa.string()))


#: Objects looked at to tell whether a column repeats a few objects.
_SAMPLE = 4096


def _pointers(array: npt.NDArray[Any]) -> npt.NDArray[np.intp] | None:
    """Return the addresses of an object array's objects (CPython), else ``None``.

    An object array holds pointers to its objects; read as integers (valid
    while ``array`` is alive) they are hashed far faster than the objects.
    """
    if sys.implementation.name != "cpython" or not array.flags.c_contiguous:
        return None
    cells = (ctypes.c_ssize_t * len(array)).from_address(array.ctypes.data)
    found: npt.NDArray[np.intp] = np.ctypeslib.as_array(cells)
    return found


def _identity_pieces(
    pandas: Any, array: npt.NDArray[Any]
) -> list[tuple[Codes, list[object]]] | None:
    """Factorize a long column of a few repeated objects by their identity.

    A column made by indexing a few labels (``labels[codes]``) holds the same
    objects over and over: their addresses are factorized piece by piece as
    integers, and each piece's distinct objects (one per address, found at
    its first row) are then labelled by value (see :func:`_relabel`), so
    equal objects at different addresses still share a label. ``None`` for
    short columns, columns of many distinct objects, and other values than
    text, ``None`` and NaN.
    """
    if len(array) <= 2 * _FACTORIZE_ROWS:
        return None
    pointers = _pointers(array)
    if pointers is None or len(pandas.unique(pointers[:_SAMPLE])) > _FEW_DISTINCT // 16:
        return None
    pieces: list[tuple[Codes, list[object]]] = []
    for part in chunks(len(array), _FACTORIZE_ROWS):
        found, uniques = pandas.factorize(pointers[part])
        if len(uniques) > _FEW_DISTINCT:
            return None
        codes = np.asarray(found)
        first = np.empty(len(uniques), dtype=np.intp)  # each address's first row
        first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
        distinct = array[part][first].tolist()
        if not all(map(_text_or_missing, distinct)):
            return None
        pieces.append((codes.astype(code_dtype(len(distinct))), distinct))
    return pieces


def _object_pieces(
    pandas: Any, array: npt.NDArray[Any]
) -> list[tuple[Codes, list[object]]] | None:
    """Factorize long columns of objects piece by piece, codes narrowed at once.

    ``None`` for short columns, and where a piece has many distinct values
    or other values than text, ``None`` and NaN (those are encoded whole).
    """
    if len(array) <= 2 * _FACTORIZE_ROWS:
        return None
    pieces: list[tuple[Codes, list[object]]] = []
    for part in chunks(len(array), _FACTORIZE_ROWS):
        found, uniques = pandas.factorize(array[part])
        distinct = list(uniques)
        if len(distinct) > _FEW_DISTINCT or not all(map(_text_or_missing, distinct)):
            return None
        pieces.append((np.asarray(found).astype(code_dtype(len(distinct))), distinct))
    return pieces


def encode_objects(array: npt.NDArray[Any]) -> tuple[Codes, Sequence[str]] | None:
    """Encode Python objects of text by hashing them, or return ``None``.

    ``None`` unless every distinct value is text, ``None`` or NaN: hashing
    would join numbers whose labels differ (``True == 1 == 1.0``), and
    unhashable objects cannot be hashed. Many objects are hashed by pandas'
    ``factorize`` when pandas is already imported (it is not imported here).
    """
    pandas = sys.modules.get("pandas")  # hashes faster; used when already loaded
    if pandas is not None and len(array) >= _PANDAS_OBJECTS:
        try:
            pieces = _identity_pieces(pandas, array) or _object_pieces(pandas, array)
            if pieces is not None:
                return _relabel(len(array), pieces)
            found, uniques = pandas.factorize(array)
        except TypeError:
            return None
        distinct = list(uniques)
        if not all(map(_text_or_missing, distinct)):
            return None
        codes = np.asarray(found, dtype=np.intp)
        if len(distinct) >= MANY and all(type(u) is str for u in distinct):
            many = _arrow_strings(codes, distinct)
            if many is not None:
                return many
        return _relabel(len(array), [(codes, distinct)])
    values = array.tolist()
    try:
        index = {v: i for i, v in enumerate(dict.fromkeys(values))}
    except TypeError:
        return None
    if not all(map(_text_or_missing, index)):
        return None
    codes = np.fromiter(map(index.__getitem__, values), np.intp, len(values))
    return _relabel(len(array), [(codes, list(index))])


def native_text(values: object) -> bool:
    """Return whether ``values`` is a pyarrow or polars column of text or categories.

    :func:`encode` hashes such columns with their own library, far faster
    than as Python objects.
    """
    module = type(values).__module__
    if module.startswith("pyarrow"):
        return arrow_column(values) is not None
    dtype = str(getattr(values, "dtype", ""))
    return module.startswith("polars") and dtype.startswith(
        ("String", "Utf8", "Categorical", "Enum")
    )


def native_column(values: object) -> bool:
    """Return whether ``values`` is a pyarrow or polars column (kept as it is)."""
    module = type(values).__module__
    return module.startswith(("pyarrow", "polars")) and hasattr(values, "__len__")
