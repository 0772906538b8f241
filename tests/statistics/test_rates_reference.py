"""Single-proportion intervals against published values (4 decimal places).

Source: Newcombe RG (1998a). Two-sided confidence intervals for the single
proportion: comparison of seven methods. Stat Med 17:857-872, Table I (95 %
intervals for 81/263, 15/148, 0/20 and 1/29).  Methods there: 1 = Wald ("simple
asymptotic"), 3 = Wilson score, 4 = Wilson score with continuity correction,
5 = Clopper-Pearson ("exact").

Cross-checks in public reference implementations' test suites:
[R1] R package ratesci (P. Laud), tests/testthat/test3.R, "Single proportion,
     Newcombe examples": wilsonci cc=FALSE/0.5 and exactci midp=FALSE for 15/148,
     0/20, 1/29.
[R2] R package propint (M. Papenberg), tests/testthat/test_Single_Proportion_CI.R:
     Wilson for 81/263 and 15/148.
Values marked [T1 only] are from Newcombe's Table I without a public copy found to
cross-check them.
"""

import numpy as np
import pytest

from skl_socialmedia.statistics import rate, rate_array

stats = pytest.importorskip("scipy.stats")

CASES = [
    # (x, n, method, low, high, source)
    (81, 263, "wilson", 0.2553, 0.3662, "Newcombe 1998a T1 method 3; [R2]"),
    (15, 148, "wilson", 0.0624, 0.1605, "Newcombe 1998a T1 method 3; [R1], [R2]"),
    (0, 20, "wilson", 0.0000, 0.1611, "Newcombe 1998a T1 method 3; [R1]"),
    (1, 29, "wilson", 0.0061, 0.1718, "Newcombe 1998a T1 method 3; [R1]"),
    (81, 263, "wilson-cc", 0.2535, 0.3682, "Newcombe 1998a T1 method 4 [T1 only]"),
    (15, 148, "wilson-cc", 0.0598, 0.1644, "Newcombe 1998a T1 method 4; [R1]"),
    (0, 20, "wilson-cc", 0.0000, 0.2005, "Newcombe 1998a T1 method 4; [R1]"),
    (1, 29, "wilson-cc", 0.0018, 0.1963, "Newcombe 1998a T1 method 4; [R1]"),
    (81, 263, "clopper-pearson", 0.2527, 0.3676, "Newcombe 1998a T1 m. 5 [T1 only]"),
    (15, 148, "clopper-pearson", 0.0578, 0.1617, "Newcombe 1998a T1 method 5; [R1]"),
    (0, 20, "clopper-pearson", 0.0000, 0.1684, "Newcombe 1998a T1 method 5; [R1]"),
    (1, 29, "clopper-pearson", 0.0009, 0.1776, "Newcombe 1998a T1 method 5; [R1]"),
    (81, 263, "wald", 0.2522, 0.3638, "Newcombe 1998a T1 method 1 [T1 only]"),
    (15, 148, "wald", 0.0527, 0.1500, "Newcombe 1998a T1 method 1 [T1 only]"),
    (0, 20, "wald", 0.0000, 0.0000, "Newcombe 1998a T1 method 1 (zero width)"),
]


@pytest.mark.parametrize(("x", "n", "method", "low", "high", "source"), CASES)
def test_published_single_proportion_intervals(
    x: int, n: int, method: str, low: float, high: float, source: str
) -> None:
    result = rate(x, n, method=method)
    assert (round(result.low, 4), round(result.high, 4)) == (low, high), source
    assert result.value == x / n


def test_published_values_vectorised() -> None:
    # the same Wilson rows of Table I in one call
    result = rate_array([81, 15, 0, 1], [263, 148, 20, 29])
    assert np.round(result.low, 4).tolist() == [0.2553, 0.0624, 0.0, 0.0061]
    assert np.round(result.high, 4).tolist() == [0.3662, 0.1605, 0.1611, 0.1718]


def test_wald_for_1_of_29_is_clipped_at_zero() -> None:
    # Newcombe's Table I shows the Wald interval overshooting below 0 for 1/29 (an
    # "aberration"); this library clips to [0, 1].  Formula check, not a reference.
    p = 1 / 29
    half = 1.959963984540054 * np.sqrt(p * (1 - p) / 29)
    result = rate(1, 29, method="wald")
    assert result.low == 0.0
    assert result.high == pytest.approx(p + half, abs=1e-15)


def test_jeffreys_is_the_equal_tailed_beta_posterior_interval() -> None:
    # Brown, Cai & DasGupta (2001), Stat Sci 16:101-133, eq. (5): Beta(x+1/2,
    # n-x+1/2) quantiles, with L=0 at x=0 and U=1 at x=n.  Checked against
    # scipy.stats.beta.ppf (an independent code path), not a published table.
    for x, n in [(81, 263), (15, 148), (1, 29), (5, 7)]:
        result = rate(x, n, method="jeffreys")
        assert result.low == pytest.approx(stats.beta.ppf(0.025, x + 0.5, n - x + 0.5))
        assert result.high == pytest.approx(stats.beta.ppf(0.975, x + 0.5, n - x + 0.5))
    assert rate(0, 20, method="jeffreys").low == 0.0
    assert rate(20, 20, method="jeffreys").high == 1.0


def test_agresti_coull_contains_wilson() -> None:
    # Agresti & Coull (1998), Am Stat 52:119-126: the interval centred on
    # (x + z²/2)/(n + z²) always contains the Wilson interval.
    n = np.concatenate([np.full(k + 1, k) for k in range(1, 101)]).astype(float)
    x = np.concatenate([np.arange(k + 1) for k in range(1, 101)]).astype(float)
    ac = rate_array(x, n, method="agresti-coull")
    wilson = rate_array(x, n)
    assert np.all(ac.low <= wilson.low + 1e-12)
    assert np.all(ac.high >= wilson.high - 1e-12)
