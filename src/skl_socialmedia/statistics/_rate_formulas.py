"""The formulas of a rate's design quantities, written once over a namespace ``xp``.

Evaluated on float64 arrays (:mod:`._ops_array`) by :func:`~.rates.rate_array`
and on Python floats (:mod:`._ops_scalar`) by the scalar path of
:func:`~.rates.rate`.  See :mod:`.rates` for what they mean.
"""

from __future__ import annotations

from skl_socialmedia.statistics._types import Namespace, Real

__all__ = [
    "binomial_se_formula",
    "finite_population_formula",
    "size_design_effect_formula",
]


def binomial_se_formula(p: Real, effective_n: Real, xp: Namespace) -> Real:
    """``sqrt(p(1 − p)/n_eff)`` over ``xp``: 0 for a census, NaN at ``n_eff = 0``."""
    positive = effective_n > 0.0
    n_eff = xp.where(positive, effective_n, 1.0)
    return xp.where(positive, xp.sqrt(p * (1.0 - p) / n_eff), xp.nan)


def size_design_effect_formula(total: Real, effective_n: Real, xp: Namespace) -> Real:
    """``n / n_eff`` over ``xp`` for the designs whose ``total`` is ``n``; NaN at 0."""
    positive = effective_n > 0.0
    return xp.where(positive, total / xp.where(positive, effective_n, 1.0), xp.nan)


def finite_population_formula(n: Real, big_n: Real, xp: Namespace) -> Real:
    """``(n − 1)/(1 − n/N)`` over ``xp``; ``inf`` for a census (``n >= N``)."""
    census = n >= big_n
    ratio = xp.maximum(n - 1.0, 0.0) / xp.where(census, 1.0, 1.0 - n / big_n)
    return xp.where(census, xp.inf, ratio)
