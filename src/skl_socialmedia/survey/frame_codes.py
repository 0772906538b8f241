"""Encoding data-frame columns by their own libraries' hashing.

pandas columns by their ``factorize()`` (pyarrow-backed text by pyarrow's
``dictionary_encode``, piece by piece so codes are narrowed at once), pyarrow
and polars columns of text or categories by ``dictionary_encode``, and
columns of Python objects by hashing them in a dict — each far faster than
sorting the values as Python objects. :func:`~skl_socialmedia.survey.encode.encode`
chooses among them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import chunks
from skl_socialmedia.survey.arrow_labels import relabel_arrow
from skl_socialmedia.survey.codes import Codes, code_dtype, object_text, sort_labels

__all__ = [
    "arrow_column",
    "arrow_text",
    "encode_arrow",
    "encode_factorized",
    "encode_objects",
    "factorizable",
    "factorize",
    "native_column",
    "native_numbers",
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


def encode_factorized(values: Any) -> tuple[Codes, Sequence[str]]:
    """Encode a data-frame column by its ``factorize()`` (piece by piece).

    A column that offers ``arrow_factorize()`` (codes, and its distinct values
    as a pyarrow array) and has many distinct values keeps its labels in
    pyarrow (see :mod:`~skl_socialmedia.survey.arrow_labels`).
    """
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
        values, [_factorize_piece(values, part, data) for part in pieces]
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


def encode_arrow(data: Any) -> tuple[Codes, Sequence[str]]:
    """Encode a pyarrow column of text by ``dictionary_encode``, piece by piece."""
    pieces = [_arrow_piece(data, part) for part in chunks(len(data), _FACTORIZE_ROWS)]
    if all(piece is not None for piece in pieces):
        return _relabel(len(data), [p for p in pieces if p is not None])
    compute = importlib.import_module("pyarrow.compute")
    whole = data.combine_chunks() if hasattr(data, "combine_chunks") else data
    encoded = compute.dictionary_encode(whole)
    indices = compute.fill_null(encoded.indices, -1)
    codes = np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.intp)
    return _relabel(len(data), [(codes, encoded.dictionary.to_pylist())])


def polars_text(values: Any) -> tuple[Codes, Sequence[str]] | None:
    """Encode a polars column of text or categories, or return ``None``.

    Through Arrow (``dictionary_encode``) when pyarrow is installed, else by
    hashing its values as Python objects.
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
    arrow = text.to_arrow()
    types = importlib.import_module("pyarrow").types
    if types.is_string_view(arrow.type):
        arrow = arrow.cast(importlib.import_module("pyarrow").large_string())
    return encode_arrow(arrow)


def _text_or_missing(value: object) -> bool:
    """Return whether ``value`` is text, ``None`` or NaN (equal to nothing else)."""
    return (
        value is None or type(value) is str or (type(value) is float and value != value)
    )


#: Objects from which pandas' ``factorize`` hashes them, when pandas is loaded.
_PANDAS_OBJECTS = 1 << 16


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
            found, uniques = pandas.factorize(array)
        except TypeError:
            return None
        distinct = list(uniques)
        if not all(map(_text_or_missing, distinct)):
            return None
        return _relabel(len(array), [(np.asarray(found, dtype=np.intp), distinct)])
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


def _bits(buffer: Any, offset: int, length: int) -> npt.NDArray[np.bool_]:
    """Return ``length`` bits of an Arrow bitmap from ``offset`` as booleans."""
    packed = np.frombuffer(buffer, dtype=np.uint8)
    bits = np.unpackbits(packed, bitorder="little")[offset : offset + length]
    return bits.view(np.bool_)


def _arrow_numbers(values: Any) -> Any:
    """Return a pyarrow array of numbers or booleans as numpy, nulls masked.

    With nulls, the values are a view of the array's data (booleans unpacked)
    and the nulls a mask (a :class:`numpy.ma.MaskedArray`): no copy of the
    column as floats.
    """
    if hasattr(values, "chunks"):
        values = values.chunk(0) if values.num_chunks == 1 else values.combine_chunks()
    if not values.null_count:
        return values.to_numpy(zero_copy_only=False)
    validity, data = values.buffers()[:2]
    offset, length = values.offset, len(values)
    mask = ~_bits(validity, offset, length)
    if importlib.import_module("pyarrow").types.is_boolean(values.type):
        numbers: npt.NDArray[Any] = _bits(data, offset, length).view(np.uint8)
    else:
        dtype = np.dtype(values.type.to_pandas_dtype())
        numbers = np.frombuffer(data, dtype=dtype, count=offset + length)[offset:]
    return np.ma.masked_array(numbers, mask=mask)


def native_numbers(values: Any) -> Any:
    """Return a pyarrow or polars column of numbers or booleans as numpy.

    A column with nulls comes back as a masked array (nulls masked, see
    :func:`_arrow_numbers`); one without keeps its type. Other values are
    returned as they are.
    """
    module = type(values).__module__
    if module.startswith("polars"):
        dtype = getattr(values, "dtype", None)
        if dtype is None or not (dtype.is_numeric() or str(dtype) == "Boolean"):
            return values
        if not values.null_count():
            return values.to_numpy()
        values = values.to_arrow()
        module = "pyarrow"
    if module.startswith("pyarrow"):
        kind = getattr(values, "type", None)
        types = importlib.import_module("pyarrow").types
        if kind is None or not (
            types.is_integer(kind) or types.is_floating(kind) or types.is_boolean(kind)
        ):
            return values
        return _arrow_numbers(values)
    return values
