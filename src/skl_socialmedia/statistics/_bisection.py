"""Vectorised inversion of a score statistic by bisection.

A score interval is the set of hypothesised differences ``d`` whose squared score
statistic ``T(d)²`` does not exceed ``z²``.  :func:`score_limits` finds both ends
for a whole array of tables at once: a fixed number of bisection halvings on
arrays (no Python loop per table, no root finder that can fail for want of a sign
change), starting from the estimate, where the statistic is 0, and the bounds of
the parameter space, ±1.  If the statistic at a bound is itself within ``z²``,
that bound is the limit.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from skl_socialmedia.statistics._types import FloatArray

__all__ = ["ITERATIONS", "score_limits"]

ITERATIONS = 100
"""Halvings per limit: far more than the 53 bits of a float64 need."""


def _search(
    statistic: Callable[[FloatArray], FloatArray],
    inside: FloatArray,
    outside: FloatArray,
    critical: float,
) -> FloatArray:
    """Move ``inside`` (accepted) and ``outside`` (bound) towards each other."""
    accepted = statistic(outside) <= critical
    inside = np.where(accepted, outside, inside)
    for _ in range(ITERATIONS):
        if not bool(np.any(np.abs(outside - inside) > 1e-15)):
            break
        middle = (inside + outside) / 2.0
        ok = statistic(middle) <= critical
        inside = np.where(ok, middle, inside)
        outside = np.where(ok, outside, middle)
    return inside


def score_limits(
    statistic: Callable[[FloatArray], FloatArray],
    estimate: FloatArray,
    critical: float,
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper limits of ``{d in [-1, 1]: statistic(d) <= critical}``.

    Args:
        statistic: Maps an array of hypothesised differences (same shape as
            ``estimate``) to the squared score statistic; must return 0 (not NaN)
            at the estimate and ``inf`` where the hypothesis is impossible.
        estimate: The observed differences.
        critical: ``z²``.

    Returns:
        ``(low, high)``, each within 1e-15 of the exact limit, on the accepted side.
    """
    with np.errstate(all="ignore"):
        low = _search(statistic, estimate, np.full_like(estimate, -1.0), critical)
        high = _search(statistic, estimate, np.full_like(estimate, 1.0), critical)
    return low, high
