r"""The multithreaded fast path of the CSV source: polars' reader.

For a simple UTF-8 file (no quote characters, NUL or other control bytes;
carriage returns only in ``\r\n`` line breaks) polars splits the text on
every core. Columns that are small whole numbers in the first lines (the
answers ``1``/``0``) are parsed as ``Int8``, other whole-number columns as
``Int32`` or ``Int64``, the rest as text; a large file whose frame would
outgrow it (mostly text) is left to the leaner pyarrow path.

One pass over the bytes counts the delimiters and line breaks: as many lines
as polars' rows, each with the header's number of delimiters (polars refuses
a line with more), so every line is one row of the header's width. The
fields' bytes then add up to the rest of the body, and a number polars
parsed is at least as long as its canonical text (``01``, ``+1`` or `` 1``,
read as 1, are longer than ``1``): equality means that every number was
written canonically, so every field's text is the number's and the survey
is the standard path's, cell for cell. Anything else — a value a column's
type refuses, a ragged row, a comment line after the header, a field over
the limit — gives ``None``, and the exact path reads the file and reports
its problems (line, column, value).

Proven so, a column of numbers is handed to the survey builder as codes
into its distinct numbers (:class:`_Numbers`): the builder labels them
without making, sorting or parsing their text, and takes a column of 0/1
answers as its own answer codes.
"""

from __future__ import annotations

import codecs
import importlib
import importlib.util
import re
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from skl_socialmedia.sources.microdata.csv_columns import (
    _code_dtype,
    _CodedColumn,
    _Read,
)
from skl_socialmedia.sources.microdata.csv_layout import _Layout, _line
from skl_socialmedia.sources.microdata.text_decoding import _Bytes
from skl_socialmedia.survey.codes import code_dtype

__all__: list[str] = []

#: Bytes of the body whose lines choose each column's type.
_SAMPLE = 1 << 14
#: Bytes counted at a time (the comparisons' temporaries stay in cache).
_COUNT_STEP = 1 << 18
#: Distinct values from which they are handed over as a pyarrow array.
_MANY = 1 << 16
#: Bytes per field of each type in a polars frame (text: a view; a longer
#: string than ``_INLINE`` bytes is held besides).
_COST = {"int8": 1.125, "int32": 4.125, "int64": 8.125, "text": 16.0}
_INLINE = 12
#: The frame polars makes may be at most this many times the file's size;
#: else (mostly text) the single-threaded pyarrow path reads it, in less memory.
_FRAME_SHARE = 1.0
#: Files from this size on are held to that share (smaller: any).
_LARGE = 1 << 24
_WHOLE = re.compile(rb"-?(?:0|[1-9]\d{0,17})")


def _have_polars() -> bool:
    """Whether polars is installed (not imported: a file may not need it)."""
    try:
        return importlib.util.find_spec("polars") is not None
    except (ImportError, ValueError):
        return False


def _kinds(
    raw: bytes, body: int, stop: int, sep: bytes, width: int
) -> tuple[list[str], float]:
    """Choose each column's type from the first lines: int8, int32, int64 or text.

    And the bytes per row of the frame polars will make of them.
    """
    sample = raw[body : min(stop, body + _SAMPLE)]
    lines = sample.split(b"\n")
    if body + _SAMPLE < stop:
        lines = lines[:-1]  # cut off
    small = [True] * width
    whole = [True] * width
    narrow = [True] * width
    seen = [False] * width
    text = [0] * width
    count = 0
    for line in lines:
        fields = line.removesuffix(b"\r").split(sep)
        if len(fields) != width:
            continue
        count += 1
        for j, field in enumerate(fields):
            if not field:
                continue
            seen[j] = True
            text[j] += len(field) if len(field) > _INLINE else 0
            if whole[j] and not _WHOLE.fullmatch(field):
                whole[j] = small[j] = False
            elif whole[j] and len(field) > 9:
                narrow[j] = small[j] = False
            elif small[j] and not -128 <= int(field) <= 127:
                small[j] = False
    kinds = [
        ("int8" if s else "int32" if n else "int64") if w and f else "text"
        for s, w, n, f in zip(small, whole, narrow, seen, strict=True)
    ]
    size = sum(_COST[k] + text[j] / max(count, 1) for j, k in enumerate(kinds))
    return kinds, size


