"""Answers read straight from Arrow memory agree with the numpy path exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.survey.answers import answer_codes

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")


def _reference(values: list[object]) -> tuple[list[int], list[int]]:
    """The codes and bad rows of the same values as numpy objects."""
    codes, bad = answer_codes(np.array(values, dtype=object))
    return codes.tolist(), bad.tolist()


@settings(max_examples=80, deadline=None)
@given(
    kind=st.sampled_from(["bool", "int8", "int64", "float64", "float32"]),
    cells=st.lists(
        st.tuples(st.sampled_from([0, 1, 1, 0, 2]), st.booleans()),
        min_size=0,
        max_size=70,
    ),
    offset=st.integers(0, 9),
    pieces=st.integers(1, 4),
)
def test_arrow_columns_parse_as_their_values(
    kind: str, cells: list[tuple[int, bool]], offset: int, pieces: int
) -> None:
    values = [v if kind != "bool" else v % 2 for v, _ in cells]
    nulls = [null for _, null in cells]
    data = np.array([0] * offset + values).astype(kind if kind != "bool" else bool)
    mask = np.array([False] * offset + nulls, dtype=bool)
    array = pa.array(data, mask=mask).slice(offset)  # an array with an offset
    step = max(1, -(-len(array) // pieces))
    chunked = pa.chunked_array(
        [array.slice(i, step) for i in range(0, len(array), step)], type=array.type
    )
    expected = _reference(
        [
            None if null else (bool(v) if kind == "bool" else v)
            for v, null in zip(values, nulls, strict=True)
        ]
    )
    for column in (array, chunked, pl.from_arrow(array)):
        codes, bad = answer_codes(column)
        assert (codes.tolist(), bad.tolist()) == expected


def test_what_lies_under_a_null_is_no_answer() -> None:
    data = pa.array(
        np.array([1.0, 7.0, 0.0, np.nan]), mask=np.array([0, 1, 0, 1], bool)
    )
    codes, bad = answer_codes(data)
    assert codes.tolist() == [1, -1, 0, -1]
    assert bad.tolist() == []
    out = np.full(4, 9, dtype=np.int8)
    answer_codes(pa.chunked_array([data.slice(0, 3), data.slice(3)]), out=out)
    assert out.tolist() == [1, -1, 0, -1]


def test_a_bad_number_is_found_where_it_is() -> None:
    data = pa.chunked_array([pa.array([1, 0]), pa.array([None, 2, 1])])
    codes, bad = answer_codes(data)
    assert bad.tolist() == [3]
    assert codes[[0, 1, 2, 4]].tolist() == [1, 0, -1, 1]


def test_masked_values_are_missing_whatever_is_under() -> None:
    masked = np.ma.masked_array(np.array([1.0, 5.0, 0.0]), mask=[False, True, False])
    codes, bad = answer_codes(masked)
    assert codes.tolist() == [1, -1, 0]
    assert bad.tolist() == []
