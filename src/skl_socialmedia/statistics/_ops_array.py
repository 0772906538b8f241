"""The array namespace of the statistics formulas: numpy, elementwise.

Every formula that has a scalar evaluator is written once over a namespace
``xp`` — this module for float64 arrays, :mod:`._ops_scalar` for Python floats —
and calls only the names both define (a test checks that they agree).  Here
they are numpy's own functions; arrays broadcast and IEEE special values
(``inf``, NaN) come out where the scalar namespace raises instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy import (
    abs,
    clip,
    copysign,
    exp,
    floor,
    frexp,
    hypot,
    inf,
    isfinite,
    isinf,
    log,
    log1p,
    maximum,
    minimum,
    nan,
    sign,
    sqrt,
    trunc,
    where,
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


def as_int(x: Any) -> Any:
    """Return whole numbers (float64 array) as int64, for :func:`ldexp`."""
    return np.asarray(x).astype(np.int64)


def ldexp(x: Any, e: Any) -> Any:
    """Return ``x · 2**e`` (``inf`` where it overflows)."""
    with np.errstate(over="ignore"):
        return np.ldexp(x, e)
