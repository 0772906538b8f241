"""Significance of a change: whether the interval excludes 0, and two-sided p-values.

Tests (two-sided, normal approximation, p-values from :func:`erfc`, no scipy):

* independent samples — the pooled two-proportion z test:
  ``z = (p₂ − p₁) / sqrt(p̄(1 − p̄)(1/n₁ + 1/n₂))`` with
  ``p̄ = (x₁ + x₂)/(n₁ + n₂)``, on effective counts ``xᵢ = pᵢnᵢ``.  (Its square is
  Pearson's chi-squared for the 2×2 table without continuity correction.)  A
  census group is known exactly: the test is then the one-sample score test of
  the other group against the census value.  A group of effective size 0 gives
  ``p = 1``.
* paired samples — McNemar's test without continuity correction:
  ``z = (c − b) / sqrt(b + c)`` from the discordant counts; ``p = 1`` when
  ``b + c = 0``.

The p-value and the interval can disagree near the 5 % boundary: the p-value
comes from the test, the interval from its own method.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from skl_socialmedia.statistics import _ops_array, _ops_scalar
from skl_socialmedia.statistics._normal import (
    scalar_two_sided_p_value,
    two_sided_p_value,
)
from skl_socialmedia.statistics._types import BoolArray, FloatArray, Namespace, Real
from skl_socialmedia.statistics._validation import two_samples

__all__ = [
    "MCNEMAR",
    "TWO_PROPORTION_Z",
    "excludes_zero",
    "mcnemar_p_value",
    "mcnemar_statistic",
    "scalar_mcnemar_p_value",
    "scalar_two_proportion_p_value",
    "two_proportion_p_value",
    "two_proportion_statistic",
]

TWO_PROPORTION_Z = "two-proportion z"
MCNEMAR = "McNemar"


def two_proportion_p_value(
    p_before: npt.ArrayLike,
    n_before: npt.ArrayLike,
    p_after: npt.ArrayLike,
    n_after: npt.ArrayLike,
) -> FloatArray:
    """Two-sided p-value of the pooled two-proportion z test, elementwise.

    Sizes are effective sizes: fractional values, 0 and ``inf`` are allowed.
    """
    p1, n1, p2, n2 = two_samples(p_before, n_before, p_after, n_after)
    with np.errstate(all="ignore"):
        z = two_proportion_statistic(p1, n1, p2, n2, _ops_array)
    empty = (n1 <= 0.0) | (n2 <= 0.0)
    result: FloatArray = np.where(empty, 1.0, two_sided_p_value(z))
    return result


def two_proportion_statistic(
    p1: Real, n1: Real, p2: Real, n2: Real, xp: Namespace
) -> Real:
    """Return the pooled two-proportion z statistic over ``xp`` (sizes ``> 0``)."""
    diff = p2 - p1
    census1 = xp.isinf(n1)
    census2 = xp.isinf(n2)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    # sizes whose sum overflows: the same average with the shares
    share = 1.0 / (1.0 + n2 / n1)
    pooled = xp.where(xp.isinf(n1 + n2), p1 * share + p2 * (1.0 - share), pooled)
    pooled = xp.where(
        census1,
        xp.where(census2, (p1 + p2) / 2.0, p1),
        xp.where(census2, p2, pooled),
    )
    inverse = 1.0 / n1 + 1.0 / n2  # (a census adds 1/inf = 0)
    variance = pooled * (1.0 - pooled) * inverse
    positive = variance > 0.0
    return xp.where(
        diff == 0.0,
        0.0,
        xp.where(positive, diff / xp.sqrt(xp.where(positive, variance, 1.0)), xp.inf),
    )


def scalar_two_proportion_p_value(p1: float, n1: float, p2: float, n2: float) -> float:
    """:func:`two_proportion_p_value` for one valid pair of samples, on floats.

    Raises:
        ZeroDivisionError, OverflowError, ValueError: where the array path
            would meet an IEEE special value; callers fall back to it.
    """
    if n1 <= 0.0 or n2 <= 0.0:
        return 1.0
    z: float = two_proportion_statistic(p1, n1, p2, n2, _ops_scalar)
    return scalar_two_sided_p_value(z)


def mcnemar_p_value(
    before_only: npt.ArrayLike, after_only: npt.ArrayLike
) -> FloatArray:
    """Two-sided p-value of McNemar's test (no continuity correction), elementwise.

    Counts above 2**250 are scaled by an even power of two first (exact), so
    that ``b + c`` stays finite up to the largest double.
    """
    b, c = np.broadcast_arrays(
        np.asarray(before_only, dtype=np.float64),
        np.asarray(after_only, dtype=np.float64),
    )
    with np.errstate(all="ignore"):
        _mantissa, exponent = np.frexp(np.maximum(b, c))
        e = np.where(np.maximum(b, c) > 2.0**250, exponent + exponent % 2, 0)
        b, c = np.ldexp(b, -e), np.ldexp(c, -e)
        z = mcnemar_statistic(b, c, e // 2, _ops_array)
    return two_sided_p_value(z)


def mcnemar_statistic(b: Real, c: Real, half_e: Real, xp: Namespace) -> Real:
    """McNemar's z over ``xp`` for counts scaled by ``2**-(2·half_e)``."""
    discordant = b + c
    positive = discordant > 0.0
    root = xp.sqrt(xp.where(positive, discordant, 1.0))
    return xp.ldexp(xp.where(positive, (c - b) / root, 0.0), half_e)


def scalar_mcnemar_p_value(before_only: float, after_only: float) -> float:
    """:func:`mcnemar_p_value` for two counts of at most 2**250, on floats."""
    z: float = mcnemar_statistic(before_only, after_only, 0, _ops_scalar)
    return scalar_two_sided_p_value(z)


def excludes_zero(low: npt.ArrayLike, high: npt.ArrayLike) -> BoolArray:
    """Whether each interval ``[low, high]`` lies entirely above or below 0."""
    lo = np.asarray(low, dtype=np.float64)
    hi = np.asarray(high, dtype=np.float64)
    result: BoolArray = (lo > 0.0) | (hi < 0.0)
    return result
