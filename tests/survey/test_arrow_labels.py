"""Many distinct text values sorted in pyarrow give what the general path gives."""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings

from skl_socialmedia.survey import arrow_labels, frame_codes
from skl_socialmedia.survey.arrow_labels import ArrowLabels, relabel_arrow

TEXT = st.text(
    alphabet=st.sampled_from(
        ["a", "B", "ö", "1", "9", "٣", " ", "\x1f", "\xa0", "-", "+"]
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(TEXT, min_size=1, max_size=30, unique=True), seed=st.integers(0, 99)
)
def test_the_same_codes_and_labels_as_the_general_path(
    values: list[str], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    codes = rng.integers(-1, len(values), 50).astype(np.int32)
    general = frame_codes._relabel(len(codes), [(codes, list(values))])
    saved = arrow_labels.MANY
    arrow_labels.MANY = 1
    try:
        found = relabel_arrow(codes, pa.array(values, type=pa.string()))
    finally:
        arrow_labels.MANY = saved
    if found is None:  # values to strip, or all whole numbers: the general path
        stripped = [v.strip() for v in values]
        assert (
            stripped != values
            or all(v.lstrip("+-").isdecimal() for v in values if v)
            or any(v[:1] in "+-" for v in values)
        )
        return
    np.testing.assert_array_equal(found[0], general[0])
    assert list(found[1]) == list(general[1])


def test_arrow_labels_is_a_sorted_sequence_of_text() -> None:
    labels = ArrowLabels(pa.array(["E01", "E02", "F", "Ö"]))
    assert len(labels) == 4
    assert labels[0] == "E01"
    assert labels[-1] == "Ö"
    assert labels[1:3] == ["E02", "F"]
    assert labels[::2] == ["E01", "F"]
    assert list(labels) == ["E01", "E02", "F", "Ö"]
    assert "F" in labels
    assert "G" not in labels
    assert 3 not in labels
    assert labels.index("F") == 2
    with pytest.raises(ValueError, match="not a label"):
        labels.index("G")
    with pytest.raises(IndexError):
        labels[4]
    assert repr(labels) == "ArrowLabels(4 values)"


def test_few_values_and_lists_take_the_general_path() -> None:
    codes = np.array([0, 1], np.int8)
    assert relabel_arrow(codes, pa.array(["b", "a"])) is None  # few
    assert relabel_arrow(codes, ["b", "a"]) is None  # not pyarrow


def test_whole_numbers_of_any_script_sort_by_their_value() -> None:
    """Found by the property above: ``-٣`` raised, ``٣`` sorted after ``5``."""
    from skl_socialmedia.survey.codes import sort_labels

    assert sort_labels(["-٣", "5", "٣", "-10", "0"]) == ["-10", "-٣", "0", "٣", "5"]


def test_whole_numbers_as_python_writes_them_become_integer_labels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from skl_socialmedia.survey.codes import IntegerLabels

    monkeypatch.setattr(arrow_labels, "MANY", 1)
    values = ["10", "9", "", "-3", "0"]
    codes = np.array([0, 1, 2, 3, 4, -1], np.int32)
    found = relabel_arrow(codes, pa.array(values))
    assert found is not None
    assert isinstance(found[1], IntegerLabels)
    assert list(found[1]) == ["-3", "0", "9", "10"]
    assert found[0].tolist() == [3, 2, -1, 0, 1, -1]
    general = frame_codes._relabel(len(codes), [(codes, values)])
    assert found[0].tolist() == general[0].tolist()
    assert list(found[1]) == list(general[1])
    # spelled otherwise: the general path keeps the spelling
    assert relabel_arrow(codes, pa.array(["0114", "9", "", "-3", "0"])) is None