def _body(data: _Bytes, layout: _Layout, delimiter: str) -> tuple[int, int]:
    """Return the body's start and end, or ``(0, 0)`` if the file is not simple."""
    raw = data.raw
    stop = len(raw)
    while stop > layout.header and raw[stop - 1 : stop] in (b"\n", b"\r"):
        stop -= 1
    _end, body = _line(raw, layout.header)
    preamble = raw[data.start : body]
    if (
        data.encoding != "utf-8"
        or not layout.first
        or '"' in layout.first
        or "\0" in layout.first
        or len(delimiter) != 1
        or not delimiter.isascii()
        or delimiter in '\r\n"#'
        or body >= stop
        or raw[body : body + 1] in (b"\n", b"\r", b"#")
        or raw.startswith(codecs.BOM_UTF8, body)
        or preamble.count(b"\n") != layout.skipped + 1
        or preamble.count(b"\r") != preamble.count(b"\r\n")
    ):
        return 0, 0
    return body, stop


class _Counts(NamedTuple):
    """Bytes of the body counted: delimiters, line breaks, carriage returns."""

    delimiters: int
    newlines: int
    carriage: int


def _count(raw: bytes, body: int, stop: int, sep: bytes) -> _Counts | None:
    r"""Count the body's delimiters and line breaks; ``None``: not simple.

    Not simple: a quote character, or a control byte other than the
    delimiter, ``\n`` and the ``\r`` of a ``\r\n``. Three passes a piece:
    the delimiters, the line breaks, and every byte below ``#`` (control
    bytes, space, ``!`` and the quote). When those are just the line breaks
    (and delimiters below ``#``) the body is simple without a carriage
    return; else (spaces, ``\r\n``, a quote …) :func:`_count_exactly` counts.
    """
    view = np.frombuffer(raw, np.uint8, stop - body, body)
    code = sep[0]
    delimiters = newlines = low = 0
    for start in range(0, len(view), _COUNT_STEP):
        piece = view[start : start + _COUNT_STEP]
        delimiters += int(np.count_nonzero(piece == code))
        newlines += int(np.count_nonzero(piece == 10))
        low += int(np.count_nonzero(piece < 35))
    if low == newlines + (delimiters if code < 35 else 0):
        return _Counts(delimiters, newlines, 0)
    return _count_exactly(raw, body, stop, sep)


def _count_exactly(raw: bytes, body: int, stop: int, sep: bytes) -> _Counts | None:
    """Count as :func:`_count` does, telling control bytes from quotes."""
    view = np.frombuffer(raw, np.uint8, stop - body, body)
    code = sep[0]
    delimiters = newlines = control = 0
    for start in range(0, len(view), _COUNT_STEP):
        piece = view[start : start + _COUNT_STEP]
        delimiters += int(np.count_nonzero(piece == code))
        newlines += int(np.count_nonzero(piece == 10))
        control += int(np.count_nonzero(piece < 32))
        if np.count_nonzero(piece == 34):
            return None
    other = control - newlines - (delimiters if code < 32 else 0)
    if not other:
        return _Counts(delimiters, newlines, 0)
    carriage = raw.count(b"\r", body, stop)
    if carriage != other or raw.count(b"\r\n", body, stop) != carriage:
        return None
    return _Counts(delimiters, newlines, carriage)


class _Held:
    """The file's bytes, given up once polars has read them (``data`` None)."""

    __slots__ = ("data",)

    def __init__(self, data: _Bytes) -> None:
        self.data: _Bytes | None = data


