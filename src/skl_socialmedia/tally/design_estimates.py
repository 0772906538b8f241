"""Design-based variances of rates and of changes, from a tally's moments.

A rate's variance is :func:`~skl_socialmedia.statistics.linearised_ratio`
of its wave's moments. A change ``p_after − p_before`` uses every respondent
of both waves: its variance is

    Var(a) + Var(b) − 2 Cov(a, b),
    Cov(a, b) = Σ_h (1 − n_h/N_h) n_h/(n_h − 1) [Σ_{i∈h} z_i^a z_i^b
                 − (Σ_{i∈h} z_i^a)(Σ_{i∈h} z_i^b)/n_h],

the organisations as sampling units, so that only those answering in both
waves add to ``Σ z^a z^b`` (the tally's cross moments): R ``survey``'s
``svyby(~item, ~wave, design, svymean, covmat=TRUE)`` then
``svycontrast(…, c(-1, 1))`` on the long data. The interval is made by
:func:`~skl_socialmedia.tally.changes.correlated_changes`: ``"wald"``
(change ± q·SE, R's) or ``"newcombe"`` (MOVER).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import RateArray, RateMethod, design_rate_array
from skl_socialmedia.statistics.linearised import linearised_ratio, stratum_factors
from skl_socialmedia.tally.changes import (
    CORRELATED_METHODS,
    check_correlated_method,
    correlated_changes,
)
from skl_socialmedia.tally.counts import Counts

__all__ = [
    "DESIGN_DELTA_METHODS",
    "DesignChanges",
    "census",
    "design_changes",
    "design_df",
    "design_rates",
    "design_variances",
    "implied_weights",
    "moment_scale",
    "weighted_moments",
]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Index = npt.NDArray[np.intp]

#: The change intervals a design-based tally takes.
DESIGN_DELTA_METHODS = CORRELATED_METHODS


#: Implied weights above 2**_SAFE_EXPONENT are divided by a power of two.
_SAFE_EXPONENT = 256


def _implied(counts: Counts) -> tuple[Floats, int]:
    """Return the implied weights divided by ``2**e``, and ``e``.

    ``e`` is 0 unless the largest weight is above 2**256 (a population of
    1e200 in a stratum of a few units), where the squares would overflow;
    the estimates are ratios of the moments, the same at any scale.
    """
    units = counts.stratum_units.astype(float)
    sizes = counts.population_sizes
    if counts.weighted:
        return np.ones(len(units)), 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        weights: Floats = np.where(np.isfinite(sizes) & (units > 0), sizes / units, 1.0)
    largest = float(weights.max(initial=1.0))
    if not largest <= 2.0**_SAFE_EXPONENT:
        exponent = int(np.frexp(largest)[1])
        return np.ldexp(weights, -exponent), exponent
    return weights, 0


def implied_weights(counts: Counts) -> Floats:
    """Return the weight of each stratum of an unweighted design, shape (H,).

    ``N_h / n_h`` where a population size is known (R's weights from
    ``fpc=``), else 1; a weighted tally's moments carry their weights (1).
    Weights above 2**256 come divided by a power of two (see
    :func:`moment_scale`).
    """
    return _implied(counts)[0]


def moment_scale(counts: Counts) -> int:
    """Return the power of two the moments of :func:`weighted_moments` are at.

    They are ``2**-e`` times the sums of the weights (``4**-e`` for the
    squared ones): ``e`` is the tally's own ``weight_scale`` (weighted
    tallies) plus the implied weights' power of two (unweighted ones with
    huge populations).
    """
    return _implied(counts)[1] + int(getattr(counts, "weight_scale", 0))


def weighted_moments(counts: Counts) -> tuple[Floats, Floats]:
    """Return the design's moments and cross moments with its implied weights.

    Both are at the scale of :func:`moment_scale` (ratios of them are the
    estimates).
    """
    w = implied_weights(counts)
    scale = np.stack([w, w, w * w, w * w], axis=-1)  # (H, 4)
    moments: Floats = counts.design_moments * scale[:, None, :]
    cross: Floats = counts.design_cross_moments * (w * w)[:, None, None]
    return moments, cross


def census(counts: Counts) -> Bools:
    """Return, per (wave, group, item), whether its domain was fully counted.

    A cell is a census when every stratum it has answers in has no sampling
    error left (``n_h = N_h``): its interval is the estimate itself, also at
    0 or 100 %.
    """
    factor = np.nan_to_num(
        stratum_factors(counts.stratum_units, counts.population_sizes), nan=1.0
    )
    answered = counts.design_moments[..., 1] > 0  # (W, G, H, I)
    result: Bools = np.all(~answered | (factor == 0)[:, None], axis=2)
    return result


def design_df(counts: Counts) -> float:
    """Return a design's degrees of freedom: its units less its strata (R degf)."""
    units = counts.stratum_units
    return float(units.sum() - np.count_nonzero(units))


