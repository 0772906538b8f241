"""Student's t quantiles and intervals on a given critical value (``quantile=``)."""

import math
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError
from skl_socialmedia.statistics import (
    RATE_METHODS,
    normal_quantile,
    proportion_interval,
    t_quantile,
)

stats = pytest.importorskip("scipy.stats")

Z_METHODS = ["wilson", "wilson-cc", "agresti-coull", "wald", "logit"]
BETA_METHODS = ["jeffreys", "clopper-pearson"]
CONFIDENCES = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.999999]

# --- t_quantile -----------------------------------------------------------------

DFS = np.concatenate([np.arange(1.0, 101.0), np.geomspace(0.05, 1e9, 80)])


def _t_ppf(confidence: float, df: object) -> object:
    """scipy's two-sided t critical value; above 0.999 from the lower tail.

    (``(1 + c)/2`` rounds near 1, ``(1 − c)/2`` is exact: the library takes
    the lower tail there, C5.)
    """
    if confidence > 0.999:
        return -stats.t.ppf((1.0 - confidence) / 2.0, df)
    return stats.t.ppf((1.0 + confidence) / 2.0, df)


@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_t_quantile_matches_scipy_stats_t_ppf(confidence: float) -> None:
    expected = _t_ppf(confidence, DFS)
    got = t_quantile(confidence, DFS)
    assert isinstance(got, np.ndarray)
    assert got.shape == DFS.shape
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
    for df in (1.0, 7.5, 30.0):
        assert t_quantile(confidence, df) == pytest.approx(
            float(_t_ppf(confidence, df)), rel=1e-12
        )


# R 4.x: for (lv in c(0.5, 0.8, 0.9, 0.95, 0.99, 0.999))
#   cat(sprintf("%.17g", qt((1 + lv)/2, c(0.5, 1, 2, 3, 7.5, 14, 30, 99, 1000, 1e6))))
R_DFS = [0.5, 1, 2, 3, 7.5, 14, 30, 99, 1000, 1e6]
R_QT = {
    0.5: [1.5537739740300793, 1, 0.81649658092772592, 0.76489232840434518,
          0.70859958044425952, 0.69241706957000493, 0.68275569332129227,
          0.67697598554615213, 0.67473516460700933, 0.67448999553108735],
    0.8: [10.270324410234281, 3.0776835371752544, 1.8856180831641269,
          1.6377443536962091, 1.4052118464159529, 1.345030374454651,
          1.3104150253913955, 1.2901614420344816, 1.2823987214609247,
          1.2815524121299389],
    0.9: [41.136000092879868, 6.3137515146750376, 2.9199855803537238,
          2.3533634348018246, 1.8757474792112874, 1.7613101357748917,
          1.6972608865939569, 1.6603911560169906, 1.6463788172854634,
          1.644855150722039],
    0.95: [164.55767348049446, 12.706204736174694, 4.3026527297494619,
           3.1824463052837078, 2.3330396268649736, 2.1447866879178039,
           2.0422724563012378, 1.9842169515864172, 1.9623390808264076,
           1.9599663568141066],
    0.99: [4113.9645888042269, 63.656741162871526, 9.9248432009182892,
           5.8409093097333544, 3.4214226881240428, 2.9768427343708339,
           2.7499956535672254, 2.6264054572808275, 2.5807546980659501,
           2.5758342201053335],
    0.999: [411396.46252640733, 636.6192487687897, 31.599054576445365,
            12.923978636687961, 5.2077256558006413, 4.1404541127382588,
            3.6459586350420627, 3.3915288333636839, 3.3002826484239436,
            3.2905364612487213],
}  # fmt: skip


@pytest.mark.parametrize("confidence", sorted(R_QT))
def test_t_quantile_matches_r_qt(confidence: float) -> None:
    got = t_quantile(confidence, R_DFS)
    np.testing.assert_allclose(got, R_QT[confidence], rtol=1e-12, atol=0)


def test_infinite_df_is_exactly_the_normal_quantile() -> None:
    for confidence in CONFIDENCES:
        z = normal_quantile(confidence)
        assert t_quantile(confidence, math.inf) == z
        mixed = t_quantile(confidence, [math.inf, 10.0, math.inf])
        assert isinstance(mixed, np.ndarray)
        assert mixed[0] == mixed[2] == z
        assert mixed[1] > z


def test_infinite_df_needs_no_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.special", None)
    assert t_quantile(0.9, math.inf) == normal_quantile(0.9)
    assert t_quantile(0.9, [math.inf, math.inf]).tolist() == [normal_quantile(0.9)] * 2
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[exact\]") as info:
        t_quantile(0.9, [math.inf, 12.0])
    assert info.value.extra == "exact"
    assert "Student's t" in str(info.value)


def test_t_quantile_scalar_and_shapes() -> None:
    assert isinstance(t_quantile(0.95, 30), float)
    assert isinstance(t_quantile(0.95, np.float64(30.0)), float)
    grid = t_quantile(0.95, np.full((2, 3), 5.0))
    assert isinstance(grid, np.ndarray)
    assert grid.shape == (2, 3)


@pytest.mark.parametrize(
    ("df", "message"),
    [
        (0.0, r"df must be degrees of freedom > 0 .*got 0\.0"),
        (-3, r"got -3\.0"),
        (float("nan"), r"got nan"),
        ([4.0, 2.0, -1.0], r"got -1\.0 at index 2"),
        ("ten", r"df must be a number"),
    ],
)
def test_t_quantile_rejects_bad_df(df: object, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        t_quantile(0.95, df)  # type: ignore[arg-type]


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5, float("nan")])
def test_t_quantile_rejects_bad_confidence(confidence: float) -> None:
    with pytest.raises(InvalidArgumentError, match="confidence"):
        t_quantile(confidence, 10.0)