def _polars_read(
    held: _Held, layout: _Layout, delimiter: str, limit: int
) -> _Read | None:
    """Read a simple file with polars; ``None`` when it is not simple or not exact.

    ``held``: the file's bytes, let go once polars has read them, so that
    they and the columns are not in memory at once (``held.data`` is then
    ``None``: to read the file another way, read it again). ``limit``: the
    longest field the standard path reads (a longer one is its error).
    """
    data = held.data
    assert data is not None
    body, stop = _body(data, layout, delimiter)
    if not stop:
        return None
    raw = data.raw
    sep = delimiter.encode()
    counts = _count(raw, body, stop, sep)
    if counts is None:
        return None
    header = layout.first.split(delimiter)
    width = len(header)
    kinds, row_bytes = _kinds(raw, body, stop, sep, width)
    size = len(raw)
    del data, raw  # only ``held`` keeps them, to let go of once read
    large = size > _LARGE
    if large and (counts.newlines + 1) * row_bytes > _FRAME_SHARE * size:
        return None  # too much memory: the file's bytes and the frame at once
    try:
        pl = importlib.import_module("polars")
    except ImportError:
        return None
    return _read(held, layout, delimiter, limit, pl, kinds, counts, body, stop)


def _read(
    held: _Held,
    layout: _Layout,
    delimiter: str,
    limit: int,
    pl: Any,
    kinds: list[str],
    counts: _Counts,
    body: int,
    stop: int,
) -> _Read | None:
    """Read the file with polars (see :func:`_polars_read`); check it; code it."""
    data = held.data
    assert data is not None
    raw = data.raw
    header = layout.first.split(delimiter)
    width = len(header)
    names = [f"f{i}" for i in range(width)]
    types = {"int8": pl.Int8, "int32": pl.Int32, "int64": pl.Int64, "text": pl.String}
    try:
        frame = pl.read_csv(
            raw,
            has_header=False,
            skip_lines=layout.skipped + 1,
            schema={n: types[k] for n, k in zip(names, kinds, strict=True)},
            separator=delimiter,
            quote_char=None,
            comment_prefix=None,
            null_values=None,
            try_parse_dates=False,
            raise_if_empty=False,
            truncate_ragged_lines=False,
            ignore_errors=False,
            decimal_comma=False,
            encoding="utf8",
        )
    except Exception:  # any refusal: the exact path reads the file
        return None
    except BaseException as exc:  # a panic in polars' Rust code
        if type(exc).__name__ == "PanicException":
            return None
        raise
    ends = raw.count(b"\n", stop) - 1  # blank lines at the end, read as rows
    held.data = None  # read: the bytes go, before the columns are made
    del data, raw
    rows = counts.newlines + 1
    if frame.height < rows or counts.delimiters != rows * (width - 1):
        return None
    if frame.height > rows:
        if ends != frame.height - rows:
            return None
        frame = frame.slice(0, rows)
    stats = _stats(frame, names, kinds)
    if kinds[0] == "text" and bool(frame[names[0]].str.starts_with("#").any()):
        return None  # a comment line after the header: the exact path says so
    text_bytes = _text_bytes(stats, names, kinds, limit, rows)
    if text_bytes is None:
        return None
    blank = None
    if stats[f"n{names[0]}"]:  # a blank row is blank in the first column too
        mask = frame.select(pl.all_horizontal(pl.all().is_null())).to_series()
        if bool(mask.any()):
            blank = np.flatnonzero(mask.to_numpy())
    columns, number_bytes = _columns(frame, names, kinds, stats)
    del frame
    fields = stop - body - counts.delimiters - counts.newlines - counts.carriage
    if text_bytes + number_bytes != fields:
        return None
    header_line = layout.skipped + 1
    lines = np.arange(header_line + 1, header_line + rows + 1, dtype=np.int64)
    if blank is not None:
        lines = np.delete(lines, blank)
        columns = [_without(c, blank) for c in columns]
    return _Read(header, columns, lines, header_line, [])


def _without(column: _CodedColumn, rows: npt.NDArray[np.intp]) -> _CodedColumn:
    """Return a column without ``rows`` (a spreadsheet's blank rows)."""
    if isinstance(column, _Numbers):
        return column.without(rows)
    return _CodedColumn(np.delete(column._codes, rows), column._values)


#: Powers of ten that have a digit more than the last: 10 .. 10**18.
_POWERS = np.array([10**k for k in range(1, 19)], dtype=np.int64)


