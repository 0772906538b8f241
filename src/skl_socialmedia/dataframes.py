"""Columns → data frames: pandas, polars or pyarrow, each an optional extra.

The library's tables hand their tidy columns (a dict of numpy arrays, one
length) to :func:`to_frame`; text columns become the libraries' strings, the
rest keep their numpy dtypes. A missing library raises
:class:`~skl_socialmedia.errors.MissingExtraError` naming the ``frames``
extra.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError

__all__ = [
    "FRAME_KINDS",
    "FrameKind",
    "arrow_stream",
    "flag_column",
    "text_column",
    "to_frame",
]

#: The kinds of data frame :func:`to_frame` builds.
FrameKind = Literal["pandas", "polars", "arrow"]
FRAME_KINDS: tuple[FrameKind, ...] = ("pandas", "polars", "arrow")

_MODULES = {"pandas": "pandas", "polars": "polars", "arrow": "pyarrow"}


def _module(kind: str, what: str) -> Any:
    """Import the library of ``kind``, or raise the error naming the extra."""
    name = _MODULES[kind]
    try:
        return importlib.import_module(name)
    except ImportError:
        raise MissingExtraError(what, "frames", name) from None


def _kind(column: npt.NDArray[Any]) -> str:
    """Return ``"text"``, ``"bool"`` (with missing values) or ``""``."""
    if isinstance(column, np.ma.MaskedArray):
        return "bool"
    if column.dtype.kind == "U":
        return "text"
    if column.dtype.kind != "O":
        return ""
    present = [v for v in column.tolist() if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "bool"
    return "text"


def to_frame(
    columns: Mapping[str, npt.NDArray[Any]], kind: FrameKind, what: str = "a table"
) -> Any:
    """Return ``columns`` as a pandas or polars DataFrame, or a pyarrow Table.

    Text (and object) columns hold ``str`` values or ``None``; a masked
    boolean column (or an object column of booleans and ``None``) becomes a
    nullable boolean column; every other column keeps its numpy dtype.
    """
    if kind not in FRAME_KINDS:
        raise InvalidArgumentError(
            f"kind must be one of {', '.join(FRAME_KINDS)}, not {kind!r}"
        )
    library = _module(kind, f"{what} as a {kind} data frame")
    kinds = {name: _kind(column) for name, column in columns.items()}
    if kind == "pandas":
        return library.DataFrame(
            {
                name: library.array(column.tolist(), dtype="boolean")
                if kinds[name] == "bool"
                else column.astype(object)
                if kinds[name]
                else column
                for name, column in columns.items()
            },
            copy=False,
        )
    if kind == "polars":
        types = {"text": library.String, "bool": library.Boolean}
        return library.DataFrame(
            [
                library.Series(name, column.tolist(), dtype=types[kinds[name]])
                if kinds[name]
                else library.Series(name, column)
                for name, column in columns.items()
            ]
        )
    arrow_types = {"text": library.string(), "bool": library.bool_()}
    return library.table(
        {
            name: library.array(column.tolist(), type=arrow_types[kinds[name]])
            if kinds[name]
            else library.array(column)
            for name, column in columns.items()
        }
    )


def arrow_stream(
    columns: Mapping[str, npt.NDArray[Any]], requested_schema: object | None = None
) -> object:
    """Return the Arrow PyCapsule stream of ``columns`` (``__arrow_c_stream__``)."""
    table = to_frame(columns, "arrow", "an Arrow stream")
    return table.__arrow_c_stream__(requested_schema)


def text_column(values: Any) -> npt.NDArray[np.object_]:
    """Return ``values`` as an object array of ``str`` (``None`` kept)."""
    out = np.empty(len(values), dtype=object)
    out[:] = [None if v is None else str(v) for v in values]
    return out


def flag_column(values: Any) -> npt.NDArray[np.bool_]:
    """Return ``values`` as booleans with ``None`` masked (a nullable column)."""
    flags = [bool(v) if v is not None else False for v in values]
    mask = [v is None for v in values]
    return np.ma.masked_array(np.array(flags, dtype=bool), mask=mask)
