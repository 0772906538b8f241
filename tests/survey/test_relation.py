"""A DuckDB relation, read batch by batch, builds what a pandas frame builds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from skl_socialmedia.errors import DataErrorGroup
from skl_socialmedia.survey import Survey
from skl_socialmedia.survey import relation as relation_module

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")


ITEMS = ["q1", "q2", "q3"]


def _columns(n: int) -> dict[str, Any]:
    rng = np.random.default_rng(3)
    floats = (rng.random(n) < 0.5).astype(float)
    floats[rng.random(n) < 0.2] = np.nan
    return {
        "wave": np.repeat([2010, 2011], n // 2),
        "org_code": np.tile(np.arange(n // 2) + 10_000, 2),
        "grp": np.array(["x", " y ", "", "Ö"], dtype=object)[rng.integers(0, 4, n)],
        "flag": rng.random(n) < 0.5,  # an attribute, not an item: stays True/False
        "q1": rng.random(n) < 0.6,
        "q2": floats,
        "q3": (rng.random(n) < 0.3).astype(np.int8),
    }


def _relation(columns: dict[str, Any]) -> Any:
    table = pa.table({k: pa.array(v, from_pandas=True) for k, v in columns.items()})
    return duckdb.connect().from_arrow(table)


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relation_module, "BATCH_ROWS", 64)


def test_a_relation_in_many_batches_builds_the_pandas_survey() -> None:
    columns = _columns(1000)
    expected = Survey.from_columns(pd.DataFrame(columns), items=ITEMS, register=None)
    survey = Survey.from_columns(_relation(columns), items=ITEMS, register=None)
    assert survey.items == expected.items
    assert survey.waves == expected.waves
    for by in ("grp", "flag"):
        a = survey.tally(by=by)
        b = expected.tally(by=by)
        assert a.groups == b.groups
        np.testing.assert_array_equal(a.yes, b.yes)
        np.testing.assert_array_equal(a.base, b.base)
    assert survey.column("flag").tolist() == expected.column("flag").tolist()


@pytest.mark.parametrize(
    ("column", "bad"),
    [("q2", 0.5), ("q2", 2.0), ("q3", 2)],
)
def test_a_bad_answer_in_a_later_batch_is_reported_as_for_pandas(
    column: str, bad: object
) -> None:
    columns = _columns(1000)
    values = columns[column].copy()
    values[[700, 901]] = bad
    columns[column] = values
    messages = []
    for data in (pd.DataFrame(columns), _relation(columns)):
        with pytest.raises(DataErrorGroup) as caught:
            Survey.from_columns(data, items=ITEMS, register=None)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert f"value {bad!r}" in messages[1]


def test_text_answers_are_read_as_written() -> None:
    columns = {
        "wave": [2010] * 4,
        "org_code": ["a", "b", "c", "d"],
        "uses": ["ja", " Nej ", None, "yes"],
    }
    expected = Survey.from_columns(pd.DataFrame(columns), register=None)
    survey = Survey.from_columns(_relation(columns), register=None)
    np.testing.assert_array_equal(survey.tally().yes, expected.tally().yes)
    columns["uses"] = ["ja", "kanske", None, "yes"]
    with pytest.raises(DataErrorGroup, match="value 'kanske'"):
        Survey.from_columns(_relation(columns), register=None)


def test_a_relation_that_changes_its_rows_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(relation_module._Source, "count", lambda self: 999)
    with pytest.raises(Exception, match="gave more rows after counting 999"):
        Survey.from_columns(_relation(_columns(1000)), items=ITEMS, register=None)


def test_the_connection_is_free_after_an_error() -> None:
    columns = _columns(200)
    columns["q3"] = columns["q3"] * 3
    relation = _relation(columns)
    with pytest.raises(DataErrorGroup):
        Survey.from_columns(relation, items=ITEMS, register=None)
    survey = Survey.from_columns(relation, items=["q1"], register=None)
    assert survey.items == ("q1",)
