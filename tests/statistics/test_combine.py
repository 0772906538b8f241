"""Stratified estimates (combine) and the point-only stratified value."""

import numpy as np
import pytest

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import (
    combine,
    combine_array,
    normal_quantile,
    proportion_interval,
    rate,
    rate_array,
    round_half_up,
    stratified_value,
)

Z = normal_quantile(0.95)


def test_skl_2012_combined_figure() -> None:
    # the SKL press text (TNS Sifo), 2012: 76 % of municipalities and 87 % of county
    # councils use social media, "all, combined" 77 %.  Weighting the published
    # shares by the 290 municipalities and 20 county councils reproduces it.
    combined = stratified_value([0.76, 0.87], [290, 20])
    assert isinstance(combined, float)
    assert round_half_up(100 * combined) == 77.0


def test_stratified_value_arrays_and_validation() -> None:
    values = np.array([[0.2, 0.4], [0.6, 0.8]])  # strata x cells
    got = stratified_value(values, [1, 3])
    assert isinstance(got, np.ndarray)
    assert got.tolist() == pytest.approx([0.5, 0.7])
    with pytest.raises(InvalidArgumentError, match="one weight per stratum"):
        stratified_value([0.2, 0.4], [1, 2, 3])
    with pytest.raises(InvalidArgumentError, match=r"proportions in \[0, 1\]"):
        stratified_value([76, 87], [290, 20])
    with pytest.raises(InvalidArgumentError, match="must not all be 0"):
        stratified_value([0.2, 0.4], [0, 0])
    with pytest.raises(InvalidArgumentError, match="must not be negative"):
        stratified_value([0.2, 0.4], [1, -1])


def test_stratified_variance_with_fpc_per_stratum() -> None:
    # Cochran (1977) ch. 5: v(p_st) = sum W_h^2 (1 - f_h) p_h q_h / (n_h - 1).
    # Stratum 1: 200 of 290 answered, 150 yes; stratum 2: 18 of 20, 15 yes.
    strata = [rate(150, 200, population=290), rate(15, 18, population=20)]
    big_w = np.array([290, 20]) / 310
    p = np.array([150 / 200, 15 / 18])
    f = np.array([200 / 290, 18 / 20])
    variance = float(
        np.sum(big_w**2 * (1 - f) * p * (1 - p) / (np.array([200, 18]) - 1))
    )
    estimate = float(big_w @ p)
    result = combine(strata, [290, 20])
    assert result.value == pytest.approx(estimate)
    assert result.effective_n == pytest.approx(estimate * (1 - estimate) / variance)
    assert result.design == "stratified"
    assert result.population == 310.0
    assert result.total == 218.0
    assert result.successes == pytest.approx(estimate * 218)
    low, high = proportion_interval(estimate, estimate * (1 - estimate) / variance)
    assert (result.low, result.high) == pytest.approx((float(low), float(high)))
    # with the Wald method the interval is p ± z sqrt(v)
    wald = combine(
        [
            rate(150, 200, population=290, method="wald"),
            rate(15, 18, population=20, method="wald"),
        ],
        [290, 20],
    )
    assert (wald.low, wald.high) == pytest.approx(
        (estimate - Z * variance**0.5, estimate + Z * variance**0.5)
    )


def test_one_stratum_is_the_rate_itself() -> None:
    single = rate(13, 40)
    result = combine([single], [7])
    assert result.value == pytest.approx(single.value)
    assert result.effective_n == pytest.approx(40)
    assert (result.low, result.high) == pytest.approx((single.low, single.high))
    assert result.population is None


def test_census_strata_and_degenerate_variances() -> None:
    # all strata censuses: the combined value is exact
    exact = combine([rate(3, 10, population=10), rate(8, 10, population=10)], [1, 1])
    assert exact.low == exact.high == pytest.approx(0.55)
    # strata at 0 and 1: the estimated variance is 0 but the strata are samples;
    # the p-free effective size 1 / sum(w_h^2 / n_h) = 1 / (0.25/10 + 0.25/10) = 20
    mixed = combine([rate(0, 10), rate(10, 10)], [1, 1])
    assert mixed.effective_n == pytest.approx(20.0)
    assert mixed.low < 0.5 < mixed.high
    # one respondent under the FPC with a positive weight: variance unknown
    unknown = combine([rate(1, 1, population=30), rate(5, 10)], [30, 10])
    assert (unknown.low, unknown.high) == (0.0, 1.0)
    # a zero weight drops the stratum
    dropped = combine([rate(1, 1, population=30), rate(5, 10)], [0, 10])
    assert dropped.value == 0.5


def test_combine_validation() -> None:
    with pytest.raises(InvalidArgumentError, match="at least one stratum"):
        combine([], [])
    with pytest.raises(InvalidArgumentError, match="different confidence"):
        combine([rate(1, 4), rate(1, 4, confidence=0.9)], [1, 1])
    with pytest.raises(InvalidArgumentError, match="different interval methods"):
        combine([rate(1, 4), rate(1, 4, method="wald")], [1, 1])
    with pytest.raises(InvalidArgumentError, match="one weight per stratum"):
        combine([rate(1, 4), rate(1, 4)], [1])
    with pytest.raises(InvalidArgumentError, match="Rate objects"):
        combine([0.5, 0.2], [1, 1])  # type: ignore[list-item]


def test_combine_array_per_cell() -> None:
    municipalities = rate_array([150, 100], [200, 200], population=290)
    councils = rate_array([15, 9], [18, 18], population=20)
    combined = combine_array([municipalities, councils], [290, 20])
    assert combined.shape == (2,)
    for i in range(2):
        single = combine([municipalities[i], councils[i]], [290, 20])
        assert combined[i].value == pytest.approx(single.value)
        assert combined[i].low == pytest.approx(single.low)
        assert combined[i].high == pytest.approx(single.high)
    # per-cell weights, shape (strata, cells)
    per_cell = combine_array([municipalities, councils], [[290, 290], [20, 0]])
    assert per_cell.value[1] == pytest.approx(0.5)