def _stats(frame: Any, names: list[str], kinds: list[str]) -> dict[str, Any]:
    """Per column, in one multithreaded pass: blanks, bytes, and the numbers' range."""
    pl = importlib.import_module("polars")
    texts = [n for n, k in zip(names, kinds, strict=True) if k == "text"]
    numbers = [n for n, k in zip(names, kinds, strict=True) if k != "text"]
    stats: dict[str, Any] = frame.select(
        *(pl.col(n).null_count().alias(f"n{n}") for n in names),
        *(pl.col(n).str.len_bytes().sum().alias(f"l{n}") for n in texts),
        *(pl.col(n).str.len_bytes().max().alias(f"m{n}") for n in texts),
        *(pl.col(n).min().alias(f"a{n}") for n in numbers),
        *(pl.col(n).max().alias(f"b{n}") for n in numbers),
    ).row(0, named=True)
    return stats


def _text_bytes(
    stats: dict[str, Any],
    names: list[str],
    kinds: list[str],
    limit: int,
    rows: int,
) -> int | None:
    """Return the bytes of the text fields and of the answers 0 and 1.

    ``None``: a text field of more than ``limit`` bytes (the standard path's
    error). Other numbers are counted as they are coded (:func:`_encode`).
    """
    total = 0
    for n, kind in zip(names, kinds, strict=True):
        if kind == "text":
            if int(stats[f"m{n}"] or 0) > limit:
                return None
            total += int(stats[f"l{n}"] or 0)
        elif _direct(stats, n, kind):  # a digit each
            total += rows - int(stats[f"n{n}"])
    return total


def _direct(stats: dict[str, Any], name: str, kind: str) -> bool:
    """Whether a column is int8 of 0 .. k-1 (k = 1 or 2): its values are codes."""
    low, high = stats.get(f"a{name}"), stats.get(f"b{name}")
    return kind == "int8" and low == 0 and high in (0, 1)


def _columns(
    frame: Any, names: list[str], kinds: list[str], stats: dict[str, Any]
) -> tuple[list[_CodedColumn], int]:
    """Return each column as codes into its distinct values' text (blank: ``""``).

    And the bytes of the int64 columns' fields, written canonically. The
    frame's columns are taken out of it one by one, each freed once coded.
    """
    columns: list[_CodedColumn] = []
    number_bytes = 0
    for n, kind in zip(names, kinds, strict=True):
        series = frame.drop_in_place(n)
        nulls = int(stats[f"n{n}"])
        if _direct(stats, n, kind):  # both present, or just 0: the answers
            high = int(stats[f"b{n}"])
            filled = series.fill_null(-1) if nulls else series
            whole = np.arange(high + 1, dtype=np.int64)
            columns.append(_Numbers(filled.to_numpy(), whole))
        elif kind == "text":
            columns.append(_encode_text(series))
        else:
            column, size = _encode(series, nulls)
            columns.append(column)
            number_bytes += size
        del series
    return columns, number_bytes


class _Numbers(_CodedColumn):
    """A column of whole numbers, as codes into its distinct values (ascending).

    Each number is written canonically (the byte count proves it), so its
    text is ``str(value)``; a blank field has the code ``-1`` (as in
    ``factorize``). The survey builder takes the codes and the numbers as
    they are (``integer_factorize``): no text is made, sorted or parsed
    again; and a column of 0/1 answers (``whole`` 0 or 0, 1; int8 codes) is
    its own answer codes (``proven_answers``: 1 yes, 0 no, -1 blank). The
    text is made only when asked for (an error's value).
    """

    def __init__(
        self, codes: npt.NDArray[np.signedinteger[Any]], whole: npt.NDArray[np.int64]
    ) -> None:
        super().__init__(codes, None)
        self._whole = whole

    def values(self) -> list[str]:
        """Return the distinct numbers as text, ascending (a blank is code -1)."""
        if self._values is None:
            self._values = [str(v) for v in self._whole.tolist()]
        values: list[str] = self._values
        return values

    def arrow_factorize(self) -> tuple[npt.NDArray[np.signedinteger[Any]], Any]:
        """Return the codes and the distinct values, as text."""
        return self.factorize()

    def integer_factorize(
        self,
    ) -> tuple[npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.int64]] | None:
        """Return the codes (``-1``: blank) and the distinct numbers, ascending.

        ``None`` for many numbers without pyarrow: the builder encodes their
        text, as it did before (their labels a list, not kept as numbers).
        """
        if len(self._whole) >= _MANY and not _have_arrow():
            return None
        return self._codes, self._whole

    @property
    def proven_answers(self) -> npt.NDArray[np.int8] | None:
        """The answers of a column of 0/1 (1 yes, 0 no, -1 blank), else ``None``."""
        codes = self._codes
        if codes.dtype != np.int8 or self._whole.tolist() not in ([0], [0, 1]):
            return None
        answers: npt.NDArray[np.int8] = codes.view(np.int8)
        return answers

    def first_filled(self) -> int | None:
        """Return the first row whose field is not blank (``None``: every one is)."""
        filled = np.flatnonzero(self._codes >= 0)
        return int(filled[0]) if len(filled) else None

    def text(self, row: int) -> str:
        """Return the field at ``row``."""
        code = int(self._codes[row])
        return "" if code < 0 else self.values()[code]

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        text: npt.NDArray[Any] = np.array([*self.values(), ""], dtype=str)[self._codes]
        return text if dtype is None else text.astype(dtype)

    def without(self, rows: npt.NDArray[np.intp]) -> _Numbers:
        """Return the column without ``rows`` (a spreadsheet's blank rows)."""
        return _Numbers(np.delete(self._codes, rows), self._whole)


