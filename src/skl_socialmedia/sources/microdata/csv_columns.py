"""Columns of codes, and what both CSV engines report alike.

Both engines give the survey builder the same dictionary-encoded columns
(:class:`_CodedColumn`) and describe a line of the wrong length, a header's
blank or repeated names and a file without data rows in the same words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from skl_socialmedia.problems import Problems

_INTEGER = re.compile(r"[+-]?\d+")
_DIGITS = re.compile(r"\d+")


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
    #: Text of a file without types: whole-number waves may be numbers.
    untyped = True

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

    def arrow_factorize(self) -> tuple[npt.NDArray[np.signedinteger[Any]], Any]:
        """Return the codes and the distinct values (a pyarrow array, or a list)."""
        return self._codes, self._values

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
