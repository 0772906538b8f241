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
    "SCALAR_TYPES",
    "as_float_array",
    "as_numeric_array",
    "check_confidence",
    "check_method",
    "check_proportions",
    "check_sizes",
    "first_bad",
    "locate",
    "scalar_confidence",
    "scalar_number",
]


def _describe(value: object) -> str:
    """Shorten a value for an error message."""
    if isinstance(value, int) and not isinstance(value, bool):
        digits = int(abs(value).bit_length() * math.log10(2.0))
        if digits > 30:
            return f"an integer of about 10**{digits}"
    try:
        text = repr(value)
    except ValueError:  # e.g. an int too long to convert to text
        return f"a {type(value).__name__}"
    return text if len(text) <= 80 else text[:77] + "..."


_FLOAT_MAX = float(np.finfo(np.float64).max)


def _integers_as_floats(raw: npt.NDArray[np.object_], name: str) -> FloatArray | None:
    """Convert an object array of Python integers to floats, else ``None``.

    Integers beyond 64 bits come as objects; they are numbers, as floats
    (rounded) while they are at most the largest float.

    Raises:
        InvalidArgumentError: an integer too large for a float.
    """
    flat = raw.reshape(-1).tolist()
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in flat):
        return None
    for index, item in enumerate(flat):
        if abs(item) > _FLOAT_MAX:
            where = f" at index {index}" if raw.ndim else ""
            raise InvalidArgumentError(
                f"{name} is too large{where}: got {_describe(item)}; numbers here "
                f"must be finite floats, at most {_FLOAT_MAX:.4g}"
            )
    return np.array([float(v) for v in flat], dtype=np.float64).reshape(raw.shape)


def as_numeric_array(value: npt.ArrayLike, name: str) -> FloatArray:
    """Convert ``value`` to a float64 array; reject non-numbers (NaN, inf pass).

    Python integers beyond 64 bits are converted to floats, if not above the
    largest float.

    Raises:
        InvalidArgumentError: ``value`` is not a number or an array of numbers,
            or an integer too large for a float.
    """
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as exc:  # ragged sequences
        raise InvalidArgumentError(
            f"{name} must be a number or an array of numbers, got {_describe(value)}"
        ) from exc
    if raw.dtype.kind == "O":
        converted = _integers_as_floats(raw, name)
        if converted is not None:
            return converted
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


SCALAR_TYPES = (float, int, np.float64, np.int64)
"""Types of the numbers the scalar paths take; others go the array way."""


def scalar_number(value: object) -> float | None:
    """Return ``value`` as a finite float if the scalar paths take it, else ``None``.

    The same float :func:`as_float_array` gives for a Python or numpy float or
    integer that it accepts; ``None`` for any other type and for values it
    rejects (NaN, infinities, integers beyond the largest float), which the
    callers hand to the array path and its errors.
    """
    if type(value) is int:
        return float(value) if -_FLOAT_MAX <= value <= _FLOAT_MAX else None
    if type(value) is float or type(value) is np.float64:
        number = float(value)
        return number if math.isfinite(number) else None
    if type(value) is np.int64:
        return float(value)
    return None


def scalar_confidence(confidence: object) -> float | None:
    """Return ``confidence`` as a float if it is a valid float level, else ``None``.

    ``None`` also for a valid level of another type: the callers then take
    the array path, whose :func:`check_confidence` has the last word.
    """
    if type(confidence) is float or type(confidence) is np.float64:
        level = float(confidence)
        if 0.0 < level < 1.0:
            return level
    return None
