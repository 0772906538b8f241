"""Codes and labels: integer codes of a column's values, and the labels' rules.

A column is encoded as integer ``codes`` (``-1`` for missing, in the
narrowest signed type) into its distinct ``labels``: the values as text,
stripped; whole numbers sorted as numbers, other labels as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, overload

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import DataError

__all__ = [
    "MISSING_LABEL",
    "Categorical",
    "Codes",
    "IntegerLabels",
    "SortedLabels",
    "code_dtype",
    "is_integer_like",
    "label_text",
    "object_text",
    "objects_as_text",
    "sort_labels",
    "to_array",
]

_INTEGER = re.compile(r"^[+-]?\d+$")

#: The label of a missing attribute value.
MISSING_LABEL = "(missing)"

#: Integer codes of a column (``-1`` for missing), in the narrowest signed type.
Codes = npt.NDArray[np.signedinteger[Any]]


def code_dtype(count: int) -> type[np.signedinteger[Any]]:
    """Return the narrowest signed integer type for codes ``-1 .. count``."""
    if count < np.iinfo(np.int8).max:
        return np.int8
    if count < np.iinfo(np.int16).max:
        return np.int16
    if count < np.iinfo(np.int32).max:
        return np.int32
    return np.int64


class SortedLabels(Sequence[str]):
    """Labels made text only when read, looked up by ``_find`` (a subclass's)."""

    __slots__ = ()

    def _find(self, label: object) -> int:
        raise NotImplementedError

    def __contains__(self, label: object) -> bool:
        return self._find(label) >= 0

    def index(self, label: Any, start: int = 0, stop: int | None = None) -> int:
        """Return the position of ``label`` (a ``ValueError`` if absent)."""
        at = self._find(label)
        end = len(self) if stop is None else stop
        if at < 0 or not start <= at < end:
            raise ValueError(f"{label!r} is not a label")
        return at


class IntegerLabels(SortedLabels):
    """The labels of an integer column: its distinct values as text, on demand.

    A column of 200,000 organisation numbers needs no 200,000 strings until
    someone asks for them; look-ups (``index``, ``in``) search the values.
    ``values`` are ascending and distinct. They are held in the narrowest of
    ``int32`` and ``int64`` that holds them, and consecutive values (row
    numbers, ``1001 … 3000``) as their first value and count only; ``copy``
    says whether an array that can be kept as it is must be copied (it is not
    the caller's to change later).
    """

    __slots__ = ("_first", "_n", "_values")

    def __init__(
        self, values: npt.NDArray[np.integer[Any]], *, copy: bool = False
    ) -> None:
        n = len(values)
        first = int(values[0]) if n else 0
        self._first, self._n = first, n
        self._values: npt.NDArray[np.integer[Any]] | None = None
        if n == 0 or int(values[-1]) - first == n - 1:  # consecutive: no array
            return
        small = (
            first >= np.iinfo(np.int32).min
            and int(values[-1]) <= np.iinfo(np.int32).max
        )
        self._values = values.astype(np.int32 if small else np.int64, copy=copy)

    def _range(self) -> range:
        return range(self._first, self._first + self._n)

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if self._values is None:
            found = self._range()[index]
            return [str(v) for v in found] if isinstance(found, range) else str(found)
        if isinstance(index, slice):
            return [str(v) for v in self._values[index].tolist()]
        return str(self._values[index])

    def __iter__(self) -> Iterator[str]:
        if self._values is None:
            return map(str, self._range())
        return iter([str(v) for v in self._values.tolist()])

    def _find(self, label: object) -> int:
        if not isinstance(label, str) or not _INTEGER.match(label):
            return -1
        number = int(label)
        if str(number) != label:
            return -1
        if self._values is None:
            at = number - self._first
            return at if 0 <= at < self._n else -1
        if not self._first <= number <= int(self._values[-1]):
            return -1  # (and a number the array's type cannot hold)
        at = int(np.searchsorted(self._values, number))
        if at < len(self._values) and int(self._values[at]) == number:
            return at
        return -1

    def __repr__(self) -> str:
        return f"IntegerLabels({len(self)} values)"


@attrs.frozen(eq=False)
class Categorical:
    """A column as integer ``codes`` into ``labels`` (``-1`` for missing)."""

    codes: Codes
    labels: Sequence[str]

    def take(self, rows: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> Categorical:
        """Return the rows selected by an index or mask, keeping every label."""
        return Categorical(self.codes[rows], self.labels)


def to_array(values: object, what: str = "a column") -> npt.NDArray[Any]:
    """Return ``values`` as a one-dimensional numpy array (duck-typed columns).

    Raises :class:`~skl_socialmedia.errors.DataError` naming ``what`` for
    values of more dimensions.
    """
    array = values if isinstance(values, np.ndarray) else np.asarray(values)
    if array.ndim != 1:
        array = np.asarray(values, dtype=object)
    if array.ndim != 1:
        raise DataError(f"{what} must be one-dimensional, not of shape {array.shape}")
    return array


def object_text(value: object) -> str:
    """Return a Python object as a label: stripped text, ``""`` where missing."""
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        if value != value:
            return ""
        if float(value).is_integer():
            return str(int(value))
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    return str(value).strip()


_objects_as_text = np.frompyfunc(object_text, 1, 1)


def objects_as_text(array: npt.NDArray[Any]) -> npt.NDArray[np.str_]:
    """Return a column of Python objects as stripped text (``""`` where missing)."""
    with np.errstate(invalid="ignore"):
        text: npt.NDArray[np.str_] = np.asarray(_objects_as_text(array), dtype=str)
    return text


def label_text(value: object) -> str:
    """Return a distinct value as a label (whole floats without ``.0``)."""
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def is_integer_like(labels: Sequence[str]) -> bool:
    """Return whether every label is a whole number (``"2010"``, ``"3"``)."""
    if isinstance(labels, IntegerLabels):
        return len(labels) > 0
    return bool(labels) and all(_INTEGER.match(label) for label in labels)


def sort_labels(labels: list[str] | tuple[str, ...]) -> list[str]:
    """Sort labels numerically when all are whole numbers, else as text."""
    if is_integer_like(labels):
        return sorted(labels, key=_numeric_key)
    return sorted(labels)


def _numeric_key(label: str) -> tuple[int, int, str]:
    """Order whole numbers of any length (int() refuses over 4,300 digits).

    Digits of any script count by their value (``٣`` is 3).
    """
    text = label.strip()
    negative = text.startswith("-")
    digits = text.lstrip("+-")
    if not digits.isascii():
        digits = "".join(str(int(c)) for c in digits)
    digits = digits.lstrip("0") or "0"
    if negative and digits != "0":
        # more digits is smaller; among equal lengths, the larger digits smaller
        return (
            0,
            -len(digits),
            "".join(chr(ord("9") - ord(c) + ord("0")) for c in digits),
        )
    return (1, len(digits), digits)
