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

Two engines read the same files into the same survey. The standard library's
:mod:`csv` reads anything. With pyarrow installed (the ``arrow`` extra), files
without quote characters, blank lines, NUL bytes or comment lines after the
header are split by pyarrow's streaming reader, straight into dictionary
codes — several times faster, in little more memory than the file's own
size. Both engines give the builder the same dictionary-encoded columns and
report a line of the wrong length in the same words, so the survey and every
error (with its line number) are the same whichever engine ran; a file with a
bad row is read once. A file pyarrow cannot split (a line longer than about
2 MiB) is read by the standard path.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import importlib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import numpy as np
import numpy.typing as npt

import skl_socialmedia.progress as _progress
from skl_socialmedia.errors import (
    DataError,
    Location,
    MissingExtraError,
    UsageError,
)
from skl_socialmedia.model.register import Register, get_register
from skl_socialmedia.model.routing import RoutingOverrides
from skl_socialmedia.problems import Problems
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
#: Bytes per block of pyarrow's reader: a line longer than two goes the
#: standard way (so the fast path never reads a field over FIELD_LIMIT).
_BLOCK = 1 << 20
#: Bytes decoded at a time when checking that a file decodes.
_STEP = 1 << 24
_DELIMITERS = (",", ";", "\t")
#: The longest field either engine reads (64 MiB).
FIELD_LIMIT = 64 * 1024 * 1024
_NOT_DELIMITERS = ('"', "\r", "\n", "\0")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_INTEGER = re.compile(r"[+-]?\d+")
_DIGITS = re.compile(r"\d+")


# --------------------------------------------------------------------------
# options


def _usage(key: str, expected: str, value: object) -> UsageError:
    return UsageError(f"option {key} must be {expected}, not {value!r}")


