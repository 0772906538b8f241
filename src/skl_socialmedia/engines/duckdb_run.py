"""Running SQL for the DuckDB engine: the connection, the input, temporary objects.

:func:`source_of` turns what :func:`skl_socialmedia.engines.duckdb.count` was
given — a relation, a table name, a file, a pandas or Arrow table — into a
connection and the SQL ``FROM`` that reads it; a :class:`Run` runs the
queries of one count (every result fetched whole) and drops what it created.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from skl_socialmedia.errors import (
    DataError,
    InvalidArgumentError,
    Location,
    MissingExtraError,
)

__all__ = ["Dropping", "Run", "duckdb_module", "literal", "quote", "source_of"]


def duckdb_module() -> Any:
    """Return the ``duckdb`` module, or raise naming the extra."""
    try:
        import duckdb
    except ImportError:
        raise MissingExtraError("the DuckDB engine", "duckdb", "duckdb") from None
    return duckdb


def quote(name: str) -> str:
    """Return ``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """Return ``text`` as a quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


class Run:
    """One count: the connection, the names of its temporary objects."""

    def __init__(self, con: Any, source: str, where: Location) -> None:
        self.con = con
        self.source = source
        self.where = where
        self.prefix = f"_skl_{uuid.uuid4().hex[:12]}"
        self.created: list[tuple[str, str]] = []
        # DuckDB folds isnan() of a Parquet column to false from the file's
        # statistics, which leave NaN out: without statistics propagation a
        # NaN answer is missing, as it is everywhere else
        (self.optimizers,) = con.execute(
            "SELECT current_setting('disabled_optimizers')"
        ).fetchall()[0]
        disabled = [o for o in str(self.optimizers).split(",") if o.strip()]
        con.execute(
            "SET disabled_optimizers = "
            + literal(",".join([*disabled, "statistics_propagation"]))
        ).fetchall()

    def name(self, what: str) -> str:
        """Return the quoted name of the temporary object ``what``."""
        return quote(f"{self.prefix}_{what}")

    def sql(self, query: str, fetch: str = "all") -> Any:
        """Return the relation of ``query`` on the relation's connection."""
        """Run ``query`` and fetch all of its result (``fetch``: how)."""
        duckdb = duckdb_module()
        try:
            if fetch == "arrow":
                relation = self.con.sql(query)
                to_arrow = getattr(relation, "to_arrow_table", None)
                return to_arrow() if to_arrow else relation.fetch_arrow_table()
            result = self.con.execute(query)
            if fetch == "columns":
                names = [d[0] for d in result.description]
                result.fetchall()
                return names
            if fetch == "numpy":
                return result.fetchnumpy()
            return result.fetchall()
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0]
            raise DataError(f"DuckDB: {message}", self.where) from None

    def one(self, query: str) -> Any:
        """Return the first row of ``query`` (``None``: no rows)."""
        rows = self.sql(query)
        return rows[0] if rows else None

    def numpy(self, query: str) -> dict[str, Any]:
        """Return the result of ``query`` as numpy columns."""
        result: dict[str, Any] = self.sql(query, "numpy")
        return result

    def arrow(self, query: str) -> Any:
        """Return the result of ``query`` as an Arrow table."""
        return self.sql(query, "arrow")

    def columns(self, query: str) -> list[str]:
        """Return the column names of ``query``'s result."""
        names: list[str] = self.sql(query, "columns")
        return names

    def register(self, what: str, table: Any) -> str:
        """Register ``table`` (pandas, Arrow) as the view ``what``."""
        name = f"{self.prefix}_{what}"
        self.con.register(name, table)
        self.created.append(("view", name))
        return quote(name)

    def close(self) -> None:
        """Drop every temporary object the count created."""
        for kind, name in reversed(self.created):
            if kind == "view":
                self.con.unregister(name)
            else:
                self.con.execute(f"DROP {kind} IF EXISTS {quote(name)}").fetchall()
        self.con.execute(
            f"SET disabled_optimizers = {literal(str(self.optimizers))}"
        ).fetchall()


def source_of(duckdb: Any, data: Any, connection: Any) -> tuple[Any, str, Location]:
    """Return the connection, the SQL ``FROM`` of ``data`` and where it is."""
    if isinstance(data, duckdb.DuckDBPyRelation):
        con = connection if connection is not None else duckdb.default_connection()
        name = f"_skl_{uuid.uuid4().hex[:12]}_relation"
        data.create_view(name, replace=True)
        try:
            con.execute(f"SELECT 1 FROM {quote(name)} LIMIT 0").fetchall()
        except duckdb.Error:
            raise InvalidArgumentError(
                "the relation belongs to another DuckDB connection: pass it as "
                "connection="
            ) from None
        return Dropping(con, name), quote(name), Location()
    if isinstance(data, str | os.PathLike):
        text = os.fspath(data)
        con = connection if connection is not None else None
        looks_like_file = (
            any(c in text for c in "/\\*.") or Path(text).exists()
        ) and not _is_table(con or duckdb.default_connection(), text)
        if looks_like_file:
            if not any(c in text for c in "*?[") and not Path(text).exists():
                raise DataError("no such file", Location(file=text))
            return (con or duckdb.connect()), f"({_scan(text)})", Location(file=text)
        return (con or duckdb.default_connection()), quote(text), Location()
    if hasattr(data, "__arrow_c_stream__") or hasattr(data, "to_arrow"):
        return (connection or duckdb.connect()), "", Location()
    if type(data).__module__.startswith("pandas"):
        return (connection or duckdb.connect()), "", Location()
    raise InvalidArgumentError(
        "the DuckDB engine counts a DuckDB relation, a table name, a file path "
        f"or a pandas or Arrow table, not a {type(data).__name__}"
    )


def _is_table(con: Any, name: str) -> bool:
    try:
        found = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
            [name],
        ).fetchall()
    except Exception:
        return False
    return bool(found and found[0][0])


def _scan(path: str) -> str:
    lower = path.lower()
    if lower.endswith((".csv", ".csv.gz", ".tsv", ".txt")):
        return f"SELECT * FROM read_csv({literal(path)})"
    if lower.endswith((".json", ".ndjson", ".jsonl")):
        return f"SELECT * FROM read_json_auto({literal(path)})"
    return f"SELECT * FROM {literal(path)}"


class Dropping:
    """A connection that drops the view of a relation when the count closes."""

    def __init__(self, con: Any, view: str) -> None:
        self._con = con
        self._view = view

    def execute(self, query: str, params: Sequence[Any] | None = None) -> Any:
        """Run ``query`` on the relation's connection."""
        return self._con.execute(query, params)

    def sql(self, query: str) -> Any:
        """Return the relation of ``query`` on the relation's connection."""
        return self._con.sql(query)

    def register(self, name: str, table: Any) -> None:
        """Register ``table`` under ``name``."""
        self._con.register(name, table)

    def unregister(self, name: str) -> None:
        """Unregister the view ``name``."""
        self._con.unregister(name)

    def drop(self) -> None:
        """Drop the relation's view."""
        self._con.execute(f"DROP VIEW IF EXISTS {quote(self._view)}").fetchall()
