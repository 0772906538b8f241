"""Rates: validation, designs (binomial, finite population, Kish), arrays."""

import sys

import numpy as np
import pytest

from skl_socialmedia.errors import (
    InvalidArgumentError,
    MissingExtraError,
    UnknownNameError,
)
from skl_socialmedia.statistics import (
    RATE_METHODS,
    Rate,
    RateArray,
    finite_population_effective_n,
    kish_effective_n,
    normal_quantile,
    proportion_interval,
    rate,
    rate_array,
    weighted_rate,
    weighted_rate_array,
)

Z = normal_quantile(0.95)


# --- validation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "total", "message"),
    [
        (0, 0, "total must be positive"),
        (1, -3, "total must be positive"),
        (5, 4, r"successes exceed total: 5\.0 > 4\.0"),
        (-1, 4, "successes must not be negative"),
        (float("nan"), 4, "successes must be finite"),
        (1, float("inf"), "total must be finite"),
        ("1", 4, "successes must be a number"),
        (None, 4, "successes must be a number"),
    ],
)
def test_rate_rejects_bad_counts(
    successes: object, total: object, message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        rate(successes, total)  # type: ignore[arg-type]


def test_array_errors_name_the_index() -> None:
    with pytest.raises(InvalidArgumentError, match=r"at index 2: 7\.0 > 6\.0"):
        rate_array([1, 2, 7], [6, 6, 6])
    with pytest.raises(InvalidArgumentError, match="at index 1"):
        rate_array([1, 2], [6, 0])
    with pytest.raises(InvalidArgumentError, match="incompatible shapes"):
        rate_array([1, 2, 3], [6, 6])


@pytest.mark.parametrize("confidence", [0, 1, -0.5, 1.2, 95, float("nan"), "0.95"])
def test_rate_rejects_bad_confidence(confidence: object) -> None:
    with pytest.raises(InvalidArgumentError, match="confidence"):
        rate(1, 4, confidence=confidence)  # type: ignore[arg-type]


def test_rate_rejects_unknown_method_listing_known_ones() -> None:
    with pytest.raises(UnknownNameError, match="unknown rate method 'wilsonn'") as info:
        rate(1, 4, method="wilsonn")
    assert info.value.known == tuple(sorted(RATE_METHODS))
    assert isinstance(info.value, LookupError)


def test_rate_rejects_population_below_total() -> None:
    with pytest.raises(InvalidArgumentError, match=r"population 10\.0 < total 12\.0"):
        rate(3, 12, population=10)


def test_scalar_function_rejects_arrays() -> None:
    with pytest.raises(InvalidArgumentError, match="rate_array"):
        rate([1, 2], [3, 4])  # type: ignore[arg-type]


def test_errors_are_also_value_errors() -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the builtin is the point
        rate(5, 4)


# --- binomial rates -------------------------------------------------------------


def test_rate_fields_and_properties() -> None:
    r = rate(22, 29)
    assert (r.successes, r.total, r.value) == (22.0, 29.0, 22 / 29)
    assert r.method == "wilson"
    assert r.confidence == 0.95
    assert r.population is None
    assert r.effective_n == 29.0
    assert r.design == "binomial"
    assert r.percent == pytest.approx(75.86, abs=0.01)
    assert r.low_percent == 100 * r.low
    assert r.high_percent == 100 * r.high
    assert r.width == r.high - r.low
    assert isinstance(r, Rate)
    # Rate can be built directly; effective_n defaults to total
    built = Rate(1.0, 4.0, 0.25, 0.1, 0.5, "wilson", 0.95)
    assert built.effective_n == 4.0
    assert built.design == "binomial"


@pytest.mark.parametrize("method", RATE_METHODS)
def test_zero_and_all_successes(method: str) -> None:
    none = rate(0, 17, method=method)
    everything = rate(17, 17, method=method)
    assert none.low == 0.0
    assert 0.0 <= none.high <= 1.0
    assert everything.high == 1.0
    assert 0.0 <= everything.low <= 1.0


def test_fractional_counts_are_allowed() -> None:
    r = rate(2.5, 7.5)
    ref_low, ref_high = proportion_interval(1 / 3, 7.5)
    assert (r.low, r.high) == (float(ref_low), float(ref_high))


def test_rate_array_matches_scalar_and_indexes() -> None:
    x = np.array([[0, 3], [7, 10]])
    arr = rate_array(x, 10, method="wilson-cc", confidence=0.9)
    assert arr.shape == (2, 2)
    assert len(arr) == 2
    single = rate(7, 10, method="wilson-cc", confidence=0.9)
    assert arr[1, 0] == single
    assert arr.percent[1, 1] == 100.0
    assert np.array_equal(arr.width, arr.high - arr.low)
    with pytest.raises(ValueError, match="read-only"):
        arr.low[0, 0] = 0.5


def test_rate_array_broadcasts_and_flattens() -> None:
    arr = rate_array(np.arange(5), 4 + np.arange(5))
    assert isinstance(arr, RateArray)
    assert [arr[i].total for i in range(len(arr))] == [4, 5, 6, 7, 8]
    zero_d = rate_array(3, 4)
    with pytest.raises(TypeError):
        len(zero_d)


# --- finite population correction ------------------------------------------------


def test_fpc_effective_n_formula() -> None:
    # Cochran (1977), Sampling Techniques, 3rd ed., §3.3: under simple random
    # sampling without replacement, v(p) = (1 - n/N) p q / (n - 1); hence
    # n_eff = p q / v(p) = (n - 1)/(1 - n/N).  17 of 20 answering out of 21:
    p, n, big_n = 17 / 20, 20, 21
    variance = (1 - n / big_n) * p * (1 - p) / (n - 1)
    assert p * (1 - p) / variance == pytest.approx(399.0)
    r = rate(17, 20, population=21)
    assert r.effective_n == pytest.approx(399.0)
    assert r.design == "finite population"
    assert r.population == 21.0
    # the Wald interval is then p ± z sqrt(v(p))
    wald = rate(17, 20, population=21, method="wald")
    assert wald.low == pytest.approx(p - Z * np.sqrt(variance), abs=1e-14)
    assert wald.high == pytest.approx(p + Z * np.sqrt(variance), abs=1e-14)
    # and every method is applied to (p * n_eff, n_eff)
    wilson_low, wilson_high = proportion_interval(p, 399.0)
    assert (r.low, r.high) == pytest.approx((float(wilson_low), float(wilson_high)))


@pytest.mark.parametrize("method", RATE_METHODS)
def test_census_gives_zero_width(method: str) -> None:
    r = rate(13, 20, population=20, method=method)
    assert r.effective_n == np.inf
    assert r.low == r.high == r.value == 0.65


@pytest.mark.parametrize("method", RATE_METHODS)
def test_single_respondent_with_fpc_gives_whole_range(method: str) -> None:
    # n = 1 < N: n_eff = (1 - 1)/(1 - 1/N) = 0, no information about the variance
    for x in (0, 1):
        r = rate(x, 1, population=50, method=method)
        assert r.effective_n == 0.0
        assert (r.low, r.high) == (0.0, 1.0)


def test_fpc_effective_n_vectorised() -> None:
    got = finite_population_effective_n([1, 10, 20, 5], [20, 20, 20, 1e9])
    assert got[0] == 0.0
    assert got[1] == pytest.approx(18.0)
    assert got[2] == np.inf
    assert got[3] == pytest.approx(4.0, rel=1e-8)


def test_fpc_population_array() -> None:
    arr = rate_array([5, 5, 5], 10, population=[10, 20, 1000])
    assert arr.population is not None
    assert arr.population.tolist() == [10.0, 20.0, 1000.0]
    widths = arr.width
    assert widths[0] == 0.0
    assert widths[0] < widths[1] < widths[2]


# --- weighted rates (Kish) --------------------------------------------------------


def test_kish_effective_n() -> None:
    # Kish: n_eff = (sum w)^2 / sum w^2; weights 1, 1, 2, 2 -> 36 / 10
    weights = np.array([1.0, 1.0, 2.0, 2.0])
    assert float(kish_effective_n(weights.sum(), (weights**2).sum())) == 3.6
    yes = np.array([1, 0, 1, 1])
    r = weighted_rate(weights @ yes, weights.sum(), (weights**2).sum())
    assert r.value == pytest.approx(5 / 6)
    assert r.effective_n == pytest.approx(3.6)
    assert r.design == "weighted (Kish)"
    low, high = proportion_interval(5 / 6, 3.6)
    assert (r.low, r.high) == pytest.approx((float(low), float(high)))


def test_equal_weights_reproduce_the_binomial_rate() -> None:
    for w in (1.0, 0.37, 250.0):
        weighted = weighted_rate(w * 13, w * 40, w * w * 40, method="wilson-cc")
        plain = rate(13, 40, method="wilson-cc")
        assert weighted.value == pytest.approx(plain.value)
        assert weighted.effective_n == pytest.approx(40)
        assert (weighted.low, weighted.high) == pytest.approx((plain.low, plain.high))


def test_weighted_rate_validation() -> None:
    with pytest.raises(
        InvalidArgumentError,
        match=r"weighted_successes \(Σw·y\) exceed weighted_total \(Σw\)",
    ):
        weighted_rate(5.0, 4.0, 4.0)
    with pytest.raises(
        InvalidArgumentError, match=r"sum_squared_weights \(Σw²\) must be positive"
    ):
        weighted_rate(1.0, 4.0, 0.0)
    with pytest.raises(InvalidArgumentError, match="cannot exceed"):
        weighted_rate(1.0, 2.0, 5.0)
    with pytest.raises(
        InvalidArgumentError, match=r"weighted_total \(Σw\) must be positive"
    ):
        weighted_rate(0.0, 0.0, 1.0)
    # rounding slack: a weighted yes-sum a hair above the total is clipped
    r = weighted_rate(1.0 + 1e-15, 1.0, 0.5)
    assert r.value == 1.0


def test_weighted_rate_array() -> None:
    arr = weighted_rate_array([1.0, 2.0], [4.0, 4.0], [4.0, 8.0])
    assert arr.effective_n.tolist() == [4.0, 2.0]
    assert arr.design == "weighted (Kish)"


# --- scipy is optional ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["jeffreys", "clopper-pearson"])
def test_exact_methods_name_the_extra_when_scipy_is_missing(
    monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.special", None)
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[exact\]") as info:
        rate(3, 10, method=method)
    assert info.value.extra == "exact"
    assert info.value.module == "scipy"
    assert "Jeffreys and Clopper-Pearson intervals" in str(info.value)
    assert isinstance(info.value, ImportError)
    # the other methods need no scipy
    assert rate(3, 10).method == "wilson"


def test_public_kernels_validate_their_inputs() -> None:
    from skl_socialmedia.statistics import (
        difference_interval,
        paired_difference_interval,
        two_proportion_p_value,
    )

    with pytest.raises(
        InvalidArgumentError, match=r"p must be proportions in \[0, 1\]"
    ):
        proportion_interval(1.5, 10)
    with pytest.raises(InvalidArgumentError, match="n must be sizes >= 0"):
        proportion_interval(0.5, [10, -1])
    with pytest.raises(InvalidArgumentError, match="p_before must be proportions"):
        difference_interval(float("nan"), 10, 0.5, 10)
    with pytest.raises(InvalidArgumentError, match="n_after must be sizes"):
        difference_interval(0.2, 10, 0.5, float("nan"))
    with pytest.raises(InvalidArgumentError, match="after_only must be finite counts"):
        paired_difference_interval(1, 2, -3, 4)
    with pytest.raises(InvalidArgumentError, match="all four cells are 0"):
        paired_difference_interval(0, 0, 0, 0)
    with pytest.raises(InvalidArgumentError, match="p_after must be proportions"):
        two_proportion_p_value(0.2, 10, 2.0, 10)
