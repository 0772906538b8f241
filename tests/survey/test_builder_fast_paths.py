"""The linear-time encoding paths give exactly what the general paths give."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from skl_socialmedia import Survey
from skl_socialmedia._parallel import CHUNK
from skl_socialmedia.errors import DataErrorGroup
from skl_socialmedia.survey import answers
from skl_socialmedia.survey.answers import answer_codes
from skl_socialmedia.survey.encode import IntegerLabels, encode


def _general(values: Any) -> tuple[list[int], list[str]]:
    """Encode through the object path (sorting text), the pre-existing route."""
    codes, labels = encode(np.asarray(values, dtype=object))
    return codes.tolist(), list(labels)


@pytest.mark.parametrize(
    "values",
    [
        np.array([2012, 2010, 2012, -3, 7]),
        np.array([5, 5, 5], dtype=np.uint8),
        np.array([True, False, True]),
        np.arange(3000)[::-1] * 7,  # many labels: computed on demand
        np.array([10**12, 3]),  # a wide range: sorted, not tabled
        # sorted columns are encoded by their runs: runs across pieces, a run
        # ending on a piece boundary, one value, many values
        np.repeat(np.array([-2, 1, 4, 9]), [1, CHUNK - 1, CHUNK + 3, 5]),
        np.repeat(np.array([2010, 2012]), [CHUNK, CHUNK]),
        np.full(CHUNK + 2, 7, dtype=np.int16),
        np.arange(3000, dtype=np.uint64) * 2**50,
        np.array([2**64 - 1] * 3 + [0], dtype=np.uint64)[::-1],
        # sorted in its first piece only: the look-up table after all
        np.concatenate([np.arange(CHUNK + 10), [3]]),
        np.array([False, False, True]),
        # one ascending block repeated (a panel's organisations in each wave),
        # a block longer than a piece; and columns that only begin so: a
        # block that differs late, a last block cut short, a block whose
        # first descent is a repeated value
        np.tile(np.array([-4, 0, 9, 1000]), 5),
        np.tile(np.arange(CHUNK + 7) * 3 + 10**6, 3),
        np.concatenate([np.tile(np.arange(CHUNK + 7), 2), np.arange(CHUNK + 7)[::-1]]),
        np.concatenate([np.tile(np.arange(10), 3), np.arange(5)]),
        np.array([1, 2, 2, 1, 2, 2]),
        np.tile(np.array([3, 1]), 4),
    ],
)
def test_integer_columns_encode_as_text_would(values: Any) -> None:
    codes, labels = encode(values)
    assert codes.dtype.itemsize <= 8
    assert (codes.tolist(), list(labels)) == _general(values)


def test_integer_labels_behave_like_a_tuple_of_text() -> None:
    labels = IntegerLabels(np.array([-5, 3, 40, 1000]))
    assert list(labels) == ["-5", "3", "40", "1000"]
    assert labels[2] == "40"
    assert labels[1:3] == ["3", "40"]
    assert "40" in labels
    assert "040" not in labels
    assert "4" not in labels
    assert 40 not in labels
    assert labels.index("1000") == 3
    with pytest.raises(ValueError, match="not a label"):
        labels.index("7")


@pytest.mark.parametrize(
    "values",
    [
        np.arange(1_000_001, 1_000_021),  # consecutive: held as a range
        np.array([7]),
        np.array([-3, -1, 0, 2**31 - 1]),  # int32
        np.array([-(2**40), 5, 2**62]),  # int64
        np.array([], dtype=np.int64),
    ],
)
def test_integer_labels_read_as_their_text_whatever_their_storage(
    values: Any,
) -> None:
    labels = IntegerLabels(values)
    text = [str(v) for v in values.tolist()]
    n = len(text)
    assert (len(labels), list(labels)) == (n, text)
    assert [labels[i] for i in range(-n, n)] == text + text
    assert [labels[s] for s in _SLICES] == [text[s] for s in _SLICES]
    assert [labels.index(t) for t in text] == list(range(n))
    outside = [str(v) for v in (-(2**63), -1 - 2**31, 2**31, 2**63 - 1, 1_000_021)]
    assert [t in labels for t in outside] == [t in text for t in outside]
    with pytest.raises(IndexError):
        labels[n]


_SLICES = [slice(None), slice(1, 3), slice(None, None, 2), slice(-2, None), slice(5, 1)]


def test_integer_labels_keep_no_array_of_consecutive_values() -> None:
    values = np.arange(10**6, dtype=np.int64)
    labels = IntegerLabels(values)
    values[0] = -1  # the caller's array, changed later
    assert (labels[0], labels[-1], labels.index("999999")) == ("0", "999999", 999999)


def test_integer_labels_copy_an_array_that_is_not_theirs() -> None:
    values = np.array([1, 5, 9], dtype=np.int32)
    labels = IntegerLabels(values, copy=True)
    values[0] = 3
    assert list(labels) == ["1", "5", "9"]


def _frame_columns() -> dict[str, Any]:
    rng = np.random.default_rng(3)
    n = 400
    columns: dict[str, Any] = {
        "wave": np.repeat([2010, 2012], n // 2),
        "org_code": np.tile(np.arange(n // 2) + 100, 2),
        "size": rng.choice(["small ", "large", "medium", ""], n),
        "region": rng.choice(["north", "south"], n),
    }
    for j in range(3):
        x = (rng.random(n) < 0.5).astype(float)
        x[rng.random(n) < 0.1] = np.nan
        columns[f"q{j}"] = x
    columns["q3"] = rng.choice(["ja", "Nej", "", "YES"], n)
    return columns


def _same(a: Survey, b: Survey) -> None:
    assert a.waves == b.waves
    assert a.items == b.items
    assert a.attributes == b.attributes
    for name in ("wave", "org_code", *a.attributes, *a.items):
        np.testing.assert_array_equal(a.column(name), b.column(name))
    ra, rb = a.rates(by="size"), b.rates(by="size")
    np.testing.assert_array_equal(ra.group, rb.group)
    np.testing.assert_array_equal(ra.value, rb.value)


@pytest.mark.parametrize("dtype", [None, "category", "string", "object"])
def test_a_pandas_frame_gives_the_survey_its_arrays_give(dtype: str | None) -> None:
    pd = pytest.importorskip("pandas")
    columns = _frame_columns()
    frame = pd.DataFrame(columns)
    if dtype is not None:
        for name in ("size", "region", "q3"):
            frame[name] = frame[name].astype(dtype)
    items = ["q0", "q1", "q2", "q3"]
    _same(
        Survey.from_columns(frame, items=items, register=None),
        Survey.from_columns(columns, items=items, register=None),
    )


def test_nullable_pandas_columns_read_like_objects() -> None:
    pd = pytest.importorskip("pandas")
    values = [1, 0, None, 1]
    for dtype in ("Int64", "Float64", "boolean"):
        series = pd.Series(values, dtype=dtype)
        codes, bad = answer_codes(series)
        assert codes.tolist() == [1, 0, -1, 1]
        assert not len(bad)
    text = pd.Series(["ja", "kanske", None, "nej"], dtype="string")
    codes, bad = answer_codes(text)
    assert codes.tolist() == [1, -1, -1, 0]
    assert bad.tolist() == [1]


def test_bad_answers_in_a_pandas_column_are_reported_with_their_row() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "wave": [2010, 2010, 2012],
            "org_code": ["1", "2", "1"],
            "q": pd.Series(["ja", "kanske", "nej"], dtype="string", index=[7, 8, 9]),
        },
        index=[7, 8, 9],
    )
    with pytest.raises(DataErrorGroup) as caught:
        Survey.from_columns(frame, items=["q"], register=None)
    message = str(caught.value)
    assert "index 1" in message
    assert "kanske" in message


def test_float_answers_with_a_bad_value_are_all_reported() -> None:
    columns = {
        "wave": [1, 1, 1, 1],
        "org_code": [1, 2, 3, 4],
        "q": np.array([1.0, 0.5, np.nan, 2.0]),
    }
    with pytest.raises(DataErrorGroup) as caught:
        Survey.from_columns(columns, items=["q"], register=None)
    assert caught.value.total == 2


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int8])
def test_number_answers_over_many_pieces_match_a_naive_parse(dtype: Any) -> None:
    rng = np.random.default_rng(11)
    n = 2 * answers._PIECE + 123
    values = rng.integers(0, 2, n).astype(dtype)
    if np.dtype(dtype).kind == "f":
        values[rng.random(n) < 0.1] = np.nan
        values[5] = -0.0  # a zero all the same
    bad_at = np.array([3, answers._PIECE - 1, answers._PIECE, n - 1])
    values[bad_at] = (
        [2, -1, 7, 3] if np.dtype(dtype).kind != "f" else [0.5, -1, np.inf, 2]
    )
    codes, bad = answer_codes(values)
    np.testing.assert_array_equal(bad, bad_at)
    good = np.setdiff1d(np.arange(n), bad_at)
    want = np.where(values == 1, 1, np.where(values == 0, 0, -1)).astype(np.int8)
    np.testing.assert_array_equal(codes[good], want[good])
    assert (codes[bad_at] == -1).all()


@pytest.mark.parametrize("per_task", [1, 2, 5])
def test_bad_answers_name_their_own_column_however_columns_share_tasks(
    per_task: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skl_socialmedia.survey import builder as _build

    monkeypatch.setattr(_build, "_TASK_VALUES", per_task * 4)  # columns per task
    columns: dict[str, Any] = {"wave": [1, 1, 1, 1], "org_code": [1, 2, 3, 4]}
    bad = {"q0": None, "q1": 1, "q2": None, "q3": 3, "q4": 0}
    for name, row in bad.items():
        x = np.array([1.0, 0.0, np.nan, 1.0])
        if row is not None:
            x[row] = 7.0
        columns[name] = x
    with pytest.raises(DataErrorGroup) as caught:
        Survey.from_columns(columns, items=list(bad), register=None)
    found = sorted(
        (error.location.column, error.location.value, str(error).split(": ")[1])
        for error in caught.value.errors
        if error.location is not None
    )
    assert found == [
        ("q1", 7.0, "index 1"),
        ("q3", 7.0, "index 3"),
        ("q4", 7.0, "index 0"),
    ]
