"""Paired (panel) deltas against published values, on a grid, and their edge cases.

Sources (95 % unless stated; 4 dp unless the source gives 3):
* Newcombe RG (1998c). Improved confidence intervals for the difference between
  binomial proportions based on paired data. Stat Med 17:2635-2650, Table II,
  method 10, examples (a) 36, 12, 2, 0; (b) 18, 12, 2, 18; (c) 53, 0, 0, 1;
  (d) 0, 30, 0, 0 — cells e (both), f (first only), g (second only), h (neither),
  theta = (f - g)/n.  Cross-checked with R package propint,
  tests/testthat/test_Two_Dependent_Props_CI.R, which carries the same four.
* R package ratesci (P. Laud), tests/testthat/test3.R, "PAIRED contrasts":
  published examples for Tango's score interval (Tango 1998 method, examples from
  Agresti & Min 2005, Fagerland et al. 2014, Tang et al. 2010, Chang 2024) and for
  Newcombe's method 10 (Newcombe's 20, 12, 2, 16; Fagerland et al. 2014; Tang et
  al. 2010; Chang 2024).  ratesci orders x = (a, b, c, d) with RD = (b - c)/n.
* R package contingencytables (Fagerland, Lydersen & Laake, "Statistical
  Analysis of Contingency Tables", 2017), tests/testthat/test-ch8.R: Newcombe
  square-and-add for Cavo et al. (2012), table 59, 6 / 16, 80: -0.0621
  (-0.1186 to -0.0046).
"""

import numpy as np
import pytest

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.statistics import (
    PAIRED_METHODS,
    Delta,
    mcnemar_p_value,
    paired_difference_interval,
    paired_pp_delta,
    paired_pp_delta_array,
)


def _from_newcombe(
    e: int, f: int, g: int, h: int, confidence: float = 0.95, method: str = "newcombe"
) -> Delta:
    # Newcombe's first measurement is our "after": after_only = f, before_only = g
    return paired_pp_delta(e, g, f, h, confidence=confidence, method=method)


def _from_ratesci(
    a: int, b: int, c: int, d: int, confidence: float = 0.95, method: str = "newcombe"
) -> Delta:
    # ratesci: RD = (b - c)/n, so after_only = b and before_only = c
    return paired_pp_delta(a, c, b, d, confidence=confidence, method=method)


@pytest.mark.parametrize(
    ("table", "limits"),
    [
        ((36, 12, 2, 0), (0.0569, 0.3404)),  # Newcombe 1998c Table II (a), method 10
        ((18, 12, 2, 18), (0.0562, 0.3290)),  # Newcombe 1998c Table II (b), method 10
        ((53, 0, 0, 1), (-0.0729, 0.0729)),  # Newcombe 1998c Table II (c), method 10
        ((0, 30, 0, 0), (0.8395, 1.0000)),  # Newcombe 1998c Table II (d), method 10
    ],
)
def test_newcombe_method_10_examples(
    table: tuple[int, int, int, int], limits: tuple[float, float]
) -> None:
    d = _from_newcombe(*table)
    assert (round(d.low, 4), round(d.high, 4)) == limits
    e, f, g, h = table
    assert d.value == pytest.approx((f - g) / (e + f + g + h))
    assert d.paired is True
    assert d.method == "newcombe"


@pytest.mark.parametrize(
    ("table", "limits", "digits"),
    [
        ((20, 12, 2, 16), (0.0562, 0.3292), 4),  # ratesci: Newcombe's method 10
        ((1, 1, 7, 12), (-0.507, -0.026), 3),  # ratesci: Fagerland et al. 2014
        ((8, 3, 1, 2), (-0.1574, 0.4136), 4),  # ratesci: Tang et al. 2010
        ((7, 25, 2, 68), (0.133, 0.318), 3),  # ratesci: Chang 2024
    ],
)
def test_newcombe_method_10_in_ratesci(
    table: tuple[int, int, int, int], limits: tuple[float, float], digits: int
) -> None:
    d = _from_ratesci(*table)
    assert (round(d.low, digits), round(d.high, digits)) == limits


def test_newcombe_method_10_cavo_example() -> None:
    # contingencytables test-ch8.R: n11=59, n12=6, n21=16, n22=80, estimate
    # (n12 - n21)/N = -0.0621, 95 % CI -0.1186 to -0.0046
    d = paired_pp_delta(59, 16, 6, 80)
    assert (round(d.value, 4), round(d.low, 4), round(d.high, 4)) == (
        -0.0621,
        -0.1186,
        -0.0046,
    )


