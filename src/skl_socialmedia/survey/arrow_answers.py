"""Answers read straight from Arrow memory: booleans, numbers and their nulls.

A pyarrow (or polars) column of booleans or numbers is parsed chunk by chunk
into the answer codes without a copy of the column: numbers are read where
they lie (a numpy view of the chunk's data), booleans and the validity
bitmap are unpacked piece by piece (``numpy.unpackbits``), and a null makes
the code missing whatever lies under it. A masked numpy array (DuckDB's
``fetchnumpy()``) has its mask applied the same way.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import chunks

__all__ = ["arrow_answer_codes", "arrow_chunks", "mask_missing"]

Codes = npt.NDArray[np.int8]
Bad = npt.NDArray[np.intp]
#: Parses a numpy column of numbers into ``out``; returns the bad positions.
Parse = Callable[[npt.NDArray[Any], Codes], Bad]

#: Rows per piece when a bitmap is unpacked (a multiple of 8: whole bytes).
_PIECE = 1 << 18


@functools.cache
def _types() -> Any:
    """Return ``pyarrow.types`` (looked up once: a relation's batches ask often)."""
    return importlib.import_module("pyarrow").types


def _bits(buffer: Any, offset: int, start: int, stop: int) -> npt.NDArray[np.uint8]:
    """Return bits ``start:stop`` of an Arrow bitmap at bit ``offset`` as 0/1."""
    first = offset + start
    shift = first & 7
    count = shift + stop - start
    packed = np.frombuffer(buffer, np.uint8, count=(count + 7) >> 3, offset=first >> 3)
    bits = np.unpackbits(packed, count=count, bitorder="little")
    return bits[shift:] if shift else bits


def _mask_nulls(chunk: Any, codes: Codes) -> None:
    """Make the codes of the chunk's nulls missing (``-1``), piece by piece.

    ``code | (valid - 1)``: a valid row keeps its code, a null becomes
    ``0xFF``, that is ``-1``.
    """
    validity, offset = chunk.buffers()[0], chunk.offset
    for part in chunks(len(chunk), _PIECE):
        valid = _bits(validity, offset, part.start, part.stop)
        np.subtract(valid, 1, out=valid)
        np.bitwise_or(codes[part], valid.view(np.int8), out=codes[part])


def _valid_at(chunk: Any, rows: Bad) -> npt.NDArray[np.bool_]:
    """Return whether the chunk's ``rows`` are valid (not null)."""
    if not chunk.null_count:
        return np.ones(len(rows), dtype=bool)
    at = rows + chunk.offset
    packed = np.frombuffer(chunk.buffers()[0], np.uint8)
    found: npt.NDArray[np.bool_] = ((packed[at >> 3] >> (at & 7)) & 1).astype(bool)
    return found


def _chunk_codes(chunk: Any, codes: Codes, parse: Parse) -> Bad:
    """Parse one Arrow array of booleans or numbers into ``codes``."""
    data = chunk.buffers()[1]
    n, offset = len(chunk), chunk.offset
    if _types().is_boolean(chunk.type):
        for part in chunks(n, _PIECE):
            codes[part] = _bits(data, offset, part.start, part.stop).view(np.int8)
        bad: Bad = np.empty(0, dtype=np.intp)
    else:
        dtype = np.dtype(chunk.type.to_pandas_dtype())
        values = np.frombuffer(data, dtype=dtype, count=offset + n)[offset:]
        bad = parse(values, codes)
        if len(bad) and chunk.null_count:  # what lies under a null is no answer
            bad = bad[_valid_at(chunk, bad)]
    if chunk.null_count:
        _mask_nulls(chunk, codes)
    return bad


def arrow_chunks(values: object) -> list[Any] | None:
    """Return the Arrow arrays of a pyarrow or polars column of answers, or ``None``.

    That is a column of booleans, integers or floats (a pyarrow Array or
    ChunkedArray, a polars Series); its chunks are read where they lie.
    """
    module = type(values).__module__
    if module.startswith("polars"):
        dtype = getattr(values, "dtype", None)
        if dtype is None or not (dtype.is_numeric() or str(dtype) == "Boolean"):
            return None
        values = values.to_arrow()  # type: ignore[attr-defined]
    elif not module.startswith("pyarrow"):
        return None
    kind = getattr(values, "type", None)
    types = _types()
    if kind is None or not (
        types.is_boolean(kind) or types.is_integer(kind) or types.is_floating(kind)
    ):
        return None
    found = getattr(values, "chunks", None)
    return list(found) if found is not None else [values]


def arrow_answer_codes(parts: list[Any], out: Codes, parse: Parse) -> Bad:
    """Parse Arrow arrays (see :func:`arrow_chunks`) into ``out``, end to end.

    Returns the bad positions, counted from the first array's first row.
    """
    found = []
    start = 0
    for chunk in parts:
        stop = start + len(chunk)
        if stop > start:
            bad = _chunk_codes(chunk, out[start:stop], parse)
            if len(bad):
                found.append(bad + start)
        start = stop
    if not found:
        return np.empty(0, dtype=np.intp)
    result: Bad = np.concatenate(found)
    return result


def mask_missing(codes: Codes, mask: npt.NDArray[np.bool_]) -> None:
    """Make the codes missing (``-1``) where ``mask`` is true, piece by piece."""
    flags = mask.view(np.int8)
    for part in chunks(len(codes), _PIECE):
        np.bitwise_or(codes[part], np.negative(flags[part]), out=codes[part])
