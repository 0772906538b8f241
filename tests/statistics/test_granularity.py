"""Granularity: whole-number counts that round to a published percentage."""

import pytest

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import CountFit, matching_counts, round_half_up


def test_87_percent_fits_13_of_15_and_nothing_of_20_or_21() -> None:
    fits = matching_counts(87, range(10, 25))
    assert CountFit(13, 15, 100 * 13 / 15) in fits
    assert [(f.successes, f.total) for f in fits] == [(13, 15), (20, 23)]
    assert not [f for f in fits if f.total in (20, 21)]
    assert matching_counts(87, [20, 21]) == ()


def test_agrees_with_brute_force_round_half_up() -> None:
    for percent in (0, 1, 30, 50, 61, 63, 69, 76, 87, 99, 100):
        fits = {(f.successes, f.total) for f in matching_counts(percent, range(1, 120))}
        brute = {
            (k, n)
            for n in range(1, 120)
            for k in range(n + 1)
            if round_half_up(100 * k / n) == percent
        }
        assert fits == brute, percent


def test_halves_round_up() -> None:
    # 7/8 = 87.5 % rounds up to 88, not to even
    assert [(f.successes, f.total) for f in matching_counts(88, 8)] == [(7, 8)]
    assert matching_counts(87, 8) == ()
    # one decimal: 87.5 % is 7 of 8 exactly
    assert [(f.successes, f.total) for f in matching_counts(87.5, 8, decimals=1)] == [
        (7, 8)
    ]


def test_validation() -> None:
    with pytest.raises(InvalidArgumentError, match=r"\[0, 100\]"):
        matching_counts(101, 10)
    with pytest.raises(InvalidArgumentError, match="more than 0 decimal"):
        matching_counts(87.5, 10)
    with pytest.raises(InvalidArgumentError, match="bases"):
        matching_counts(87, [0, 10])
    with pytest.raises(InvalidArgumentError, match="bases"):
        matching_counts(87, [10.5])  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="decimals"):
        matching_counts(87, 10, decimals=-1)