@pytest.mark.parametrize(
    ("table", "confidence", "limits", "digits"),
    [
        ((4, 9, 3, 16), 0.95, (-0.027, 0.390), 3),  # ratesci: "Tango RD"
        ((43, 0, 1, 0), 0.90, (-0.096, 0.037), 3),  # ratesci: "Tango RD", 90 %
        ((53, 16, 8, 9), 0.95, (-0.020, 0.207), 3),  # ratesci: Agresti & Min 2005
        ((1, 1, 7, 12), 0.95, (-0.517, -0.026), 3),  # ratesci: Fagerland et al. 2014
        ((8, 3, 1, 2), 0.95, (-0.1670, 0.4327), 4),  # ratesci: Tang et al. 2010
        ((7, 25, 2, 68), 0.95, (0.139, 0.321), 3),  # ratesci: Chang 2024
    ],
)
def test_tango_score_interval(
    table: tuple[int, int, int, int],
    confidence: float,
    limits: tuple[float, float],
    digits: int,
) -> None:
    d = _from_ratesci(*table, confidence=confidence, method="tango")
    assert (round(d.low, digits), round(d.high, digits)) == limits


def test_paired_wald_formula() -> None:
    # Newcombe 1998c method 1: theta ± z sqrt((f + g) - (f - g)²/n) / n
    # (formula check; the published Wald column was not found to cross-check)
    e, f, g, h = 36, 12, 2, 0
    n = e + f + g + h
    half = 1.959963984540054 * np.sqrt((f + g) - (f - g) ** 2 / n) / n
    d = _from_newcombe(e, f, g, h, method="wald")
    assert (d.low, d.high) == pytest.approx((0.2 - half, 0.2 + half), abs=1e-15)
    assert (d.low, d.high) == pytest.approx((0.0642, 0.3358), abs=5e-5)


def _all_tables(n_max: int) -> tuple[np.ndarray, ...]:
    rows = [
        (a, b, c, n - a - b - c)
        for n in range(1, n_max + 1)
        for a in range(n + 1)
        for b in range(n + 1 - a)
        for c in range(n + 1 - a - b)
    ]
    a, b, c, d = np.array(rows, dtype=float).T
    return a, b, c, d


TABLES = _all_tables(30)  # 46 375 tables


@pytest.mark.parametrize("method", PAIRED_METHODS)
@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.95, 0.999])
def test_every_table_up_to_30_gives_a_valid_interval(
    method: str, confidence: float
) -> None:
    a, b, c, d = TABLES
    deltas = paired_pp_delta_array(a, b, c, d, confidence=confidence, method=method)
    value = (c - b) / (a + b + c + d)
    assert np.array_equal(deltas.value, value)
    assert not np.any(np.isnan(deltas.low) | np.isnan(deltas.high))
    assert np.all((deltas.low >= -1.0) & (deltas.high <= 1.0))
    assert np.all((deltas.low <= value) & (value <= deltas.high))


@pytest.mark.parametrize("method", PAIRED_METHODS)
def test_paired_antisymmetry(method: str) -> None:
    a, b, c, d = TABLES
    low, high = paired_difference_interval(a, b, c, d, method=method)
    s_low, s_high = paired_difference_interval(a, c, b, d, method=method)
    assert np.allclose(low, -s_high, atol=1e-12, rtol=0)
    assert np.allclose(high, -s_low, atol=1e-12, rtol=0)


def test_paired_fields_and_mcnemar() -> None:
    d = paired_pp_delta(30, 3, 12, 5)
    assert d.test == "McNemar"
    assert d.before == pytest.approx(33 / 50)
    assert d.after == pytest.approx(42 / 50)
    # McNemar without continuity correction: z = (c - b)/sqrt(b + c)
    import math

    assert d.p_value == pytest.approx(
        math.erfc(abs(12 - 3) / math.sqrt(15) / math.sqrt(2))
    )
    assert d.significant is (d.low > 0)
    assert float(mcnemar_p_value(0, 0)) == 1.0


def test_paired_validation() -> None:
    with pytest.raises(InvalidArgumentError, match="all four cells are 0"):
        paired_pp_delta(0, 0, 0, 0)
    with pytest.raises(InvalidArgumentError, match="at index 1"):
        paired_pp_delta_array([1, 0], [1, 0], [1, 0], [1, 0])
    with pytest.raises(InvalidArgumentError, match="before_only must not be negative"):
        paired_pp_delta(3, -1, 2, 2)
    with pytest.raises(InvalidArgumentError, match="neither must be finite"):
        paired_pp_delta(3, 1, 2, float("inf"))
    with pytest.raises(UnknownNameError, match="paired delta method"):
        paired_pp_delta(3, 1, 2, 2, method="miettinen-nurminen")
    with pytest.raises(InvalidArgumentError, match="confidence"):
        paired_pp_delta(3, 1, 2, 2, confidence=1.0)
    with pytest.raises(InvalidArgumentError, match="paired_pp_delta_array"):
        paired_pp_delta([3], 1, 2, 2)  # type: ignore[arg-type]
