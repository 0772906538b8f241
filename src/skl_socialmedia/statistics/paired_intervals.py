"""Vectorised interval kernels for the difference of two paired proportions.

A panel of ``n`` organisations answered in both waves; its 2×2 table has ``a``
(yes both times), ``b`` (yes before only), ``c`` (yes after only) and ``d``
(neither).  The proportions are ``p_before = (a + b)/n`` and
``p_after = (a + c)/n``, and the change is ``Δ = p_after − p_before = (c − b)/n``.
Methods, with ``z`` the normal critical value:

* ``newcombe`` — Newcombe (1998c) method 10: Wilson intervals ``(l₁, u₁)`` for
  ``p_before`` and ``(l₂, u₂)`` for ``p_after`` combined with Newcombe's
  correlation correction ``φ*``: with ``M = (a + b)(c + d)(a + c)(b + d)``,
  ``φ* = max(ad − bc − n/2, 0)/sqrt(M)`` if ``ad > bc``, else
  ``φ* = (ad − bc)/sqrt(M)``, and ``φ* = 0`` if ``M = 0`` (the uncorrected
  ``φ = (ad − bc)/sqrt(M)`` would give his method 8, not 10):
  ``L = Δ − sqrt((p₂ − l₂)² − 2φ*(p₂ − l₂)(u₁ − p₁) + (u₁ − p₁)²)``,
  ``U = Δ + sqrt((u₂ − p₂)² − 2φ*(u₂ − p₂)(p₁ − l₁) + (p₁ − l₁)²)``.
* ``wald`` — Newcombe (1998c) method 1:
  ``Δ ± z sqrt((b + c) − (c − b)²/n) / n``, clipped to [−1, 1].
* ``tango`` — Tango (1998), the score interval: all ``δ`` with
  ``(c − b − nδ)² / (n(2q̃ + δ(1 − δ))) <= z²``, where ``q̃`` is the constrained
  maximum-likelihood estimate of the "yes before only" cell probability,
  ``q̃ = (sqrt(B² − 8n·(−b δ(1 − δ))) − B) / (4n)``,
  ``B = −b − c + (2n − c + b)δ``; found by vectorised bisection.

The closed-form methods are written once over a namespace ``xp`` (the
``*_formula`` functions, listed in :data:`PAIRED_FORMULAS`): evaluated on
float64 arrays by the kernels here (``xp`` is :mod:`._ops_array`, numpy) and on
Python floats by :func:`scalar_paired_difference_interval` (``xp`` is
:mod:`._ops_scalar`, ``math``), the scalar path of
:func:`~.paired.paired_pp_delta`. One formula, two evaluators.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import _ops_array, _ops_scalar
from skl_socialmedia.statistics._bisection import score_limits
from skl_socialmedia.statistics._quantiles import normal_quantile
from skl_socialmedia.statistics._types import (
    PAIRED_METHODS,
    FloatArray,
    Namespace,
    PairedMethod,
    Real,
)
from skl_socialmedia.statistics._validation import (
    check_confidence,
    check_method,
    first_bad,
    locate,
)
from skl_socialmedia.statistics.intervals import limits, wilson_formula

__all__ = [
    "PAIRED_FORMULAS",
    "bounded_paired",
    "paired_difference_interval",
    "paired_newcombe_difference",
    "paired_newcombe_formula",
    "paired_wald_difference",
    "paired_wald_formula",
    "scalar_paired_difference_interval",
    "scaled_table",
    "tango_difference",
]

Interval = tuple[FloatArray, FloatArray]
Cells = tuple[Real, Real, Real, Real]
Kernel = Callable[[Cells, FloatArray, float], Interval]

#: Tables whose largest cell is above this are scaled (see :func:`scaled_table`).
_SCALE_ABOVE = 2.0**250


def scaled_table(
    a: FloatArray, b: FloatArray, c: FloatArray, d: FloatArray
) -> tuple[Cells, FloatArray]:
    """Return the cells divided by ``2**e`` and the even exponent ``e``.

    ``e`` is 0 for tables whose largest cell is at most 2**250, else the even
    exponent that brings it to [1/4, 1): exact (a power of two) and enough to
    keep the sums, squares and products of the kernels finite for cells up
    to the largest double.  The kernels work on the scaled cells and undo the
    scale where a result is not a ratio of them.
    """
    largest = np.maximum(np.maximum(a, b), np.maximum(c, d))
    _mantissa, exponent = np.frexp(largest)
    even = exponent + (exponent % 2)
    e = np.where(largest > _SCALE_ABOVE, even, 0)
    cells = (np.ldexp(a, -e), np.ldexp(b, -e), np.ldexp(c, -e), np.ldexp(d, -e))
    return cells, e.astype(np.float64)


def _size(n: Real, e: Real, xp: Namespace, power: float = 1.0) -> Real:
    """Return ``(n · 2**e) ** power`` for scaled ``n`` (inf where it overflows)."""
    return xp.ldexp(n**power, xp.as_int(e * power))


def _phi_star(cells: Cells, e: Real, xp: Namespace) -> Real:
    """Newcombe's (1998c) correlation estimate for method 10.

    ``φ* = max(ad − bc − n/2, 0) / sqrt(M)`` when ``ad > bc``, else
    ``(ad − bc) / sqrt(M)``, with ``M = (a + b)(c + d)(a + c)(b + d)``;
    0 when ``M = 0``.  (The uncorrected ``φ = (ad − bc)/sqrt(M)`` gives
    Newcombe's method 8 instead.)  On cells scaled by ``2**-e`` the products
    are scaled by ``2**-2e``, and so is ``n/2``.
    """
    a, b, c, d = cells
    n = a + b + c + d
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    cross = a * d - b * c
    half_n = xp.ldexp(n, xp.as_int(-e)) / 2.0
    numerator = xp.where(cross > 0.0, xp.maximum(cross - half_n, 0.0), cross)
    root = xp.sqrt(xp.where(margins > 0.0, margins, 1.0))
    return xp.where(margins > 0.0, numerator / root, 0.0)


def paired_newcombe_formula(
    cells: Cells, e: Real, z: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Newcombe's paired method 10 over ``xp`` (Wilson limits, φ* correction).

    ``cells`` are scaled by ``2**-e`` (:func:`scaled_table`).
    """
    a, b, c, d = cells
    n = a + b + c + d
    p1 = (a + b) / n
    p2 = (a + c) / n
    size = _size(n, e, xp)
    l1, u1 = limits(p1, size, z, wilson_formula, xp)
    l2, u2 = limits(p2, size, z, wilson_formula, xp)
    phi = _phi_star(cells, e, xp)
    delta = p2 - p1
    down2, up1 = p2 - l2, u1 - p1
    up2, down1 = u2 - p2, p1 - l1
    low = delta - xp.sqrt(xp.maximum(down2**2 - 2 * phi * down2 * up1 + up1**2, 0.0))
    high = delta + xp.sqrt(xp.maximum(up2**2 - 2 * phi * up2 * down1 + down1**2, 0.0))
    return low, high


def paired_wald_formula(
    cells: Cells, e: Real, z: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Wald limits for a paired difference (Newcombe 1998c method 1) over ``xp``.

    ``cells`` are scaled by ``2**-e`` (:func:`scaled_table`, ``e`` even).
    """
    _a, b, c, _d = cells
    n = _a + b + c + _d
    delta = (c - b) / n
    half = (
        z * xp.sqrt(xp.maximum((b + c) - (c - b) ** 2 / n, 0.0)) / _size(n, e / 2.0, xp)
    )
    return delta - half, delta + half


PairedFormula = Callable[[Cells, Real, Real, Namespace], tuple[Real, Real]]

PAIRED_FORMULAS: dict[str, PairedFormula] = {
    "newcombe": paired_newcombe_formula,
    "wald": paired_wald_formula,
}
"""The methods written once over a namespace: evaluated on arrays and on floats."""


def paired_newcombe_difference(
    cells: Cells, e: FloatArray, confidence: float
) -> Interval:
    """Newcombe's paired method 10 (Wilson limits with the φ* correction).

    ``cells`` are scaled by ``2**-e`` (:func:`scaled_table`).
    """
    z = normal_quantile(confidence)
    return paired_newcombe_formula(cells, e, z, _ops_array)


def paired_wald_difference(cells: Cells, e: FloatArray, confidence: float) -> Interval:
    """Wald interval for a paired difference (Newcombe 1998c method 1).

    ``cells`` are scaled by ``2**-e`` (:func:`scaled_table`, ``e`` even).
    """
    z = normal_quantile(confidence)
    return paired_wald_formula(cells, e, z, _ops_array)


def tango_difference(cells: Cells, e: FloatArray, confidence: float) -> Interval:
    """Tango's (1998) score interval for a paired difference.

    ``cells`` are scaled by ``2**-e`` (:func:`scaled_table`); the statistic
    is ``2**e`` times the scaled one.
    """
    z = normal_quantile(confidence)
    a, b, c, d = cells
    n = a + b + c + d
    observed = (c - b) / n
    exponent = e.astype(np.int64)

    def statistic(delta: FloatArray) -> FloatArray:
        big_b = -b - c + (2.0 * n - c + b) * delta
        big_c = -b * delta * (1.0 - delta)
        root = np.sqrt(np.maximum(big_b * big_b - 8.0 * n * big_c, 0.0))
        q_tilde = np.maximum((root - big_b) / (4.0 * n), 0.0)
        variance = n * (2.0 * q_tilde + delta * (1.0 - delta))
        gap = c - b - n * delta
        squared: FloatArray = np.where(
            observed == delta,
            0.0,
            np.where(variance > 0.0, np.ldexp(gap * gap / variance, exponent), np.inf),
        )
        return squared

    return score_limits(statistic, observed, z * z)


_KERNELS: dict[str, Kernel] = {
    "newcombe": paired_newcombe_difference,
    "wald": paired_wald_difference,
    "tango": tango_difference,
}


def paired_difference_interval(
    both: npt.ArrayLike,
    before_only: npt.ArrayLike,
    after_only: npt.ArrayLike,
    neither: npt.ArrayLike,
    confidence: float = 0.95,
    method: PairedMethod = "newcombe",
) -> Interval:
    """Two-sided interval for ``(after_only − before_only) / n`` of a panel.

    Args:
        both: Count of yes in both waves.
        before_only: Count of yes before, no after.
        after_only: Count of no before, yes after.
        neither: Count of no in both waves.
        confidence: Two-sided confidence level in (0, 1).
        method: One of ``newcombe``, ``wald``, ``tango``.

    Returns:
        ``(low, high)`` arrays within [−1, 1] containing the observed difference.

    Raises:
        InvalidArgumentError: negative or non-finite cells, an empty table, or a
            bad confidence level.
        UnknownNameError: unknown method.
    """
    kernel = _KERNELS[check_method(method, "paired delta method", PAIRED_METHODS)]
    level = check_confidence(confidence)
    a, b, c, d = np.broadcast_arrays(
        *(
            np.asarray(v, dtype=np.float64)
            for v in (both, before_only, after_only, neither)
        )
    )
    for cell, label in (
        (a, "both"),
        (b, "before_only"),
        (c, "after_only"),
        (d, "neither"),
    ):
        bad = ~((cell >= 0.0) & np.isfinite(cell))
        if bool(np.any(bad)):
            raise InvalidArgumentError(
                f"{label} must be finite counts >= 0, got {first_bad(cell, bad)}"
            )
    cells, e = scaled_table(a, b, c, d)
    total = cells[0] + cells[1] + cells[2] + cells[3]
    if bool(np.any(total <= 0.0)):
        raise InvalidArgumentError(
            "a paired table needs at least one organisation; all four cells are 0"
            f"{locate(total <= 0.0)[1]}"
        )
    observed = (cells[2] - cells[1]) / total
    with np.errstate(all="ignore"):
        low, high = kernel(cells, e, level)
    return bounded_paired(observed, low, high, _ops_array)


def bounded_paired(
    observed: Real, low: Real, high: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Finish the limits: clipped to [−1, 1] and holding the observed change."""
    low = xp.minimum(xp.clip(low, -1.0, 1.0), observed)
    high = xp.maximum(xp.clip(high, -1.0, 1.0), observed)
    return low, high


def scalar_paired_difference_interval(
    a: float, b: float, c: float, d: float, z: float, method: str
) -> tuple[float, float]:
    """:func:`paired_difference_interval` for one valid table, on floats.

    The scalar evaluator of the :data:`PAIRED_FORMULAS` methods at the critical
    value ``z``, for finite cells ``>= 0`` of which none is above 2**250 (so
    the table needs no scaling, ``e = 0``) and at least one is positive.  No
    validation.

    Raises:
        ZeroDivisionError, OverflowError, ValueError: where the array path
            would meet an IEEE special value; callers fall back to it.
    """
    xp = _ops_scalar
    low, high = PAIRED_FORMULAS[method]((a, b, c, d), 0.0, z, xp)
    observed = (c - b) / (a + b + c + d)
    result: tuple[float, float] = bounded_paired(observed, low, high, xp)
    return result
