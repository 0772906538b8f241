"""The logit interval, design-based rates and the se/design-effect/df fields.

R reference values come from R 4.x with the ``survey`` package 4.1-1; each is
stored next to the R call that printed it (``sprintf("%.17g", ...)``).
"""

import math
from statistics import NormalDist

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import (
    RATE_METHODS,
    Rate,
    RateArray,
    combine,
    design_rate,
    design_rate_array,
    normal_quantile,
    pp_delta,
    proportion_interval,
    rate,
    rate_array,
    t_quantile,
    weighted_rate,
    weighted_rate_array,
)

Z_METHODS = ["wilson", "wilson-cc", "agresti-coull", "wald", "logit"]


def _logit_reference(p: float, n: float, z: float) -> tuple[float, float]:
    """The logit interval written out with math (independent of the module)."""
    centre = math.log(p / (1.0 - p))
    half = z * math.sqrt(1.0 / (n * p * (1.0 - p)))
    return (
        1.0 / (1.0 + math.exp(-(centre - half))),
        1.0 / (1.0 + math.exp(-(centre + half))),
    )


# --- the logit interval -----------------------------------------------------------


def test_logit_is_a_rate_method() -> None:
    assert "logit" in RATE_METHODS
    r = rate(30, 100, method="logit")
    assert r.method == "logit"
    assert (r.low, r.high) == pytest.approx(
        _logit_reference(0.3, 100, NormalDist().inv_cdf(0.975)), rel=1e-13
    )


