"""erfc (Cody), two-sided p-values and the normal quantile."""

import math

import numpy as np
import pytest

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import erfc, normal_quantile, two_sided_p_value


def test_erfc_matches_math_erfc_to_about_1e_15() -> None:
    xs = np.concatenate(
        [
            np.linspace(-6.0, 26.5, 65001),
            np.array([0.0, -0.0, 0.46875, -0.46875, 4.0, -4.0, 1e-300, -1e-300]),
            np.geomspace(1e-12, 26.0, 2001),
        ]
    )
    got = erfc(xs)
    ref = np.array([math.erfc(v) for v in xs])
    meaningful = ref > 1e-300
    rel = np.abs(got[meaningful] - ref[meaningful]) / ref[meaningful]
    assert rel.max() < 2e-15
    assert np.abs(got - ref).max() < 5e-16


def test_erfc_extremes_and_shape() -> None:
    got = erfc(np.array([[np.inf, -np.inf], [30.0, -30.0]]))
    assert got.shape == (2, 2)
    assert got.tolist() == [[0.0, 2.0], [0.0, 2.0]]
    assert np.isnan(erfc(np.nan))


@pytest.mark.parametrize(
    ("z", "p"),
    [
        (0.0, 1.0),
        (1.959963984540054, 0.05),
        (-1.959963984540054, 0.05),
        (2.5758293035489004, 0.01),
        (3.2905267314918945, 0.001),
    ],
)
def test_two_sided_p_value_at_known_quantiles(z: float, p: float) -> None:
    assert float(two_sided_p_value(z)) == pytest.approx(p, rel=1e-12)


def test_two_sided_p_value_tiny_and_infinite() -> None:
    # 2 * (1 - Phi(10)) without cancellation
    assert float(two_sided_p_value(10.0)) == pytest.approx(
        math.erfc(10.0 / math.sqrt(2.0)), rel=1e-14
    )
    assert float(two_sided_p_value(np.inf)) == 0.0


def test_normal_quantile() -> None:
    assert normal_quantile(0.95) == pytest.approx(1.959963984540054, rel=1e-15)
    assert normal_quantile(0.5) == pytest.approx(0.6744897501960817, rel=1e-14)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5, 95, float("nan"), "0.95", True])
def test_normal_quantile_rejects_bad_confidence(bad: object) -> None:
    with pytest.raises(InvalidArgumentError, match="confidence"):
        normal_quantile(bad)  # type: ignore[arg-type]
