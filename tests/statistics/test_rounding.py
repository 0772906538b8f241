"""Round half up, exact for decimal halves."""

import numpy as np
import pytest

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import round_half_up


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (76.5, 0, 77.0),
        (75.5, 0, 76.0),
        (0.765 * 100, 0, 77.0),  # 76.49999999999999 in binary
        (76.4999, 0, 76.0),
        (-2.5, 0, -3.0),
        (-0.4, 0, 0.0),
        (0.125, 2, 0.13),
        (1.005, 2, 1.01),  # 1.00499999999999989... in binary
        (2.675, 2, 2.68),
        (1234.5, -1, 1230.0),
        (1235.0, -1, 1240.0),
        (100.0, 0, 100.0),
    ],
)
def test_round_half_up(value: float, decimals: int, expected: float) -> None:
    got = round_half_up(value, decimals)
    assert got == expected
    assert isinstance(got, float)
    assert str(got) != "-0.0"


def test_python_round_is_bankers() -> None:
    assert round(76.5) == 76  # the reason this function exists
    assert round_half_up(76.5) == 77.0


def test_round_half_up_arrays() -> None:
    got = round_half_up(np.array([0.5, 1.5, 2.5, -0.5]))
    assert isinstance(got, np.ndarray)
    assert got.tolist() == [1.0, 2.0, 3.0, -1.0]


def test_rounded_parts_need_not_sum_to_the_rounded_total() -> None:
    parts = np.array([100 / 3, 100 / 3, 100 / 3])
    assert round_half_up(parts.sum()) == 100.0
    assert round_half_up(parts).sum() == 99.0


def test_round_half_up_validation() -> None:
    with pytest.raises(InvalidArgumentError, match="decimals"):
        round_half_up(1.5, 1.0)  # type: ignore[call-overload]
    with pytest.raises(InvalidArgumentError, match="finite"):
        round_half_up(float("nan"))
