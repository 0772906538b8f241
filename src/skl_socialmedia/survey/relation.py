"""A DuckDB relation read batch by batch, its answers straight into the matrix.

:func:`relation_columns` stands for each column of the relation by a
:class:`RelationColumn`; once the builder knows which columns are items,
:func:`read_relation` runs the relation once (after a ``count(*)``), asks
DuckDB for only those columns (booleans cast to ``TINYINT`` in SQL, which
DuckDB exports far faster; numbers and text as they are) and streams the
Arrow record batches: each batch's answers are parsed on the thread pool
into their rows of the ``int8`` matrix while DuckDB makes the next, and the
other columns are kept (whole numbers in the narrowest type that holds them,
text as dictionary arrays). No copy of the whole relation is made. An
answer that is no yes/no answer is reported with its value as the relation
holds it (the column is read again for that).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import parallel_start, threads
from skl_socialmedia.errors import DataError
from skl_socialmedia.survey.answers import answer_codes
from skl_socialmedia.survey.codes import to_array

__all__ = ["RelationColumn", "is_relation", "read_relation", "relation_columns"]

#: Rows per record batch asked of DuckDB.
BATCH_ROWS = 1 << 15

Bad = npt.NDArray[np.intp]


def is_relation(value: object) -> bool:
    """Return whether ``value`` is a DuckDB relation (duck-typed)."""
    return (
        type(value).__module__.split(".")[0] in ("duckdb", "_duckdb")
        and hasattr(value, "columns")
        and hasattr(value, "types")
        and hasattr(value, "project")
        and (hasattr(value, "to_arrow_reader") or hasattr(value, "fetch_record_batch"))
    )


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Source:
    """The relation, its column types and (once counted) its rows."""

    def __init__(self, relation: Any) -> None:
        self.relation = relation
        names, types = relation.columns, relation.types
        self.types = {str(n): str(t) for n, t in zip(names, types, strict=True)}
        self.rows: int | None = None
        self._columns: dict[str, npt.NDArray[Any]] = {}

    def count(self) -> int:
        if self.rows is None:
            self.rows = int(self.relation.count("*").fetchall()[0][0])
        return self.rows

    def reader(self, expressions: Sequence[str]) -> Any:
        projected = self.relation.project(", ".join(expressions))
        to_reader = getattr(projected, "to_arrow_reader", None)
        if callable(to_reader):
            return to_reader(BATCH_ROWS)
        return projected.fetch_record_batch(BATCH_ROWS)

    def column(self, name: str) -> npt.NDArray[Any]:
        """Return a column as the relation holds it (read again, for reports)."""
        if name not in self._columns:
            reader = self.reader([_quoted(name)])
            self._columns[name] = to_array(reader.read_all().column(0))
        return self._columns[name]


class RelationColumn:
    """A column of a DuckDB relation, read by :func:`read_relation`."""

    __slots__ = ("name", "source")

    def __init__(self, source: _Source, name: str) -> None:
        self.source = source
        self.name = name

    def __len__(self) -> int:
        return self.source.count()

    def text(self, row: int) -> object:
        """Return the value at ``row`` as the relation holds it (for a report)."""
        value = self.source.column(self.name)[row]
        return value.item() if hasattr(value, "item") else value

    def __repr__(self) -> str:
        return f"RelationColumn({self.name!r})"


def relation_columns(relation: Any) -> dict[str, RelationColumn]:
    """Return a DuckDB relation's columns by name, each to be read later."""
    source = _Source(relation)
    return {name: RelationColumn(source, name) for name in source.types}


def _narrow(chunk: Any) -> Any:
    """Return a batch's column in less memory, the same values.

    Whole numbers become the narrowest numpy array that holds them (the same
    labels, and ``wave_values``); text becomes a dictionary array (its own
    dictionary; the builder encodes it by its indices). Other columns, and
    numbers with nulls, stay as they are.
    """
    import pyarrow as pa

    kind = chunk.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return chunk.dictionary_encode()
    if chunk.null_count or not pa.types.is_integer(kind):
        return chunk
    values = chunk.to_numpy()
    if not len(values):
        return values
    low, high = values.min(), values.max()
    for dtype in (np.int8, np.int16, np.int32, np.uint8, np.uint16, np.uint32):
        info = np.iinfo(dtype)
        signed = (info.min < 0) == (values.dtype.kind == "i")
        if signed and info.min <= low and high <= info.max:
            return values.astype(dtype)
    return values


