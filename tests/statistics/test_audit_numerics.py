# ruff: noqa: N802 (test names carry the defect IDs of DEFECTS.md: test_W1_…)
"""Regressions of the reliability audit (DEFECTS.md) in the statistics API.

Each test names its defect: W1, W2, W3 (weighted sums), W11, W12, W14, C5,
C11, M9 and M14. NumPy warnings are errors in the tests (pyproject), so a
passing test also shows that no ``RuntimeWarning`` escapes.
"""

from __future__ import annotations

import math
import warnings
from statistics import NormalDist

import numpy as np
import pytest

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import (
    DELTA_METHODS,
    PAIRED_METHODS,
    RATE_METHODS,
    Rate,
    combine,
    linearised_ratio,
    mcnemar_p_value,
    normal_quantile,
    paired_pp_delta,
    pp_delta,
    pp_delta_array,
    rate,
    rate_array,
    round_half_up,
    t_quantile,
    weighted_rate,
)

LARGEST_BELOW_ONE = math.nextafter(1.0, 0.0)


def _in(value: float, low: float, high: float, lo: float = 0.0) -> bool:
    finite = all(math.isfinite(v) for v in (value, low, high))
    return finite and lo <= low <= value <= high <= 1.0


# --- W1: combine normalises the weights before summing them ---------------------


def test_W1_combine_with_weights_of_1e308_equals_weights_of_1() -> None:
    rates = [rate(61, 100), rate(13, 15)]
    huge = combine(rates, [1e308, 1e308])
    one = combine(rates, [1, 1])
    assert (huge.value, huge.low, huge.high) == (one.value, one.low, one.high)
    assert huge.value == pytest.approx(0.7383333333333333)


def test_W1_combine_unequal_huge_weights_keep_their_shares() -> None:
    rates = [rate(61, 100), rate(13, 15)]
    huge = combine(rates, [1.5e308, 0.5e308])
    plain = combine(rates, [3, 1])
    assert huge.value == pytest.approx(plain.value, rel=1e-15)
    assert (huge.low, huge.high) == pytest.approx((plain.low, plain.high), rel=1e-14)


# --- W2 and M14: paired changes of huge counts ------------------------------------


@pytest.mark.parametrize("method", PAIRED_METHODS)
@pytest.mark.parametrize(
    "cells",
    [(0, 1e308, 1e308, 0), (2, 723, 1e308, 1e308), (1e308, 1e308, 0, 0)],
)
def test_W2_paired_change_of_huge_counts_is_finite(
    cells: tuple[float, float, float, float], method: str
) -> None:
    d = paired_pp_delta(*cells, method=method)  # type: ignore[arg-type]
    assert _in(d.value, d.low, d.high, -1.0)
    assert 0.0 <= d.p_value <= 1.0
    assert math.isfinite(d.se)


def test_W2_paired_change_is_the_same_for_counts_times_a_power_of_two() -> None:
    plain = paired_pp_delta(36, 2, 12, 0)
    big = paired_pp_delta(*(math.ldexp(c, 1000) for c in (36, 2, 12, 0)))
    assert (big.value, big.before, big.after) == (
        plain.value,
        plain.before,
        plain.after,
    )
    # the interval of a panel of 2**1000 · 50 has width about 0
    assert big.low == pytest.approx(big.value, abs=1e-15)
    assert big.high == pytest.approx(big.value, abs=1e-15)
    assert big.p_value == 0.0


def test_M14_paired_change_of_1e308_is_a_result_not_a_message() -> None:
    d = paired_pp_delta(1e308, 1e308, 0, 0)
    assert (d.before, d.after, d.value) == (1.0, 0.5, -0.5)
    assert (d.low, d.high) == (-0.5, -0.5)


def test_M14_a_count_beyond_the_largest_float_says_so() -> None:
    with pytest.raises(InvalidArgumentError) as raised:
        rate(10**400, 10**400)
    message = str(raised.value)
    assert "successes is too large" in message
    assert "10**400" in message
    assert "finite floats" in message
    assert "must be a number" not in message


def test_M14_integers_beyond_64_bits_are_numbers() -> None:
    r = rate(2**70, 2**71)
    assert r.value == 0.5
    assert rate_array([1, 2**70], [2, 2**71]).value.tolist() == [0.5, 0.5]


# --- W3: weighted sums at any scale -------------------------------------------------


@pytest.mark.parametrize("k", [-500, -280, 280, 500])
def test_W3_weighted_rate_with_tiny_or_huge_sums(k: int) -> None:
    plain = weighted_rate(3.0, 7.0, 9.5)
    scaled = weighted_rate(
        math.ldexp(3.0, k), math.ldexp(7.0, k), math.ldexp(9.5, 2 * k)
    )
    assert (scaled.value, scaled.low, scaled.high, scaled.effective_n) == (
        plain.value,
        plain.low,
        plain.high,
        plain.effective_n,
    )


def test_W3_weighted_rate_when_the_squared_total_overflows() -> None:
    r = weighted_rate(1e300, 2e300, 1e308)
    assert r.value == 0.5
    assert r.effective_n == pytest.approx(4e292)
    assert _in(r.value, r.low, r.high)