def _names(key: str, value: object, expected: str) -> list[str]:
    """Return a column name or a list of them as a list (one string: one name)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence | np.ndarray) and not isinstance(value, bytes):
        names = list(value)
        if all(isinstance(n, str) for n in names):
            return names
    raise _usage(key, expected, value)


def _check_register(value: object) -> object:
    if isinstance(value, str | Register):
        return value
    raise _usage("register", "'se', 'none' (null) or a Register", value)


def _check_items(value: object) -> object:
    expected = (
        "a column name, a list of column names or a mapping of column to item name"
    )
    if isinstance(value, Mapping):
        if all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return dict(value)
        raise _usage("items", expected, value)
    return _names("items", value, expected)


def _check_attributes(value: object) -> object:
    return _names("attributes", value, "a column name or a list of column names")


def _check_waves(value: object) -> object:
    expected = "a list of waves (text or whole numbers), or one wave"
    if isinstance(value, str):
        return [value]
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return [value]  # --option waves=2010 arrives as a number
    if isinstance(value, Sequence | np.ndarray) and not isinstance(value, bytes):
        waves = list(value)
        if all(
            isinstance(w, str | int | np.integer) and not isinstance(w, bool)
            for w in waves
        ):
            return waves
    raise _usage("waves", expected, value)


def _check_delimiter(value: object) -> object:
    if isinstance(value, str) and len(value) == 1 and value not in _NOT_DELIMITERS:
        return value
    raise _usage(
        "delimiter",
        "one character such as ',', ';' or '\\t' (not a quote or a line break)",
        value,
    )


def _check_encoding(value: object) -> object:
    if not isinstance(value, str) or not value:
        raise _usage("encoding", "the name of a text encoding such as 'cp1252'", value)
    try:
        codecs.lookup(value)
    except LookupError:
        raise UsageError(f"unknown encoding {value!r}") from None
    try:
        b"a".decode(value)
    except LookupError:  # e.g. rot13, base64: not text encodings
        raise UsageError(
            f"option encoding must be a text encoding, not {value!r}"
        ) from None
    except (UnicodeError, ValueError):
        pass  # one byte is not text in it (UTF-16 …): still a text encoding
    return value


def _check_max_errors(value: object) -> object:
    if (
        isinstance(value, int | np.integer)
        and not isinstance(value, bool)
        and value >= 1
    ):
        return int(value)
    raise _usage("max_errors", "a whole number of at least 1", value)


def _check_engine(value: object) -> object:
    if isinstance(value, str) and value in ENGINES:
        return value
    raise UsageError(
        f"option engine must be one of {', '.join(ENGINES)}, not {value!r}"
    )


def _check_routing(value: object) -> object:
    if value is False or isinstance(value, Mapping):
        return value
    raise _usage(
        "routing",
        "false, null or a mapping of item to 'ITEM=yes', 'ITEM=no' or null",
        value,
    )


_CHECKS = {
    "register": _check_register,
    "items": _check_items,
    "attributes": _check_attributes,
    "waves": _check_waves,
    "delimiter": _check_delimiter,
    "encoding": _check_encoding,
    "max_errors": _check_max_errors,
    "engine": _check_engine,
    "routing": _check_routing,
}


def check_values(options: Mapping[str, Any]) -> dict[str, Any]:
    """Check the values of the built-in sources' options; return them normalised.

    Raises :class:`~skl_socialmedia.errors.UsageError` naming the option, the
    value and what it must be. One string where a list is expected
    (``items``, ``waves``, ``attributes``) is a list of that one name.
    ``None`` is the option's default and is passed on as it is; options of
    other names are not checked.
    """
    checked = {}
    for key, value in options.items():
        check = _CHECKS.get(key)
        checked[key] = value if value is None or check is None else check(value)
    return checked


# --------------------------------------------------------------------------
# decoding


def _cli_hint(encoding: str) -> str:
    return (
        f"pass encoding={encoding} (--option encoding={encoding} at the command line)"
    )


def _wide_text(head: bytes) -> str | None:
    """Name the UTF-16/32 form text with this head looks like (many NUL bytes).

    ``None``: few NUL bytes; ``""``: many, in no pattern of ASCII text.
    """
    n = len(head) // 4 * 4
    if n < 8 or head.count(0) * 4 < len(head):
        return None
    quarter = n // 4
    zero = [head[i:n:4].count(0) / quarter for i in range(4)]
    if min(zero[1:]) > 0.9 and zero[0] < 0.5:
        return "utf-32-le"
    if min(zero[:3]) > 0.9 and zero[3] < 0.5:
        return "utf-32-be"
    if min(zero[1], zero[3]) > 0.6 and max(zero[0], zero[2]) < 0.4:
        return "utf-16-le"
    if min(zero[0], zero[2]) > 0.6 and max(zero[1], zero[3]) < 0.4:
        return "utf-16-be"
    return ""


def _refuse_wide(data: bytes, file: str) -> None:
    """Raise for text with many NUL bytes and no byte-order mark."""
    wide = _wide_text(data[:4096])
    if wide is None:
        return
    if wide:
        raise DataError(
            f"looks like {wide.upper()} text without a byte-order mark (many NUL "
            f"bytes); {_cli_hint(wide)}",
            Location(file=file),
        )
    raise DataError(
        "not text: many NUL bytes (UTF-16 or UTF-32 text without a byte-order "
        f"mark? then {_cli_hint('utf-16-le')})",
        Location(file=file),
    )


@functools.lru_cache(maxsize=64)
def _byte_transparent(name: str) -> bool:
    """Whether ASCII characters are their ASCII bytes in ``name``, and only those.

    True for UTF-8 and the single-byte encodings (cp1252, latin-1 …): their
    line breaks, quotes and delimiters can be found in the bytes.
    """
    if codecs.lookup(name).name in ("utf-8", "utf-8-sig"):
        return True
    try:
        low = bytes(range(128)).decode(name)
        high = bytes(range(128, 256)).decode(name, errors="replace")
    except (UnicodeError, LookupError, ValueError, TypeError):
        return False
    return low == "".join(map(chr, range(128))) and len(high) == 128


def _suggestion(data: bytes | memoryview, tried: Sequence[str]) -> str:
    """Return an encoding to suggest: the first of UTF-8, cp1252, latin-1 that fits."""
    tried_names = {codecs.lookup(t).name for t in tried}
    for name in ("utf-8", "cp1252", "latin-1"):
        if codecs.lookup(name).name in tried_names:
            continue
        try:
            str(data, name)
        except UnicodeDecodeError:
            continue
        return name
    return "latin-1"


def _decode_error(
    data: bytes | memoryview,
    name: str,
    tried: Sequence[str],
    exc: UnicodeDecodeError,
    file: str,
    base: int = 0,
) -> DataError:
    """Return the error of a decode failure, naming the byte and its line."""
    prefix = str(data[: exc.start], name, errors="replace")
    line = prefix.count("\n") + 1
    byte = bytes(data[exc.start : exc.start + 1])
    return DataError(
        f"cannot decode byte {byte!r} at offset {base + exc.start} as "
        f"{' or '.join(tried)}; if the file is in another encoding, "
        f"{_cli_hint(_suggestion(data, tried))}",
        Location(file=file, line=line),
    )


def _decodes(view: memoryview, name: str) -> UnicodeDecodeError | None:
    """Return the first decode error of ``view`` as ``name`` (``None``: none).

    Decoded a piece at a time, so as not to hold the text of a large file.
    """
    decoder = codecs.getincrementaldecoder(name)()
    try:
        for start in range(0, len(view), _STEP):
            piece = view[start : start + _STEP]
            # ASCII decodes in every byte-transparent encoding; its first byte
            # still ends (or breaks) a character begun in the piece before
            decoder.decode(piece[:1] if bytes(piece).isascii() else piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        try:
            str(view, name)  # again, whole, for the position
        except UnicodeDecodeError as exc:
            return exc
    return None


class _Bytes(NamedTuple):
    """A file's bytes in an encoding whose ASCII bytes are ASCII (see above)."""

    raw: bytes
    start: int  # after the byte-order mark
    encoding: str


