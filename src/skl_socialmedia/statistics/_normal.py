"""The standard normal tail without scipy: erfc and two-sided p-values.

:func:`erfc` is W. J. Cody's rational Chebyshev approximation (Cody 1969, "Rational
Chebyshev approximations for the error function", Math. Comp. 23:631-637), in the
form of his Fortran routine CALERF (SPECFUN, netlib); its relative error is of the
order of 1e-16 over the whole real line.  It is vectorised: each of its three
ranges is evaluated on the whole array and the right one picked per element;
:func:`scalar_erfc` evaluates the same range formulas on one float, only the
range it needs.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from skl_socialmedia.statistics import _ops_array, _ops_scalar
from skl_socialmedia.statistics._types import FloatArray, Namespace, Real

__all__ = ["erfc", "scalar_erfc", "scalar_two_sided_p_value", "two_sided_p_value"]

# |x| <= 0.46875: erf(x) = x * P(x^2) / Q(x^2)
_A = (
    3.16112374387056560e00,
    1.13864154151050156e02,
    3.77485237685302021e02,
    3.20937758913846947e03,
    1.85777706184603153e-1,
)
_B = (
    2.36012909523441209e01,
    2.44024637934444173e02,
    1.28261652607737228e03,
    2.84423683343917062e03,
)
# 0.46875 < |x| <= 4: erfc(x) = exp(-x^2) * P(x) / Q(x)
_C = (
    5.64188496988670089e-1,
    8.88314979438837594e00,
    6.61191906371416295e01,
    2.98635138197400131e02,
    8.81952221241769090e02,
    1.71204761263407058e03,
    2.05107837782607147e03,
    1.23033935479799725e03,
    2.15311535474403846e-8,
)
_D = (
    1.57449261107098347e01,
    1.17693950891312499e02,
    5.37181101862009858e02,
    1.62138957456669019e03,
    3.29079923573345963e03,
    4.36261909014324716e03,
    3.43936767414372164e03,
    1.23033935480374942e03,
)
# |x| > 4: erfc(x) = exp(-x^2) / x * (1/sqrt(pi) + 1/x^2 * P(1/x^2) / Q(1/x^2))
_P = (
    3.05326634961232344e-1,
    3.60344899949804439e-1,
    1.25781726111229246e-1,
    1.60837851487422766e-2,
    6.58749161529837803e-4,
    1.63153871373020978e-2,
)
_Q = (
    2.56852019228982242e00,
    1.87295284992346725e00,
    5.27905102951428412e-1,
    6.05183413124413191e-2,
    2.33520497626869185e-3,
)
# the coefficients one by one, for the Horner forms written out below (the
# order of Cody's loops, so the same roundings; no tuple indexing per term)
_A0, _A1, _A2, _A3, _A4 = _A
_B0, _B1, _B2, _B3 = _B
_C0, _C1, _C2, _C3, _C4, _C5, _C6, _C7, _C8 = _C
_D0, _D1, _D2, _D3, _D4, _D5, _D6, _D7 = _D
_P0, _P1, _P2, _P3, _P4, _P5 = _P
_Q0, _Q1, _Q2, _Q3, _Q4 = _Q
_SQRT2 = math.sqrt(2.0)
_SQRPI = 5.6418958354775628695e-1  # 1 / sqrt(pi)
_THRESH = 0.46875
_XBIG = 26.543  # erfc(x) underflows to 0 beyond this


def _exp_minus_square(y: Real, xp: Namespace) -> Real:
    """Return exp(-y*y) accurately, splitting y*y as Cody does."""
    ysq = xp.trunc(y * 16.0) / 16.0
    delta = (y - ysq) * (y + ysq)
    return xp.exp(-ysq * ysq) * xp.exp(-delta)


def _erfc_small(x: Real, y: Real) -> Real:
    """Range 1, ``|x| <= 0.46875``: ``1 − x P(x²)/Q(x²)`` (``y = |x|``)."""
    t = y * y
    num = (((_A4 * t + _A0) * t + _A1) * t + _A2) * t
    den = (((t + _B0) * t + _B1) * t + _B2) * t
    return 1.0 - x * (num + _A3) / (den + _B3)


def _erfc_middle(y: Real, xp: Namespace) -> Real:
    """Range 2, ``0.46875 < y <= 4``: ``exp(−y²) P(y)/Q(y)``."""
    num = ((((_C8 * y + _C0) * y + _C1) * y + _C2) * y + _C3) * y
    num = (((num + _C4) * y + _C5) * y + _C6) * y
    den = ((((y + _D0) * y + _D1) * y + _D2) * y + _D3) * y
    den = (((den + _D4) * y + _D5) * y + _D6) * y
    return _exp_minus_square(y, xp) * (num + _C7) / (den + _D7)


def _erfc_large(y: Real, xp: Namespace) -> Real:
    """Range 3, ``4 < y <= 26.543``: Cody's asymptotic form in ``1/y²``."""
    inv = 1.0 / (y * y)
    num = ((((_P5 * inv + _P0) * inv + _P1) * inv + _P2) * inv + _P3) * inv
    den = ((((inv + _Q0) * inv + _Q1) * inv + _Q2) * inv + _Q3) * inv
    tail = inv * (num + _P4) / (den + _Q4)
    return _exp_minus_square(y, xp) * (_SQRPI - tail) / y


def erfc(x: npt.ArrayLike) -> FloatArray:
    """Complementary error function, elementwise, accurate to about 1e-15.

    Args:
        x: Real numbers (any shape); infinities are allowed.

    Returns:
        ``erfc(x)`` as a float64 array of the same shape.
    """
    xs = np.asarray(x, dtype=np.float64)
    y = np.abs(xs)
    with np.errstate(all="ignore"):
        small = _erfc_small(xs, y)
        middle = _erfc_middle(np.minimum(y, 4.0), _ops_array)
        large = _erfc_large(np.clip(y, 4.0, _XBIG), _ops_array)
        large = np.where(y >= _XBIG, 0.0, large)
        upper = np.where(y <= 4.0, middle, large)
        upper = np.where(xs < 0.0, 2.0 - upper, upper)
        result: FloatArray = np.where(y <= _THRESH, small, upper)
    return np.where(np.isnan(xs), np.nan, result)


def scalar_erfc(x: float) -> float:
    """:func:`erfc` of one float: the same three ranges, only the one needed."""
    if x != x:
        return math.nan
    y = abs(x)
    if y <= _THRESH:
        result: float = _erfc_small(x, y)
        return result
    if y <= 4.0:
        upper: float = _erfc_middle(y, _ops_scalar)
    elif y >= _XBIG:
        upper = 0.0
    else:
        upper = _erfc_large(y, _ops_scalar)
    return 2.0 - upper if x < 0.0 else upper


def scalar_two_sided_p_value(z: float) -> float:
    """:func:`two_sided_p_value` of one float."""
    return min(scalar_erfc(abs(z) / _SQRT2), 1.0)


def two_sided_p_value(z: npt.ArrayLike) -> FloatArray:
    """Two-sided p-value of a standard normal statistic: ``P(|Z| >= |z|)``.

    Computed as ``erfc(|z| / sqrt(2))``, which keeps full relative accuracy for
    small p-values (no ``1 - Phi`` cancellation).
    """
    zs = np.abs(np.asarray(z, dtype=np.float64))
    result: FloatArray = np.minimum(erfc(zs / _SQRT2), 1.0)
    return result