def test_W3_weighted_rate_messages_name_the_sums() -> None:
    with pytest.raises(InvalidArgumentError, match=r"sum_squared_weights \(Σw²\)"):
        weighted_rate(1.0, 4.0, 0.0)


@pytest.mark.parametrize("k", [-600, 0, 600])
def test_W3_linearised_ratio_of_moments_at_any_scale(k: int) -> None:
    moments = np.array([[3.0, 5.0, 3.0, 5.0], [1.0, 4.0, 1.5, 6.0]])
    scale = np.array([k, k, 2 * k, 2 * k]) // (2 if abs(k) > 500 else 1)
    expected = linearised_ratio(moments, [5, 4], [np.inf, np.inf])
    got = linearised_ratio(np.ldexp(moments, scale), [5, 4], [np.inf, np.inf])
    assert got[0] == pytest.approx(expected[0], rel=1e-15)
    assert got[1] == pytest.approx(expected[1], rel=1e-15)


# --- W11, W12 and C11: combine's arguments ---------------------------------------


def test_W11_combine_refuses_a_rate_whose_value_is_not_a_proportion() -> None:
    bad = Rate(4, 2, 2.0, 0, 1, "wilson", 0.95)
    with pytest.raises(InvalidArgumentError, match=r"stratum 0 has value 2\.0"):
        combine([bad, rate(1, 2)], [1, 1])


def test_W11_combine_refuses_a_negative_effective_n() -> None:
    bad = Rate(1, 2, 0.5, 0, 1, "wilson", 0.95, effective_n=-1.0)
    with pytest.raises(InvalidArgumentError, match="stratum 1 has effective_n"):
        combine([rate(1, 2), bad], [1, 1])


def test_W12_combine_accepts_any_iterable() -> None:
    from_list = combine([rate(1, 2), rate(3, 4)], [1, 2])
    from_generator = combine((r for r in [rate(1, 2), rate(3, 4)]), [1, 2])
    from_tuple = combine((rate(1, 2), rate(3, 4)), (1, 2))
    assert from_generator == from_list == from_tuple


def test_W12_combine_of_nothing_says_so() -> None:
    with pytest.raises(InvalidArgumentError, match="at least one stratum"):
        combine(iter([]), [])


