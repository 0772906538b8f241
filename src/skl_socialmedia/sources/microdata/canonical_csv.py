"""The canonical microdata CSV: one row per organisation per wave.

Columns ``wave``, ``org_code``, optional ``org_kind`` and ``weight``, one
column per item (``uses``, ``channel.<id>`` …) and any attribute columns.
Read as exported by Swedish and other spreadsheets: the delimiter (``,``,
``;`` or tab) is sniffed from the header line, or taken from Excel's
``sep=;`` first line; UTF-8 with or without a BOM, UTF-16 or UTF-32 with a
BOM, otherwise cp1252 (UTF-16 or UTF-32 without a BOM is recognised by its
NUL bytes and needs ``encoding=``); a decimal comma in weights; blank =
missing. Lines starting with ``#`` before the header are comments. A
spreadsheet's blank rows (``,,,``) are skipped, and its empty trailing
columns (no name in the header, blank in every row) ignored. Fields may be
up to 64 MiB long. Every problem of the file is collected and raised
together, each naming the file, line, column and value.

Three engines read the same files into the same survey. The standard
library's :mod:`csv` reads anything. With polars installed (the ``frames``
extra), a simple UTF-8 file (no quote characters; carriage returns only in
CRLF line breaks) is split by polars on every core and proved exact by
counting its bytes (see :mod:`~skl_socialmedia.sources.microdata.csv_polars`),
unless it is large and mostly text (its frame would outgrow the file).
Otherwise, with pyarrow installed (the ``arrow`` extra), files without quote
characters, blank lines, NUL bytes or comment lines after the header are
split by pyarrow's streaming reader, straight into dictionary codes, in
little more memory than the file's own size. All give the builder the same
dictionary-encoded columns and report a line of the wrong length in the same
words, so the survey and every error (with its line number) are the same
whichever engine ran; a file with a bad row is read once by pyarrow. A file
pyarrow cannot split (a line longer than about 2 MiB) is read by the
standard path.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

import skl_socialmedia.progress as _progress
from skl_socialmedia.errors import (
    DataError,
    Location,
    MissingExtraError,
)
from skl_socialmedia.memory import release_freed_memory
from skl_socialmedia.model.register import Register, get_register
from skl_socialmedia.model.routing import RoutingOverrides
from skl_socialmedia.problems import Problems
from skl_socialmedia.sources.microdata.csv_arrow import _BLOCK as _BLOCK
from skl_socialmedia.sources.microdata.csv_arrow import (
    _arrow_read,
    _have_arrow,
    _prefetch_arrow,
)
from skl_socialmedia.sources.microdata.csv_columns import (
    _code_dtype,
    _CodedColumn,
    _finish,
    _ragged,
    _Read,
)
from skl_socialmedia.sources.microdata.csv_layout import (
    _Layout,
    _layout,
    sniff_delimiter,
)
from skl_socialmedia.sources.microdata.csv_options import (
    ENGINES,
    check_options,
    check_values,
)
from skl_socialmedia.sources.microdata.csv_polars import (
    _LARGE,
    _have_polars,
    _Held,
    _polars_read,
)
from skl_socialmedia.sources.microdata.text_decoding import _STEP as _STEP
from skl_socialmedia.sources.microdata.text_decoding import _Bytes, _prepare, decode
from skl_socialmedia.survey.model import Survey

__all__ = [
    "ENGINES",
    "FIELD_LIMIT",
    "CsvSource",
    "check_options",
    "check_values",
    "decode",
    "read_csv",
    "sniff_delimiter",
]

#: Rows per chunk of the standard-library path.
_CHUNK = 50_000
#: Characters of text handed to the csv module at a time.
_PIECE = 1 << 20
#: The longest field either engine reads (64 MiB).
FIELD_LIMIT = 64 * 1024 * 1024


# --------------------------------------------------------------------------
# the standard-library engine


class _Coder:
    """Codes a column chunk by chunk: each distinct value gets the next code."""

    __slots__ = ("index", "parts")

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.parts: list[npt.NDArray[np.signedinteger[Any]]] = []

    def add(self, values: Sequence[str]) -> None:
        index = self.index
        code = index.setdefault
        codes = [code(v, len(index)) for v in values]
        self.parts.append(np.array(codes, dtype=_code_dtype(len(index))))

    def column(self) -> _CodedColumn:
        dtype = _code_dtype(len(self.index))
        codes = (
            np.concatenate(self.parts).astype(dtype, copy=False)
            if self.parts
            else np.empty(0, dtype)
        )
        self.parts = []
        return _CodedColumn(codes, list(self.index))


def _lines(text: str) -> Iterator[str]:
    """Yield the lines of ``text`` with their breaks, as ``StringIO(newline="")``.

    A piece at a time, cut after a line break, so as not to copy the text whole.
    """
    start, n = 0, len(text)
    while start < n:
        stop = n
        window = _PIECE
        while start + window < n:
            cut = start + window
            newline = text.find("\n", cut, cut + window)
            cr = text.find("\r", cut, cut + window)
            found = [p for p in (newline, cr) if p >= 0]
            if found:
                at = min(found)
                stop = at + (2 if text.startswith("\r\n", at) else 1)
                break
            window *= 2
        yield from io.StringIO(text[start:stop], newline="")
        start = stop


@contextlib.contextmanager
def _field_limit() -> Iterator[None]:
    """Let the csv module read fields up to :data:`FIELD_LIMIT` (restored after).

    Exactly that limit, whatever the process's is, so that every engine reads
    the same fields.
    """
    old = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _csv_problem(exc: csv.Error, first: int, last: int) -> tuple[int, str]:
    """Describe a csv error in the record on lines ``first`` … ``last``."""
    text = str(exc)
    if "field larger than field limit" in text:
        limit = f"{FIELD_LIMIT:,} characters"
        if last > first:
            return first, f"a quote opened on this line is not closed within {limit}"
        return first, f"a field longer than {limit}, the limit"
    if "unexpected end of data" in text:
        return first, "a quote opened on this line is never closed"
    return last, f"malformed CSV: {text}"


def _python_read(
    text: str, skipped: int, delimiter: str, file: str, total: int | None
) -> _Read:
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    with _field_limit():
        try:
            header = next(reader)
        except StopIteration:
            raise DataError(
                "the file is empty: no header line", Location(file=file)
            ) from None
        except csv.Error as exc:
            raise DataError(
                f"malformed CSV header: {exc}", Location(file=file, line=skipped + 1)
            ) from None
        header_line = skipped + reader.line_num
        width = len(header)
        coders = [_Coder() for _ in header]
        issues: list[tuple[int, str, str | None, object]] = []
        lines: list[npt.NDArray[np.int64]] = []
        rows: list[list[str]] = []
        chunk_lines: list[int] = []
        nul = "\0" in text
        done = reader.line_num

        def flush() -> None:
            if rows:
                fields = zip(*rows, strict=True)
                for coder, column in zip(coders, fields, strict=True):
                    coder.add(column)
            lines.append(np.array(chunk_lines, dtype=np.int64))
            rows.clear()
            chunk_lines.clear()

        with _progress.progress(total, f"reading {file}") as advance:
            while True:
                before = reader.line_num
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    at, message = _csv_problem(
                        exc, skipped + before + 1, skipped + reader.line_num
                    )
                    issues.append((at, message, None, None))
                    break
                line = skipped + before + 1
                if not any(row):
                    continue  # a blank line, or a spreadsheet's blank row
                if nul and any("\0" in field for field in row):
                    j = next(j for j, field in enumerate(row) if "\0" in field)
                    column = header[j].strip() if j < width else None
                    issues.append(
                        (line, "a NUL character in the field", column, row[j])
                    )
                    continue
                if row[0].startswith("#"):
                    issues.append(
                        (
                            line,
                            "a comment line after the header (# comments are "
                            "allowed only before the header)",
                            None,
                            None,
                        )
                    )
                    continue
                if len(row) != width:
                    issues.append((line, _ragged(row, header, delimiter), None, None))
                    continue
                rows.append(row)
                chunk_lines.append(line)
                if len(rows) >= _CHUNK:
                    flush()
                    advance(reader.line_num - done)
                    done = reader.line_num
            if rows or not lines:
                flush()
    return _Read(
        header,
        [coder.column() for coder in coders],
        np.concatenate(lines),
        header_line,
        issues,
    )


def _load(path: str | Path, file: str, encoding: str | None) -> tuple[_Bytes, _Layout]:
    """Read a file's bytes, check that they decode; find the lines before the data."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(
            f"cannot read the file: {exc.strerror or exc}", Location(file=file)
        ) from None
    # _STEP is passed from this module's globals, read now
    prepared = _prepare(data, file, encoding, _STEP)
    del data
    return prepared, _layout(prepared, file)


