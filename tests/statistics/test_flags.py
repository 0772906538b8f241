"""Low-base flags per the NCHS Data Presentation Standards for Proportions.

Parker JD, Talih M, Malec DJ, et al. (2017), Vital Health Stat 2(175); rules as
implemented in NCHS's R package surveytable (CDCgov/surveytable, R/z_lpe.R).
"""

import numpy as np
import pytest

from skl_socialmedia.statistics import (
    LowBaseFlags,
    low_base_flags,
    low_base_flags_array,
    rate,
    rate_array,
    weighted_rate,
)


def test_effective_n_below_30_is_suppressed() -> None:
    flags = low_base_flags(0.5, 0.45, 0.55, 29.9)
    assert flags.low_effective_n
    assert flags.suppress
    assert flags.reasons == ("suppress: effective sample size below 30",)
    assert not low_base_flags(0.5, 0.45, 0.55, 30.0).suppress


def test_narrow_intervals_are_presented_whatever_their_relative_width() -> None:
    # width 0.05 or less: present (relative width 250 % does not matter)
    flags = low_base_flags(0.02, 0.0, 0.05, 500.0)
    assert not flags.suppress
    assert flags.relative_width == pytest.approx(250.0)


def test_absolute_width_of_030_or_more_is_suppressed() -> None:
    flags = low_base_flags(0.5, 0.35, 0.65, 40.0)
    assert flags.wide_absolute
    assert flags.suppress
    assert not low_base_flags(0.5, 0.36, 0.65, 40.0).wide_absolute


def test_relative_width_above_130_percent_is_suppressed() -> None:
    flags = low_base_flags(0.05, 0.01, 0.12, 100.0)  # 0.11 / 0.05 = 220 %
    assert flags.wide_relative
    assert flags.suppress
    ok = low_base_flags(0.10, 0.05, 0.17, 100.0)  # 0.12 / 0.10 = 120 %
    assert not ok.suppress


def test_complement_footnote() -> None:
    # p = 0.95, width 0.08: relative width 8.4 %, complement 0.08/0.05 = 160 %
    flags = low_base_flags(0.95, 0.89, 0.97, 100.0)
    assert not flags.suppress
    assert flags.footnote_complement
    assert "complement" in flags.reasons[0]


def test_zero_and_hundred_percent_go_to_review() -> None:
    flags = rate(0, 200).flags
    assert not flags.suppress
    assert flags.review
    assert flags.reasons == ("review: estimate of 0 % or 100 %",)
    assert rate(40, 40).flags.review
    assert not rate(0, 20).flags.review  # suppressed first: n < 30


def test_fpc_cannot_lift_a_small_sample_over_the_threshold() -> None:
    # 19 of 20 county councils answered: n_eff = 18 / (1 - 19/20) = 360, but the
    # standards cap the effective size at the sample size (design effect >= 1)
    r = rate(15, 19, population=20)
    assert r.effective_n == pytest.approx(360.0)
    assert r.flags.effective_n == 19.0
    assert r.flags.suppress


def test_weighted_rates_use_kish_size() -> None:
    r = weighted_rate(20.0, 40.0, 40.0)  # Kish n_eff = 1600 / 40 = 40
    assert r.flags.effective_n == pytest.approx(40.0)


def test_array_form() -> None:
    arr = rate_array([0, 10, 50, 500], [20, 100, 100, 1000]).flags
    assert arr.suppress.tolist() == [True, False, False, False]
    assert isinstance(arr[1], LowBaseFlags)
    assert len(arr) == 4
    direct = low_base_flags_array([0.5], [0.2], [0.8], [100])
    assert direct.wide_absolute.tolist() == [True]
    assert np.isinf(low_base_flags_array(0.0, 0.0, 0.1, 100).relative_width)
