"""The public collector of data problems: every problem of an input, raised together.

A data source (built-in or a plugin) creates a :class:`Problems` for its input,
records what it finds while reading, and passes the collector to
:meth:`Survey.from_columns <skl_socialmedia.survey.model.Survey.from_columns>`,
which adds the problems of the columns and raises them all as one
:class:`~skl_socialmedia.errors.DataErrorGroup`, each naming file, line,
column and value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import DataError, DataErrorGroup, Location

__all__ = ["Problems"]


class Problems:
    """Collect data problems and raise them as one :class:`DataErrorGroup`.

    Rows are 0-based positions in the columns. A file reader passes ``lines``
    (the file line of each row) and ``file``; otherwise a row is named in the
    message as ``index 4`` (``row_word="index"``, ``row_base=0``) or, for
    records, ``record 5`` (``row_word="record"``, ``row_base=1``). Every
    problem's :class:`~skl_socialmedia.errors.Location` carries its ``row``
    too. ``columns`` maps a column's name to the name the input knows it by
    (a renamed variable), for the messages. At most ``limit`` problems are
    kept; all are counted.
    """

    def __init__(
        self,
        *,
        file: str | None = None,
        lines: npt.NDArray[np.int64] | Sequence[int] | None = None,
        row_word: str = "index",
        row_base: int = 0,
        limit: int = 20,
        columns: Mapping[str, str] | None = None,
    ) -> None:
        self.file = file
        self.lines = None if lines is None else np.asarray(lines, dtype=np.int64)
        self.row_word = row_word
        self.row_base = row_base
        self.limit = limit
        self.columns = dict(columns or {})
        self.errors: list[DataError] = []
        self.total = 0

    def line_of(self, row: int) -> int | None:
        """Return the file line of ``row``, if known."""
        return None if self.lines is None else int(self.lines[row])

    def where(self, row: int) -> str:
        """Name ``row`` for a message: its line, or its index or record number."""
        line = self.line_of(row)
        if line is not None:
            return f"line {line}"
        return f"{self.row_word} {row + self.row_base}"

    def add(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        line: int | None = None,
    ) -> None:
        """Record one problem, at a row (or a file line such as the header's)."""
        self.total += 1
        if len(self.errors) >= self.limit:
            return
        if row is not None:
            line = self.line_of(row)
            if line is None:
                message = f"{self.row_word} {row + self.row_base}: {message}"
        if column is not None:
            column = self.columns.get(column, column)
        location = Location(
            file=self.file, line=line, column=column, value=value, row=row
        )
        self.errors.append(DataError(message, location))

    def add_rows(
        self,
        message: str | Callable[[int], str],
        rows: npt.NDArray[np.intp] | Sequence[int],
        *,
        column: str | None,
        values: Callable[[int], object] | None = None,
    ) -> None:
        """Record the same problem at each of ``rows`` (counting all, keeping few)."""
        rows = np.asarray(rows, dtype=np.intp)
        room = max(self.limit - len(self.errors), 0)
        for row in rows[:room].tolist():
            text = message(row) if callable(message) else message
            self.add(
                text,
                row=row,
                column=column,
                value=None if values is None else values(row),
            )
        self.total += max(len(rows) - room, 0)

    def __bool__(self) -> bool:
        return self.total > 0

    def check(self) -> None:
        """Raise every problem recorded so far, if any."""
        if self.total:
            raise DataErrorGroup(self.errors, total=self.total)
