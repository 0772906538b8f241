"""Tables of estimates in tidy long form: the columns behind ``to_pandas()``.

One row per cell; one column per ``by`` attribute (the group's value of
it) rather than the joined group label; waves in the type they came in
(numbers where the wave column was numeric) with their text label beside;
the item's name and its label in the chosen language; fractions and
percentages (percentage points for changes); the counts, the method and the
base. The tables' ``to_pandas()``, ``to_polars()``, ``to_arrow()`` and
``__arrow_c_stream__`` build on :func:`tidy_columns`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia.dataframes import text_column
from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.model.items import item_label

__all__ = ["tidy_columns"]

Array = npt.NDArray[Any]

#: Columns a tidy table leaves out: shown in other columns instead.
_REPLACED = ("wave", "before_wave", "after_wave", "group", "item")


def _waves(labels: Array, values: Mapping[str, int | float | str]) -> Array:
    """Return the wave labels as the values they stand for (numbers if known)."""
    if not values:
        return text_column(labels.tolist())
    numbers = [values[label] for label in labels.tolist()]
    if all(isinstance(v, int) for v in numbers):
        return np.array(numbers, dtype=np.int64)
    if all(isinstance(v, int | float) for v in numbers):
        return np.array(numbers, dtype=np.float64)
    return text_column(numbers)


def _group_columns(
    groups: Array, by: Sequence[str], values: Mapping[str, tuple[str, ...]]
) -> dict[str, Array]:
    """Return one column per ``by`` attribute, or the group labels as ``group``."""
    if not by or not values:
        return {"group": text_column(groups.tolist())}
    unique, inverse = np.unique(groups, return_inverse=True)
    parts = [values[label] for label in unique.tolist()]
    columns = {}
    for k, name in enumerate(by):
        column = text_column([p[k] for p in parts])
        columns[name if name not in _TIDY else f"by.{name}"] = column[inverse]
    return columns


#: Names of the other tidy columns (a ``by`` attribute of one of these names
#: gets the prefix ``by.``).
_TIDY = frozenset(
    (
        *_REPLACED,
        "wave_label",
        "before_wave_label",
        "after_wave_label",
        "item_label",
        "percent",
        "low_percent",
        "high_percent",
        "pp",
        "low_pp",
        "high_pp",
        "method",
        "design",
        "confidence",
        "among",
    )
)


def _item_labels(items: Array, lang: str) -> Array:
    if lang not in ("en", "sv"):
        raise UnknownNameError("language", lang, ("en", "sv"))
    unique, inverse = np.unique(items, return_inverse=True)
    labels = text_column(
        [item_label(i, "sv" if lang == "sv" else "en") for i in unique]
    )
    result: Array = labels[inverse.reshape(-1)]
    return result


def tidy_columns(table: Any, lang: str = "en") -> dict[str, Array]:
    """Return a :class:`RateTable` or :class:`DeltaTable` as tidy columns.

    (The classes of :mod:`skl_socialmedia.tally.tables`.)
    """
    n = len(table)
    columns = table.columns
    out: dict[str, Array] = {}
    out.update(_group_columns(columns["group"], table.by, table.group_values))
    wave_names = ("wave",) if "wave" in columns else ("before_wave", "after_wave")
    for name in wave_names:
        out[name] = _waves(columns[name], table.wave_values)
        out[f"{name}_label"] = text_column(columns[name].tolist())
    out["item"] = text_column(columns["item"].tolist())
    out["item_label"] = _item_labels(columns["item"], lang)
    scaled = ("percent", "value") if "wave" in columns else ("pp", "value")
    for name, column in columns.items():
        if name in _REPLACED:
            continue
        out[name] = column
        if name in ("value", "low", "high"):
            prefix = "" if name == "value" else f"{name}_"
            out[f"{prefix}{scaled[0]}"] = 100.0 * column
    if "wave" in columns:
        out["method"] = text_column([table.method] * n)
        out["design"] = text_column([table.design] * n)
    out["confidence"] = np.full(n, float(table.confidence))
    out["among"] = text_column([table.among] * n)
    return out
