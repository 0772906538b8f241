"""Matching two waves' organisations (``rows.pair_rows``) against a plain loop."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.tally.numpy_engine.rows import pair_rows


def plain_pairs(
    org: np.ndarray, rows_b: np.ndarray, rows_a: np.ndarray
) -> list[tuple[int, int]]:
    after = {int(org[r]): int(r) for r in rows_a}
    return [(int(r), after[int(org[r])]) for r in rows_b if int(org[r]) in after]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 30), min_size=0, max_size=25, unique=True),
    st.lists(st.integers(0, 30), min_size=0, max_size=25, unique=True),
    st.integers(1, 3),
)
def test_pairs_are_the_organisations_in_both_waves(
    before: list[int], after: list[int], n_groups: int
) -> None:
    org = np.array(before + after, dtype=np.int32)
    rows_b = np.arange(len(before), dtype=np.intp)
    rows_a = np.arange(len(before), len(org), dtype=np.intp)
    group = (org % n_groups).astype(np.int8)
    rb, ra, code = pair_rows(rows_b, rows_a, group, org, 31, None, n_groups)
    assert list(zip(rb.tolist(), ra.tolist(), strict=True)) == plain_pairs(
        org, rows_b, rows_a
    )
    assert ra.dtype == np.intp
    assert code.tolist() == group[rb].tolist()


def test_waves_of_organisations_apart_have_no_pairs() -> None:
    org = np.array([0, 1, 2, 10, 11], dtype=np.int32)
    group = np.zeros(5, dtype=np.int8)
    rb, ra, code = pair_rows(np.arange(3), np.arange(3, 5), group, org, 12, None, 1)
    assert (len(rb), len(ra), len(code)) == (0, 0, 0)