@pytest.mark.parametrize(
    ("rates", "weights", "message"),
    [
        ([rate(1, 2), rate(1, 3)], [[1, 2], [3, 4]], r"shape \(2, 2\)"),
        ([rate(1, 2)], None, "one number per stratum"),
        (None, [1], "takes a sequence of Rate objects"),
        ([rate(1, 2), "x"], [1, 1], "got str for stratum 1"),
        ([rate(1, 2)], [1, 2], "one weight per stratum"),
    ],
)
def test_C11_combine_argument_errors_are_the_librarys(
    rates: object, weights: object, message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        combine(rates, weights)  # type: ignore[arg-type]


def test_C11_pp_delta_array_names_incompatible_shapes() -> None:
    before = rate_array([1, 2, 3], [10, 10, 10])
    after = rate_array([1, 2], [10, 10])
    with pytest.raises(InvalidArgumentError, match=r"\(3,\) and \(2,\)"):
        pp_delta_array(before, after)
    with pytest.raises(InvalidArgumentError, match="RateArray"):
        pp_delta_array(rate(1, 2), after)  # type: ignore[arg-type]


def test_C11_round_half_up_decimals_out_of_range() -> None:
    with pytest.raises(InvalidArgumentError, match="between -308 and 308"):
        round_half_up(1.5, 400)
    with pytest.raises(InvalidArgumentError, match="between -308 and 308"):
        round_half_up(1.5, -400)
    assert isinstance(InvalidArgumentError("x"), ValueError)


def test_C11_round_half_up_at_many_decimals_is_correct() -> None:
    assert round_half_up(1.5, 308) == 1.5
    assert round_half_up(5.0, 308) == 5.0
    assert round_half_up(1.5, -308) == 0.0
    assert round_half_up(1e308, -308) == 1e308
    # whole once scaled: nothing to round (adding 0.5 used to round up)
    assert round_half_up(2.0**52 + 1) == 2.0**52 + 1
    assert round_half_up(0.125, 2) == 0.13
    with pytest.raises(InvalidArgumentError, match="too large"):
        round_half_up(1.7e308, -308)


# --- W14: beta intervals and continuity corrections at extreme counts ----------


BIG_TABLES = [
    (1.3e16, 1e17),
    (5e16, 1e17),
    (1e12, 1e18),
    (1e18 - 1e12, 1e18),
    (9.6e14, 9.7e307),
    (0.13e308, 1e308),
]


@pytest.mark.parametrize("method", ["jeffreys", "clopper-pearson"])
@pytest.mark.parametrize(
    ("x", "n"), [*BIG_TABLES, (1, 1e18), (1e18 - 1, 1e18), (1, 1e308)]
)
def test_W14_beta_intervals_are_finite_for_huge_n(
    method: str, x: float, n: float
) -> None:
    pytest.importorskip("scipy")
    r = rate(x, n, method=method)  # type: ignore[arg-type]
    assert _in(r.value, r.low, r.high)


@pytest.mark.parametrize("method", ["jeffreys", "clopper-pearson"])
@pytest.mark.parametrize(("x", "n"), BIG_TABLES)
def test_W14_beta_intervals_agree_with_wilson_for_huge_counts(
    method: str, x: float, n: float
) -> None:
    pytest.importorskip("scipy")
    r = rate(x, n, method=method)  # type: ignore[arg-type]
    wilson = rate(x, n)
    # at these sizes the methods agree to far below the interval's width
    width = wilson.high - wilson.low
    assert r.low == pytest.approx(wilson.low, abs=1e-3 * width + 1e-300)
    assert r.high == pytest.approx(wilson.high, abs=1e-3 * width + 1e-300)


def test_W14_jeffreys_matches_the_normal_limit_at_1e17() -> None:
    pytest.importorskip("scipy")
    r = rate(1.3e16, 1e17, method="jeffreys")
    half = NormalDist().inv_cdf(0.975) * math.sqrt(0.13 * 0.87 / 1e17)
    assert r.low == pytest.approx(0.13 - half, abs=1e-6 * half)
    assert r.high == pytest.approx(0.13 + half, abs=1e-6 * half)


@pytest.mark.parametrize(
    ("x", "n"), [(1e308, 1e308), (0, 1e308), (1, 1e308), (1e-162, 1e-162)]
)
def test_W14_wilson_cc_limits_are_finite_at_extremes(x: float, n: float) -> None:
    r = rate(x, n, method="wilson-cc")
    assert _in(r.value, r.low, r.high)


def test_W14_newcombe_cc_at_extremes() -> None:
    d = pp_delta(rate(1e-162, 1e308), rate(1e-162, 1e-162), method="newcombe-cc")
    assert _in(d.value, d.low, d.high, -1.0)


def test_W14_wilson_cc_unchanged_for_ordinary_counts() -> None:
    # Newcombe (1998a) Table I, method 4: 15/148 is 0.0598 to 0.1644
    r = rate(15, 148, method="wilson-cc")
    assert (round(r.low, 4), round(r.high, 4)) == (0.0598, 0.1644)


# --- C5: confidence levels up to the largest double below 1 ----------------------


def test_C5_normal_quantile_of_the_largest_level_below_one() -> None:
    z = normal_quantile(LARGEST_BELOW_ONE)
    assert z == -NormalDist().inv_cdf((1.0 - LARGEST_BELOW_ONE) / 2.0)
    assert 8.0 < z < 8.5


def test_C5_quantiles_keep_their_values_for_ordinary_levels() -> None:
    for level in (0.5, 0.8, 0.9, 0.95, 0.99, 0.999):
        assert normal_quantile(level) == NormalDist().inv_cdf((1 + level) / 2)


@pytest.mark.parametrize("method", RATE_METHODS)
def test_C5_rate_at_the_largest_level_below_one(method: str) -> None:
    if method in ("jeffreys", "clopper-pearson"):
        pytest.importorskip("scipy")
    r = rate(5, 10, confidence=LARGEST_BELOW_ONE, method=method)  # type: ignore[arg-type]
    assert _in(r.value, r.low, r.high)
    assert math.isfinite(r.quantile)


@pytest.mark.parametrize("method", DELTA_METHODS)
def test_C5_delta_at_the_largest_level_below_one(method: str) -> None:
    before = rate(5, 10, confidence=LARGEST_BELOW_ONE)
    after = rate(8, 10, confidence=LARGEST_BELOW_ONE)
    d = pp_delta(before, after, method=method)  # type: ignore[arg-type]
    assert _in(d.value, d.low, d.high, -1.0)


def test_C5_t_quantile_of_the_largest_level_below_one() -> None:
    pytest.importorskip("scipy")
    t = t_quantile(LARGEST_BELOW_ONE, 30.0)
    assert math.isfinite(t)
    assert t > normal_quantile(LARGEST_BELOW_ONE)


# --- M9: no numpy warning escapes ----------------------------------------------


def test_M9_no_runtime_warning_at_extremes() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        combine([rate(61, 100), rate(13, 15)], [1e308, 1e308])
        paired_pp_delta(0, 1e308, 1e308, 0)
        weighted_rate(1e300, 2e300, 1e308)
        mcnemar_p_value(1e308, 1e308)
        for method in DELTA_METHODS:
            pp_delta(rate(1e308, 1e308), rate(0, 1e-300), method=method)
        for method in RATE_METHODS:
            rate(1e307, 1.7e308, method=method)


def test_M9_mcnemar_of_huge_counts() -> None:
    assert float(mcnemar_p_value(1e308, 1e308)) == 1.0
    assert float(mcnemar_p_value(0, 1e308)) == 0.0
    # z = (c − b)/√(b + c) grows as √ of the counts: 2**300 times (2, 12)'s
    assert float(mcnemar_p_value(math.ldexp(2, 600), math.ldexp(12, 600))) == 0.0
    assert float(mcnemar_p_value(2, 12)) == pytest.approx(0.0075263, rel=1e-4)
