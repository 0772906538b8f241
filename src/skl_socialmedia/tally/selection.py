"""Selecting rows of a table of estimates: ``table.select(item=..., wave=...)``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.model.items import parse_item

__all__ = ["selected"]

#: Columns of labels: a value the table does not hold is an error.
_LABELS = ("wave", "before_wave", "after_wave", "group", "item")


def _wanted(value: object) -> list[object]:
    """Return the values asked for: a list, tuple or set, or one value."""
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


def _label(name: str, value: object, present: set[str]) -> str:
    """Return the label ``value`` stands for (an item alias resolved)."""
    text = str(value).strip() if not isinstance(value, str) else value
    if text in present:
        return text
    if name == "item":
        try:
            canonical = parse_item(text)
        except UnknownNameError:
            canonical = text
        if canonical in present:
            return canonical
    raise UnknownNameError(name.replace("_", " "), value, sorted(present))


def selected(table: Any, equals: Mapping[str, object]) -> npt.NDArray[np.bool_]:
    """Return the mask of the rows of ``table`` matching every ``name=value``."""
    names = table.column_names()
    by = tuple(table.by)
    mask = np.ones(len(table), dtype=bool)
    for name, value in equals.items():
        wanted = _wanted(value)
        if name in by and name not in names:
            k = by.index(name)
            values = table.group_values
            present = {parts[k] for parts in values.values()}
            labels = {_label(name, v, present) for v in wanted}
            groups = [g for g, parts in values.items() if parts[k] in labels]
            mask &= np.isin(table.group, groups)
        elif name in _LABELS:
            present = set(np.unique(getattr(table, name)).tolist())
            labels = {_label(name, v, present) for v in wanted}
            mask &= np.isin(getattr(table, name), list(labels))
        elif name in names:
            mask &= np.isin(getattr(table, name), np.asarray(wanted))
        else:
            raise UnknownNameError("table column", name, (*names, *by))
    return mask
