"""The canonical microdata CSV: one row per organisation per wave.

Columns ``wave``, ``org_code``, optional ``org_kind`` and ``weight``, one
column per item (``uses``, ``channel.<id>`` …) and any attribute columns.
Read as exported by Swedish and other spreadsheets: the delimiter (``,``,
``;`` or tab) is sniffed from the header line; UTF-8 with or without a BOM,
UTF-16 with a BOM, otherwise cp1252; a decimal comma in weights; blank =
missing. Lines starting with ``#`` before the header are comments. Every
problem of the file is collected and raised together, each naming the file,
line, column and value.

Two engines read the same files into the same survey. The standard library's
:mod:`csv` reads anything. With pyarrow installed (the ``arrow`` extra), files
without quote characters, blank lines or NUL bytes are split by pyarrow's
multi-threaded reader and each column dictionary-encoded — many times faster.
Whenever the fast path meets anything else, or the file has a problem, the
file is read again by the standard-library path, so that results and error
reports (with their line numbers) are the same whichever engine ran.
"""

from __future__ import annotations

import codecs
import csv
import importlib
import io
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import (
    DataError,
    DataErrorGroup,
    Location,
    MissingExtraError,
    UsageError,
)
from skl_socialmedia.model.register import Register, get_register
from skl_socialmedia.model.routing import RoutingOverrides
from skl_socialmedia.problems import Problems
from skl_socialmedia.survey.model import Survey

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


def comments(text: str) -> str | None:
    """Return the ``#`` comment lines before the header, joined (None: none)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    joined = " ".join(line for line in lines if line)
    return joined or None


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


class _ArrowColumn:
    """A dictionary-encoded text column, read by its ``factorize`` (duck-typed).

    The survey builder encodes it from its distinct values; as an array (for
    error reports) it is the text of every field.
    """

    dtype = "arrow-dictionary"

    def __init__(self, indices: npt.NDArray[np.intp], values: list[str]) -> None:
        self._indices = indices
        self._values = values

    def __len__(self) -> int:
        return len(self._indices)

    def factorize(self) -> tuple[npt.NDArray[np.intp], list[str]]:
        """Return the codes and the distinct values, as pandas' factorize does."""
        return self._indices, self._values

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        text = np.array(self._values, dtype=str)[self._indices]
        return text if dtype is None else text.astype(dtype)


def _simple(body: str) -> bool:
    """Return whether the fast path reads ``body`` as :mod:`csv` would."""
    return not (
        '"' in body
        or "\0" in body
        or body.startswith(("\n", "\r"))
        or "\n\n" in body
        or "\r\r" in body
        or "\n\r\n" in body
    )


def _arrow_columns(
    text: str, delimiter: str | None
) -> tuple[dict[str, _ArrowColumn], list[int], int] | None:
    """Split a simple file with pyarrow; ``None`` when it is not simple."""
    pa = importlib.import_module("pyarrow")  # the ``arrow`` extra (no type stubs)
    pa_csv = importlib.import_module("pyarrow.csv")

    body, skipped = _split_comments(text)
    body = body.rstrip("\r\n")
    if not body or not _simple(body):
        return None
    first = body.split("\n", 1)[0].rstrip("\r")
    sep = delimiter if delimiter is not None else sniff_delimiter(first)
    raw = first.split(sep)
    names = [h.strip() for h in raw]
    if len(set(names)) != len(names) or not all(names) or "\n" not in body:
        return None
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(body.encode("utf-8")),
            read_options=pa_csv.ReadOptions(
                column_names=raw, skip_rows=1, use_threads=True
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=sep,
                quote_char=False,
                double_quote=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(raw, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    columns = {}
    for name, field in zip(names, raw, strict=True):
        encoded = table.column(field).combine_chunks().dictionary_encode()
        indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False))
        columns[name] = _ArrowColumn(
            indices.astype(np.intp, copy=False), encoded.dictionary.to_pylist()
        )
    header_line = skipped + 1
    lines = list(range(header_line + 1, header_line + 1 + table.num_rows))
    return columns, lines, header_line


def _have_arrow() -> bool:
    try:
        importlib.import_module("pyarrow.csv")
    except ImportError:
        return False
    return True


ENGINES = ("auto", "arrow", "python")


def read_csv(
    path: str | Path,
    *,
    register: Register | str | None = "se",
    items: Sequence[str] | Mapping[str, str] | None = None,
    waves: Sequence[object] | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    max_errors: int = 20,
    engine: str = "auto",
    routing: RoutingOverrides = None,
) -> Survey:
    """Read a canonical microdata CSV file into a :class:`Survey`.

    ``register``, ``items``, ``waves`` and ``routing`` are as for
    :meth:`Survey.from_columns`; the ``#`` comment lines before the header
    are the survey's ``description``. ``delimiter`` and ``encoding`` override the
    sniffing. ``engine`` is ``"auto"`` (pyarrow's fast path when installed and
    the file is simple, see the module docs), ``"arrow"`` (the same, but an
    error without pyarrow) or ``"python"`` (the standard library only); all
    give the same survey and the same errors. Raises
    :class:`~skl_socialmedia.errors.DataErrorGroup` with every problem of the
    file (the first ``max_errors`` kept, all counted).
    """
    if engine not in ENGINES:
        raise UsageError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "arrow" and not _have_arrow():
        raise MissingExtraError("the CSV source's arrow engine", "arrow", "pyarrow")
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(
            f"cannot read the file: {exc.strerror}", Location(file=file)
        ) from None
    text, _encoding = decode(data, file, encoding)
    resolved = get_register(register)
    description = comments(text)
    if engine != "python" and _have_arrow():
        fast = _arrow_columns(text, delimiter)
        if fast is not None:
            columns_, lines_, header_ = fast
            try:
                return Survey.from_columns(
                    columns_,
                    items=items,
                    register=resolved,
                    waves=waves,
                    problems=Problems(
                        file=file, limit=max_errors, lines=np.asarray(lines_)
                    ),
                    header_line=header_,
                    routing=routing,
                    description=description,
                )
            except DataErrorGroup:
                pass  # read again below, for the standard path's report
    problems = Problems(file=file, limit=max_errors)
    columns, lines, header_line = _columns(text, file, delimiter, problems)
    if not lines and not problems:
        problems.add("no data rows after the header", line=header_line)
    problems.lines = np.asarray(lines, dtype=np.int64)
    return Survey.from_columns(
        columns,
        items=items,
        register=resolved,
        waves=waves,
        problems=problems,
        header_line=header_line,
        routing=routing,
        description=description,
    )


_OPTIONS = (
    "register",
    "items",
    "waves",
    "delimiter",
    "encoding",
    "max_errors",
    "engine",
    "routing",
)


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
