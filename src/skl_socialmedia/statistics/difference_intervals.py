"""Vectorised interval kernels for the difference of two independent proportions.

All kernels estimate ``d = p_after − p_before`` from the two proportions and their
(effective, possibly fractional or infinite) sizes.  :func:`difference_interval`
dispatches on the method name.  Methods, with ``z`` the normal critical value:

* ``newcombe`` — Newcombe (1998b) method 10, the hybrid score ("square and add")
  interval from the two Wilson intervals ``(l₁, u₁)`` of ``p_before`` and
  ``(l₂, u₂)`` of ``p_after``:
  ``L = d − sqrt((p₂ − l₂)² + (u₁ − p₁)²)``,
  ``U = d + sqrt((u₂ − p₂)² + (p₁ − l₁)²)``.
* ``newcombe-cc`` — Newcombe (1998b) method 11: the same with continuity-corrected
  Wilson limits (Newcombe 1998a method 4).
* ``wald`` — Newcombe (1998b) method 1:
  ``d ± z sqrt(p₁q₁/n₁ + p₂q₂/n₂)``, clipped to [−1, 1].
* ``agresti-caffo`` — Agresti & Caffo (2000): add one success and one failure to
  each group, ``p̃ᵢ = (xᵢ + 1)/(nᵢ + 2)``, then
  ``p̃₂ − p̃₁ ± z sqrt(p̃₁q̃₁/(n₁ + 2) + p̃₂q̃₂/(n₂ + 2))``, clipped to [−1, 1].
* ``miettinen-nurminen`` — Miettinen & Nurminen (1985), the asymptotic score
  interval: all ``δ`` with ``(p₂ − p₁ − δ)² / V(δ) <= z²`` where
  ``V(δ) = (p̃₁q̃₁/n₁ + p̃₂q̃₂/n₂) · N/(N − 1)``, ``N = n₁ + n₂``, and
  ``(p̃₁, p̃₂)`` is the maximum-likelihood estimate under ``p₂ − p₁ = δ``
  (the closed-form cubic root of Miettinen & Nurminen 1985, Appendix, as also
  given by Farrington & Manning 1990).  The set is found by vectorised bisection.

Degenerate sizes: if either group has effective size 0 (no information) the
interval is [−1, 1]; a census (infinite size) contributes no sampling error — for
``miettinen-nurminen`` the interval is then the Wilson interval of the other group
shifted by the census value (the limit of the score interval), for
``agresti-caffo`` the census proportion is used as it is, without pseudo-counts.
Every interval is clipped to [−1, 1] and, if needed, widened to contain ``d``
(``agresti-caffo`` is centred on the adjusted difference and at low confidence
can otherwise miss an observed difference of ±1).

The closed-form methods are written once over a namespace ``xp`` (the
``*_formula`` functions, listed in :data:`DIFFERENCE_FORMULAS`): evaluated on
float64 arrays by the kernels here (``xp`` is :mod:`._ops_array`, numpy) and on
Python floats by :func:`scalar_difference_interval` (``xp`` is
:mod:`._ops_scalar`, ``math``), the scalar path of :func:`~.deltas.pp_delta`.
One formula, two evaluators.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from skl_socialmedia.statistics import _ops_array, _ops_scalar
from skl_socialmedia.statistics._bisection import score_limits
from skl_socialmedia.statistics._quantiles import normal_quantile
from skl_socialmedia.statistics._types import (
    DELTA_METHODS,
    DeltaMethod,
    FloatArray,
    Namespace,
    Real,
)
from skl_socialmedia.statistics._validation import (
    check_confidence,
    check_method,
    two_samples,
)
from skl_socialmedia.statistics.intervals import (
    MIN_SIZE,
    Formula,
    limits,
    proportion_interval,
    wilson_cc_formula,
    wilson_formula,
)

__all__ = [
    "DIFFERENCE_FORMULAS",
    "SQUARE_AND_ADD_RATES",
    "agresti_caffo_difference",
    "agresti_caffo_formula",
    "bounded_difference",
    "difference_interval",
    "guarded_sizes",
    "miettinen_nurminen_difference",
    "newcombe_cc_difference",
    "newcombe_cc_formula",
    "newcombe_difference",
    "newcombe_formula",
    "scalar_difference_from_limits",
    "scalar_difference_interval",
    "square_and_add",
    "squared_and_added",
    "wald_difference",
    "wald_difference_formula",
]

Interval = tuple[FloatArray, FloatArray]
Kernel = Callable[[FloatArray, FloatArray, FloatArray, FloatArray, float], Interval]


def _variance_term(p: Real, n: Real, xp: Namespace) -> Real:
    """``p(1 − p)/n``, 0 for a census (``n = inf``)."""
    return xp.where(xp.isinf(n), 0.0, p * (1.0 - p) / n)


def wald_difference_formula(
    p1: Real, n1: Real, p2: Real, n2: Real, z: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Wald limits for ``p2 − p1`` (Newcombe 1998b method 1) over ``xp``."""
    half = z * xp.sqrt(_variance_term(p1, n1, xp) + _variance_term(p2, n2, xp))
    d = p2 - p1
    return d - half, d + half


