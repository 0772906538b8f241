"""Canonical microdata as Parquet (``.parquet``; the ``arrow`` extra).

The columns are those of the canonical CSV, typed as Parquet types them
(strings, integers, booleans, floats; null is missing). The file is read a
row group at a time and the groups joined, so a file written in pieces is
read in pieces. A Parquet file carrying the ``skl_socialmedia.tally`` key in
its metadata is a Tally, not microdata: :meth:`ParquetSource.sniff` declines
it (the ``tally`` source reads it), and reading it here is an error saying so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from skl_socialmedia.errors import DataError, Location, MissingExtraError
from skl_socialmedia.input_files import read_input
from skl_socialmedia.model.register import Register, get_register
from skl_socialmedia.model.routing import RoutingOverrides
from skl_socialmedia.problems import Problems
from skl_socialmedia.sources.microdata.canonical_csv import check_options, check_values
from skl_socialmedia.survey.model import Survey

__all__ = ["TALLY_MARKER", "ParquetSource", "is_tally_parquet", "read_parquet"]

#: The key-value metadata key that marks a Parquet file as a Tally.
TALLY_MARKER = b"skl_socialmedia.tally"
_MAGIC = b"PAR1"
_OPTIONS = (
    "register",
    "items",
    "waves",
    "attributes",
    "max_errors",
    "routing",
    "columns",
)


def _parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("the parquet source", "arrow", "pyarrow") from None
    return pq


def _metadata(path: str) -> Any:
    """Return the file's Parquet metadata, or raise a DataError naming it."""
    pq = _parquet()
    if read_input(path, limit=len(_MAGIC)) != _MAGIC:
        raise DataError("not a Parquet file (no PAR1 magic)", Location(file=path))
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow's errors for a broken file vary
        raise DataError(
            f"cannot read the Parquet file: {type(exc).__name__}: {exc}",
            Location(file=path),
        ) from None


def is_tally_parquet(path: str) -> bool:
    """Whether ``path`` is a Parquet file marked as a Tally (never raises)."""
    try:
        meta = _metadata(path).schema_arrow.metadata or {}
    except Exception:  # not readable: not a tally file
        return False
    return TALLY_MARKER in meta


def read_parquet(
    path: str | Path,
    *,
    register: Register | str | None = "se",
    items: Sequence[str] | Mapping[str, str] | str | None = None,
    waves: Sequence[object] | str | None = None,
    max_errors: int = 20,
    routing: RoutingOverrides = None,
    attributes: Sequence[str] | str | None = None,
    columns: Mapping[str, str] | str | None = None,
) -> Survey:
    """Read canonical microdata from a Parquet file into a :class:`Survey`.

    Options as for
    :func:`~skl_socialmedia.sources.microdata.canonical_csv.read_csv` (checked
    before the file is read). Problems are named by row number (1-based). A
    file marked as a Tally, or not Parquet, is a
    :class:`~skl_socialmedia.errors.DataError` naming it.
    """
    options = check_values(
        {
            "register": register,
            "items": items,
            "waves": waves,
            "max_errors": max_errors,
            "routing": routing,
            "attributes": attributes,
            "columns": columns,
        }
    )
    file = str(path)
    resolved = get_register(register)
    parquet = _metadata(file)
    if TALLY_MARKER in (parquet.schema_arrow.metadata or {}):
        raise DataError(
            "a Tally file, not microdata: read it with tally://PATH (or name it "
            "*.tally.parquet)",
            Location(file=file),
        )
    import pyarrow as pa

    try:
        pieces = [parquet.read_row_group(i) for i in range(parquet.num_row_groups)]
        table = (
            pa.concat_tables(pieces) if pieces else parquet.schema_arrow.empty_table()
        )
    except Exception as exc:  # a damaged row group
        raise DataError(
            f"cannot read the Parquet data: {type(exc).__name__}: {exc}",
            Location(file=file),
        ) from None
    limit = 20 if max_errors is None else options["max_errors"]
    problems = Problems(file=file, row_word="row", row_base=1, limit=limit)
    if table.num_rows == 0:
        problems.add("no rows")
    extra = {} if attributes is None else {"attributes": options["attributes"]}
    return Survey.from_columns(  # Arrow columns as they are: no Python objects
        table,
        items=options["items"],
        register=resolved,
        waves=options["waves"],
        problems=problems,
        routing=routing,
        **extra,
        **(options["columns"] or {}),
    )


class ParquetSource:
    """Canonical microdata as Parquet (``.parquet``, ``parquet://path``).

    Options as the JSON source's but ``encoding``; needs the ``arrow`` extra.
    Declines (by :meth:`sniff`) a Parquet file marked as a Tally.
    """

    name: ClassVar[str] = "parquet"
    schemes: ClassVar[tuple[str, ...]] = ("parquet",)
    suffixes: ClassVar[tuple[str, ...]] = (".parquet",)
    description: ClassVar[str] = "microdata: Parquet, one row per organisation per wave"
    sniffs: ClassVar[str] = "declines a Parquet file marked skl_socialmedia.tally"

    @staticmethod
    def sniff(location: str) -> bool:
        """Whether ``location`` is microdata: not a Parquet file marked as a Tally."""
        return not is_tally_parquet(location.removeprefix("parquet://"))

    def load(self, location: str, **options: Any) -> Survey:
        """Read the Parquet file at ``location`` (a path or ``parquet://path``)."""
        given = check_options(self.name, options, _OPTIONS)
        return read_parquet(location.removeprefix("parquet://"), **given)
