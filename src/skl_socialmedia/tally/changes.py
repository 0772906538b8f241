"""The interval of a change whose two waves' estimates are correlated.

A change ``d = p_after − p_before`` between waves that share organisations
has the variance ``Var(a) + Var(b) − 2 Cov(a, b)``; the covariance comes from
the organisations that answered in both waves — a design's cross moments
(:mod:`~skl_socialmedia.tally.design_estimates`), or, for counts of simple
random sampling, the panel's 2×2 table (:func:`panel_correlations`). The
interval is ``"wald"`` (``d ± q·SE``) or ``"newcombe"``, the MOVER
construction (Newcombe 1998, Zou & Donner 2008) from each wave's own
interval ``[l, u]`` around ``p`` and the correlation ``r`` of the two
estimates::

    low  = d − √((p_a − l_a)² − 2r (p_a − l_a)(u_b − p_b) + (u_b − p_b)²)
    high = d + √((u_a − p_a)² − 2r (u_a − p_a)(p_b − l_b) + (p_b − l_b)²)

which is Newcombe's independent method 10 when ``r = 0``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import RateArray, two_sided_p_value

__all__ = [
    "CORRELATED_METHODS",
    "Changes",
    "change_sizes",
    "check_correlated_method",
    "correlated_changes",
    "overlap_p_values",
    "panel_correlations",
]

Floats = npt.NDArray[np.float64]

#: The change intervals that take the correlation of the two waves.
CORRELATED_METHODS = ("newcombe", "wald")


class Changes(NamedTuple):
    """Changes of selected cells: estimates, intervals, and how they were made."""

    value: Floats
    low: Floats
    high: Floats
    se: Floats
    correlation: Floats
    p_value: Floats


def check_correlated_method(method: str, what: str) -> None:
    """Refuse an interval method that has no form for correlated waves."""
    if method not in CORRELATED_METHODS:
        known = " or ".join(repr(m) for m in CORRELATED_METHODS)
        raise InvalidArgumentError(
            f"{what} take method {known}, not {method!r} (or pass paired=False "
            "for the independent-samples methods)"
        )


def panel_correlations(
    cells: Floats, before: RateArray, after: RateArray, *, corrected: bool = False
) -> Floats:
    """Return the correlation of two waves' rates from their panel's 2×2 table.

    ``cells`` is (k, 4): yes in both waves, yes before only, yes after only,
    no in both, of the organisations answering in both waves; ``before`` and
    ``after`` are the waves' rates on all their respondents. The covariance
    of the two rates is ``Σ_{i∈both} (y_bi − p_b)(y_ai − p_a) / (n_b n_a)``,
    and their variances ``p(1 − p)/n``; on a complete panel the correlation
    is the 2×2 table's phi coefficient. ``corrected`` applies Newcombe's
    continuity correction of his paired method 10 — a positive sum of
    products ``S`` becomes ``max(S − 1/2, 0)`` (on a complete panel
    ``ad − bc`` becomes ``max(ad − bc − n/2, 0)``) — so that the MOVER
    interval over a complete panel is method 10 exactly, and a correlation
    near 1 estimated from few organisations does not collapse the interval.
    """
    both, before_only, after_only = cells[:, 0], cells[:, 1], cells[:, 2]
    m = cells.sum(axis=1)
    p_b, p_a = before.value, after.value
    n_b, n_a = before.total, after.total
    products = (
        both - p_a * (both + before_only) - p_b * (both + after_only) + m * p_a * p_b
    )
    if corrected:
        products = np.where(products > 0, np.maximum(products - 0.5, 0.0), products)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = products / np.sqrt(p_b * (1 - p_b) * n_b * p_a * (1 - p_a) * n_a)
    result: Floats = np.clip(np.nan_to_num(r, nan=0.0, posinf=0.0, neginf=0.0), -1, 1)
    return result


def overlap_p_values(cells: Floats, before: RateArray, after: RateArray) -> Floats:
    """Return the two-sided p-values of the pooled z test of no change.

    Under ``p_b = p_a`` both waves share the pooled rate
    ``p̄ = (x_b + x_a)/(n_b + n_a)``, and the change's variance is
    ``p̄(1 − p̄)(1/n_b + 1/n_a) − 2 Σ_{i∈both} (y_bi − p̄)(y_ai − p̄)/(n_b n_a)``:
    the pooled two-proportion z test when no organisation is in both waves,
    McNemar's ``(c − b)/√(b + c)`` on a complete panel.
    """
    both, before_only, after_only = cells[:, 0], cells[:, 1], cells[:, 2]
    m = cells.sum(axis=1)
    x_b, n_b = before.successes, before.total
    x_a, n_a = after.successes, after.total
    pooled = (x_b + x_a) / (n_b + n_a)
    products = both - pooled * (2 * both + before_only + after_only) + m * pooled**2
    variance = pooled * (1 - pooled) * (1 / n_b + 1 / n_a) - 2 * products / (n_b * n_a)
    value = after.value - before.value
    with np.errstate(divide="ignore", invalid="ignore"):
        z = value / np.sqrt(variance)
    result: Floats = np.where(
        variance > 1e-15,
        two_sided_p_value(np.nan_to_num(z)),
        np.where(value == 0, 1.0, 0.0),
    )
    return result


def correlated_changes(
    before: RateArray,
    after: RateArray,
    covariance: Floats,
    *,
    method: str,
    mover_correlation: Floats | None = None,
) -> Changes:
    """Return the changes ``after − before`` given the rates' covariance.

    The rates' intervals are each wave's own (Wilson by default, on its
    effective size); ``method`` is ``"newcombe"`` (MOVER) or ``"wald"``.
    ``mover_correlation`` replaces the correlation the MOVER limits use (a
    corrected one, see :func:`panel_correlations`); the standard error and
    the reported correlation stay those of ``covariance``.
    """
    var_b, var_a = before.se**2, after.se**2
    value = after.value - before.value
    se = np.sqrt(np.maximum(var_a + var_b - 2.0 * covariance, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.clip(np.nan_to_num(covariance / np.sqrt(var_a * var_b)), -1.0, 1.0)
        z = value / se
    # A variance at rounding level beside the other (a rate of 1 summed as
    # 0.9999999999999999) has no correlation to speak of: 0, as for exactly 0.
    negligible = 64 * np.finfo(float).eps * (var_a + var_b)
    r = np.where((var_a <= negligible) | (var_b <= negligible), 0.0, r)
    joined = r if mover_correlation is None else mover_correlation
    if method == "wald":
        q = after.quantile
        low, high = value - q * se, value + q * se
    else:
        lower_a, upper_a = after.value - after.low, after.high - after.value
        lower_b, upper_b = before.value - before.low, before.high - before.value
        low = value - np.sqrt(
            np.maximum(lower_a**2 - 2 * joined * lower_a * upper_b + upper_b**2, 0.0)
        )
        high = value + np.sqrt(
            np.maximum(upper_a**2 - 2 * joined * upper_a * lower_b + lower_b**2, 0.0)
        )
    low, high = np.maximum(low, -1.0), np.minimum(high, 1.0)
    p_value = np.where(
        se > 0, two_sided_p_value(np.nan_to_num(z)), np.where(value == 0, 1.0, 0.0)
    )
    return Changes(value, low, high, se, r, p_value)


def change_sizes(
    before: Floats,
    after: Floats,
    n_before: Floats,
    n_after: Floats,
    se: Floats,
) -> tuple[Floats, Floats]:
    """Return the effective size and design effect of changes.

    The design effect is the change's variance over that of two independent
    simple random samples of the waves' sizes,
    ``p_b(1 − p_b)/n_b + p_a(1 − p_a)/n_a``; the effective size is the number
    of organisations per wave of two such samples with the change's variance,
    ``(p_b(1 − p_b) + p_a(1 − p_a)) / SE²`` (``n/deff`` for equal sizes). Both
    are NaN where the variance of simple random sampling is zero (0 or 100 %
    in both waves) or the standard error unknown.
    """
    spread = before * (1 - before) + after * (1 - after)
    with np.errstate(divide="ignore", invalid="ignore"):
        srs = before * (1 - before) / n_before + after * (1 - after) / n_after
        variance = se**2
        known = (srs > 0) & np.isfinite(variance)
        design_effect = np.where(known, variance / srs, np.nan)
        effective_n = np.where(
            known, np.where(variance > 0, spread / variance, np.inf), np.nan
        )
    return effective_n, design_effect