def square_and_add(
    p1: Real, n1: Real, p2: Real, n2: Real, z: Real, single: Formula, xp: Namespace
) -> tuple[Real, Real]:
    """Newcombe's square-and-add limits from two single-proportion intervals."""
    l1, u1 = limits(p1, n1, z, single, xp)
    l2, u2 = limits(p2, n2, z, single, xp)
    return squared_and_added(p1, l1, u1, p2, l2, u2, xp)


def squared_and_added(
    p1: Real, l1: Real, u1: Real, p2: Real, l2: Real, u2: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Newcombe's limits for ``p2 − p1`` from the two intervals ``[l, u]``."""
    d = p2 - p1
    low = d - xp.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + xp.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return low, high


def newcombe_formula(
    p1: Real, n1: Real, p2: Real, n2: Real, z: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Newcombe's hybrid score limits (1998b method 10) over ``xp``."""
    return square_and_add(p1, n1, p2, n2, z, wilson_formula, xp)


def newcombe_cc_formula(
    p1: Real, n1: Real, p2: Real, n2: Real, z: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Newcombe's continuity-corrected limits (1998b method 11) over ``xp``."""
    return square_and_add(p1, n1, p2, n2, z, wilson_cc_formula, xp)


def agresti_caffo_formula(
    p1: Real, n1: Real, p2: Real, n2: Real, z: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Agresti-Caffo limits over ``xp``: Wald after one success and one failure."""

    def adjusted(p: Real, n: Real) -> tuple[Real, Real]:
        census = xp.isinf(n)
        n_safe = xp.where(census, 1.0, n)
        p_tilde = xp.where(census, p, (n_safe * p + 1.0) / (n_safe + 2.0))
        term = xp.where(census, 0.0, p_tilde * (1.0 - p_tilde) / (n_safe + 2.0))
        return p_tilde, term

    p1t, v1 = adjusted(p1, n1)
    p2t, v2 = adjusted(p2, n2)
    half = z * xp.sqrt(v1 + v2)
    d = p2t - p1t
    return d - half, d + half


DifferenceFormula = Callable[
    [Real, Real, Real, Real, Real, Namespace], tuple[Real, Real]
]

DIFFERENCE_FORMULAS: dict[str, DifferenceFormula] = {
    "newcombe": newcombe_formula,
    "newcombe-cc": newcombe_cc_formula,
    "wald": wald_difference_formula,
    "agresti-caffo": agresti_caffo_formula,
}
"""The methods written once over a namespace: evaluated on arrays and on floats."""


def wald_difference(
    p1: FloatArray, n1: FloatArray, p2: FloatArray, n2: FloatArray, confidence: float
) -> Interval:
    """Wald interval for ``p2 − p1`` (Newcombe 1998b method 1), unclipped."""
    z = normal_quantile(confidence)
    return wald_difference_formula(p1, n1, p2, n2, z, _ops_array)


def newcombe_difference(
    p1: FloatArray, n1: FloatArray, p2: FloatArray, n2: FloatArray, confidence: float
) -> Interval:
    """Newcombe's hybrid score interval for ``p2 − p1`` (1998b method 10)."""
    z = normal_quantile(confidence)
    return newcombe_formula(p1, n1, p2, n2, z, _ops_array)


def newcombe_cc_difference(
    p1: FloatArray, n1: FloatArray, p2: FloatArray, n2: FloatArray, confidence: float
) -> Interval:
    """Newcombe's continuity-corrected hybrid score interval (1998b method 11)."""
    z = normal_quantile(confidence)
    return newcombe_cc_formula(p1, n1, p2, n2, z, _ops_array)


def agresti_caffo_difference(
    p1: FloatArray, n1: FloatArray, p2: FloatArray, n2: FloatArray, confidence: float
) -> Interval:
    """Agresti-Caffo interval: Wald after adding one success and one failure."""
    z = normal_quantile(confidence)
    return agresti_caffo_formula(p1, n1, p2, n2, z, _ops_array)


class _ConstrainedMle:
    """Maximum-likelihood ``(p̃a, p̃b)`` under ``pa − pb = δ``, for many ``δ``.

    The closed-form root of the likelihood cubic of Miettinen & Nurminen (1985,
    Appendix; Farrington & Manning 1990, eq. 13), with ``θ = nb/na``:
    ``a = 1 + θ``, ``b = −(1 + θ + pa + θpb + δ(θ + 2))``,
    ``c = δ² + δ(2pa + θ + 1) + pa + θpb``, ``d = −pa δ(1 + δ)``,
    ``v = b³/(3a)³ − bc/(6a²) + d/(2a)``, ``u = sign(v) sqrt(b²/(3a)² − c/(3a))``,
    ``w = (π + arccos(v/u³))/3`` and ``p̃a = 2u cos(w) − b/(3a)``.
    The parts that do not depend on ``δ`` are computed once.  Near a double
    root the trigonometric form loses digits: limits agree with their mirror
    images to about 1e-11.
    """

    def __init__(
        self, pa: FloatArray, na: FloatArray, pb: FloatArray, nb: FloatArray
    ) -> None:
        # (at most 1e300: beyond, the root no longer changes, and the
        # coefficients below stay finite)
        theta = np.minimum(nb / na, 1e300)
        self.pa = pa
        self.three_a = 3.0 * (1.0 + theta)
        self.b_fixed = -(1.0 + theta + pa + theta * pb)
        self.b_slope = -(theta + 2.0)
        self.c_slope = 2.0 * pa + theta + 1.0
        self.c_fixed = pa + theta * pb

    def __call__(self, delta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Return ``(p̃a, p̃b)`` for the hypothesised differences ``delta``."""
        b3 = (self.b_fixed + self.b_slope * delta) / self.three_a  # b / 3a
        c3 = (delta * (delta + self.c_slope) + self.c_fixed) / self.three_a  # c / 3a
        d2 = -1.5 * self.pa * delta * (1.0 + delta) / self.three_a  # d / 2a
        v = b3 * b3 * b3 - 1.5 * b3 * c3 + d2
        u = np.copysign(np.sqrt(np.maximum(b3 * b3 - c3, 0.0)), v)
        cube = u * u * u
        ratio = np.divide(v, cube, out=np.zeros_like(v), where=cube != 0.0)
        w = (np.pi + np.arccos(np.clip(ratio, -1.0, 1.0))) / 3.0
        pa_tilde = np.clip(
            2.0 * u * np.cos(w) - b3,
            np.maximum(0.0, delta),
            np.minimum(1.0, 1.0 + delta),
        )
        return pa_tilde, pa_tilde - delta


def miettinen_nurminen_difference(
    p1: FloatArray, n1: FloatArray, p2: FloatArray, n2: FloatArray, confidence: float
) -> Interval:
    """Miettinen-Nurminen asymptotic score interval for ``p2 − p1``.

    Sizes must be finite and positive here; :func:`difference_interval` handles
    censuses and empty groups.
    """
    z = normal_quantile(confidence)
    total = n1 + n2
    # The N/(N − 1) variance factor of Miettinen & Nurminen; below N = 2 (only
    # possible with fractional effective sizes) it is left out.
    factor = np.where(
        total > 2.0, np.where(np.isinf(total), 1.0, total / (total - 1.0)), 1.0
    )
    inverse1 = factor / n1
    inverse2 = factor / n2
    observed = p2 - p1
    mle = _ConstrainedMle(p2, n2, p1, n1)

    def statistic(delta: FloatArray) -> FloatArray:
        p2_tilde, p1_tilde = mle(delta)
        variance = (
            p1_tilde * (1.0 - p1_tilde) * inverse1
            + p2_tilde * (1.0 - p2_tilde) * inverse2
        )
        gap = observed - delta
        squared = np.divide(
            gap * gap, variance, out=np.full_like(gap, np.inf), where=variance > 0.0
        )
        squared[gap == 0.0] = 0.0
        return squared

    return score_limits(statistic, observed, z * z)


_KERNELS: dict[str, Kernel] = {
    "newcombe": newcombe_difference,
    "newcombe-cc": newcombe_cc_difference,
    "wald": wald_difference,
    "agresti-caffo": agresti_caffo_difference,
    "miettinen-nurminen": miettinen_nurminen_difference,
}


def difference_interval(
    p_before: npt.ArrayLike,
    n_before: npt.ArrayLike,
    p_after: npt.ArrayLike,
    n_after: npt.ArrayLike,
    confidence: float = 0.95,
    method: DeltaMethod = "newcombe",
) -> Interval:
    """Two-sided interval for ``p_after − p_before`` from independent samples.

    Args:
        p_before: Proportions before, in [0, 1].
        n_before: Effective sizes before, ``>= 0`` (fractional and ``inf`` allowed).
        p_after: Proportions after, in [0, 1].
        n_after: Effective sizes after.
        confidence: Two-sided confidence level in (0, 1).
        method: One of ``newcombe``, ``newcombe-cc``, ``wald``, ``agresti-caffo``,
            ``miettinen-nurminen``.

    Returns:
        ``(low, high)`` arrays within [−1, 1] that contain ``p_after − p_before``.
    """
    kernel = _KERNELS[check_method(method, "delta method", DELTA_METHODS)]
    level = check_confidence(confidence)
    p1, n1, p2, n2 = two_samples(p_before, n_before, p_after, n_after)
    d = p2 - p1
    empty, n1_safe, n2_safe = guarded_sizes(n1, n2, _ops_array)
    census1 = np.isinf(n1)
    census2 = np.isinf(n2)
    with np.errstate(all="ignore"):
        if method == "miettinen-nurminen":
            finite = ~(census1 | census2)
            low, high = kernel(
                p1,
                np.where(finite, n1_safe, 1.0),
                p2,
                np.where(finite, n2_safe, 1.0),
                level,
            )
            # Limit of the score interval when one group is a census: the
            # Wilson interval of the other group, shifted by the census value.
            l1, u1 = proportion_interval(p1, n1_safe, level, "wilson")
            l2, u2 = proportion_interval(p2, n2_safe, level, "wilson")
            low = np.where(census1, l2 - p1, np.where(census2, p2 - u1, low))
            high = np.where(census1, u2 - p1, np.where(census2, p2 - l1, high))
        else:
            low, high = kernel(p1, n1_safe, p2, n2_safe, level)
    return bounded_difference(d, empty, low, high, _ops_array)


def guarded_sizes(n1: Real, n2: Real, xp: Namespace) -> tuple[Real, Real, Real]:
    """Whether either group is empty (size 0), and two safe sizes for the kernels.

    Empty groups give sizes 1 (their interval is set by
    :func:`bounded_difference`); sizes below :data:`MIN_SIZE` are raised to it.
    """
    empty = (n1 <= 0.0) | (n2 <= 0.0)
    n1_safe = xp.where(empty, 1.0, xp.maximum(n1, MIN_SIZE))
    n2_safe = xp.where(empty, 1.0, xp.maximum(n2, MIN_SIZE))
    return empty, n1_safe, n2_safe


def bounded_difference(
    d: Real, empty: Real, low: Real, high: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Finish the limits: [−1, 1] for an empty group, clipped, holding ``d``."""
    low = xp.where(empty, -1.0, low)
    high = xp.where(empty, 1.0, high)
    low = xp.minimum(xp.clip(low, -1.0, 1.0), d)
    high = xp.maximum(xp.clip(high, -1.0, 1.0), d)
    return low, high


#: The single-proportion interval each square-and-add method is built on.
SQUARE_AND_ADD_RATES = {"newcombe": "wilson", "newcombe-cc": "wilson-cc"}


def scalar_difference_from_limits(
    p1: float, l1: float, u1: float, p2: float, l2: float, u2: float
) -> tuple[float, float]:
    """Newcombe's limits on floats from the two rates' own intervals.

    For rates of the interval the method squares and adds (see
    :data:`SQUARE_AND_ADD_RATES`) at its critical value, on sizes of at least
    :data:`MIN_SIZE`: the limits :func:`scalar_difference_interval` would
    compute again, without computing the two intervals again.
    """
    xp = _ops_scalar
    low, high = squared_and_added(p1, l1, u1, p2, l2, u2, xp)
    result: tuple[float, float] = bounded_difference(p2 - p1, False, low, high, xp)
    return result


def scalar_difference_interval(
    p1: float, n1: float, p2: float, n2: float, z: float, method: str
) -> tuple[float, float]:
    """:func:`difference_interval` for one valid pair of samples, on floats.

    The scalar evaluator of the :data:`DIFFERENCE_FORMULAS` methods, at the
    critical value ``z``.  No validation: the callers pass proportions, sizes
    ``>= 0`` and a finite ``z > 0``.

    Raises:
        ZeroDivisionError, OverflowError, ValueError: where the array path
            would meet an IEEE special value; callers fall back to it.
    """
    xp = _ops_scalar
    empty, n1_safe, n2_safe = guarded_sizes(n1, n2, xp)
    low, high = DIFFERENCE_FORMULAS[method](p1, n1_safe, p2, n2_safe, z, xp)
    result: tuple[float, float] = bounded_difference(p2 - p1, empty, low, high, xp)
    return result
