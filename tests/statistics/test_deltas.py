"""Independent deltas: validity on a generous grid, antisymmetry, designs, p-values."""

import numpy as np
import pytest

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.statistics import (
    DELTA_METHODS,
    Delta,
    DeltaArray,
    Rate,
    difference_interval,
    pp_delta,
    pp_delta_array,
    rate,
    rate_array,
    two_proportion_p_value,
)


def _grid(n_max: int) -> tuple[np.ndarray, ...]:
    """Every pair of tables x1/n1, x2/n2 with 1 <= n1, n2 <= n_max."""
    rows = []
    for n1 in range(1, n_max + 1):
        for n2 in range(1, n_max + 1):
            x1, x2 = np.meshgrid(np.arange(n1 + 1), np.arange(n2 + 1), indexing="ij")
            size = x1.size
            rows.append(
                np.stack([x1.ravel(), np.full(size, n1), x2.ravel(), np.full(size, n2)])
            )
    x1, n1, x2, n2 = np.concatenate(rows, axis=1).astype(float)
    return x1, n1, x2, n2


GRID = _grid(22)  # 76 176 pairs of tables
# plus a random sample of larger and unbalanced tables
_rng = np.random.default_rng(20120101)
_N1 = _rng.integers(1, 2000, 5000).astype(float)
_N2 = _rng.integers(1, 300, 5000).astype(float)
SAMPLE = (
    np.floor(_rng.random(5000) * (_N1 + 1)),
    _N1,
    np.floor(_rng.random(5000) * (_N2 + 1)),
    _N2,
)


def _check(
    x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray, **kw: object
) -> None:
    p1, p2 = x1 / n1, x2 / n2
    low, high = difference_interval(p1, n1, p2, n2, **kw)  # type: ignore[arg-type]
    d = p2 - p1
    assert not np.any(np.isnan(low) | np.isnan(high))
    assert np.all((low >= -1.0) & (high <= 1.0))
    assert np.all((low <= d) & (d <= high))


@pytest.mark.parametrize("method", DELTA_METHODS)
@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.95, 0.999])
def test_grid_gives_valid_intervals(method: str, confidence: float) -> None:
    _check(*GRID, confidence=confidence, method=method)
    _check(*SAMPLE, confidence=confidence, method=method)


# The closed-form cubic root of the Miettinen-Nurminen MLE loses a few digits near
# a double root, so its mirror images agree to about 1e-11 only.
TOLERANCE = {"miettinen-nurminen": 1e-10}


@pytest.mark.parametrize("method", DELTA_METHODS)
def test_antisymmetry_swapping_before_and_after(method: str) -> None:
    x1, n1, x2, n2 = GRID
    low, high = difference_interval(x1 / n1, n1, x2 / n2, n2, method=method)
    swapped_low, swapped_high = difference_interval(
        x2 / n2, n2, x1 / n1, n1, method=method
    )
    atol = TOLERANCE.get(method, 1e-12)
    assert np.allclose(low, -swapped_high, atol=atol, rtol=0)
    assert np.allclose(high, -swapped_low, atol=atol, rtol=0)


@pytest.mark.parametrize("method", DELTA_METHODS)
def test_mirror_symmetry_successes_against_failures(method: str) -> None:
    # counting "no" instead of "yes" negates the difference
    x1, n1, x2, n2 = GRID
    low, high = difference_interval(x1 / n1, n1, x2 / n2, n2, method=method)
    m_low, m_high = difference_interval(1 - x1 / n1, n1, 1 - x2 / n2, n2, method=method)
    atol = TOLERANCE.get(method, 1e-12)
    assert np.allclose(low, -m_high, atol=atol, rtol=0)
    assert np.allclose(high, -m_low, atol=atol, rtol=0)


@pytest.mark.parametrize("method", DELTA_METHODS)
def test_census_and_empty_groups(method: str) -> None:
    inf = np.inf
    # both censuses: the difference is known exactly
    low, high = difference_interval(0.3, inf, 0.5, inf, method=method)
    assert (float(low), float(high)) == pytest.approx((0.2, 0.2))
    # one census: only the other group's sampling error remains
    low, high = difference_interval(0.3, inf, 0.5, 40.0, method=method)
    assert float(low) < 0.2 < float(high)
    wide_low, wide_high = difference_interval(0.3, 40.0, 0.5, 40.0, method=method)
    assert float(high - low) < float(wide_high - wide_low)
    # an empty group (effective size 0) carries no information
    low, high = difference_interval(0.3, 0.0, 0.5, 40.0, method=method)
    assert (float(low), float(high)) == (-1.0, 1.0)


