"""Every (x, n) with n <= 200, every rate method: valid, symmetric, monotone."""

import numpy as np
import pytest

from skl_socialmedia.statistics import RATE_METHODS, rate_array

N_MAX = 200
TOTAL = np.concatenate([np.full(k + 1, k) for k in range(1, N_MAX + 1)]).astype(float)
SUCCESSES = np.concatenate([np.arange(k + 1) for k in range(1, N_MAX + 1)]).astype(
    float
)
CONFIDENCES = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999999]


@pytest.fixture(scope="module", params=RATE_METHODS)
def method(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name in ("jeffreys", "clopper-pearson"):
        pytest.importorskip("scipy")
    return name


@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_all_tables_give_valid_intervals(method: str, confidence: float) -> None:
    r = rate_array(SUCCESSES, TOTAL, method=method, confidence=confidence)
    p = SUCCESSES / TOTAL
    assert not np.any(np.isnan(r.low) | np.isnan(r.high))
    assert np.all((r.low >= 0.0) & (r.high <= 1.0))
    assert np.all((r.low <= p) & (p <= r.high))
    at_zero = SUCCESSES == 0
    assert np.all(r.low[at_zero] == 0.0)
    assert np.all(r.high[SUCCESSES == TOTAL] == 1.0)


def test_symmetry_x_against_n_minus_x(method: str) -> None:
    r = rate_array(SUCCESSES, TOTAL, method=method)
    mirror = rate_array(TOTAL - SUCCESSES, TOTAL, method=method)
    assert np.allclose(r.low, 1.0 - mirror.high, atol=1e-10, rtol=0)
    assert np.allclose(r.high, 1.0 - mirror.low, atol=1e-10, rtol=0)


def test_monotone_in_successes(method: str) -> None:
    r = rate_array(SUCCESSES, TOTAL, method=method)
    same_n = TOTAL[1:] == TOTAL[:-1]
    assert np.all(np.diff(r.low)[same_n] >= -1e-12)
    assert np.all(np.diff(r.high)[same_n] >= -1e-12)


def test_width_shrinks_with_n_at_fixed_p(method: str) -> None:
    # p = x/n and (kx)/(kn) for k = 2..5: the bigger sample is never wider,
    # strictly narrower for 0 < p < 1 (all methods but at p in {0, 1}).
    base = (TOTAL <= 40) & (SUCCESSES > 0) & (SUCCESSES < TOTAL)
    x, n = SUCCESSES[base], TOTAL[base]
    previous = rate_array(x, n, method=method).width
    for k in range(2, 6):
        width = rate_array(k * x, k * n, method=method).width
        assert np.all(width < previous)
        previous = width
