"""Many distinct text values, sorted and kept in pyarrow: no Python string each.

A column of a million organisation codes needs no million Python strings
until someone asks for them: :func:`relabel_arrow` sorts the distinct values
of a pyarrow array with pyarrow and gives :class:`ArrowLabels`, a sequence of
the labels that makes a string only when one is read (look-ups bisect the
sorted values). Only where the result is exactly what the general path would
give: no value to strip (by Python's ``str.strip``), and not all whole numbers
(which sort as numbers).
"""

from __future__ import annotations

import bisect
import importlib
from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

from skl_socialmedia.survey.codes import Codes, IntegerLabels, SortedLabels, code_dtype

__all__ = ["ArrowLabels", "relabel_arrow"]

#: Distinct values from which the labels stay in pyarrow.
MANY = 1 << 16

#: A value with a character Python's ``str.strip`` removes at either end.
_STRIPPABLE = (
    r"^[\t-\r\x1c- \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}]|[\t-\r\x1c- \x{85}\x{a0}\x{1680}"
    r"\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]$"
)
#: A whole number as :func:`~skl_socialmedia.survey.codes.is_integer_like` reads it.
_WHOLE = r"^[+-]?\p{Nd}+$"


class ArrowLabels(SortedLabels):
    """Sorted text labels held as a pyarrow array, made strings when read."""

    __slots__ = ("_values",)

    def __init__(self, values: Any) -> None:
        self._values = values

    def __len__(self) -> int:
        return len(self._values)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                found: list[str] = self._values.slice(start, stop - start).to_pylist()
                return found
            return [self[i] for i in range(start, stop, step)]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        value: str = self._values[index].as_py()
        return value

    def __iter__(self) -> Iterator[str]:
        step = 1 << 16
        for start in range(0, len(self), step):
            yield from self._values.slice(start, step).to_pylist()

    def _find(self, label: object) -> int:
        if not isinstance(label, str):
            return -1
        at = bisect.bisect_left(self, label)
        return at if at < len(self) and self[at] == label else -1

    def __repr__(self) -> str:
        return f"ArrowLabels({len(self)} values)"


#: A whole number written as Python writes it (no sign but ``-``, no leading
#: zero, ASCII digits), small enough for an int64.
_CANONICAL = r"^(0|-?[1-9][0-9]{0,17})$"


def _whole_numbers(
    codes: Codes, values: Any, blank: Any, present: Any
) -> tuple[Codes, Sequence[str]] | None:
    """Relabel whole numbers written as Python writes them, as IntegerLabels.

    Others (``0114``, ``+5``, other scripts' digits) keep their spelling: the
    general path sorts them.
    """
    pa = importlib.import_module("pyarrow")
    compute = importlib.import_module("pyarrow.compute")
    if not compute.all(compute.match_substring_regex(present, _CANONICAL)).as_py():
        return None
    numbers = compute.cast(values.filter(compute.invert(blank)), pa.int64())
    found = numbers.to_numpy()
    order = np.argsort(found, kind="stable")
    at = np.flatnonzero(compute.invert(blank).to_numpy(zero_copy_only=False))
    rank = np.full(len(values) + 1, -1, dtype=code_dtype(len(found)))
    rank[at[order]] = np.arange(len(found))
    result: Codes = np.take(rank, codes)
    return result, IntegerLabels(found[order])


def relabel_arrow(codes: Codes, values: Any) -> tuple[Codes, Sequence[str]] | None:
    """Return ``codes`` into the distinct text ``values`` as codes into sorted labels.

    ``values`` is a pyarrow array of distinct strings; a blank one is missing.
    Whole numbers written as Python writes them become
    :class:`~skl_socialmedia.survey.codes.IntegerLabels`. ``None`` where the
    general path must do it (few values, values to strip, whole numbers
    written otherwise).
    """
    if len(values) < MANY or not hasattr(values, "type"):
        return None
    pa = importlib.import_module("pyarrow")
    compute = importlib.import_module("pyarrow.compute")
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return None
    if (
        values.null_count
        or compute.any(compute.match_substring_regex(values, _STRIPPABLE)).as_py()
    ):
        return None
    # A length cast to bool, not ``equal(values, "")``: a Python scalar makes
    # pyarrow import pandas (0.16 s), and nothing else here needs it.
    filled = compute.cast(compute.binary_length(values), pa.bool_())
    blank = compute.invert(filled)
    present = values.filter(filled)
    if compute.all(compute.match_substring_regex(present, _WHOLE)).as_py():
        return _whole_numbers(codes, values, blank, present)
    order = compute.array_sort_indices(values).to_numpy()
    blanks = int(compute.sum(blank).as_py() or 0)  # sorted first
    rank = np.empty(len(values) + 1, dtype=code_dtype(len(values) - blanks))
    rank[order] = np.arange(len(values)) - blanks  # a blank value: -1
    rank[-1] = -1  # a missing field
    result: Codes = np.take(rank, codes)
    # indices from numpy's buffer: pa.array() would import pandas to check
    # whether the array is a pandas object
    keep = np.ascontiguousarray(order[blanks:], dtype=np.int64)
    indices = pa.Array.from_buffers(pa.int64(), len(keep), [None, pa.py_buffer(keep)])
    labels = values.take(indices)
    return result, ArrowLabels(labels)
