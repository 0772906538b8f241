"""Numerical robustness: every interval finite and in its bounds, at any scale.

Hypothesis properties over counts up to 1e18 (whole numbers and floats) and
confidence levels anywhere in (0, 1) — down to the smallest double, up to the
largest one below 1 — for every rate, delta and paired method; and weighted
estimates that do not depend on the weights' scale (reliability audit: C5,
W2, W3, W14, M9). NumPy warnings are errors here as everywhere in the tests
(pyproject's ``filterwarnings``), so no ``RuntimeWarning`` may escape either.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from skl_socialmedia import Survey
from skl_socialmedia.statistics import (
    DELTA_METHODS,
    PAIRED_METHODS,
    RATE_METHODS,
    combine,
    normal_quantile,
    paired_pp_delta,
    pp_delta,
    rate,
    weighted_rate,
)
from skl_socialmedia.survey.design import Design

pytest.importorskip("scipy")  # jeffreys and clopper-pearson

LARGEST_BELOW_ONE = math.nextafter(1.0, 0.0)
SMALLEST = math.nextafter(0.0, 1.0)

#: CI-sized: the whole file runs in a few seconds.
FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

confidences = st.one_of(
    st.floats(0.0, 1.0, exclude_min=True, exclude_max=True),
    st.sampled_from([LARGEST_BELOW_ONE, SMALLEST, 0.5, 0.95, 1.0 - 2.0**-52]),
)
counts_to_1e18 = st.one_of(
    st.integers(0, 10**18),
    st.floats(0.0, 1e18, allow_nan=False),
    st.sampled_from([0, 1, 10**17, 10**18, 1.3e16, 1e-300, 5e-324]),
)
counts = st.one_of(
    counts_to_1e18,
    st.floats(1e18, 1.7e308),  # beyond: up to the largest doubles
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[float, float]:
    """Return ``(successes, total)``: ``0 <= successes <= total``, ``total > 0``."""
    total = draw(counts.filter(lambda n: n > 0))
    kind = draw(st.sampled_from(["fraction", "whole", "edge"]))
    if kind == "edge":
        return draw(st.sampled_from([0, total])), total
    if kind == "whole" and isinstance(total, int):
        return draw(st.integers(0, total)), total
    share = draw(st.floats(0.0, 1.0))
    return min(float(total) * share, float(total)), total


def _finite_within(low: float, value: float, high: float, lo: float) -> None:
    assert all(math.isfinite(v) for v in (low, value, high)), (low, value, high)
    assert lo <= low <= value <= high <= 1.0, (low, value, high)


@FAST
@given(tables(), st.sampled_from(RATE_METHODS), confidences)
@example((1.3e16, 1e17), "jeffreys", 0.95)
@example((1.3e16, 1e17), "clopper-pearson", 0.95)
@example((1e18 - 1, 10**18), "clopper-pearson", LARGEST_BELOW_ONE)
@example((5, 10), "wilson", LARGEST_BELOW_ONE)
@example((1e-300, 1e18), "wilson-cc", 0.95)
@example((959896853533973.0, 9.710968261429088e307), "clopper-pearson", 0.3)
@example((1e308, 1e308), "wilson-cc", 0.95)
def test_every_rate_interval_is_finite_and_within_0_1(
    table: tuple[float, float], method: str, confidence: float
) -> None:
    x, n = table
    r = rate(x, n, method=method, confidence=confidence)  # type: ignore[arg-type]
    _finite_within(r.low, r.value, r.high, 0.0)


@FAST
@given(tables(), tables(), st.sampled_from(DELTA_METHODS), confidences)
@example((1e-162, 1e18), (1e-162, 1e-162), "newcombe-cc", 0.95)
@example((0, 10**18), (10**18, 10**18), "miettinen-nurminen", LARGEST_BELOW_ONE)
@example((5e-301, 1e-300), (1e18, 1e18), "miettinen-nurminen", 0.95)
def test_every_delta_interval_is_finite_and_within_minus_1_1(
    before: tuple[float, float],
    after: tuple[float, float],
    method: str,
    confidence: float,
) -> None:
    d = pp_delta(
        rate(*before, confidence=confidence),
        rate(*after, confidence=confidence),
        method=method,  # type: ignore[arg-type]
    )
    _finite_within(d.low, d.value, d.high, -1.0)
    assert 0.0 <= d.p_value <= 1.0


@FAST
@given(
    st.tuples(counts, counts, counts, counts).filter(lambda t: sum(t) > 0),
    st.sampled_from(PAIRED_METHODS),
    confidences,
)
@example((0, 1e18, 1e18, 0), "newcombe", 0.95)
@example((1e18, 1e18, 0, 0), "tango", LARGEST_BELOW_ONE)
@example((2, 723, 10**18, 10**18), "wald", 0.95)
def test_every_paired_interval_is_finite_and_within_minus_1_1(
    cells: tuple[float, float, float, float], method: str, confidence: float
) -> None:
    d = paired_pp_delta(*cells, method=method, confidence=confidence)  # type: ignore[arg-type]
    _finite_within(d.low, d.value, d.high, -1.0)
    assert 0.0 <= d.p_value <= 1.0
    assert math.isfinite(d.se)


@FAST
@given(
    st.tuples(counts_to_1e18, counts_to_1e18, counts_to_1e18, counts_to_1e18).filter(
        lambda t: sum(t) > 0
    ),
    st.sampled_from(PAIRED_METHODS),
)
def test_paired_intervals_at_the_largest_counts(
    cells: tuple[float, float, float, float], method: str
) -> None:
    """Cells times 1e290 (sums beyond the largest double) stay finite too."""
    big = tuple(float(c) * 1e290 for c in cells)
    d = paired_pp_delta(*big, method=method)  # type: ignore[arg-type]
    _finite_within(d.low, d.value, d.high, -1.0)


@FAST
@given(confidences)
def test_normal_quantile_is_finite_for_every_level(confidence: float) -> None:
    z = normal_quantile(confidence)
    assert math.isfinite(z)
    assert z >= 0.0


# --- weighted estimates do not depend on the weights' scale -----------------------

ORGS = ["0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127"]


def _columns(weights: list[float], answers: list[int]) -> dict[str, list[object]]:
    n = len(ORGS)
    return {
        "wave": ["2010"] * n + ["2012"] * n,
        "org_code": ORGS * 2,
        "org_kind": ["municipality"] * (2 * n),
        "uses": answers,
        "weight": weights,
    }


def _estimates(survey: Survey) -> np.ndarray:
    r = survey.rates()
    d = survey.pp_deltas()
    return np.concatenate(
        [r.value, r.low, r.high, r.effective_n, r.se, d.value, d.low, d.high, d.se]
    )


weight_lists = st.lists(
    st.floats(0.25, 4.0), min_size=2 * len(ORGS), max_size=2 * len(ORGS)
)
answer_lists = st.lists(
    st.integers(0, 1), min_size=2 * len(ORGS), max_size=2 * len(ORGS)
)
designs = st.sampled_from(
    [
        None,
        Design(weight="weight", variance="kish"),
        Design(weight="weight", strata="org_kind"),
    ]
)

FEW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FEW
@given(weight_lists, answer_lists, st.integers(-560, 660), designs)
@example([1.0] * 16, [0, 1] * 8, -560, None)
@example([1.0] * 16, [0, 1] * 8, 660, Design(weight="weight", variance="kish"))
def test_weighted_estimates_are_invariant_to_powers_of_two(
    weights: list[float], answers: list[int], k: int, design: Design | None
) -> None:
    kw = {} if design is None else {"design": design}
    plain = Survey.from_columns(_columns(weights, answers), **kw)
    scaled = Survey.from_columns(
        _columns([math.ldexp(w, k) for w in weights], answers), **kw
    )
    expected, got = _estimates(plain), _estimates(scaled)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


@FEW
@given(
    weight_lists,
    answer_lists,
    st.floats(1e-300, 1e300).filter(lambda f: f > 0),
    designs,
)
@example([1.0] * 16, [0, 1] * 8, 1e-170, None)
@example([1.0] * 16, [0, 1] * 8, 1e200, None)
def test_weighted_estimates_are_invariant_to_any_factor(
    weights: list[float], answers: list[int], factor: float, design: Design | None
) -> None:
    kw = {} if design is None else {"design": design}
    plain = Survey.from_columns(_columns(weights, answers), **kw)
    scaled = Survey.from_columns(_columns([w * factor for w in weights], answers), **kw)
    expected, got = _estimates(plain), _estimates(scaled)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)


@FAST
@given(
    st.floats(0.0, 1.0),
    st.floats(1.0, 1e6),
    st.floats(0.0, 1.0),
    st.integers(-480, 480),  # Σw² · 4**k stays a normal float
)
def test_weighted_rate_is_invariant_to_the_sums_scale(
    share: float, total: float, spread: float, k: int
) -> None:
    """``weighted_rate(Σw·y, Σw, Σw²)`` with sums at any representable scale."""
    # Σw² between (Σw)²/total (equal weights) and (Σw)² (one weight)
    squares = total * total * (spread + (1.0 - spread) / total)
    plain = weighted_rate(share * total, total, squares)
    scaled = weighted_rate(
        math.ldexp(share * total, k), math.ldexp(total, k), math.ldexp(squares, 2 * k)
    )
    assert (scaled.value, scaled.low, scaled.high) == pytest.approx(
        (plain.value, plain.low, plain.high), rel=1e-12, abs=1e-15
    )
    assert scaled.effective_n == pytest.approx(plain.effective_n, rel=1e-12)


@FAST
@given(
    st.lists(
        st.tuples(st.integers(0, 100), st.integers(1, 100)), min_size=1, max_size=4
    ),
    st.integers(-1000, 1000),
)
def test_combine_is_invariant_to_the_weights_scale(
    strata: list[tuple[int, int]], k: int
) -> None:
    rates = [rate(min(x, n), n) for x, n in strata]
    weights = [float(i + 1) for i in range(len(rates))]
    plain = combine(rates, weights)
    scaled = combine(rates, [math.ldexp(w, k) for w in weights])
    assert (scaled.value, scaled.low, scaled.high) == pytest.approx(
        (plain.value, plain.low, plain.high), rel=1e-12
    )
