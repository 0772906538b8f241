"""Taylor-linearised variance of a ratio (a proportion) under a stratified design.

The estimate of a proportion in a domain (a wave, a group, the organisations
that answered, those who said yes to ``among``) is the ratio
``R = Σ w·d·y / Σ w·d``; its linearised variance, as R ``survey``'s
``svymean`` computes it with organisations as the sampling units, is

    Var(R) = Σ_h (1 − n_h/N_h) · n_h/(n_h − 1) · Σ_{i∈h} (z_i − z̄_h)²,
    z_i = w_i·d_i·(y_i − R) / Σ w·d,

where the sum runs over every sampling unit of stratum h (``n_h`` of them,
those outside the domain with ``z_i = 0``). With ``y`` a 0/1 answer,
``Σ_{i∈h} z_i`` and ``Σ_{i∈h} z_i²`` need only four sums per stratum — Σw·y,
Σw, Σw²·y and Σw² over the domain — which is what this module takes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics._types import FloatArray

__all__ = ["linearised_ratio", "stratum_factors"]


def stratum_factors(units: npt.ArrayLike, population: npt.ArrayLike) -> FloatArray:
    """Return ``(1 − n_h/N_h) · n_h/(n_h − 1)`` per stratum (0 for no units).

    ``population`` is ``inf`` for a stratum without a finite population
    correction. A stratum of one unit has no variance estimate (R: "lonely
    PSU"): its factor is NaN, and an estimate that needs it raises.
    """
    n = np.asarray(units, dtype=np.float64)
    big_n = np.asarray(population, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        fpc = np.where(np.isinf(big_n), 1.0, 1.0 - n / big_n)
        factor = np.where(n > 1, fpc * n / (n - 1.0), np.where(n == 1, np.nan, 0.0))
    result: FloatArray = factor
    return result


def linearised_ratio(
    moments: npt.ArrayLike,
    units: npt.ArrayLike,
    population: npt.ArrayLike,
    *,
    stratum_axis: int = -2,
) -> tuple[FloatArray, FloatArray]:
    """Return the ratio estimates and their linearised variances.

    ``moments`` has the strata along ``stratum_axis`` and, last, the four sums
    Σw·y, Σw, Σw²·y, Σw² over the domain in that stratum; ``units`` and
    ``population`` give ``n_h`` and ``N_h`` per stratum. Returns ``(R,
    Var(R))`` with the strata and the last axis summed away; NaN where the
    domain is empty.

    The moments may be of any scale (weights of 1e-170 or 1e200): each
    domain's are divided by a power of two first, which changes neither the
    ratio nor its variance.

    Raises:
        InvalidArgumentError: a stratum with a single unit contributes to an
            estimate (its variance cannot be estimated).
    """
    m = np.moveaxis(np.asarray(moments, dtype=np.float64), stratum_axis, -2)
    a, b, c, d = (m[..., k] for k in range(4))  # (..., H)
    n = np.asarray(units, dtype=np.float64)
    factor = stratum_factors(n, population)
    # Scale invariance: each domain's sums of weights divided by the power of
    # two of their total, the sums of squares by its square (exact), so that
    # (Σw)² neither overflows nor underflows for weights of any size.
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        _mantissa, exponent = np.frexp(b.sum(axis=-1))
        e = exponent[..., None]
        a, b = np.ldexp(a, -e), np.ldexp(b, -e)
        c, d = np.ldexp(c, -2 * e), np.ldexp(d, -2 * e)
    total_a, total_b = a.sum(axis=-1), b.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = total_a / total_b
        r = ratio[..., None]
        sum_z = (a - r * b) / total_b[..., None]
        sum_z2 = (c * (1.0 - 2.0 * r) + r * r * d) / (total_b * total_b)[..., None]
        within = sum_z2 - np.where(n > 0, sum_z * sum_z / n, 0.0)
    lonely = np.isnan(factor) & (b > 0)
    if bool(np.any(lonely)):
        raise InvalidArgumentError(
            "a stratum with one organisation has no variance estimate; merge it "
            "with another stratum"
        )
    terms = np.where(b > 0, np.nan_to_num(factor) * np.maximum(within, 0.0), 0.0)
    variance: FloatArray = np.where(total_b > 0, terms.sum(axis=-1), np.nan)
    return ratio, variance