def _prepare(data: bytes, file: str, encoding: str | None) -> _Bytes:
    """Check that ``data`` decodes; transcode it to UTF-8 if it must be.

    Without ``encoding``: UTF-8 (a BOM is dropped), UTF-16 or UTF-32 with a
    BOM, and cp1252 when the bytes are not UTF-8. A file in UTF-16/32 (or
    another encoding that is not byte-transparent) becomes UTF-8.
    """
    tries: list[str]
    if encoding is not None:
        tries = [encoding]
    else:
        tries = next(([name] for bom, name in _BOMS if data.startswith(bom)), [])
        if not tries:
            _refuse_wide(data, file)
            tries = ["utf-8", "cp1252"]
    view = memoryview(data)
    error: UnicodeDecodeError | None = None
    failed = view
    for name in tries:
        if _byte_transparent(name):
            start = 0
            if codecs.lookup(name).name in ("utf-8", "utf-8-sig"):
                name = "utf-8"
                start = 3 if data.startswith(codecs.BOM_UTF8) else 0
            error = _decodes(view[start:], name)
            if error is None:
                return _Bytes(data, start, name)
            failed = view[start:]
            continue
        try:
            text = str(view, name)
        except UnicodeDecodeError as exc:
            error, failed = exc, view
            continue
        text = text.removeprefix("\ufeff")
        try:
            return _Bytes(text.encode("utf-8"), 0, "utf-8")
        except UnicodeEncodeError as exc:
            line = text[: exc.start].count("\n") + 1
            raise DataError(
                f"decoded as {name}, the text has a lone surrogate "
                f"{text[exc.start]!r}, which is not Unicode text",
                Location(file=file, line=line),
            ) from None
    assert error is not None
    raise _decode_error(failed, tries[-1], tries, error, file, len(view) - len(failed))


