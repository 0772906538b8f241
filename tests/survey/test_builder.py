"""Rows in strictly increasing (wave, organisation) order skip the duplicate scan.

Duplicates are still found wherever they are: adjacent in sorted rows, far
apart, or in rows out of order.
"""

from __future__ import annotations

import pytest

from skl_socialmedia import Survey
from skl_socialmedia.errors import DataErrorGroup


def _build(wave: list[int], org: list[int]) -> Survey:
    return Survey.from_columns(
        {"wave": wave, "org_code": org, "q": [1] * len(wave)},
        items=["q"],
        register=None,
    )


def test_sorted_rows_without_duplicates() -> None:
    assert len(_build([1, 1, 1, 2, 2], [5, 7, 9, 5, 9])) == 5


@pytest.mark.parametrize(
    ("wave", "org"),
    [
        ([1, 1, 1, 2], [5, 7, 7, 5]),  # adjacent, in order
        ([1, 1, 2, 1], [5, 7, 5, 5]),  # far apart, out of order
        ([2, 1, 2], [5, 5, 5]),  # out of order
    ],
)
def test_duplicates_are_found(wave: list[int], org: list[int]) -> None:
    with pytest.raises(DataErrorGroup, match="duplicate row"):
        _build(wave, org)
