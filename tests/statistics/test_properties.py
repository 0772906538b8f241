"""Property-based tests (hypothesis) of the invariants of rates, deltas and strata."""

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from skl_socialmedia.statistics import (
    DELTA_METHODS,
    PAIRED_METHODS,
    RATE_METHODS,
    combine,
    difference_interval,
    paired_pp_delta,
    pp_delta,
    proportion_interval,
    rate,
    weighted_rate,
)

NO_SCIPY_METHODS = [m for m in RATE_METHODS if m not in ("jeffreys", "clopper-pearson")]
try:
    import scipy  # noqa: F401

    METHODS = list(RATE_METHODS)
except ImportError:  # pragma: no cover - scipy is in the test extra
    METHODS = NO_SCIPY_METHODS

confidences = st.floats(0.5, 0.9999)
sizes = st.integers(1, 5000)


@st.composite
def tables(draw: st.DrawFn, max_n: int = 5000) -> tuple[int, int]:
    n = draw(st.integers(1, max_n))
    return draw(st.integers(0, n)), n


@given(tables(), st.sampled_from(METHODS), confidences)
def test_rate_bounds(table: tuple[int, int], method: str, confidence: float) -> None:
    x, n = table
    r = rate(x, n, method=method, confidence=confidence)
    assert 0.0 <= r.low <= r.value <= r.high <= 1.0


@given(tables(), st.sampled_from(METHODS))
def test_rate_symmetry(table: tuple[int, int], method: str) -> None:
    x, n = table
    r, mirror = rate(x, n, method=method), rate(n - x, n, method=method)
    assert r.low == pytest.approx(1.0 - mirror.high, abs=1e-10)
    assert r.high == pytest.approx(1.0 - mirror.low, abs=1e-10)


@given(tables(), st.sampled_from(METHODS))
def test_rate_monotone_in_successes(table: tuple[int, int], method: str) -> None:
    x, n = table
    assume(x < n)
    r, more = rate(x, n, method=method), rate(x + 1, n, method=method)
    assert more.low >= r.low - 1e-12
    assert more.high >= r.high - 1e-12


@given(tables(max_n=500), st.integers(2, 20))
def test_wilson_width_shrinks_with_n(table: tuple[int, int], k: int) -> None:
    x, n = table
    assume(0 < x < n)
    assert rate(k * x, k * n).width < rate(x, n).width


@given(
    st.floats(0.0, 1.0),
    st.floats(1e-3, 1e7),
    st.sampled_from(METHODS),
    confidences,
)
# found by hypothesis: the Clopper-Pearson beta parameters rounded to 0 (NaN)
@example(5e-324, 0.5, "clopper-pearson", 0.5)
@example(1 - 1.1e-16, 0.5, "clopper-pearson", 0.5)
def test_fractional_effective_sizes(
    p: float, n: float, method: str, level: float
) -> None:
    low, high = proportion_interval(p, n, level, method)
    assert 0.0 <= float(low) <= p <= float(high) <= 1.0


@given(tables(max_n=300), st.integers(0, 1000), st.integers(0, 1000))
def test_fpc_nested_in_population_size_and_degenerate_at_census(
    table: tuple[int, int], extra: int, more: int
) -> None:
    # The finite population correction interval with N is nested in the one with
    # a larger N' (monotone in N) and has zero width at the census N = n.
    x, n = table
    small = rate(x, n, population=n + extra)
    large = rate(x, n, population=n + extra + more)
    assert large.low <= small.low + 1e-12
    assert small.high <= large.high + 1e-12
    census = rate(x, n, population=n)
    assert census.low == census.high == x / n


@given(tables(max_n=300), st.integers(0, 10**6))
def test_fpc_narrower_than_the_same_formula_without_it(
    table: tuple[int, int], extra: int
) -> None:
    # with f = n/N the variance (1 - f) p q / (n - 1) is below the f = 0 value
    # p q / (n - 1): effective size (n - 1)/(1 - f) >= n - 1
    x, n = table
    assume(n >= 2)
    with_fpc = rate(x, n, population=n + extra)
    without = proportion_interval(x / n, n - 1)
    assert float(without[0]) <= with_fpc.low + 1e-12
    assert with_fpc.high <= float(without[1]) + 1e-12