def decode(data: bytes, file: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; return the text and the encoding used.

    Without ``encoding``: UTF-8 (a BOM is dropped), UTF-16 or UTF-32 with a
    BOM, and cp1252 when the bytes are not UTF-8. Text with many NUL bytes
    and no BOM (UTF-16/32 without one) is an error that names the encoding to
    pass; so is text that does not decode.
    """
    if encoding is not None:
        _check_encoding(encoding)
    prepared = _prepare(data, file, encoding)
    text = str(memoryview(prepared.raw)[prepared.start :], prepared.encoding)
    return text, prepared.encoding


def sniff_delimiter(header: str) -> str:
    """Return the delimiter a header line uses: ``,``, ``;`` or tab (most frequent)."""
    counts = [header.count(d) for d in _DELIMITERS]
    best = max(range(len(_DELIMITERS)), key=lambda i: (counts[i], -i))
    return _DELIMITERS[best] if counts[best] else ","


def comments(text: str) -> str | None:
    """Return the ``#`` comment lines before the header, joined (None: none)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    joined = " ".join(line for line in lines if line)
    return joined or None


# --------------------------------------------------------------------------
# the lines before the header


def _line(raw: bytes, pos: int) -> tuple[int, int]:
    """Return where the line at ``pos`` ends (before its break) and the next starts."""
    newline = raw.find(b"\n", pos)
    stop = len(raw) if newline < 0 else newline
    cr = raw.find(b"\r", pos, stop)
    if cr >= 0:
        return cr, cr + (2 if raw[cr + 1 : cr + 2] == b"\n" else 1)
    return stop, min(stop + 1, len(raw))


class _Layout(NamedTuple):
    """The lines before the data: Excel's ``sep=`` line, comments, the header."""

    header: int  # offset of the header line
    skipped: int  # lines before it
    delimiter: str | None  # from a ``sep=`` line
    description: str | None  # the comments
    first: str  # the header line's text


def _layout(data: _Bytes, file: str) -> _Layout:
    raw, pos, name = data
    skipped = 0
    delimiter = None
    end, after = _line(raw, pos)
    if raw[pos : pos + 4].lower() == b"sep=":
        value = raw[pos + 4 : end].decode(name)
        value = value if len(value) == 1 else value.strip()
        if len(value) != 1 or value in _NOT_DELIMITERS:
            raise DataError(
                "the first line looks like a spreadsheet's 'sep=' line, but names "
                "no delimiter of one character",
                Location(file=file, line=1, value=raw[pos:end].decode(name)),
            )
        delimiter = value
        skipped, pos = 1, after
    notes = []
    while pos < len(raw) and raw.startswith(b"#", pos):
        end, after = _line(raw, pos)
        notes.append(raw[pos + 1 : end].decode(name).strip())
        skipped, pos = skipped + 1, after
    end, _after = _line(raw, pos)
    description = " ".join(n for n in notes if n) or None
    return _Layout(pos, skipped, delimiter, description, raw[pos:end].decode(name))


# --------------------------------------------------------------------------
# columns of codes, and what both engines report alike


def _code_dtype(count: int) -> type[np.signedinteger[Any]]:
    """Return the narrowest signed integer type for codes ``0 .. count - 1``."""
    for dtype in (np.int8, np.int16, np.int32):
        if count < np.iinfo(dtype).max:
            return dtype
    return np.int64


class _CodedColumn:
    """A text column as codes into its distinct values, read by ``factorize``.

    The survey builder encodes it from its distinct values (duck-typed as a
    data-frame column); as an array (for error reports) it is the text of
    every field. ``values`` is a list, or a pyarrow array made one on demand.
    """

    dtype = "dictionary"

    def __init__(self, codes: npt.NDArray[np.signedinteger[Any]], values: Any) -> None:
        self._codes = codes
        self._values = values

    def __len__(self) -> int:
        return len(self._codes)

    def values(self) -> list[str]:
        """Return the distinct values, in the order of their codes."""
        if not isinstance(self._values, list):
            self._values = self._values.to_pylist()
        values: list[str] = self._values
        return values

    def factorize(self) -> tuple[npt.NDArray[np.signedinteger[Any]], list[str]]:
        """Return the codes and the distinct values, as pandas' factorize does."""
        return self._codes, self.values()

    def first_filled(self) -> int | None:
        """Return the first row whose field is not blank (``None``: every one is)."""
        blank = [i for i, v in enumerate(self.values()) if not v.strip()]
        if len(blank) == len(self.values()):
            return None
        return int(np.flatnonzero(~np.isin(self._codes, blank))[0])

    def text(self, row: int) -> str:
        """Return the field at ``row``."""
        return self.values()[int(self._codes[row])]

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        text: npt.NDArray[Any] = np.array(self.values(), dtype=str)[self._codes]
        return text if dtype is None else text.astype(dtype)


class _Read(NamedTuple):
    """What an engine read: the header, columns of codes, each row's line."""

    header: list[str]
    columns: list[_CodedColumn]
    lines: npt.NDArray[np.int64]
    header_line: int
    #: Problems of single lines, in file order: (line, message, column, value).
    issues: list[tuple[int, str, str | None, object]]


def _trailing_blanks(header: Sequence[str]) -> int:
    """How many of the header's last names are blank (a spreadsheet's columns)."""
    count = 0
    for name in reversed(header):
        if name.strip():
            break
        count += 1
    return count


def _ragged(fields: Sequence[str], header: Sequence[str], delimiter: str) -> str:
    """Describe a line with the wrong number of fields, with a likely cause."""
    width = len(header)
    message = f"expected {width} fields, found {len(fields)}"
    extra = len(fields) - width
    names = [h.strip().lower() for h in header]
    if extra > 0 and not any(f.strip() for f in fields[width:]):
        return (
            f"{message}; the extra fields are empty (a spreadsheet's empty "
            "trailing columns? delete them)"
        )
    if extra > 0 and delimiter == "," and "weight" in names:
        at = names.index("weight")
        if (
            at + 1 < len(fields)
            and _INTEGER.fullmatch(fields[at].strip())
            and _DIGITS.fullmatch(fields[at + 1].strip())
        ):
            return (
                f"{message}: a decimal comma in a comma-separated file? quote the "
                "number (\"1,25\"), or use ';' as the delimiter"
            )
    blanks = _trailing_blanks(header)
    if extra < 0 and blanks >= -extra:
        return (
            f"{message}; the header ends in {blanks} column(s) without a name (a "
            "spreadsheet's empty trailing columns? delete them)"
        )
    return message


def _finish(
    read: _Read, problems: Problems
) -> tuple[dict[str, _CodedColumn], npt.NDArray[np.int64]]:
    """Report the header's and the lines' problems; return the named columns."""
    names = [h.strip() for h in read.header]
    blanks = _trailing_blanks(names)
    line = read.header_line
    for i, name in enumerate(names):
        if not name and i >= len(names) - blanks:
            row = read.columns[i].first_filled()
            if row is not None:  # else: a spreadsheet's empty column, ignored
                problems.add(
                    f"a value in column {i + 1}, which has no name in the header",
                    line=int(read.lines[row]),
                    value=read.columns[i].text(row),
                )
        elif not name:
            problems.add(f"column {i + 1} has no name", line=line)
        elif name in names[:i]:
            problems.add("column name appears twice", column=name, line=line)
    for at, message, column, value in read.issues:
        problems.add(message, line=at, column=column, value=value)
    if not len(read.lines) and not problems:
        problems.add("no data rows after the header", line=line)
    columns = {
        name: column for name, column in zip(names, read.columns, strict=True) if name
    }
    return columns, read.lines


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


# --------------------------------------------------------------------------
# the pyarrow engine


def _have_arrow() -> bool:
    try:
        importlib.import_module("pyarrow.csv")
    except ImportError:
        return False
    return True


def _simple(raw: bytes, start: int, stop: int) -> bool:
    """Whether the fast path reads ``raw[start:stop]`` as :mod:`csv` would."""
    # pyarrow reads a blank line as a row, and drops a BOM opening its input
    return (
        raw[start : start + 1] not in (b"\n", b"\r", b"#")
        and not raw.startswith(codecs.BOM_UTF8, start)
        and not any(
            raw.find(bad, start, stop) >= 0
            for bad in (b'"', b"\0", b"\n\n", b"\r\r", b"\n\r", b"\n#", b"\r#")
        )
    )


def _merge(parts: list[tuple[npt.NDArray[Any], Any]], n: int) -> _CodedColumn:
    """Return one column from its batches: codes into each batch's dictionary."""
    if len(parts) == 1:
        return _CodedColumn(*parts[0])
    if not parts:
        return _CodedColumn(np.empty(0, np.int8), [])
    pa = importlib.import_module("pyarrow")
    compute = importlib.import_module("pyarrow.compute")
    whole = pa.concat_arrays([d for _c, d in parts])
    encoded = compute.dictionary_encode(whole)
    del whole
    mapping = _int32(encoded.indices)
    dtype = _code_dtype(len(encoded.dictionary))
    codes = np.empty(n, dtype)
    start = offset = 0
    for part, dictionary in parts:
        remap = mapping[offset : offset + len(dictionary)].astype(dtype)
        np.take(remap, part, out=codes[start : start + len(part)])
        start += len(part)
        offset += len(dictionary)
    return _CodedColumn(codes, encoded.dictionary)


class _Batches(NamedTuple):
    """What pyarrow read, batch by batch, before the batches are merged."""

    header: list[str]
    #: Per column, per batch: codes into the batch's dictionary, and that.
    parts: list[list[tuple[npt.NDArray[Any], Any]]]
    rows: int
    blank: list[npt.NDArray[np.intp]]  # blank rows, to drop
    invalid: list[tuple[int, str]]  # (row number, text) of lines pyarrow skipped
    header_line: int
    delimiter: str

    def read(self) -> _Read:
        """Merge the batches: one column of codes each, every row's line."""
        header, parts, n, blank, invalid, header_line, delimiter = self
        lines = np.arange(header_line + 1, header_line + n + len(invalid) + 1)
        if invalid:
            lines = np.delete(lines, [k - 1 for k, _t in invalid])
        drop = np.concatenate(blank) if blank else None
        columns = []
        for j in range(len(header)):
            column = _merge(parts[j], n)
            parts[j] = []
            if drop is not None:
                column = _CodedColumn(np.delete(column._codes, drop), column._values)
            columns.append(column)
        if drop is not None:
            lines = np.delete(lines, drop)
        importlib.import_module("pyarrow").default_memory_pool().release_unused()
        issues: list[tuple[int, str, str | None, object]] = []
        for number, row_text in invalid:
            fields = row_text.rstrip("\r\n").split(delimiter)
            if any(fields):
                message = _ragged(fields, header, delimiter)
                issues.append((header_line + number, message, None, None))
        return _Read(header, columns, lines, header_line, issues)


def _arrow_read(
    data: _Bytes, layout: _Layout, delimiter: str, total: int | None, file: str
) -> _Batches | None:
    """Read a simple file with pyarrow; ``None`` when it is not simple."""
    pa = importlib.import_module("pyarrow")  # the ``arrow`` extra (no type stubs)
    pa_csv = importlib.import_module("pyarrow.csv")
    raw = data.raw
    stop = len(raw)
    while stop > layout.header and raw[stop - 1 : stop] in (b"\n", b"\r"):
        stop -= 1
    _end, body = _line(raw, layout.header)
    if (
        not layout.first
        or '"' in layout.first
        or "\0" in layout.first
        or not delimiter.isascii()
        or body >= stop
        or not _simple(raw, body, stop)
    ):
        return None
    header = layout.first.split(delimiter)
    width = len(header)
    header_line = layout.skipped + 1
    invalid: list[tuple[int | None, str]] = []

    def skip(row: Any) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    blanks = _blank_rows(raw, body, stop, delimiter.encode(), width)
    names = [f"f{i}" for i in range(width)]
    text_codes = pa.dictionary(pa.int32(), pa.string())
    parts: list[list[tuple[npt.NDArray[Any], Any]]] = [[] for _ in names]
    blank_rows: list[npt.NDArray[np.intp]] = []
    n = 0
    try:
        reader = pa_csv.open_csv(
            pa.py_buffer(memoryview(raw)[body:stop]),
            read_options=pa_csv.ReadOptions(
                column_names=names,
                use_threads=False,  # the numbers of bad rows are known
                block_size=_BLOCK,
                encoding="utf8" if data.encoding == "utf-8" else data.encoding,
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char=False,
                double_quote=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
                invalid_row_handler=skip,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, text_codes),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        with _progress.progress(total, f"reading {file}") as advance:
            for batch in reader:
                m = batch.num_rows
                if not m:
                    continue
                blank = np.full(m, blanks, dtype=bool)
                for j in range(width):
                    array = batch.column(j)
                    indices = _int32(array.indices)
                    dictionary = array.dictionary
                    parts[j].append(
                        (indices.astype(_code_dtype(len(dictionary))), dictionary)
                    )
                    if blank.any():
                        empty = _index_of(dictionary, "")
                        blank &= indices == empty
                if blank.any():
                    blank_rows.append(n + np.flatnonzero(blank))
                n += m
                advance(m)
    except (pa.ArrowException, ValueError):
        return None  # e.g. a line longer than a block: the standard path reads it
    pa.default_memory_pool().release_unused()  # the reader's blocks, now free
    if any(number is None for number, _text in invalid):
        return None
    numbered = [(int(k or 0), text) for k, text in invalid]
    return _Batches(header, parts, n, blank_rows, numbered, header_line, delimiter)


def _blank_rows(raw: bytes, start: int, stop: int, sep: bytes, width: int) -> bool:
    """Whether ``raw[start:stop]`` may have a blank row of ``width`` fields (``,,,``).

    Rows of another width are ragged, and reported (or skipped) as such.
    """
    if width < 2:
        return False  # a blank row of one field is a blank line: not simple
    blank = sep * (width - 1)
    ends = (b"\n", b"\r", b"")
    after = start + len(blank)
    if raw.startswith(blank, start) and raw[after : after + 1] in ends:
        return True
    for newline in (b"\n", b"\r"):
        at = raw.find(newline + blank, start, stop)
        for _tries in range(1000):
            if at < 0:
                break
            after = at + 1 + len(blank)
            if after >= stop or raw[after : after + 1] in ends[:2]:
                return True
            at = raw.find(newline + blank, at + 1, stop)
        else:
            return True  # many lines start so: look at every batch
    return False


def _int32(array: Any) -> npt.NDArray[np.int32]:
    """View a pyarrow int32 array without nulls as numpy (``to_numpy`` costs more)."""
    return np.frombuffer(
        array.buffers()[1], dtype=np.int32, count=len(array), offset=array.offset * 4
    )


def _index_of(dictionary: Any, value: str) -> int:
    """Return the position of ``value`` in a pyarrow dictionary, or -1."""
    compute = importlib.import_module("pyarrow.compute")
    return int(compute.index(dictionary, value).as_py())


ENGINES = ("auto", "arrow", "python")


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
) -> Survey:
    """Read a canonical microdata CSV file into a :class:`Survey`.

    ``register``, ``items``, ``waves``, ``routing`` and ``attributes`` are as
    for :meth:`Survey.from_columns` (one string for ``items``, ``waves`` or
    ``attributes`` is a list of that one name); the ``#`` comment lines before
    the header are the survey's ``description``. ``delimiter`` and ``encoding``
    override the sniffing. ``engine`` is ``"auto"`` (pyarrow's fast path when
    installed and the file is simple, see the module docs), ``"arrow"`` (the
    same, but an error without pyarrow) or ``"python"`` (the standard library
    only); all give the same survey and the same errors. Raises
    :class:`~skl_socialmedia.errors.DataErrorGroup` with every problem of the
    file (the first ``max_errors`` kept, all counted), and
    :class:`~skl_socialmedia.errors.UsageError` for an option of the wrong
    type, before reading.
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
        }
    )
    engine = engine or "auto"  # None: the defaults
    limit = 20 if max_errors is None else options["max_errors"]
    if engine == "arrow" and not _have_arrow():
        raise MissingExtraError("the CSV source's arrow engine", "arrow", "pyarrow")
    resolved = get_register(register)
    file = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(
            f"cannot read the file: {exc.strerror or exc}", Location(file=file)
        ) from None
    prepared = _prepare(data, file, encoding)
    del data
    layout = _layout(prepared, file)
    sep = delimiter or layout.delimiter or sniff_delimiter(layout.first)
    total = None if _progress.quiet() else prepared.raw.count(b"\n") or None
    batches = None
    if engine != "python" and _have_arrow():
        batches = _arrow_read(prepared, layout, sep, total, file)
    if batches is None:
        text = str(memoryview(prepared.raw)[layout.header :], prepared.encoding)
        del prepared
        read = _python_read(text, layout.skipped, sep, file, total)
        del text
    else:
        del prepared  # the file's bytes, before the batches are merged
        read = batches.read()
        del batches
    problems = Problems(file=file, limit=limit)
    columns, lines = _finish(read, problems)
    problems.lines = lines
    extra = {} if attributes is None else {"attributes": options["attributes"]}
    return Survey.from_columns(
        columns,
        items=options["items"],
        register=resolved,
        waves=options["waves"],
        problems=problems,
        header_line=read.header_line,
        routing=routing,
        description=layout.description,
        **extra,
    )


_OPTIONS = (
    "register",
    "items",
    "waves",
    "attributes",
    "delimiter",
    "encoding",
    "max_errors",
    "engine",
    "routing",
)


def check_options(
    source: str, options: Mapping[str, Any], known: Sequence[str] = _OPTIONS
) -> dict[str, Any]:
    """Return the options that are set, checked; raise for an option the source lacks.

    ``register`` is passed on even when ``None`` (no register). The values
    are checked by :func:`check_values` (a wrong type is a
    :class:`~skl_socialmedia.errors.UsageError` naming the option, the value
    and what it must be), before the source reads anything.
    """
    given = {k: v for k, v in options.items() if v is not None or k == "register"}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise UsageError(
            f"the {source} source takes no option {', '.join(unknown)}; "
            f"it takes {', '.join(known)}"
        )
    return check_values(given)


class CsvSource:
    """Data source for the canonical microdata CSV (``.csv``, ``csv://path``).

    Options: ``register``, ``items``, ``waves``, ``attributes`` (columns that
    are attributes, whatever their names), ``delimiter``, ``encoding``,
    ``max_errors``, ``engine`` and ``routing``; see :func:`read_csv`.
    """

    name: ClassVar[str] = "csv"
    schemes: ClassVar[tuple[str, ...]] = ("csv",)
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)
    description: ClassVar[str] = "microdata: one row per organisation per wave (CSV)"

    def load(self, location: str, **options: Any) -> Survey:
        """Read the CSV file at ``location`` (a path or ``csv://path``)."""
        given = check_options(self.name, options)
        return read_csv(location.removeprefix("csv://"), **given)