def _have_arrow() -> bool:
    """Whether pyarrow is installed."""
    try:
        return importlib.util.find_spec("pyarrow") is not None
    except (ImportError, ValueError):
        return False


def _encode_text(series: Any) -> _CodedColumn:
    """Codes and distinct values of a polars column of text (blank: ``""``)."""
    pl = importlib.import_module("polars")
    series = series.fill_null("")
    distinct = series.unique()
    codes = series.cast(pl.Enum(distinct)).to_physical().to_numpy()
    dtype = _code_dtype(len(distinct))
    return _CodedColumn(codes.astype(dtype), _values(distinct))


def _encode(series: Any, nulls: int) -> tuple[_Numbers, int]:
    """Codes and distinct values of a polars column of numbers (blank: ``-1``).

    And the bytes of its fields written canonically (a magnitude that
    overflows is counted short: the file is not exact).
    """
    numbers = series.drop_nulls().to_numpy() if nulls else series.to_numpy()
    low = int(numbers.min()) if len(numbers) else 0
    span = int(numbers.max()) - low + 1 if len(numbers) else 0
    if 0 < span <= 4 * len(series) + 1024:  # a look-up table by value
        offset = np.subtract(numbers, low, dtype=np.intp)  # no overflow
        present = np.zeros(span, dtype=bool)
        present[offset] = True
        whole = (np.flatnonzero(present) + low).astype(np.int64, copy=False)
        dtype = code_dtype(len(whole))
        rank = np.cumsum(present, dtype=dtype)
        rank -= 1
        inverse = rank[offset]
        counts = np.bincount(offset, minlength=span)[present]
        del offset
    else:
        numbers = numbers.astype(np.int64, copy=False)
        whole, inverse = np.unique(numbers, return_inverse=True)
        whole = whole.astype(np.int64, copy=False)
        dtype = code_dtype(len(whole))
        counts = np.bincount(inverse.reshape(-1), minlength=len(whole))
    if not nulls:
        codes = inverse.reshape(-1).astype(dtype, copy=False)
    else:
        codes = np.full(len(series), -1, dtype)
        codes[~series.is_null().to_numpy()] = inverse.reshape(-1)
    digits = np.searchsorted(_POWERS, np.abs(whole), "right") + 1 + (whole < 0)
    return _Numbers(codes, whole), int(counts @ digits)


def _values(distinct: Any) -> Any:
    """Return the distinct values (a polars column of text) as text.

    A pyarrow array when there are many: the survey builder sorts them faster
    in pyarrow (see :mod:`~skl_socialmedia.survey.arrow_labels`); else a
    list. (Not by ``pa.array()``: that would import pandas, to see whether
    its argument is a pandas object.)
    """
    if len(distinct) >= _MANY:
        try:
            pa = importlib.import_module("pyarrow")
        except ImportError:
            pass
        else:
            return distinct.to_arrow().cast(pa.string())
    text: list[str] = distinct.to_list()
    return text