@st.composite
def independent_pairs(draw: st.DrawFn) -> tuple[int, int, int, int]:
    x1, n1 = draw(tables(max_n=400))
    x2, n2 = draw(tables(max_n=400))
    return x1, n1, x2, n2


@given(independent_pairs(), st.sampled_from(DELTA_METHODS), confidences)
@settings(max_examples=150)
def test_delta_bounds_and_antisymmetry(
    pair: tuple[int, int, int, int], method: str, confidence: float
) -> None:
    x1, n1, x2, n2 = pair
    before = rate(x1, n1, confidence=confidence)
    after = rate(x2, n2, confidence=confidence)
    d = pp_delta(before, after, method=method)
    assert -1.0 <= d.low <= d.value <= d.high <= 1.0
    swapped = pp_delta(after, before, method=method)
    assert swapped.value == -d.value
    assert swapped.low == pytest.approx(-d.high, abs=1e-9)
    assert swapped.high == pytest.approx(-d.low, abs=1e-9)
    assert swapped.p_value == pytest.approx(d.p_value)


@given(
    st.floats(0.0, 1.0),
    st.floats(0.0, 1e6) | st.just(float("inf")),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1e6) | st.just(float("inf")),
    st.sampled_from(DELTA_METHODS),
    confidences,
)
@settings(max_examples=300)
def test_delta_kernels_on_any_effective_sizes(
    p1: float, n1: float, p2: float, n2: float, method: str, confidence: float
) -> None:
    low, high = difference_interval(p1, n1, p2, n2, confidence, method)
    d = p2 - p1
    assert -1.0 <= float(low) <= d <= float(high) <= 1.0


@given(
    st.lists(st.integers(0, 300), min_size=4, max_size=4).filter(lambda c: sum(c) > 0),
    st.sampled_from(PAIRED_METHODS),
    confidences,
)
def test_paired_bounds_and_antisymmetry(
    cells: list[int], method: str, confidence: float
) -> None:
    a, b, c, d = cells
    delta = paired_pp_delta(a, b, c, d, method=method, confidence=confidence)
    assert -1.0 <= delta.low <= delta.value <= delta.high <= 1.0
    swapped = paired_pp_delta(a, c, b, d, method=method, confidence=confidence)
    assert swapped.low == pytest.approx(-delta.high, abs=1e-12)
    assert swapped.high == pytest.approx(-delta.low, abs=1e-12)


@given(
    st.lists(
        st.tuples(tables(max_n=300), st.floats(0.0, 1e6)),
        min_size=1,
        max_size=6,
    ).filter(lambda strata: sum(w for _, w in strata) > 0),
    st.sampled_from(NO_SCIPY_METHODS),
)
def test_combine_lies_between_the_strata(
    strata: list[tuple[tuple[int, int], float]], method: str
) -> None:
    rates = [rate(x, n, method=method) for (x, n), _ in strata]
    weights = [w for _, w in strata]
    combined = combine(rates, weights)
    used = [r.value for r, w in zip(rates, weights, strict=True) if w > 0]
    assert min(used) - 1e-12 <= combined.value <= max(used) + 1e-12
    assert 0.0 <= combined.low <= combined.value <= combined.high <= 1.0


@given(
    st.lists(st.tuples(st.floats(0.01, 100.0), st.booleans()), min_size=1, max_size=50)
)
def test_weighted_rate_bounds(answers: list[tuple[float, bool]]) -> None:
    weights = np.array([w for w, _ in answers])
    yes = np.array([y for _, y in answers], dtype=float)
    r = weighted_rate(
        float(weights @ yes), float(weights.sum()), float(weights @ weights)
    )
    assert 0.0 <= r.low <= r.value <= r.high <= 1.0
    assert 1.0 - 1e-9 <= r.effective_n <= len(answers) + 1e-9