@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.95, 0.999])
def test_logit_matches_an_independent_implementation(confidence: float) -> None:
    z = NormalDist().inv_cdf((1.0 + confidence) / 2.0)
    for n in (2, 3, 10, 29, 100, 1000, 10**6):
        x = np.arange(1, n, max(1, n // 37))
        low, high = proportion_interval(x / n, n, confidence, "logit")
        for i, k in enumerate(x):
            ref_low, ref_high = _logit_reference(k / n, n, z)
            assert low[i] == pytest.approx(ref_low, rel=1e-12, abs=1e-300)
            assert high[i] == pytest.approx(ref_high, rel=1e-12)
    # fractional effective sizes
    low, high = proportion_interval(0.37, 4.25, confidence, "logit")
    assert (float(low), float(high)) == pytest.approx(
        _logit_reference(0.37, 4.25, z), rel=1e-12
    )


# R: library(survey)
#    d <- data.frame(y = c(rep(1, 30), rep(0, 70)), id = 1:100)
#    s <- svydesign(ids = ~id, data = d)      # SRS: Var(p) = p(1 - p)/(n - 1)
#    attr(svyciprop(~y, s, method = "xlogit", df = Inf), "ci")
R_XLOGIT_30_100 = {
    0.95: (0.21803545122291262, 0.3971285435266888),
    0.9: (0.23004757279308283, 0.38070590083189154),  # level = 0.9
    0.99: (0.19588388621774608, 0.42987182813505059),  # level = 0.99
}
#    attr(svyciprop(~y, s, method = "logit", df = Inf), "ci")   (svyglm fit)
R_LOGIT_30_100 = (0.21803545122314633, 0.39712854352692128)
#    attr(svyciprop(~y, s, method = "xlogit"), "ci")   (df = degf(s) = 99)
R_XLOGIT_30_100_DF99 = (0.21712992731380554, 0.39840272162660634)
#    attr(svyciprop(~y, s, method = "logit"), "ci")
R_LOGIT_30_100_DF99 = (0.21712992731403896, 0.39840272162683843)
#    3 of 20: d2 <- data.frame(y = c(rep(1, 3), rep(0, 17)), id = 1:20), df = Inf
R_XLOGIT_3_20 = (0.047703877958405999, 0.38335341037626958)
R_LOGIT_3_20 = (0.047703877958405902, 0.3833534103762698)


@pytest.mark.parametrize("confidence", sorted(R_XLOGIT_30_100))
def test_logit_matches_r_svyciprop_on_a_simple_random_sample(
    confidence: float,
) -> None:
    # R's SRS variance is p(1 - p)/(n - 1): the effective size is n - 1 = 99
    low, high = proportion_interval(0.3, 99, confidence, "logit")
    assert (float(low), float(high)) == pytest.approx(
        R_XLOGIT_30_100[confidence], rel=1e-14
    )
    r = design_rate(30, 100, 0.3 * 0.7 / 99, confidence=confidence, method="logit")
    assert (r.low, r.high) == pytest.approx(R_XLOGIT_30_100[confidence], rel=1e-13)
    assert r.effective_n == pytest.approx(99, rel=1e-14)
    low, high = proportion_interval(0.15, 19, 0.95, "logit")
    assert (float(low), float(high)) == pytest.approx(R_XLOGIT_3_20, rel=1e-14)
    # R's "logit" fits a quasibinomial glm: the same to its convergence
    low, high = proportion_interval(0.3, 99, 0.95, "logit")
    assert (float(low), float(high)) == pytest.approx(R_LOGIT_30_100, rel=1e-10)
    low, high = proportion_interval(0.15, 19, 0.95, "logit")
    assert (float(low), float(high)) == pytest.approx(R_LOGIT_3_20, rel=1e-10)


def test_logit_with_the_design_degrees_of_freedom_matches_r() -> None:
    r = design_rate(30, 100, 0.3 * 0.7 / 99, n=100, df=99, method="logit")
    assert (r.low, r.high) == pytest.approx(R_XLOGIT_30_100_DF99, rel=1e-13)
    assert (r.low, r.high) == pytest.approx(R_LOGIT_30_100_DF99, rel=1e-10)
    assert r.quantile == t_quantile(0.95, 99)
    assert r.df == 99.0
    # SRS with R's n - 1 variance: design effect n/(n - 1) against p(1 - p)/n
    assert r.design_effect == pytest.approx(100 / 99, rel=1e-14)


@pytest.mark.parametrize("confidence", [0.5, 0.95, 0.999999])
@pytest.mark.parametrize("n", [1e-3, 0.5, 1.0, 7.5, 29.0, 1e6])
def test_logit_at_zero_and_one_falls_back_to_wilson_limits(
    confidence: float, n: float
) -> None:
    z = normal_quantile(confidence)
    low, high = proportion_interval([0.0, 1.0], n, confidence, "logit")
    assert low[0] == 0.0
    assert high[0] == pytest.approx(z * z / (n + z * z), rel=1e-12)
    assert low[1] == pytest.approx(n / (n + z * z), rel=1e-12)
    assert high[1] == 1.0
    assert high[0] > 0.0
    assert low[1] < 1.0
    wilson = proportion_interval([0.0, 1.0], n, confidence, "wilson")
    assert np.array_equal(low, wilson[0])
    assert np.array_equal(high, wilson[1])
    # and with a given quantile
    low, high = proportion_interval(0.0, n, 0.95, "logit", quantile=3.0)
    assert float(high) == pytest.approx(9.0 / (n + 9.0), rel=1e-12)


def test_logit_degenerate_sizes() -> None:
    low, high = proportion_interval([0.0, 0.3, 1.0], 0.0, 0.95, "logit")
    assert low.tolist() == [0.0, 0.0, 0.0]
    assert high.tolist() == [1.0, 1.0, 1.0]
    low, high = proportion_interval([0.0, 0.3, 1.0], math.inf, 0.95, "logit")
    assert low.tolist() == high.tolist() == [0.0, 0.3, 1.0]


def test_logit_boundary_lies_between_its_neighbours() -> None:
    # 0 of n sits below 1 of n, n of n above n - 1 of n, at every size
    n = np.arange(2.0, 400.0)
    r0 = rate_array(0.0, n, method="logit")
    r1 = rate_array(1.0, n, method="logit")
    assert np.all(r0.high < r1.high)
    assert np.all(r0.low < r1.low)
    top, below = rate_array(n, n, method="logit"), rate_array(n - 1, n, method="logit")
    assert np.all(top.low > below.low)
    assert np.all(top.high > below.high)


# --- design-based rates -----------------------------------------------------------


@pytest.mark.parametrize("method", ["wald", "wilson", "logit", "agresti-coull"])
def test_binomial_variance_reproduces_rate_array(method: str) -> None:
    n = np.repeat(np.array([5.0, 29.0, 100.0, 1000.0]), 6)
    x = np.round(n * np.tile([0.0, 0.1, 0.35, 0.5, 0.9, 1.0], 4))
    p = x / n
    designed = design_rate_array(x, n, p * (1 - p) / n, n=n, method=method)
    binomial = rate_array(x, n, method=method)
    np.testing.assert_allclose(designed.low, binomial.low, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(designed.high, binomial.high, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(designed.effective_n, n, rtol=1e-12)
    np.testing.assert_allclose(designed.se, binomial.se, rtol=1e-12, atol=0)
    inside = (p > 0) & (p < 1)
    np.testing.assert_allclose(designed.design_effect[inside], 1.0, rtol=1e-12)
    assert np.all(np.isnan(designed.design_effect[~inside]))  # 0/0 at p in {0, 1}
    assert np.all(binomial.design_effect == 1.0)
    assert designed.design == "linearised"
    assert designed.df == math.inf
    assert designed.quantile == normal_quantile(0.95)


# R: data(api); dclus <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1,
#                                  fpc = ~fpc)
#    m <- svymean(~I(sch.wide == "Yes"), dclus); vcov(m)[2, 2]
#    sum(weights(dclus) * (apiclus1$sch.wide == "Yes")); sum(weights(dclus))
#    degf(dclus); nrow(apiclus1)
API_YES, API_TOTAL = 5415.5194091796875, 6194.0003242492676
API_VARIANCE = 0.00041450831367450213
API_DF, API_N = 14, 183
#    attr(svyciprop(~I(sch.wide == "Yes"), dclus, method = "xlogit"), "ci")
R_API_XLOGIT = (0.82379889238300175, 0.91190007702439313)
#    ... method = "xlogit", df = Inf
R_API_XLOGIT_NORMAL = (0.82871447761573347, 0.90910994145068358)
#    ... method = "logit" (svyglm fit, df = degf(dclus))
R_API_LOGIT = (0.8237988923790337, 0.91190007702122267)
#    ... method = "mean" (p ± qt(0.975, 14) · SE); and level = 0.9
R_API_MEAN = (0.83065020412346802, 0.91798367565795269)
R_API_MEAN_90 = (0.8384575862606698, 0.91017629352075091)
#    deff(svymean(~I(sch.wide == "Yes"), dclus, deff = "replace"))
#    (R's reference variance is p(1 - p)/(n - 1))
R_API_DEFF = 0.68652916924713669


def test_design_rate_matches_r_on_a_cluster_sample() -> None:
    def api(method: str, **options: float) -> Rate:
        return design_rate(
            API_YES, API_TOTAL, API_VARIANCE, n=API_N, method=method, **options
        )

    r = api("logit", df=API_DF)
    assert r.value == pytest.approx(0.87431693989071035, rel=1e-15)
    assert (r.low, r.high) == pytest.approx(R_API_XLOGIT, rel=1e-13)
    assert (r.low, r.high) == pytest.approx(R_API_LOGIT, rel=1e-10)
    normal = api("logit")
    assert (normal.low, normal.high) == pytest.approx(R_API_XLOGIT_NORMAL, rel=1e-13)
    wald = api("wald", df=API_DF)
    assert (wald.low, wald.high) == pytest.approx(R_API_MEAN, rel=1e-13)
    wald90 = api("wald", df=API_DF, confidence=0.9)
    assert (wald90.low, wald90.high) == pytest.approx(R_API_MEAN_90, rel=1e-13)
    assert r.se == math.sqrt(API_VARIANCE)
    assert r.design_effect == pytest.approx(R_API_DEFF * API_N / (API_N - 1), rel=1e-13)
    assert r.effective_n == pytest.approx(r.value * (1 - r.value) / API_VARIANCE)
    assert r.quantile == pytest.approx(2.1447866879178039, rel=1e-12)  # qt(.975, 14)


@pytest.mark.parametrize("method", RATE_METHODS)
def test_finite_df_widens_the_interval(method: str) -> None:
    p, variance = 0.3, 0.3 * 0.7 / 60
    normal = design_rate(30, 100, variance, method=method)
    previous = normal
    for df in (1000.0, 60.0, 14.0, 3.0, 1.0):
        r = design_rate(30, 100, variance, df=df, method=method)
        assert r.quantile == t_quantile(0.95, df) > previous.quantile
        if method in Z_METHODS:
            assert r.low < previous.low
            assert r.high > previous.high
        else:  # beta quantiles at the confidence level: no t
            assert (r.low, r.high) == (normal.low, normal.high)
        previous = r
    assert normal.low < p < normal.high


@given(
    st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.floats(1e-6, 1e6),
    st.floats(1e-3, 1e3),
    st.sampled_from(["wald", "wilson", "logit", "wilson-cc", "agresti-coull"]),
)
def test_scale_invariance(
    table: tuple[int, int], scale: float, deff: float, method: str
) -> None:
    x, n = table
    p = x / n
    variance = deff * p * (1 - p) / n
    one = design_rate(x, n, variance, n=n, df=20, method=method)
    scaled = design_rate(x * scale, n * scale, variance, n=n, df=20, method=method)
    assert scaled.value == pytest.approx(one.value, rel=1e-14, abs=1e-300)
    assert scaled.effective_n == pytest.approx(one.effective_n, rel=1e-12)
    assert scaled.low == pytest.approx(one.low, rel=1e-12, abs=1e-15)
    assert scaled.high == pytest.approx(one.high, rel=1e-12, abs=1e-15)
    assert scaled.se == one.se
    assert 0.0 <= one.low <= one.value <= one.high <= 1.0


def test_design_rate_boundaries() -> None:
    # variance 0 inside (0, 1): e.g. a census — zero width at the estimate
    census = design_rate(30, 100, 0.0, n=100)
    assert census.effective_n == math.inf
    assert census.low == census.high == 0.3
    assert census.se == 0.0
    assert census.design_effect == 0.0
    # 0 % and 100 %: the variance is 0 for any design; n gives the size
    none = design_rate_array([0.0, 40.0], [50.0, 40.0], 0.0, n=[20, 30], df=10)
    assert none.effective_n.tolist() == [20.0, 30.0]
    wilson = proportion_interval([0.0, 1.0], [20, 30], quantile=t_quantile(0.95, 10))
    assert none.low.tolist() == wilson[0].tolist()
    assert none.high.tolist() == wilson[1].tolist()
    assert none.high[0] > 0.0
    assert none.low[1] < 1.0
    assert np.all(np.isnan(none.design_effect))
    # ... and without n: no size, zero width
    blind = design_rate_array([0.0, 40.0], [50.0, 40.0], [0.0, 1e-3])
    assert blind.effective_n.tolist() == [math.inf, math.inf]
    assert blind.low.tolist() == blind.high.tolist() == [0.0, 1.0]
    assert np.all(np.isnan(blind.design_effect))
    # the design effect needs n
    assert math.isnan(design_rate(3, 10, 0.01).design_effect)


def test_design_rate_array_fields_and_indexing() -> None:
    arr = design_rate_array(
        [[1.0, 2.0], [3.0, 4.0]], 10.0, [[0.01, 0.02], [0.03, 0.04]], n=8, df=12
    )
    assert arr.shape == (2, 2)
    assert arr.se.tolist() == np.sqrt([[0.01, 0.02], [0.03, 0.04]]).tolist()
    assert not arr.se.flags.writeable
    one = arr[1, 0]
    assert isinstance(one, Rate)
    assert one.value == 0.3
    assert one.se == math.sqrt(0.03)
    assert one.design_effect == pytest.approx(0.03 / (0.3 * 0.7 / 8))
    assert one.effective_n == pytest.approx(0.21 / 0.03)
    assert (one.df, one.quantile) == (12.0, t_quantile(0.95, 12))
    scalar = design_rate(3.0, 10.0, 0.03, n=8, df=12)
    assert scalar == one
    assert hash(scalar) == hash(one)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (([1, 2], [4, 4], [0.01, -0.02]), r"variance must not be negative, got "
         r"-0\.02 at index 1"),
        (([1, 2], [4, 4], [0.01, float("nan")]), r"variance must be finite, got "
         r"nan at index 1"),
        (([1, float("nan")], [4, 4], 0.01), r"successes must be finite, got nan "
         r"at index 1"),
        (([1, 2], [4, 0], 0.01), r"total must be positive .*got 0\.0 at index 1"),
        (([1, 5], [4, 4], 0.01), r"successes exceed total at index 1"),
        (([1, -1], [4, 4], 0.01), r"successes must not be negative"),
        (([1, 2], [4, 4, 4], 0.01), r"incompatible shapes"),
    ],
)  # fmt: skip
def test_design_rate_array_validates(
    arguments: tuple[object, object, object], message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        design_rate_array(*arguments)  # type: ignore[arg-type]


def test_design_rate_options_are_validated() -> None:
    with pytest.raises(InvalidArgumentError, match=r"n \(the unweighted .*got 0\.0"):
        design_rate_array([1, 2], 4, 0.01, n=[3, 0])
    with pytest.raises(InvalidArgumentError, match="df must be degrees of freedom"):
        design_rate(1, 4, 0.01, df=0)
    with pytest.raises(InvalidArgumentError, match="df must be degrees of freedom"):
        design_rate(1, 4, 0.01, df=float("nan"))
    with pytest.raises(InvalidArgumentError, match="df must be a single number"):
        design_rate_array([1, 2], 4, 0.01, df=[3, 4])  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="confidence"):
        design_rate(1, 4, 0.01, confidence=1.0)
    with pytest.raises(InvalidArgumentError, match="label of another constructor"):
        design_rate(1, 4, 0.01, design="binomial")
    with pytest.raises(InvalidArgumentError, match="use design_rate_array"):
        design_rate([1, 2], 4, 0.01)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="use design_rate_array"):
        design_rate(1, 4, 0.01, n=[3, 4])  # type: ignore[arg-type]
    assert design_rate(1, 4, 0.01, design="Taylor, 14 PSUs").design == (
        "Taylor, 14 PSUs"
    )


# --- se, design_effect, df, quantile on every rate ----------------------------------


def test_binomial_rate_fields() -> None:
    r = rate(22, 29, confidence=0.9)
    assert r.se == pytest.approx(math.sqrt(22 / 29 * 7 / 29 / 29), rel=1e-15)
    assert r.design_effect == 1.0
    assert r.df == math.inf
    assert r.quantile == normal_quantile(0.9)
    built = Rate(1.0, 4.0, 0.25, 0.1, 0.5, "wilson", 0.95)
    assert built.se == pytest.approx(math.sqrt(0.25 * 0.75 / 4), rel=1e-15)
    assert (built.design_effect, built.df, built.quantile) == (
        1.0,
        math.inf,
        normal_quantile(0.95),
    )


def test_finite_population_rate_fields() -> None:
    r = rate(13, 15, population=20)
    n_eff = (15 - 1) / (1 - 15 / 20)
    assert r.effective_n == n_eff
    assert r.design_effect == pytest.approx(15 / n_eff, rel=1e-15)
    assert r.se == pytest.approx(math.sqrt((1 - 15 / 20) * 13 / 15 * 2 / 15 / 14))
    census = rate(13, 15, population=15)
    assert (census.se, census.design_effect) == (0.0, 0.0)
    alone = rate(1, 1, population=10)  # n_eff = 0: the variance is unknown
    assert math.isnan(alone.se)
    assert math.isnan(alone.design_effect)


def test_weighted_rates_have_no_design_effect_and_still_compare_equal() -> None:
    r = weighted_rate(1.0, 4.0, 8.0)
    assert math.isnan(r.design_effect)
    assert r.se == pytest.approx(math.sqrt(0.25 * 0.75 / 2.0))
    again = weighted_rate_array([1.0], [4.0], [8.0])[0]
    assert again == r  # NaN design effects compare equal
    assert hash(again) == hash(r)
    assert again != attrs.evolve(r, design_effect=2.0)
    assert r != attrs.evolve(r, se=0.5)


def test_rate_array_defaults_and_getitem() -> None:
    arr = rate_array([[0, 3], [7, 10]], 10, population=[[10], [40]])
    assert arr.se.shape == arr.design_effect.shape == (2, 2)
    expected = np.sqrt(arr.value * (1 - arr.value) / arr.effective_n)
    np.testing.assert_array_equal(arr.se, expected)
    np.testing.assert_array_equal(arr.design_effect, arr.total / arr.effective_n)
    assert arr.design_effect[0].tolist() == [0.0, 0.0]  # census
    r = arr[1, 1]
    assert (r.se, r.design_effect) == (arr.se[1, 1], arr.design_effect[1, 1])
    assert (
        (r.df, r.quantile)
        == (arr.df, arr.quantile)
        == (math.inf, normal_quantile(0.95))
    )
    # a RateArray built by hand gets the defaults
    built = RateArray(
        successes=np.array([1.0]),
        total=np.array([4.0]),
        value=np.array([0.25]),
        low=np.array([0.1]),
        high=np.array([0.5]),
        method="wilson",
        confidence=0.9,
    )
    assert built.se.tolist() == [math.sqrt(0.25 * 0.75 / 4)]
    assert built.design_effect.tolist() == [1.0]
    assert built.quantile == normal_quantile(0.9)


def test_combine_carries_design_effect_and_degrees_of_freedom() -> None:
    strata = [rate(10, 40), rate(30, 50)]
    combined = combine(strata, [290, 20])
    assert combined.design_effect == pytest.approx(90 / combined.effective_n)
    assert combined.se == pytest.approx(
        math.sqrt(combined.value * (1 - combined.value) / combined.effective_n)
    )
    mixed = combine([rate(10, 40), weighted_rate(3.0, 5.0, 9.0)], [1, 1])
    assert math.isnan(mixed.design_effect)
    # design strata: their common df gives the combined interval's t quantile
    a = design_rate(10, 40, 0.004, n=40, df=9)
    b = design_rate(30, 50, 0.005, n=50, df=9)
    both = combine([a, b], [1, 1])
    assert (both.df, both.quantile) == (9.0, t_quantile(0.95, 9))
    alone = combine([a], [1])
    assert (alone.low, alone.high) == pytest.approx((a.low, a.high), rel=1e-12)
    with pytest.raises(InvalidArgumentError, match="different degrees of freedom"):
        combine([a, design_rate(30, 50, 0.005, df=12)], [1, 1])
    # and changes between design rates still work
    assert pp_delta(a, b).value == pytest.approx(0.35)
