"""Argument checks with messages that name the argument and the bad value."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.statistics._types import BoolArray, FloatArray

M = TypeVar("M", bound=str)

__all__ = [
    "as_float_array",
    "as_numeric_array",
    "check_confidence",
    "check_method",
    "check_proportions",
    "check_sizes",
    "first_bad",
    "locate",
]


def _describe(value: object) -> str:
    """Shorten a value for an error message."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def as_numeric_array(value: npt.ArrayLike, name: str) -> FloatArray:
    """Convert ``value`` to a float64 array; reject non-numbers (NaN, inf pass).

    Raises:
        InvalidArgumentError: ``value`` is not a number or an array of numbers.
    """
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested sequences
        raise InvalidArgumentError(
            f"{name} must be a number or an array of numbers, got {_describe(value)}"
        ) from exc
    if raw.dtype.kind not in "biuf":
        raise InvalidArgumentError(
            f"{name} must be a number or an array of numbers, got {_describe(value)}"
        )
    return raw.astype(np.float64)


def as_float_array(value: npt.ArrayLike, name: str) -> FloatArray:
    """Convert ``value`` to a float64 array; reject non-numbers and non-finite values.

    Raises:
        InvalidArgumentError: ``value`` is not numeric, or holds NaN or infinity.
    """
    array = as_numeric_array(value, name)
    finite = np.isfinite(array)
    if not bool(np.all(finite)):
        raise InvalidArgumentError(
            f"{name} must be finite, got {first_bad(array, ~finite)}"
        )
    return array


def locate(bad: BoolArray) -> tuple[tuple[int, ...], str]:
    """Index of the first true element of ``bad`` and a phrase naming it.

    The phrase is ``" at index 3"`` (or ``" at index (1, 2)"``), empty for a
    0-dimensional array.
    """
    index = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
    where = f" at index {index[0] if len(index) == 1 else index}" if index else ""
    return index, where


def first_bad(array: FloatArray, bad: BoolArray) -> str:
    """Describe the first element of ``array`` where ``bad`` holds."""
    index, where = locate(bad)
    return f"{float(array[index])!r}{where}"


def check_confidence(confidence: object) -> float:
    """Return ``confidence`` as a float strictly between 0 and 1.

    Raises:
        InvalidArgumentError: not a real number, or not in the open interval (0, 1).
    """
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real):
        raise InvalidArgumentError(
            f"confidence must be a number between 0 and 1, got {_describe(confidence)}"
        )
    level = float(confidence)
    if not (math.isfinite(level) and 0.0 < level < 1.0):
        raise InvalidArgumentError(
            f"confidence must lie strictly between 0 and 1 (e.g. 0.95), got {level!r}"
        )
    return level


def check_method(method: object, kind: str, known: Sequence[M]) -> M:
    """Return ``method`` if it is one of ``known`` (typed as they are).

    Raises:
        UnknownNameError: ``method`` is not a known method name.
    """
    for name in known:
        if isinstance(method, str) and method == name:
            return name
    raise UnknownNameError(kind, method, [str(name) for name in known])


def check_proportions(p: FloatArray, name: str) -> None:
    """Raise unless every element of ``p`` is a proportion in [0, 1].

    Raises:
        InvalidArgumentError: an element is NaN or outside [0, 1].
    """
    bad = ~((p >= 0.0) & (p <= 1.0))
    if bool(np.any(bad)):
        raise InvalidArgumentError(
            f"{name} must be proportions in [0, 1], got {first_bad(p, bad)}"
        )


def check_sizes(n: FloatArray, name: str) -> None:
    """Raise unless every element of ``n`` is a size ``>= 0`` (``inf`` allowed).

    Raises:
        InvalidArgumentError: an element is NaN or negative.
    """
    bad = ~(n >= 0.0)
    if bool(np.any(bad)):
        raise InvalidArgumentError(
            f"{name} must be sizes >= 0 (inf for a census), got {first_bad(n, bad)}"
        )


def two_samples(
    p_before: npt.ArrayLike,
    n_before: npt.ArrayLike,
    p_after: npt.ArrayLike,
    n_after: npt.ArrayLike,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Broadcast and check the proportions and (effective) sizes of two samples."""
    p1, n1, p2, n2 = np.broadcast_arrays(
        *(
            np.asarray(v, dtype=np.float64)
            for v in (p_before, n_before, p_after, n_after)
        )
    )
    check_proportions(p1, "p_before")
    check_proportions(p2, "p_after")
    check_sizes(n1, "n_before")
    check_sizes(n2, "n_after")
    return p1, n1, p2, n2