def _large(path: str | Path) -> bool:
    """Whether a file is large enough to import pyarrow beside reading it."""
    try:
        return os.stat(path).st_size > _LARGE
    except (OSError, ValueError):
        return False


#: Bytes at the start of a large file that tell whether polars will likely read it.
_PEEK = 1 << 16


def _arrow_likely(path: str | Path, engine: str) -> bool:
    """Whether pyarrow will likely read a large file: import it beside, if so.

    Not when polars is to be tried and the file starts as a simple one (no
    quote character, plain ASCII: see
    :mod:`~skl_socialmedia.sources.microdata.csv_polars`): polars will most
    likely read it without pyarrow, which would only compete for the cores.
    """
    if engine == "python" or not _large(path):
        return False
    if engine not in ("auto", "polars") or not _have_polars():
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(_PEEK)
    except OSError:
        return True
    return b'"' in head or not head.isascii()


def _read_any(
    path: str | Path,
    file: str,
    engine: str,
    delimiter: str | None,
    encoding: str | None,
) -> tuple[_Read, _Layout]:
    """Read the file by the first engine that can: polars, pyarrow, the csv module."""
    prepared, layout = _load(path, file, encoding)
    sep = delimiter or layout.delimiter or sniff_delimiter(layout.first)
    total = None if _progress.quiet() else prepared.raw.count(b"\n") or None
    read = None
    if engine in ("auto", "polars") and _have_polars():
        held = _Held(prepared)
        del prepared  # polars' reader lets the bytes go once it has read them
        with _progress.progress(total, f"reading {file}") as advance:
            read = _polars_read(held, layout, sep, FIELD_LIMIT)
            if read is not None:
                advance(total or 0)
        if held.data is not None:
            prepared = held.data
        elif read is None:  # read another way: the exact path reads it again
            prepared, layout = _load(path, file, encoding)
        del held
    batches = None
    if read is None and engine != "python" and _have_arrow():
        # _BLOCK is passed from this module's globals, read now
        batches = _arrow_read(prepared, layout, sep, total, file, _BLOCK)
    if read is not None:
        release_freed_memory()  # the read's peak, before the survey is built
    elif batches is None:
        text = str(memoryview(prepared.raw)[layout.header :], prepared.encoding)
        del prepared
        read = _python_read(text, layout.skipped, sep, file, total)
        del text
    else:
        del prepared  # the file's bytes, before the batches are merged
        read = batches.read()
        del batches
        release_freed_memory()  # the read's peak, before the survey is built
    return read, layout