@given(
    st.floats(0.5, 0.9999),
    st.floats(0.05, 1e8),
    st.floats(1.0, 100.0),
)
def test_t_quantile_falls_to_the_normal_as_df_grows(
    confidence: float, df: float, factor: float
) -> None:
    small, large = t_quantile(confidence, df), t_quantile(confidence, df * factor)
    assert small >= large * (1.0 - 1e-14)
    assert large >= normal_quantile(confidence) * (1.0 - 1e-14)


# --- proportion_interval(quantile=) ---------------------------------------------------

P = np.array([0.0, 1.0, 0.5, 1e-300, 0.03, 0.3, 0.77, 0.999, 1.0 - 1e-16, 0.5, 0.2])
N = np.array([17.0, 17.0, 1.0, 0.3, 100.0, 7.5, 29.0, 1e6, 3.0, 0.0, np.inf])


@pytest.mark.parametrize("method", RATE_METHODS)
@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_normal_quantile_gives_exactly_todays_intervals(
    method: str, confidence: float
) -> None:
    default = proportion_interval(P, N, confidence, method)
    z = normal_quantile(confidence)
    for quantile in (z, np.full(P.shape, z), [z]):
        given_z = proportion_interval(P, N, confidence, method, quantile=quantile)
        assert np.array_equal(default[0], given_z[0])
        assert np.array_equal(default[1], given_z[1])


@pytest.mark.parametrize("method", RATE_METHODS)
def test_quantile_reaches_every_kernel_that_uses_z(method: str) -> None:
    # quantile = the 99 % z at confidence 0.95 is the 99 % interval for the
    # z methods; Jeffreys and Clopper-Pearson keep their 95 % beta quantiles.
    at_99 = proportion_interval(P, N, 0.99, method)
    at_95 = proportion_interval(P, N, 0.95, method)
    moved = proportion_interval(P, N, 0.95, method, quantile=normal_quantile(0.99))
    expected = at_99 if method in Z_METHODS else at_95
    assert np.array_equal(moved[0], expected[0])
    assert np.array_equal(moved[1], expected[1])
    assert not np.array_equal(at_99[1], at_95[1])


@pytest.mark.parametrize("method", Z_METHODS)
def test_quantile_broadcasts_elementwise(method: str) -> None:
    z = np.array([0.5, 1.0, 1.96, 3.0, 12.7])
    low, high = proportion_interval(0.3, 40.0, 0.95, method, quantile=z)
    assert low.shape == high.shape == (5,)
    for i, zi in enumerate(z):
        one = proportion_interval(0.3, 40.0, 0.95, method, quantile=float(zi))
        assert (float(one[0]), float(one[1])) == (low[i], high[i])
    assert np.all(np.diff(high - low) > 0.0)


@pytest.mark.parametrize(
    ("quantile", "message"),
    [
        (0.0, r"quantile must be a finite critical value > 0 .*got 0\.0"),
        (-1.96, r"got -1\.96"),
        (float("nan"), r"got nan"),
        (float("inf"), r"got inf"),
        ([1.96, 1.0, -2.0], r"got -2\.0 at index 2"),
        ("z", r"quantile must be a number"),
    ],
)
def test_bad_quantiles_are_rejected(quantile: object, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        proportion_interval(0.5, 10, quantile=quantile)  # type: ignore[arg-type]


@st.composite
def _two_quantiles(draw: st.DrawFn) -> tuple[float, float]:
    small = draw(st.floats(0.01, 50.0))
    return small, small * draw(st.floats(1.0, 20.0))


# Wilson-cc is left out here: at effective sizes below about 3 its continuity
# correction makes the interval shrink towards 1/2 as z grows (as it does for a
# higher confidence level); it is checked on integer tables below.
@given(
    st.floats(0.0, 1.0),
    st.floats(1e-3, 1e7),
    _two_quantiles(),
    st.sampled_from(["wilson", "agresti-coull", "wald", "logit"]),
)
def test_a_larger_quantile_never_gives_a_narrower_interval(
    p: float, n: float, quantiles: tuple[float, float], method: str
) -> None:
    z_small, z_large = quantiles
    low_s, high_s = proportion_interval(p, n, 0.95, method, quantile=z_small)
    low_l, high_l = proportion_interval(p, n, 0.95, method, quantile=z_large)
    assert float(high_l - low_l) >= float(high_s - low_s) - 1e-12
    # these four are even nested
    assert float(low_l) <= float(low_s) + 1e-12
    assert float(high_l) >= float(high_s) - 1e-12


@given(
    st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    _two_quantiles(),
    st.sampled_from(Z_METHODS),
)
def test_a_larger_quantile_nests_the_interval_on_integer_tables(
    table: tuple[int, int], quantiles: tuple[float, float], method: str
) -> None:
    x, n = table
    z_small, z_large = quantiles
    low_s, high_s = proportion_interval(x / n, n, 0.95, method, quantile=z_small)
    low_l, high_l = proportion_interval(x / n, n, 0.95, method, quantile=z_large)
    assert float(low_l) <= float(low_s) + 1e-12
    assert float(high_l) >= float(high_s) - 1e-12
