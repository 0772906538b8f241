"""Relative change is kept apart from percentage points."""

import numpy as np
import pytest

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import (
    RelativeChange,
    pp_delta,
    rate,
    rate_array,
    relative_change,
    relative_change_array,
)


def test_recruitment_30_to_69_is_39_pp_but_130_percent() -> None:
    # the SKL press text: county councils using social media for recruitment,
    # 30 % (2010) -> 69 % (2012): +39 percentage points, a relative rise of 130 %.
    change = relative_change(0.30, 0.69)
    assert isinstance(change, RelativeChange)
    assert change.value == pytest.approx(1.3)
    assert change.percent == pytest.approx(130.0)
    assert not hasattr(change, "pp")
    delta = pp_delta(rate(6, 20), rate(69, 100))
    assert not hasattr(delta, "percent")


def test_relative_change_of_rates() -> None:
    change = relative_change(rate(10, 40), rate(15, 40))
    assert change.value == pytest.approx(0.5)


def test_relative_change_from_zero() -> None:
    with pytest.raises(InvalidArgumentError, match="undefined"):
        relative_change(0.0, 0.5)
    got = relative_change_array([0.0, 0.2, 0.5], [0.1, 0.1, 0.5])
    assert np.isnan(got[0])
    assert got[1:].tolist() == pytest.approx([-0.5, 0.0])


def test_relative_change_array_of_rate_arrays() -> None:
    got = relative_change_array(rate_array([10, 20], 40), rate_array([20, 10], 40))
    assert got.tolist() == pytest.approx([1.0, -0.5])
    with pytest.raises(InvalidArgumentError, match="relative_change_array"):
        relative_change([0.1], [0.2])  # type: ignore[arg-type]
