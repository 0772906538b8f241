"""Differences of independent proportions against published values (4 dp).

Source: Newcombe RG (1998b). Interval estimation for the difference between
independent proportions: comparison of eleven methods. Stat Med 17:873-890,
Table II: 95 % intervals for six contrasts (a)-(f), theta = p1 - p2 with the first
proportion listed as p1.  Here "after" is Newcombe's first group, so our
``after - before`` is his theta.  Columns used: method 1 (Wald, "simple
asymptotic"), method 6 (Miettinen-Nurminen score), method 10 (hybrid score,
Wilson-based) and method 11 (the same, continuity corrected).

Cross-checks in public test suites:
[P]  R package propint, tests/testthat/test_Two_Independent_Props_CI.R: method 10
     for (a) and (b).
[R]  R package ratesci, tests/testthat/test3.R, "Newcombe RD example (d)":
     Miettinen-Nurminen (-0.0326, 0.1933) and method 10 (-0.0381, 0.1926).
Other values are from Newcombe's Table II without a public copy found to
cross-check them.
"""

import pytest

from skl_socialmedia.statistics import pp_delta, rate

# (after x, after n, before x, before n)
EXAMPLES = {
    "a": (56, 70, 48, 80),
    "b": (9, 10, 3, 10),
    "c": (6, 7, 2, 7),
    "d": (5, 56, 0, 29),
    "e": (0, 10, 0, 20),
    "f": (10, 10, 0, 20),
}

TABLE_II = {
    # Newcombe 1998b Table II, method 1 (Wald)
    "wald": {
        "a": (0.0575, 0.3425),
        "b": (0.2605, 0.9395),
        "c": (0.1481, 0.9947),
        "d": (0.0146, 0.1640),
        "e": (0.0000, 0.0000),
        "f": (1.0000, 1.0000),
    },
    # Newcombe 1998b Table II, method 10; (a), (b) also [P]; (d) also [R]
    "newcombe": {
        "a": (0.0524, 0.3339),
        "b": (0.1705, 0.8090),
        "c": (0.0582, 0.8062),
        "d": (-0.0381, 0.1926),
        "e": (-0.1611, 0.2775),
        "f": (0.6791, 1.0000),
    },
    # Newcombe 1998b Table II, method 11
    "newcombe-cc": {
        "a": (0.0428, 0.3422),
        "b": (0.1013, 0.8387),
        "c": (-0.0290, 0.8423),
        "d": (-0.0667, 0.2037),
        "e": (-0.2005, 0.3445),
        "f": (0.6014, 1.0000),
    },
    # Newcombe 1998b Table II, method 6 (Miettinen-Nurminen); (d) also [R]
    "miettinen-nurminen": {
        "a": (0.0528, 0.3382),
        "b": (0.1700, 0.8406),
        "c": (0.0342, 0.8534),
        "d": (-0.0326, 0.1933),
        "e": (-0.1658, 0.2844),
        "f": (0.7156, 1.0000),
    },
}

CASES = [
    (method, label, limits)
    for method, column in TABLE_II.items()
    for label, limits in column.items()
]


@pytest.mark.parametrize(("method", "label", "limits"), CASES)
def test_newcombe_table_ii(
    method: str, label: str, limits: tuple[float, float]
) -> None:
    after_x, after_n, before_x, before_n = EXAMPLES[label]
    delta = pp_delta(rate(before_x, before_n), rate(after_x, after_n), method=method)
    assert (round(delta.low, 4), round(delta.high, 4)) == limits
    assert delta.value == pytest.approx(after_x / after_n - before_x / before_n)


def test_score_interval_works_where_statsmodels_raises() -> None:
    # statsmodels 0.15 confint_proportions_2indep(method="score") raises ValueError
    # on Newcombe's example (b), 9/10 vs 3/10 (STYLE.md); the interval must exist.
    delta = pp_delta(rate(3, 10), rate(9, 10), method="miettinen-nurminen")
    assert (round(delta.low, 4), round(delta.high, 4)) == (0.1700, 0.8406)


def test_agresti_caffo_stays_within_bounds_where_statsmodels_overshoots() -> None:
    # statsmodels 0.15 method="agresti-caffo" gives an upper limit of 1.05 for
    # 10/10 vs 0/20 (STYLE.md); an interval for a difference lies in [-1, 1].
    delta = pp_delta(rate(0, 20), rate(10, 10), method="agresti-caffo")
    assert delta.high == 1.0
    assert -1.0 <= delta.low <= delta.value == 1.0
