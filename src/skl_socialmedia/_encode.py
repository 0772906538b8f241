"""Column encoding: labels to integer codes, and weights to floats, vectorised.

Loops here run over the distinct values of a column, never over its rows
(except for columns of Python objects, which must be looked at one by one).
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

__all__ = [
    "Categorical",
    "encode",
    "first_appearance_order",
    "is_integer_like",
    "objects_as_text",
    "parse_weights",
    "sort_labels",
    "to_array",
]

_INTEGER = re.compile(r"^[+-]?\d+$")

#: The label of a missing attribute value.
MISSING_LABEL = "(missing)"


@attrs.frozen(eq=False)
class Categorical:
    """A column as integer ``codes`` into ``labels`` (``-1`` for missing)."""

    codes: npt.NDArray[np.intp]
    labels: tuple[str, ...]

    def take(self, rows: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> Categorical:
        """Return the rows selected by an index or mask, keeping every label."""
        return Categorical(self.codes[rows], self.labels)


def to_array(values: object) -> npt.NDArray[Any]:
    """Return ``values`` as a one-dimensional numpy array (duck-typed columns)."""
    array = values if isinstance(values, np.ndarray) else np.asarray(values)
    if array.ndim != 1:
        array = np.asarray(values, dtype=object)
    if array.ndim != 1:
        raise ValueError(
            f"a column must be one-dimensional, not of shape {array.shape}"
        )
    return array


def _object_text(value: object) -> str:
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


_objects_as_text = np.frompyfunc(_object_text, 1, 1)


def objects_as_text(array: npt.NDArray[Any]) -> npt.NDArray[np.str_]:
    """Return a column of Python objects as stripped text (``""`` where missing)."""
    with np.errstate(invalid="ignore"):
        text: npt.NDArray[np.str_] = np.asarray(_objects_as_text(array), dtype=str)
    return text


def _label(value: object) -> str:
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def is_integer_like(labels: tuple[str, ...] | list[str]) -> bool:
    """Return whether every label is a whole number (``"2010"``, ``"3"``)."""
    return bool(labels) and all(_INTEGER.match(label) for label in labels)


def sort_labels(labels: list[str] | tuple[str, ...]) -> list[str]:
    """Sort labels numerically when all are whole numbers, else as text."""
    if is_integer_like(labels):
        return sorted(labels, key=int)
    return sorted(labels)


def encode(values: object) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Encode a column as codes into distinct labels (``-1`` where missing).

    Labels are the values as text, stripped; whole floats lose their ``.0``
    (``2010.0`` → ``"2010"``); blank, ``None`` and NaN are missing. The labels
    come out sorted (see :func:`sort_labels`).
    """
    array = to_array(values)
    if array.dtype.kind not in "biufUS":
        array = objects_as_text(array)
    if array.dtype.kind == "S":
        array = array.astype(str)
    uniq, inverse = np.unique(array, return_inverse=True)
    raw = [_label(u) for u in uniq.tolist()]
    labels = sort_labels(sorted({label for label in raw if label}))
    index = {label: i for i, label in enumerate(labels)}
    remap = np.array([index.get(label, -1) for label in raw], dtype=np.intp)
    codes: npt.NDArray[np.intp] = remap[inverse.reshape(-1)]
    return codes, labels


def first_appearance_order(codes: npt.NDArray[np.intp], count: int) -> list[int]:
    """Return the codes ``0..count-1`` in the order they first appear (absent last)."""
    present = codes >= 0
    first = np.full(count, len(codes), dtype=np.intp)
    if present.any():
        uniq, index = np.unique(codes[present], return_index=True)
        first[uniq] = np.flatnonzero(present)[index]
    return [int(i) for i in np.argsort(first, kind="stable")]


def _weight(text: str) -> float | None:
    text = text.strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def parse_weights(
    values: object,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Read a weight column: floats (decimal comma accepted) and a bad-value mask.

    Bad values are blanks, non-numbers, NaN, infinities and negative numbers;
    they get the weight NaN.
    """
    array = to_array(values)
    if array.dtype.kind in "biuf":
        weights = array.astype(np.float64)
    else:
        if array.dtype.kind not in "US":
            array = objects_as_text(array)
        uniq, inverse = np.unique(array.astype(str), return_inverse=True)
        parsed = [_weight(u) for u in uniq.tolist()]
        lut = np.array([np.nan if p is None else p for p in parsed], dtype=np.float64)
        weights = lut[inverse.reshape(-1)]
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(weights) | (weights < 0)
    return weights, bad
