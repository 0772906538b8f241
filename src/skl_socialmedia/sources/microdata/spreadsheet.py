"""Canonical microdata in an Excel workbook (``.xlsx``; the ``excel`` extra).

Survey firms deliver spreadsheets: one sheet (the first, or the one the
``sheet`` option names, by name or by number from 1) holds one row per
organisation per wave, with the canonical CSV's columns in its first
non-empty row. Empty cells are missing; numbers, booleans and text are read
as Excel stores them, so the same data give the same survey as the CSV.
Problems are named by the sheet's row number (as Excel shows it) and column.
Read with openpyxl in read-only mode, a row at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from skl_socialmedia.errors import DataError, Location, MissingExtraError, UsageError
from skl_socialmedia.model.register import Register, get_register
from skl_socialmedia.model.routing import RoutingOverrides
from skl_socialmedia.problems import Problems
from skl_socialmedia.sources.microdata.canonical_csv import check_options, check_values
from skl_socialmedia.survey.model import Survey

__all__ = ["ExcelSource", "read_excel"]

_OPTIONS = (
    "register",
    "items",
    "waves",
    "attributes",
    "max_errors",
    "routing",
    "columns",
    "sheet",
)


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError("the excel source", "excel", "openpyxl") from None
    return openpyxl


def _sheet(book: Any, sheet: str | int | None, file: str) -> Any:
    names = list(book.sheetnames)
    if sheet is None:
        return book[names[0]]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 1 <= sheet <= len(names):
            return book[names[sheet - 1]]
    elif isinstance(sheet, str) and sheet in names:
        return book[sheet]
    raise DataError(
        f"no sheet {sheet!r} (sheets: {', '.join(names)}; or a number from 1)",
        Location(file=file, value=sheet),
    )


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and not value.strip():
        return None
    return value


def read_excel(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    register: Register | str | None = "se",
    items: Sequence[str] | Mapping[str, str] | str | None = None,
    waves: Sequence[object] | str | None = None,
    max_errors: int = 20,
    routing: RoutingOverrides = None,
    attributes: Sequence[str] | str | None = None,
    columns: Mapping[str, str] | str | None = None,
) -> Survey:
    """Read canonical microdata from a sheet of an ``.xlsx`` workbook.

    ``sheet`` is the sheet's name or number (1 = the first; default the
    first); the other options are those of
    :func:`~skl_socialmedia.sources.microdata.canonical_csv.read_csv`.
    A file that is not an ``.xlsx`` workbook is a
    :class:`~skl_socialmedia.errors.DataError` naming it; without openpyxl,
    a :class:`~skl_socialmedia.errors.MissingExtraError` naming the extra.
    """
    if sheet is not None and (
        isinstance(sheet, bool) or not isinstance(sheet, str | int)
    ):
        raise UsageError(
            f"option sheet must be a sheet's name or number, not {sheet!r}"
        )
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
    openpyxl = _openpyxl()
    resolved = get_register(register)
    file = str(path)
    if not Path(path).is_file():
        raise DataError("file not found", Location(file=file))
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl's errors for what is not a workbook vary
        raise DataError(
            f"not an .xlsx workbook ({type(exc).__name__}: {exc})",
            Location(file=file),
        ) from None
    try:
        header, rows, lines, header_line = _rows(_sheet(book, sheet, file), file)
    except DataError:
        raise
    except Exception as exc:  # a damaged part of the workbook, read lazily
        raise DataError(
            f"cannot read the sheet ({type(exc).__name__}: {exc})",
            Location(file=file),
        ) from None
    finally:
        book.close()
    limit = 20 if max_errors is None else options["max_errors"]
    problems = Problems(file=file, limit=limit, lines=lines)
    data = {}
    for i, name in enumerate(header):
        values = np.empty(len(rows), dtype=object)
        values[:] = [row[i] if i < len(row) else None for row in rows]
        data[name] = values
    if not rows:
        problems.add("no rows under the header")
    extra = {} if attributes is None else {"attributes": options["attributes"]}
    return Survey.from_columns(
        data,
        items=options["items"],
        register=resolved,
        waves=options["waves"],
        problems=problems,
        header_line=header_line,
        routing=routing,
        **extra,
        **(options["columns"] or {}),
    )


def _rows(ws: Any, file: str) -> tuple[list[str], list[list[object]], list[int], int]:
    """Return the header, the rows under it, their row numbers, the header's."""
    header: list[str] | None = None
    at = 0
    rows: list[list[object]] = []
    lines: list[int] = []
    for number, raw in enumerate(ws.iter_rows(values_only=True), start=1):
        values = [_cell(v) for v in raw]
        if header is None:
            if all(v is None for v in values):
                continue
            while values and values[-1] is None:
                values.pop()
            if any(v is None for v in values):
                raise DataError(
                    "the header row has an empty cell",
                    Location(file=file, line=number),
                )
            header, at = [str(v).strip() for v in values], number
            if len(set(header)) != len(header):
                twice = next(h for h in header if header.count(h) > 1)
                raise DataError(
                    "a column name is given twice",
                    Location(file=file, line=number, column=twice),
                )
            continue
        if all(v is None for v in values):
            continue
        extra = values[len(header) :]
        if any(v is not None for v in extra):
            raise DataError(
                f"a value beyond the {len(header)} named columns",
                Location(file=file, line=number),
            )
        rows.append(values[: len(header)])
        lines.append(number)
    if header is None:
        raise DataError("the sheet is empty (no header row)", Location(file=file))
    return header, rows, lines, at


class ExcelSource:
    """Canonical microdata in an ``.xlsx`` sheet (``.xlsx``, ``excel://path``).

    Options: ``sheet`` (name, or number from 1) and those of the CSV source
    but ``delimiter``, ``encoding`` and ``engine``. Needs the ``excel`` extra.
    """

    name: ClassVar[str] = "excel"
    schemes: ClassVar[tuple[str, ...]] = ("excel",)
    suffixes: ClassVar[tuple[str, ...]] = (".xlsx", ".xlsm")
    description: ClassVar[str] = (
        "microdata: an Excel sheet, one row per organisation per wave"
    )

    def load(self, location: str, **options: Any) -> Survey:
        """Read the workbook at ``location`` (a path or ``excel://path``)."""
        given = check_options(self.name, options, _OPTIONS)
        return read_excel(location.removeprefix("excel://"), **given)
