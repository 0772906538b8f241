"""The correlated change: its covariance from a panel's cells, test and interval."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import (
    paired_pp_delta,
    pp_delta,
    rate,
    rate_array,
)
from skl_socialmedia.tally.changes import (
    change_sizes,
    check_correlated_method,
    correlated_changes,
    overlap_p_values,
    panel_correlations,
)

counts = st.integers(min_value=0, max_value=60)


def rates_of(yes: float, n: float) -> object:
    return rate_array(np.array([yes], float), np.array([n], float))


@settings(max_examples=200, deadline=None)
@given(counts, counts, counts, counts)
def test_a_complete_panels_correlation_is_its_phi_coefficient(
    a: int, b: int, c: int, d: int
) -> None:
    n = a + b + c + d
    if n == 0:
        return
    before, after = rates_of(a + b, n), rates_of(a + c, n)
    r = panel_correlations(np.array([[a, b, c, d]], float), before, after)[0]
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    phi = (a * d - b * c) / math.sqrt(margins) if margins else 0.0
    assert r == pytest.approx(phi, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(counts, counts, counts, counts)
def test_the_pooled_test_is_mcnemar_on_a_complete_panel(
    a: int, b: int, c: int, d: int
) -> None:
    n = a + b + c + d
    if n == 0:
        return
    before, after = rates_of(a + b, n), rates_of(a + c, n)
    p = overlap_p_values(np.array([[a, b, c, d]], float), before, after)[0]
    assert p == pytest.approx(paired_pp_delta(a, b, c, d).p_value, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(counts, st.integers(1, 60), counts, st.integers(1, 60))
def test_without_overlap_it_is_the_two_proportion_z_and_newcombe(
    x_b: int, n_b: int, x_a: int, n_a: int
) -> None:
    x_b, x_a = min(x_b, n_b), min(x_a, n_a)
    before, after = rates_of(x_b, n_b), rates_of(x_a, n_a)
    none = np.zeros((1, 4))
    expected = pp_delta(rate(x_b, n_b), rate(x_a, n_a))
    p = overlap_p_values(none, before, after)[0]
    assert p == pytest.approx(expected.p_value, abs=1e-12)
    found = correlated_changes(before, after, np.zeros(1), method="newcombe")
    assert found.low[0] == pytest.approx(expected.low, abs=1e-12)
    assert found.high[0] == pytest.approx(expected.high, abs=1e-12)
    assert found.correlation[0] == 0.0


@settings(max_examples=200, deadline=None)
@given(counts, counts, counts, counts)
def test_wald_over_a_complete_panel_is_the_paired_wald(
    a: int, b: int, c: int, d: int
) -> None:
    n = a + b + c + d
    if n == 0:
        return
    before, after = rates_of(a + b, n), rates_of(a + c, n)
    cells = np.array([[a, b, c, d]], float)
    r = panel_correlations(cells, before, after)
    found = correlated_changes(before, after, r * before.se * after.se, method="wald")
    paired = paired_pp_delta(a, b, c, d, method="wald")
    assert found.value[0] == pytest.approx(paired.value, abs=1e-12)
    assert found.low[0] == pytest.approx(paired.low, abs=1e-9)
    assert found.high[0] == pytest.approx(paired.high, abs=1e-9)


def test_a_partial_panel_by_hand() -> None:
    # 10 organisations in 2010 (4 yes), 10 in 2012 (7 yes), 9 in both:
    # yes in both 4, yes after only 3, no in both 2
    cells = np.array([[4.0, 0.0, 3.0, 2.0]])
    before, after = rates_of(4, 10), rates_of(7, 10)
    r = panel_correlations(cells, before, after)[0]
    # Σ (y_b − .4)(y_a − .7) over the 9 = 4 − .7·4 − .4·7 + 9·.28 = 0.92
    cov = 0.92 / 100
    assert r == pytest.approx(cov / math.sqrt(0.024 * 0.021), abs=1e-12)
    found = correlated_changes(
        before, after, np.array([r * before.se[0] * after.se[0]]), method="wald"
    )
    assert found.se[0] == pytest.approx(math.sqrt(0.024 + 0.021 - 2 * cov))
    assert found.correlation[0] == pytest.approx(r)


def test_the_overlap_interval_lies_between_paired_and_independent() -> None:
    # a complete panel with positive correlation: the MOVER interval with the
    # panel's correlation is narrower than the independent one
    cells = np.array([[40.0, 5.0, 15.0, 40.0]])
    before, after = rates_of(45, 100), rates_of(55, 100)
    r = panel_correlations(cells, before, after)
    joined = correlated_changes(
        before, after, r * before.se * after.se, method="newcombe"
    )
    alone = correlated_changes(before, after, np.zeros(1), method="newcombe")
    assert r[0] > 0.5
    assert joined.high[0] - joined.low[0] < alone.high[0] - alone.low[0]
    paired = paired_pp_delta(40, 5, 15, 40)
    assert joined.high[0] - joined.low[0] == pytest.approx(
        paired.high - paired.low, rel=0.05
    )


def test_change_sizes() -> None:
    before, after = np.array([0.4, 0.0]), np.array([0.7, 0.0])
    n = np.array([10.0, 10.0])
    se = np.array([math.sqrt(0.045), 0.0])
    effective_n, design_effect = change_sizes(before, after, n, n, se)
    assert design_effect[0] == pytest.approx(1.0)
    assert effective_n[0] == pytest.approx(10.0)
    # 0 % in both waves: no variance of simple random sampling to compare with
    assert math.isnan(design_effect[1])
    assert math.isnan(effective_n[1])
    _, halved = change_sizes(before[:1], after[:1], n[:1], n[:1], se[:1] / 2)
    assert halved[0] == pytest.approx(0.25)


def test_only_newcombe_and_wald_take_a_correlation() -> None:
    check_correlated_method("newcombe", "changes")
    with pytest.raises(InvalidArgumentError, match="paired=False"):
        check_correlated_method("agresti-caffo", "changes over a partial panel")


@settings(max_examples=300, deadline=None)
@given(counts, counts, counts, counts)
def test_the_corrected_mover_over_a_complete_panel_is_newcombes_method_10(
    a: int, b: int, c: int, d: int
) -> None:
    n = a + b + c + d
    if n == 0:
        return
    before, after = rates_of(a + b, n), rates_of(a + c, n)
    cells = np.array([[a, b, c, d]], float)
    r = panel_correlations(cells, before, after)
    corrected = panel_correlations(cells, before, after, corrected=True)
    found = correlated_changes(
        before,
        after,
        r * before.se * after.se,
        method="newcombe",
        mover_correlation=corrected,
    )
    paired = paired_pp_delta(a, b, c, d)
    assert found.low[0] == pytest.approx(paired.low, abs=1e-12)
    assert found.high[0] == pytest.approx(paired.high, abs=1e-12)
    assert found.correlation[0] == pytest.approx(r[0])  # reported uncorrected


def test_a_rate_of_one_summed_with_rounding_has_no_correlation() -> None:
    # A weighted rate of 1 summed in another order (DuckDB's) is 1 - 1e-16: its
    # variance is rounding, and the correlation must be 0 as for exactly 1.
    before = rates_of(3.0, 7.0)
    exact = rates_of(1.0, 1.0)
    rounded = rates_of(1.0 - 2.0**-53, 1.0)
    assert rounded.se[0] > 0
    covariance = -rounded.se * before.se  # a correlation of -1 by rounding alone
    found = correlated_changes(before, rounded, covariance, method="newcombe")
    expected = correlated_changes(before, exact, np.zeros(1), method="newcombe")
    assert found.correlation[0] == 0.0
    assert found.low[0] == pytest.approx(expected.low[0], abs=1e-9)