def test_miettinen_nurminen_with_a_census_is_the_shifted_wilson_interval() -> None:
    # the limit of the score interval as one group's size grows without bound
    census = difference_interval(0.25, np.inf, 0.6, 30.0, method="miettinen-nurminen")
    huge = difference_interval(0.25, 1e12, 0.6, 30.0, method="miettinen-nurminen")
    wilson = rate(18, 30)
    expected = (wilson.low - 0.25, wilson.high - 0.25)
    assert (float(census[0]), float(census[1])) == pytest.approx(expected, abs=1e-12)
    assert (float(huge[0]), float(huge[1])) == pytest.approx(expected, abs=1e-6)


def test_pp_delta_fields() -> None:
    d = pp_delta(rate(38, 62), rate(22, 29))
    assert isinstance(d, Delta)
    assert d.value == pytest.approx(22 / 29 - 38 / 62)
    assert (d.before, d.after) == (38 / 62, 22 / 29)
    assert d.method == "newcombe"
    assert d.confidence == 0.95
    assert d.paired is False
    assert d.test == "two-proportion z"
    assert d.pp == pytest.approx(100 * d.value)
    assert (d.low_pp, d.high_pp) == (100 * d.low, 100 * d.high)
    assert d.significant is False
    assert pp_delta(rate(10, 100), rate(60, 100)).significant is True
    assert pp_delta(rate(60, 100), rate(10, 100)).significant is True


def test_pp_delta_uses_effective_sizes() -> None:
    # a census before and after: the change is exact and "significant" if nonzero
    d = pp_delta(rate(12, 20, population=20), rate(17, 20, population=20))
    assert (d.low, d.high) == pytest.approx((0.25, 0.25))
    assert d.p_value == 0.0
    # the finite population correction narrows the interval of the change
    plain = pp_delta(rate(12, 18), rate(17, 19))
    fpc = pp_delta(rate(12, 18, population=20), rate(17, 19, population=20))
    assert fpc.high - fpc.low < plain.high - plain.low


def test_pp_delta_validation() -> None:
    with pytest.raises(InvalidArgumentError, match="different confidence levels"):
        pp_delta(rate(1, 4, confidence=0.9), rate(2, 4))
    with pytest.raises(UnknownNameError, match="unknown delta method 'score'"):
        pp_delta(rate(1, 4), rate(2, 4), method="score")
    with pytest.raises(InvalidArgumentError, match="Rate objects"):
        pp_delta(0.25, 0.5)  # type: ignore[arg-type]
    bad = Rate(1.0, 4.0, 1.5, 0.1, 0.5, "wilson", 0.95)
    with pytest.raises(InvalidArgumentError, match="before rate value"):
        pp_delta(bad, rate(2, 4))


def test_pp_delta_array() -> None:
    before = rate_array([10, 20, 30], 100)
    after = rate_array([15, 20, 60], 100)
    deltas = pp_delta_array(before, after, method="miettinen-nurminen")
    assert isinstance(deltas, DeltaArray)
    assert deltas.shape == (3,)
    assert len(deltas) == 3
    assert deltas.significant.tolist() == [False, False, True]
    assert deltas[2] == pp_delta(
        rate(30, 100), rate(60, 100), method="miettinen-nurminen"
    )
    assert np.allclose(deltas.pp, 100 * deltas.value)
    assert np.array_equal(deltas.low_pp, 100 * deltas.low)
    assert np.array_equal(deltas.high_pp, 100 * deltas.high)


def test_two_proportion_z_is_pearson_chi_squared() -> None:
    # z² equals Pearson's X² for the 2×2 table (no continuity correction);
    # X² with 1 df has P(X² > x) = erfc(sqrt(x/2)).
    import math

    x1, n1, x2, n2 = 38, 62, 22, 29
    table = np.array([[x1, n1 - x1], [x2, n2 - x2]], dtype=float)
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    chi2 = float(((table - expected) ** 2 / expected).sum())
    p = float(two_proportion_p_value(x1 / n1, n1, x2 / n2, n2))
    assert p == pytest.approx(math.erfc(math.sqrt(chi2 / 2)), rel=1e-12)
    assert pp_delta(rate(x1, n1), rate(x2, n2)).p_value == pytest.approx(p)


def test_two_proportion_p_value_edge_cases() -> None:
    inf = np.inf
    got = two_proportion_p_value(
        [0.0, 1.0, 0.4, 0.4, 0.4, 0.4],
        [10, 10, inf, inf, 0, 20],
        [0.0, 1.0, 0.4, 0.5, 0.9, 0.4],
        [20, 20, inf, inf, 20, 20],
    )
    assert got.tolist() == [1.0, 1.0, 1.0, 0.0, 1.0, 1.0]
    # one census: the one-sample score test of the other group against it
    import math

    z = (0.5 - 0.4) / math.sqrt(0.4 * 0.6 / 50)
    assert float(two_proportion_p_value(0.4, inf, 0.5, 50)) == pytest.approx(
        math.erfc(z / math.sqrt(2))
    )