def _joined(chunks: list[Any], kind: Any) -> Any:
    """Return a column's batches end to end: numpy if all are, else Arrow."""
    import pyarrow as pa

    if chunks and all(isinstance(c, np.ndarray) for c in chunks):
        return np.concatenate(chunks)
    if chunks and all(pa.types.is_dictionary(c.type) for c in chunks):
        return pa.chunked_array(chunks)
    arrow = [
        pa.array(c).cast(kind)
        if isinstance(c, np.ndarray)
        else c.cast(kind)
        if c.type != kind
        else c
        for c in chunks
    ]
    return pa.chunked_array(arrow, type=kind)


#: A task's part of a batch: its items' bad rows, its other columns narrowed.
_Done = tuple[list[Bad], list[Any]]


def _batch(
    batch: Any,
    at: int,
    answers: npt.NDArray[np.int8],
    k: int,
    task: tuple[list[int], list[int]],
) -> _Done:
    """Parse a task's items of a batch into ``answers``; narrow its others.

    The batch's first ``k`` columns are the items, the rest the others.
    """
    mine, theirs = task
    got, end = batch.columns, at + batch.num_rows
    bad = [answer_codes(got[j], out=answers[at:end, j])[1] + at for j in mine]
    return bad, [_narrow(got[k + i]) for i in theirs]


def _done(result: list[_Done]) -> Callable[[], list[_Done]]:
    return lambda: result


def read_relation(
    columns: Mapping[str, Any], items: Sequence[str]
) -> tuple[dict[str, Any], npt.NDArray[np.int8], Callable[[], list[list[Bad]]]] | None:
    """Read the relation behind ``columns``; ``None`` if they are no relation's.

    ``items`` are the item columns (keys of ``columns``) in the matrix's
    order. Returns the columns (items stay :class:`RelationColumn`, the
    others numpy or Arrow arrays), the answer matrix, and what returns each
    item's bad rows (in one list, as the builder's parsing tasks give them).
    """
    found = [v for v in columns.values() if isinstance(v, RelationColumn)]
    if not found:
        return None
    source = found[0].source
    n = source.count()
    k = len(items)
    wanted = set(items)
    others = [
        c
        for c, v in columns.items()
        if isinstance(v, RelationColumn) and c not in wanted
    ]
    expressions = [
        f"CAST({_quoted(name)} AS TINYINT) AS {_quoted(name)}"
        if source.types[name] == "BOOLEAN"
        else _quoted(name)
        for name in (columns[c].name for c in items)
    ] + [_quoted(columns[c].name) for c in others]
    answers = np.empty((n, k), dtype=np.int8, order="F")
    size = max(1, min(threads(), k + len(others)))
    tasks = [
        (list(range(k))[i::size], list(range(len(others)))[i::size])
        for i in range(size)
    ]
    waits: list[Callable[[], list[_Done]]] = []
    start = 0
    reader = source.reader(expressions)
    try:
        for batch in reader:
            if start + batch.num_rows > n:
                start += batch.num_rows
                break
            run = functools.partial(_batch, batch, start, answers, k)
            if size > 1:
                waits.append(parallel_start(run, tasks))
                if len(waits) > 1:  # DuckDB makes the next while this is parsed
                    waits[-2]()
            else:
                waits.append(_done([run(task) for task in tasks]))
            start += batch.num_rows
        schema = reader.schema
    finally:
        reader.close()
    done = [wait() for wait in waits]  # per batch, per task
    if start != n:
        raise DataError(
            f"the DuckDB relation gave {start if start < n else 'more'} rows after "
            f"counting {n}; build the survey from a relation that gives the same "
            "rows each time it runs"
        )
    bad: list[list[Bad]] = [[] for _ in items]
    kept: list[list[Any]] = [[] for _ in others]
    for parts in done:
        for (mine, theirs), (rows, chunks) in zip(tasks, parts, strict=True):
            for j, found_rows in zip(mine, rows, strict=True):
                if len(found_rows):
                    bad[j].append(found_rows)
            for i, chunk in zip(theirs, chunks, strict=True):
                kept[i].append(chunk)
    empty = np.empty(0, dtype=np.intp)
    by_item = [np.concatenate(rows) if rows else empty for rows in bad]
    read = dict(columns)
    for i, name in enumerate(others):
        read[name] = _joined(kept[i], schema.field(k + i).type)
    return read, answers, _done_bad([by_item])


def _done_bad(result: list[list[Bad]]) -> Callable[[], list[list[Bad]]]:
    return lambda: result