def read_csv(
    path: str | Path,
    *,
    register: Register | str | None = "se",
    items: Sequence[str] | Mapping[str, str] | str | None = None,
    waves: Sequence[object] | str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    max_errors: int = 20,
    engine: str = "auto",
    routing: RoutingOverrides = None,
    attributes: Sequence[str] | str | None = None,
    columns: Mapping[str, str] | str | None = None,
) -> Survey:
    """Read a canonical microdata CSV file into a :class:`Survey`.

    ``register``, ``items``, ``waves``, ``routing`` and ``attributes`` are as
    for :meth:`Survey.from_columns` (one string for ``items``, ``waves`` or
    ``attributes`` is a list of that one name); the ``#`` comment lines before
    the header are the survey's ``description``. ``delimiter`` and ``encoding``
    override the sniffing. ``engine`` is ``"auto"`` (polars' or pyarrow's fast
    path when installed and the file is simple, see the module docs),
    ``"polars"`` or ``"arrow"`` (that one, then the exact paths; an error
    without it) or ``"python"`` (the standard library only); all give the same
    survey and the same errors. Raises
    :class:`~skl_socialmedia.errors.DataErrorGroup` with every problem of the
    file (the first ``max_errors`` kept, all counted), and
    :class:`~skl_socialmedia.errors.UsageError` for an option of the wrong
    type, before reading. ``columns`` names the columns of reserved roles that
    are called otherwise (``{"wave": "year"}`` or ``"wave=year,org_code=id"``).
    """
    options = check_values(
        {
            "register": register,
            "items": items,
            "waves": waves,
            "delimiter": delimiter,
            "encoding": encoding,
            "max_errors": max_errors,
            "engine": engine,
            "routing": routing,
            "attributes": attributes,
            "columns": columns,
        }
    )
    engine = engine or "auto"  # None: the defaults
    limit = 20 if max_errors is None else options["max_errors"]
    if engine == "arrow" and not _have_arrow():
        raise MissingExtraError("the CSV source's arrow engine", "arrow", "pyarrow")
    if engine == "polars" and not _have_polars():
        raise MissingExtraError("the CSV source's polars engine", "frames", "polars")
    resolved = get_register(register)
    file = str(path)
    prefetch = _prefetch_arrow() if _arrow_likely(path, engine) else None
    try:
        read, layout = _read_any(path, file, engine, delimiter, encoding)
    finally:
        if prefetch is not None:
            prefetch.join()
    problems = Problems(file=file, limit=limit)
    found, lines = _finish(read, problems)
    problems.lines = lines
    extra = {} if attributes is None else {"attributes": options["attributes"]}
    return Survey.from_columns(
        found,
        items=options["items"],
        register=resolved,
        waves=options["waves"],
        problems=problems,
        header_line=read.header_line,
        routing=routing,
        description=layout.description,
        **extra,
        **(options["columns"] or {}),
    )


class CsvSource:
    """Data source for the canonical microdata CSV (``.csv``, ``csv://path``).

    Options: ``register``, ``items``, ``waves``, ``attributes`` (columns that
    are attributes, whatever their names), ``delimiter``, ``encoding``,
    ``max_errors``, ``engine``, ``routing`` and ``columns`` (the columns of
    reserved roles called otherwise, ``wave=year,org_code=org_id``); see
    :func:`read_csv`.
    """

    name: ClassVar[str] = "csv"
    schemes: ClassVar[tuple[str, ...]] = ("csv",)
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)
    description: ClassVar[str] = "microdata: one row per organisation per wave (CSV)"

    def load(self, location: str, **options: Any) -> Survey:
        """Read the CSV file at ``location`` (a path or ``csv://path``)."""
        given = check_options(self.name, options)
        return read_csv(location.removeprefix("csv://"), **given)