def design_variances(counts: Counts) -> Floats:
    """Return the linearised variance of every (wave, group, item) rate."""
    _ratio, variance = linearised_ratio(
        weighted_moments(counts)[0],
        counts.stratum_units,
        counts.population_sizes,
        stratum_axis=2,
    )
    return variance


def design_rates(
    counts: Counts,
    cells: tuple[Index, ...],
    *,
    confidence: float,
    method: RateMethod,
    df: float | str,
    variances: Floats | None = None,
) -> RateArray:
    """Return the design-based rates of the cells at index ``cells``.

    ``df`` is a number or ``"design"`` (:func:`design_df`); ``variances`` the
    linearised variances of every cell, if already computed.
    """
    moments = weighted_moments(counts)[0]
    if variances is None:
        variances = design_variances(counts)
    n = counts.base[cells].astype(float)
    return design_rate_array(
        moments[..., 0].sum(axis=2)[cells],
        moments[..., 1].sum(axis=2)[cells],
        variances[cells],
        n=n,
        boundary_n=np.where(census(counts)[cells], np.inf, n),
        df=design_df(counts) if df == "design" else float(df),
        confidence=confidence,
        method=method,
    )


class DesignChanges(NamedTuple):
    """Changes of selected cells: estimates, intervals and how they were made."""

    value: Floats
    low: Floats
    high: Floats
    se: Floats
    correlation: Floats
    p_value: Floats
    overlap: Bools  # whether organisations answered in both waves


def _covariances(
    counts: Counts, pair: Index, before: Index, after: Index, group: Index, item: Index
) -> Floats:
    """Return Cov(p_before, p_after) of the cells (0 where no pair was tallied)."""
    m, all_cross = weighted_moments(counts)  # (W, G, H, I, 4), (P, G, H, I, 4)
    a, b = m[..., 0], m[..., 1]
    weight = b.sum(axis=2)  # (W, G, I)
    ratio = a.sum(axis=2) / np.where(weight > 0, weight, np.nan)
    n = counts.stratum_units.astype(float)
    factor = np.nan_to_num(stratum_factors(n, counts.population_sizes))

    def stratum_sums(wave: Index) -> Floats:  # Σ_{i∈h} z_i per cell, (cells, H)
        r = ratio[wave, group, item][:, None]
        total = weight[wave, group, item][:, None]
        sums: Floats = (a[wave, group, :, item] - r * b[wave, group, :, item]) / total
        return sums

    tallied = pair >= 0
    cross = all_cross[np.maximum(pair, 0), group, :, item]
    both, yes_after, yes_before, answered = (cross[..., k] for k in range(4))
    r_b = ratio[before, group, item][:, None]
    r_a = ratio[after, group, item][:, None]
    w_b = weight[before, group, item][:, None]
    w_a = weight[after, group, item][:, None]
    products = (both - r_b * yes_after - r_a * yes_before + r_a * r_b * answered) / (
        w_a * w_b
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        means = np.where(n > 0, stratum_sums(before) * stratum_sums(after) / n, 0.0)
    covariance: Floats = np.where(
        tallied, (factor * np.nan_to_num(products - means)).sum(axis=-1), 0.0
    )
    return covariance


def design_changes(
    counts: Counts,
    rates_before: RateArray,
    rates_after: RateArray,
    cells: tuple[Index, Index, Index, Index, Index],
    *,
    method: str,
    correlated: bool,
) -> DesignChanges:
    """Return the changes of the cells (pair, before, after, group, item).

    ``rates_before``/``rates_after`` are the cells' design-based rates (their
    intervals on the effective sizes); ``correlated=False`` takes the waves
    as independent samples (``paired=False``).
    """
    check_correlated_method(method, "a survey design's changes")
    pair, before, after, group, item = cells
    overlap = np.zeros(len(pair), dtype=bool)
    if correlated and counts.pairs:
        tallied = pair >= 0
        counted = counts.panel_cells_counted[np.maximum(pair, 0), group, item]
        if np.any(tallied & ~counted):
            raise InvalidArgumentError(
                "the panel of the waves was not counted (panel_cells='none'); "
                "count it with panel_cells='auto', or pass paired=False"
            )
        cov = _covariances(counts, pair, before, after, group, item)
        answered = counts.design_cross_moments[np.maximum(pair, 0), group, :, item, 3]
        overlap = tallied & (answered.sum(axis=-1) > 0)
    else:
        cov = np.zeros(len(pair))
    changes = correlated_changes(rates_before, rates_after, cov, method=method)
    return DesignChanges(*changes, overlap)
