"""Quantiles: the normal one from the standard library, beta and t ones from scipy.

scipy is an optional dependency (the ``exact`` extra); it is imported lazily, only
when a Jeffreys or Clopper-Pearson interval or a Student's t quantile with finite
degrees of freedom is asked for.
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import overload

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError
from skl_socialmedia.statistics._types import FloatArray
from skl_socialmedia.statistics._validation import (
    as_numeric_array,
    check_confidence,
    first_bad,
)

__all__ = [
    "as_degrees_of_freedom",
    "beta_quantile",
    "cached_normal_quantile",
    "normal_quantile",
    "t_quantile",
]


#: Above this confidence level the critical value is taken from the lower
#: tail, ``-Φ⁻¹((1 − c)/2)``: ``(1 + c)/2`` rounds (to 1 for the largest
#: double below 1), ``(1 − c)/2`` is exact.
_TAIL_LEVEL = 0.999


@functools.lru_cache(maxsize=64)
def cached_normal_quantile(level: float) -> float:
    """:func:`normal_quantile` of a level already checked, cached per level."""
    # (imported here: the standard library's statistics module, with its
    # fractions, decimal and random, is a tenth of the package's import time)
    from statistics import NormalDist

    if level <= _TAIL_LEVEL:
        return NormalDist().inv_cdf((1.0 + level) / 2.0)
    return -NormalDist().inv_cdf((1.0 - level) / 2.0)


def normal_quantile(confidence: float) -> float:
    """Two-sided standard normal critical value for ``confidence``.

    ``normal_quantile(0.95)`` is 1.959963984540054, the ``z`` of a 95 % interval:
    ``statistics.NormalDist().inv_cdf((1 + confidence) / 2)`` — above 0.999
    ``-inv_cdf((1 - confidence) / 2)``, which stays finite and accurate up to
    the largest double below 1 (where ``(1 + confidence) / 2`` rounds to 1).

    Raises:
        InvalidArgumentError: ``confidence`` is not strictly between 0 and 1.
    """
    return cached_normal_quantile(check_confidence(confidence))


def _scipy_special(
    feature: str = "Jeffreys and Clopper-Pearson intervals",
) -> ModuleType:
    """Import :mod:`scipy.special`, or say which extra to install for ``feature``."""
    try:
        import scipy.special
    except ImportError as exc:
        raise MissingExtraError(feature, "exact", "scipy") from exc
    module: ModuleType = scipy.special
    return module


#: Smaller of the two beta parameters above which :func:`beta_quantile` uses
#: the Cornish-Fisher expansion (scipy's inversion loses digits there, and
#: returns NaN from about 1e16); its error is then below 1e-12 of the
#: distance from the mean.
_NORMAL_PARAMETER = 1e9
#: Larger of the two beta parameters above which, the smaller one being at
#: most :data:`_NORMAL_PARAMETER`, the larger one's gamma variable is taken as
#: its mean (relative error about sqrt(small)/large, below 1e-15).
_GAMMA_PARAMETER = 1e20


def _cornish_fisher(a: FloatArray, b: FloatArray, z: FloatArray) -> FloatArray:
    """Beta(a, b) quantile at the normal deviate ``z``, for large ``a`` and ``b``.

    Mean, standard deviation, skewness and excess kurtosis in terms of the
    mean ``m = a/s`` and ``s = a + b``, as ratios that do not overflow for
    ``s`` up to the largest double.
    """
    s = a + b
    m = a / s
    r = b / s
    mr = m * r
    sd = np.sqrt(mr) / np.sqrt(s + 1.0)  # (mr/(s + 1) may underflow)
    skew = 2.0 * (r - m) * (np.sqrt(s + 1.0) / (s + 2.0)) / np.sqrt(mr)
    # 6 ((m − r)² (s + 1) − mr (s + 2)) / (mr (s + 2)(s + 3)), as ratios
    kurt = 6.0 * (
        (m - r) ** 2 * ((s + 1.0) / (s + 2.0)) / (s + 3.0) / mr - 1.0 / (s + 3.0)
    )
    z2 = z * z
    w = (
        z
        + (z2 - 1.0) * skew / 6.0
        + (z2 - 3.0) * z * kurt / 24.0
        - (2.0 * z2 - 5.0) * z * skew * skew / 36.0
    )
    result: FloatArray = m + sd * w
    return result


def beta_quantile(
    a: npt.ArrayLike, b: npt.ArrayLike, q: float, *, upper: bool = False
) -> FloatArray:
    """Quantile ``q`` of the Beta(a, b) distribution, elementwise (needs scipy).

    With ``upper`` the quantile ``1 − q``, computed from the upper tail (no
    rounding of ``1 − q``).  Finite and in [0, 1] for any parameters ``> 0``
    up to the largest double: scipy's inversion where it is accurate, else
    the Cornish-Fisher expansion (both parameters above 1e9) or, one of them
    above 1e20, the gamma limit ``G_a / (G_a + b)``.

    Raises:
        MissingExtraError: scipy (the ``exact`` extra) is not installed.
    """
    special = _scipy_special()
    aa, bb = np.broadcast_arrays(
        np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    )
    with np.errstate(all="ignore"):
        inverse = special.betainccinv if upper else special.betaincinv
        exact = np.asarray(inverse(aa, bb, q), dtype=np.float64)
        small = np.minimum(aa, bb)
        large = np.maximum(aa, bb)
        normal = small > _NORMAL_PARAMETER
        gamma = ~normal & (large > _GAMMA_PARAMETER)
        result = exact
        if bool(np.any(normal)):
            z = special.ndtri(q)
            deviate = -z if upper else z
            approx = _cornish_fisher(aa, bb, np.full(aa.shape, deviate))
            result = np.where(normal, approx, result)
        if bool(np.any(gamma)):
            # a <= b: X = G_a/(G_a + G_b) with G_b at its mean b; a > b: by
            # symmetry 1 − X ~ Beta(b, a), X = a/(a + G_b), G_b's other tail.
            first = aa <= bb
            shape = np.where(first, aa, bb)
            low_tail = upper != first  # which tail of the small one's gamma
            g = np.where(
                low_tail,
                special.gammaincinv(shape, q),
                special.gammainccinv(shape, q),
            )
            approx = np.where(first, g / (g + bb), aa / (aa + g))
            result = np.where(gamma, approx, result)
    # (a NaN left would be a bug; keep it visible to the callers' checks)
    out: FloatArray = np.clip(result, 0.0, 1.0)
    return out


def as_degrees_of_freedom(df: npt.ArrayLike, name: str = "df") -> FloatArray:
    """Return ``df`` as a float64 array of degrees of freedom, all ``> 0``.

    ``inf`` is allowed (the normal distribution).

    Raises:
        InvalidArgumentError: not numeric, or an element is NaN or ``<= 0``.
    """
    array = as_numeric_array(df, name)
    bad = ~(array > 0.0)
    if bool(np.any(bad)):
        raise InvalidArgumentError(
            f"{name} must be degrees of freedom > 0 (inf for the normal), "
            f"got {first_bad(array, bad)}"
        )
    return array


@overload
def t_quantile(confidence: float, df: float) -> float: ...


@overload
def t_quantile(confidence: float, df: npt.ArrayLike) -> float | FloatArray: ...


def t_quantile(confidence: float, df: npt.ArrayLike) -> float | FloatArray:
    """Two-sided Student's t critical value for ``confidence`` on ``df`` degrees.

    The ``(1 + confidence)/2`` quantile of the t distribution with ``df`` degrees
    of freedom (elementwise for an array ``df``), e.g. 2.0422724563012378 for 95 %
    on 30 degrees of freedom (R: ``qt(0.975, 30)``).  ``df = inf`` gives exactly
    :func:`normal_quantile` and needs no scipy; finite ``df`` (fractional allowed,
    e.g. Satterthwaite's) uses ``scipy.special.stdtrit``.

    >>> t_quantile(0.95, float("inf")) == normal_quantile(0.95)
    True

    Returns:
        A float for a scalar ``df``, else an array of ``df``'s shape.

    Raises:
        InvalidArgumentError: bad confidence level, or ``df`` NaN or ``<= 0``.
        MissingExtraError: finite ``df`` without scipy (the ``exact`` extra).
    """
    level = check_confidence(confidence)
    dfs = as_degrees_of_freedom(df)
    z = cached_normal_quantile(level)
    finite = np.isfinite(dfs)
    if bool(np.any(finite)):
        special = _scipy_special("Student's t quantiles (finite degrees of freedom)")
        with np.errstate(all="ignore"):
            if level <= _TAIL_LEVEL:
                raw = special.stdtrit(np.where(finite, dfs, 1.0), (1.0 + level) / 2.0)
            else:
                raw = -special.stdtrit(np.where(finite, dfs, 1.0), (1.0 - level) / 2.0)
        t = np.asarray(raw, dtype=np.float64)
        bad = finite & ~np.isfinite(t)
        if bool(np.any(bad)):
            raise InvalidArgumentError(
                f"confidence {level!r} on {first_bad(dfs, bad)} degrees of freedom "
                "has no finite Student's t critical value; use a lower confidence "
                "level or more degrees of freedom"
            )
        result: FloatArray = np.where(finite, t, z)
    else:
        result = np.full(dfs.shape, z)
    return float(result) if result.ndim == 0 else result
