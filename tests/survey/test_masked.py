"""Numpy masked arrays (DuckDB's ``fetchnumpy()``): masked values are missing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import DataErrorGroup
from skl_socialmedia.survey import Survey
from skl_socialmedia.survey.builder import unmasked


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([0, 1]), st.booleans()), min_size=1, max_size=40)
)
def test_masked_answers_count_as_missing_exactly(cells: list[tuple[int, bool]]) -> None:
    values = np.array([v for v, _ in cells], dtype=np.int8)
    mask = np.array([m for _, m in cells])
    n = len(cells)
    columns = {"wave": [2010] * n, "org_code": [f"o{i}" for i in range(n)]}
    masked = Survey.from_columns(
        {**columns, "uses": np.ma.masked_array(values, mask=mask)}, register=None
    )
    plain = Survey.from_columns(
        {**columns, "uses": [None if m else float(v) for v, m in cells]},
        register=None,
    )
    a, b = (s.rates("uses") for s in (masked, plain))
    np.testing.assert_array_equal(a.n, b.n)
    np.testing.assert_array_equal(a.successes, b.successes)
    assert int(a.n[0]) == int((~mask).sum())


def test_masked_text_and_weights_are_missing_not_their_data() -> None:
    codes = np.ma.masked_array(np.array(["a", "b", "c"], dtype=object), [0, 1, 0])
    with pytest.raises(DataErrorGroup, match="org_code is blank"):
        Survey.from_columns(
            {"wave": [2010] * 3, "org_code": codes, "uses": [1, 0, 1]}, register=None
        )
    weights = np.ma.masked_array([1.0, 2.0, 3.0], mask=[False, True, False])
    with pytest.raises(DataErrorGroup, match="weight"):
        Survey.from_columns(
            {
                "wave": [2010] * 3,
                "org_code": ["a", "b", "c"],
                "uses": [1, 0, 1],
                "weight": weights,
            },
            register=None,
        )
    # nothing masked: the data as they are
    plain = unmasked(np.ma.masked_array([1, 2, 3]))
    assert not isinstance(plain, np.ma.MaskedArray)
    assert plain.tolist() == [1, 2, 3]
