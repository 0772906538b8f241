"""The canonical microdata CSV: one row per organisation per wave.

Columns ``wave``, ``org_code``, optional ``org_kind`` and ``weight``, one
column per item (``uses``, ``channel.<id>`` …) and any attribute columns.
Read as exported by Swedish and other spreadsheets: the delimiter (``,``,
``;`` or tab) is sniffed from the header line; UTF-8 with or without a BOM,
UTF-16 with a BOM, otherwise cp1252; a decimal comma in weights; blank =
missing. Lines starting with ``#`` before the header are comments. Every
problem of the file is collected and raised together, each naming the file,
line, column and value.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from skl_socialmedia._build import build_parts
from skl_socialmedia._problems import Problems
from skl_socialmedia.errors import DataError, Location, UsageError
from skl_socialmedia.register import Register, get_register
from skl_socialmedia.survey import Survey

__all__ = ["CsvSource", "decode", "read_csv", "sniff_delimiter"]

_CHUNK = 100_000
_DELIMITERS = (",", ";", "\t")


def decode(data: bytes, file: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; return the text and the encoding used.

    Without ``encoding``: UTF-8 (a BOM is dropped), UTF-16 with a BOM, and
    cp1252 when the bytes are not UTF-8.
    """
    tries: list[str]
    if encoding is not None:
        tries = [encoding]
    elif data.startswith(codecs.BOM_UTF8):
        tries = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        tries = ["utf-16"]
    else:
        tries = ["utf-8", "cp1252"]
    error: UnicodeDecodeError | None = None
    for name in tries:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            error = exc
            continue
        except LookupError:
            raise UsageError(f"unknown encoding {name!r}") from None
        return text.removeprefix("\ufeff"), name
    assert error is not None
    line = data[: error.start].count(b"\n") + 1
    raise DataError(
        f"cannot decode byte {data[error.start : error.start + 1]!r} at offset "
        f"{error.start} as {' or '.join(tries)}; pass encoding=",
        Location(file=file, line=line),
    )


def sniff_delimiter(header: str) -> str:
    """Return the delimiter a header line uses: ``,``, ``;`` or tab (most frequent)."""
    counts = [header.count(d) for d in _DELIMITERS]
    best = max(range(len(_DELIMITERS)), key=lambda i: (counts[i], -i))
    return _DELIMITERS[best] if counts[best] else ","


def _split_comments(text: str) -> tuple[str, int]:
    """Drop leading ``#`` comment lines; return the rest and how many were dropped."""
    skipped = 0
    position = 0
    while position < len(text) and text.startswith("#", position):
        end = text.find("\n", position)
        if end < 0:
            return "", skipped + 1
        position = end + 1
        skipped += 1
    return text[position:], skipped


def _chunks(
    reader: Iterator[list[str]],
    width: int,
    offset: int,
    problems: Problems,
    line_of: Any,
) -> Iterator[tuple[list[list[str]], list[int]]]:
    rows: list[list[str]] = []
    lines: list[int] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(f"malformed CSV: {exc}", line=offset + line_of())
            break
        if not row:
            continue
        line = offset + line_of()
        if len(row) != width:
            problems.add(f"expected {width} fields, found {len(row)}", line=line)
            continue
        rows.append(row)
        lines.append(line)
        if len(rows) >= _CHUNK:
            yield rows, lines
            rows, lines = [], []
    if rows:
        yield rows, lines


def _columns(
    text: str, file: str, delimiter: str | None, problems: Problems
) -> tuple[dict[str, npt.NDArray[np.str_]], list[int], int]:
    body, skipped = _split_comments(text)
    first = body.split("\n", 1)[0]
    sep = delimiter if delimiter is not None else sniff_delimiter(first)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=sep, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(
            "the file is empty: no header line", Location(file=file)
        ) from None
    except csv.Error as exc:
        raise DataError(f"malformed CSV header: {exc}", Location(file=file)) from None
    header_line = skipped + reader.line_num
    names = [h.strip() for h in header]
    for i, name in enumerate(names):
        if not name:
            problems.add(f"column {i + 1} has no name", line=header_line)
        elif name in names[:i]:
            problems.add("column name appears twice", column=name, line=header_line)
    parts: list[list[npt.NDArray[np.str_]]] = [[] for _ in names]
    lines: list[int] = []
    for rows, chunk_lines in _chunks(
        reader, len(names), skipped, problems, lambda: reader.line_num
    ):
        lines.extend(chunk_lines)
        for j, column in enumerate(zip(*rows, strict=True)):
            parts[j].append(np.array(column, dtype=str))
    columns = {
        name: np.concatenate(p) if p else np.array([], dtype=str)
        for name, p in zip(names, parts, strict=True)
        if name
    }
    return columns, lines, header_line


def read_csv(
    path: str | Path,
    *,
    register: Register | str | None = "se",
    items: Sequence[str] | Mapping[str, str] | None = None,
    waves: Sequence[object] | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    max_errors: int = 20,
) -> Survey:
    """Read a canonical microdata CSV file into a :class:`Survey`.

    ``register``, ``items`` and ``waves`` are as for
    :meth:`Survey.from_columns`; ``delimiter`` and ``encoding`` override the
    sniffing. Raises :class:`~skl_socialmedia.errors.DataErrorGroup` with every
    problem of the file (the first ``max_errors`` kept, all counted).
    """
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(
            f"cannot read the file: {exc.strerror}", Location(file=file)
        ) from None
    text, _encoding = decode(data, file, encoding)
    problems = Problems(file=file, limit=max_errors)
    columns, lines, header_line = _columns(text, file, delimiter, problems)
    if not lines and not problems:
        problems.add("no data rows after the header", line=header_line)
    problems.lines = np.asarray(lines, dtype=np.int64)
    resolved = get_register(register)
    parts = build_parts(
        columns,
        items=items,
        register=resolved,
        waves=waves,
        problems=problems,
        header_line=header_line,
    )
    return Survey(parts, resolved)


_OPTIONS = ("register", "items", "waves", "delimiter", "encoding", "max_errors")


def check_options(
    source: str, options: Mapping[str, Any], known: Sequence[str] = _OPTIONS
) -> dict[str, Any]:
    """Return the options that are set; raise for an option the source lacks.

    ``register`` is passed on even when ``None`` (no register).
    """
    given = {k: v for k, v in options.items() if v is not None or k == "register"}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise UsageError(
            f"the {source} source takes no option {', '.join(unknown)}; "
            f"it takes {', '.join(known)}"
        )
    return given


class CsvSource:
    """Data source for the canonical microdata CSV (``.csv``, ``csv://path``)."""

    name: ClassVar[str] = "csv"
    schemes: ClassVar[tuple[str, ...]] = ("csv",)
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)
    description: ClassVar[str] = "microdata: one row per organisation per wave (CSV)"

    def load(self, location: str, **options: Any) -> Survey:
        """Read the CSV file at ``location`` (a path or ``csv://path``)."""
        given = check_options(self.name, options)
        return read_csv(location.removeprefix("csv://"), **given)
