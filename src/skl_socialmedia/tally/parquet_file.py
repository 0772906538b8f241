"""The Tally as a Parquet file: one row per field (needs the ``arrow`` extra).

The table has one row per field of the tally, in the order of the Tally's
fields, with the columns

- ``field`` (string): the field's name; ``kind`` (string): one of
  :data:`~skl_socialmedia.tally.file_layout.KINDS`;
- ``dtype`` (string, null unless an array) and ``shape`` (list of int64);
- the values in the column of their type, the others null: ``ints`` (list
  of int64: an ``int`` field, an int64 array), ``floats`` (list of float64),
  ``bools`` (list of bool), ``strings`` (list of string: a ``str`` field,
  ``labels``) and ``tuples`` (list of lists of string: ``label_tuples``,
  and the ``[type, text]`` pairs of ``values``);
  arrays are flattened in row-major (C) order.

The file's key-value metadata hold, under
:data:`~skl_socialmedia.tally.file_layout.METADATA_KEY`
(``skl_socialmedia.tally``), a JSON object with the ``schema``
(``skl-socialmedia/tally/1``) and the ``library`` version that wrote it: the
marker by which readers tell a tally from microdata (:func:`is_tally_parquet`).
Floats are stored as they are (Parquet's doubles), so a round trip is exact.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from skl_socialmedia._atomic import write_atomically
from skl_socialmedia._version import __version__
from skl_socialmedia.errors import DataError, Location, MissingExtraError
from skl_socialmedia.tally.file_layout import (
    KINDS,
    METADATA_KEY,
    SCHEMA,
    Entry,
    check_header,
    encode,
)

__all__ = ["COLUMNS", "is_tally_parquet", "read_parquet", "write_parquet"]

#: The columns of a tally's Parquet table, in order.
COLUMNS = ("field", "kind", "dtype", "shape", "ints", "floats", "bools", "strings",
           "tuples")  # fmt: skip
_VALUE_COLUMN = {"int64": "ints", "float64": "floats", "bool": "bools"}
_SCALAR_COLUMN = {"int": "ints", "float": "floats", "bool": "bools", "str": "strings"}


def _arrow(feature: str) -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError(feature, "arrow", "pyarrow") from None
    return pa, pq


def _row(name: str, value: object) -> dict[str, Any]:
    entry = encode(name, value)
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(field=name, kind=entry.kind)
    if entry.kind in _SCALAR_COLUMN:
        row[_SCALAR_COLUMN[entry.kind]] = [entry.values]
    elif entry.kind == "labels":
        row["strings"] = list(entry.values)
    elif entry.kind in ("label_tuples", "values"):
        row["tuples"] = [list(v) for v in entry.values]
    elif entry.kind == "array":
        assert entry.dtype is not None
        row.update(dtype=entry.dtype, shape=list(entry.shape))
        row[_VALUE_COLUMN[entry.dtype]] = entry.values
    return row


def _table(fields: Mapping[str, object]) -> Any:
    pa, _ = _arrow("writing a tally as Parquet")
    rows = [_row(name, value) for name, value in fields.items()]
    types = {
        "field": pa.string(),
        "kind": pa.string(),
        "dtype": pa.string(),
        "shape": pa.list_(pa.int64()),
        "ints": pa.list_(pa.int64()),
        "floats": pa.list_(pa.float64()),
        "bools": pa.list_(pa.bool_()),
        "strings": pa.list_(pa.string()),
        "tuples": pa.list_(pa.list_(pa.string())),
    }
    columns = {}
    for name, kind in types.items():
        values = [row[name] for row in rows]
        if name in ("ints", "floats", "bools"):
            columns[name] = _list_column(pa, values, kind)
        else:
            columns[name] = pa.array(values, type=kind)
    marker = json.dumps({"schema": SCHEMA, "library": __version__})
    schema = pa.schema(
        [pa.field(n, t) for n, t in types.items()],
        metadata={METADATA_KEY: marker},
    )
    return pa.table(columns, schema=schema)


def _list_column(pa: Any, values: list[Any], kind: Any) -> Any:
    """Return a list column of numpy arrays (no Python objects on the way)."""
    lengths = [0 if v is None else len(v) for v in values]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    present = [np.asarray(v) for v in values if v is not None]
    flat = (
        np.concatenate(present)
        if present
        else np.zeros(0, kind.value_type.to_pandas_dtype())
    )
    mask = pa.array([v is None for v in values], type=pa.bool_())
    return pa.ListArray.from_arrays(
        pa.array(offsets, type=pa.int32()),
        pa.array(flat, type=kind.value_type),
        mask=mask,
    )


def write_parquet(fields: Mapping[str, object], path: str | os.PathLike[str]) -> None:
    """Write ``fields`` (a tally's) to ``path`` as Parquet, atomically."""
    pa, pq = _arrow("writing a tally as Parquet")
    sink = pa.BufferOutputStream()
    pq.write_table(_table(fields), sink, compression="zstd")
    write_atomically(Path(path), sink.getvalue().to_pybytes())


def _metadata(path: str | os.PathLike[str], where: Location) -> dict[bytes, bytes]:
    _, pq = _arrow("reading a tally from Parquet")
    try:
        schema = pq.read_schema(path)
    except FileNotFoundError:
        raise DataError("no such file", where) from None
    except (OSError, ValueError) as exc:
        raise DataError(f"not a Parquet file: {exc}", where) from None
    return dict(schema.metadata or {})


def is_tally_parquet(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a Parquet file carrying the tally marker.

    A file that is not Parquet, or cannot be read, is not. Needs the
    ``arrow`` extra.
    """
    try:
        metadata = _metadata(path, Location(file=os.fspath(path)))
    except DataError:
        return False
    return METADATA_KEY.encode() in metadata


def read_parquet(path: str | os.PathLike[str]) -> tuple[dict[str, Entry], Location]:
    """Read the entries of a tally written by :func:`write_parquet`.

    A file without the tally marker (microdata, another table) or with
    malformed rows is a :class:`~skl_socialmedia.errors.DataError` naming it.
    """
    where = Location(file=os.fspath(path))
    metadata = _metadata(path, where)
    marker = metadata.get(METADATA_KEY.encode())
    if marker is None:
        raise DataError(
            f"not a tally file: no {METADATA_KEY!r} in its Parquet metadata", where
        )
    try:
        header = json.loads(marker)
    except ValueError:
        header = None
    check_header(header, where)
    _, pq = _arrow("reading a tally from Parquet")
    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the tally file: {exc}", where) from None
    missing = [c for c in COLUMNS if c not in table.column_names]
    if missing:
        raise DataError(f"a tally file lacks the columns {missing}", where)
    return _entries(table, where), where


def _entries(table: Any, where: Location) -> dict[str, Entry]:
    names = table.column("field").to_pylist()
    kinds = table.column("kind").to_pylist()
    dtypes = table.column("dtype").to_pylist()
    shapes = table.column("shape").to_pylist()
    entries = {}
    for row, (name, kind) in enumerate(zip(names, kinds, strict=True)):
        if not isinstance(name, str) or name in entries:
            raise DataError(f"row {row}: a field name twice, or none", where)
        if kind not in KINDS:
            raise DataError(
                f"field {name!r}: unknown kind {kind!r} (known: {', '.join(KINDS)})",
                where,
            )
        values: Any = None
        if kind in _SCALAR_COLUMN:
            cell = table.column(_SCALAR_COLUMN[kind])[row].as_py()
            if not isinstance(cell, list) or len(cell) != 1:
                raise DataError(f"field {name!r}: expected one value", where)
            values = cell[0]
        elif kind == "labels":
            values = table.column("strings")[row].as_py()
        elif kind in ("label_tuples", "values"):
            values = table.column("tuples")[row].as_py()
        elif kind == "array":
            column = _VALUE_COLUMN.get(dtypes[row] or "")
            if column is None:
                raise DataError(
                    f"field {name!r}: unknown array dtype {dtypes[row]!r}", where
                )
            cell = table.column(column)[row]
            if not cell.is_valid:
                raise DataError(f"field {name!r}: no values", where)
            values = cell.values.to_numpy(zero_copy_only=False)
        shape = shapes[row]
        entries[name] = Entry(
            kind, values, dtypes[row], tuple(shape) if shape is not None else ()
        )
    return entries
