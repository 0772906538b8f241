"""The pyarrow fast path of the CSV source (the ``arrow`` extra).

Files without quote characters, blank lines, NUL bytes or comment lines after
the header are split by pyarrow's streaming reader, straight into dictionary
codes, and report the same lines of the wrong length in the same words as the
standard path. A file pyarrow cannot split (a line longer than about 2 MiB)
is left to the standard path (``None``).
"""

from __future__ import annotations

import codecs
import contextlib
import importlib
import importlib.util
import sys
import threading
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

import skl_socialmedia.progress as _progress
from skl_socialmedia.sources.microdata.csv_columns import (
    _code_dtype,
    _CodedColumn,
    _ragged,
    _Read,
)
from skl_socialmedia.sources.microdata.csv_layout import _Layout, _line
from skl_socialmedia.sources.microdata.text_decoding import _Bytes

#: Bytes per block of pyarrow's reader: a line longer than two goes the
#: standard way (so the fast path never reads a field over FIELD_LIMIT).
_BLOCK = 1 << 20


def _have_arrow() -> bool:
    try:
        importlib.import_module("pyarrow.csv")
    except ImportError:
        return False
    return True


def _prefetch_arrow() -> threading.Thread | None:
    """Import pyarrow on a thread, for a large file: both fast paths need it.

    Started before the file is read: the import runs on the other core while
    this one reads and checks the bytes (and beside polars' reader, which
    lets go of the interpreter), rather than after. ``None`` without pyarrow,
    or when it is imported already. Join the thread before returning.
    """
    if "pyarrow.compute" in sys.modules:
        return None
    try:
        if importlib.util.find_spec("pyarrow") is None:
            return None
    except (ImportError, ValueError):
        return None

    def load() -> None:
        with contextlib.suppress(Exception):  # imported again where it is used
            importlib.import_module("pyarrow.compute")

    thread = threading.Thread(target=load, name="import pyarrow", daemon=True)
    thread.start()
    return thread


def _simple(raw: bytes, start: int, stop: int) -> bool:
    """Whether the fast path reads ``raw[start:stop]`` as :mod:`csv` would."""
    # pyarrow reads a blank line as a row, and drops a BOM opening its input
    carriage = raw.find(b"\r", start, stop) >= 0  # most files have none
    bad = (
        b'"',
        b"\0",
        b"\n\n",
        b"\n#",
        *((b"\r\r", b"\n\r", b"\r#") if carriage else ()),
    )
    return (
        raw[start : start + 1] not in (b"\n", b"\r", b"#")
        and not raw.startswith(codecs.BOM_UTF8, start)
        and not any(raw.find(text, start, stop) >= 0 for text in bad)
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
    data: _Bytes,
    layout: _Layout,
    delimiter: str,
    total: int | None,
    file: str,
    block: int = _BLOCK,
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
                block_size=block,
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
