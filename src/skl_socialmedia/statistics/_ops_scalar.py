"""The scalar namespace of the statistics formulas: Python floats over ``math``.

The same names as :mod:`._ops_array` (numpy), for one Python float at a time;
the formulas written over ``xp`` evaluate here without creating arrays.  The
two differ only where numpy's result is an IEEE special value: a division by
zero, an overflow or a domain error raises here (``ZeroDivisionError``,
``OverflowError``, ``ValueError``) instead of giving ``inf`` or NaN, and the
scalar callers then hand the whole computation to the array path.  ``minimum``,
``maximum`` and ``clip`` propagate NaN as numpy's do.
"""

from __future__ import annotations

import math
from builtins import abs
from math import (
    copysign,
    exp,
    frexp,
    hypot,
    inf,
    isfinite,
    isinf,
    log,
    log1p,
    nan,
    sqrt,
)

__all__ = [
    "abs",
    "as_int",
    "clip",
    "copysign",
    "exp",
    "floor",
    "frexp",
    "hypot",
    "inf",
    "isfinite",
    "isinf",
    "ldexp",
    "log",
    "log1p",
    "maximum",
    "minimum",
    "nan",
    "sign",
    "sqrt",
    "trunc",
    "where",
]


def as_int(x: float) -> int:
    """Return a whole number as an int, for :func:`ldexp`."""
    return int(x)


def ldexp(x: float, e: int) -> float:
    """Return ``x · 2**e``; raises ``OverflowError`` where it overflows."""
    return math.ldexp(x, e)


def floor(x: float) -> float:
    """Return the largest whole number not above ``x``, as a float.

    As numpy's: ``-0.0``, the infinities and NaN come back as they are.
    """
    if x == 0.0 or not math.isfinite(x):
        return x
    return float(math.floor(x))


def sign(x: float) -> float:
    """Return ``1.0``, ``-1.0``, or ``0.0`` for either zero; NaN stays NaN."""
    if x > 0.0:
        return 1.0
    if x < 0.0:
        return -1.0
    return x if x != x else 0.0


def trunc(x: float) -> float:
    """Return ``x`` rounded towards zero, as a float (``inf`` stays ``inf``)."""
    return math.modf(x)[1]


def where(condition: bool, a: float, b: float) -> float:
    """Return ``a`` if ``condition`` else ``b`` (both already evaluated)."""
    return a if condition else b


def minimum(a: float, b: float) -> float:
    """Return the smaller of ``a`` and ``b``; NaN if either is NaN."""
    if a < b:
        return a
    if b <= a:
        return b
    return math.nan


def maximum(a: float, b: float) -> float:
    """Return the larger of ``a`` and ``b``; NaN if either is NaN."""
    if a > b:
        return a
    if b >= a:
        return b
    return math.nan


def clip(x: float, low: float, high: float) -> float:
    """Return ``x`` limited to ``[low, high]``; NaN stays NaN."""
    if x < low:
        return low
    if x > high:
        return high
    return x
