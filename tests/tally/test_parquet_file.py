"""The Tally as a Parquet file: exact round trips, the marker, bad files refused."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings

from skl_socialmedia.errors import DataError, MissingExtraError
from skl_socialmedia.tally import Tally
from skl_socialmedia.tally.file_layout import METADATA_KEY, SCHEMA, fields_of
from skl_socialmedia.tally.parquet_file import COLUMNS, is_tally_parquet
from tests.engines.surveys import assert_identical, cases
from tests.tally.test_file_layout import small_tally


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(case=cases())
def test_a_counted_tally_round_trips_exactly(tmp_path: Path, case: Any) -> None:
    tally = case.survey().tally(case.items, by=case.by, among=case.among)
    path = tmp_path / "t.parquet"
    tally.write_parquet(path)
    assert_identical(Tally.read_parquet(path), tally)


def test_extreme_floats_round_trip_exactly(tmp_path: Path) -> None:
    values = np.array([0.0, -0.0, 5e-324, 1.7976931348623157e308, 0.1])
    sums = np.broadcast_to(values[:, None, None, None], (5, 1, 1, 1)).reshape(5, 1, 1)
    tally = Tally(
        [str(w) for w in range(5)],
        ["g"],
        ["q"],
        np.ones((5, 1)),
        np.zeros((5, 1, 1)),
        np.ones((5, 1, 1)),
        weighted_yes=sums,
        weighted_base=sums,
        squared_weights=sums,
        strata=("h",),
        units=[1],
        strata_population=[np.inf],
        moments=np.broadcast_to(sums[:, :, None, :, None], (5, 1, 1, 1, 4)),
        wave_values=[0, 1.5, "two", 3, 4],
    )
    path = tmp_path / "t.parquet"
    tally.write_parquet(path)
    assert_identical(Tally.read_parquet(path), tally)


def test_the_table_has_a_row_per_field_and_the_marker(tmp_path: Path) -> None:
    tally = small_tally()
    path = tmp_path / "t.parquet"
    tally.write_parquet(path)
    table = pq.read_table(path)
    assert tuple(table.column_names) == COLUMNS
    assert table.column("field").to_pylist() == list(fields_of(tally))
    marker = json.loads(table.schema.metadata[METADATA_KEY.encode()])
    assert marker["schema"] == SCHEMA
    rows = {row["field"]: row for row in table.to_pylist()}
    assert rows["yes"]["ints"] == [6, 9]
    assert rows["yes"]["shape"] == [2, 1, 1]
    assert rows["pairs"]["tuples"] == [["2010", "2012"]]
    assert rows["waves"]["strings"] == ["2010", "2012"]
    assert is_tally_parquet(path)


def test_a_parquet_file_without_the_marker_is_not_a_tally(tmp_path: Path) -> None:
    path = tmp_path / "microdata.parquet"
    pq.write_table(pa.table({"wave": [2010], "org_code": ["0114"]}), path)
    assert not is_tally_parquet(path)
    with pytest.raises(DataError, match="not a tally file"):
        Tally.read_parquet(path)


def test_what_is_not_parquet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    path.write_text("wave,org_code\n", encoding="utf-8")
    assert not is_tally_parquet(path)
    with pytest.raises(DataError, match="not a Parquet file"):
        Tally.read_parquet(path)
    with pytest.raises(DataError, match="no such file"):
        Tally.read_parquet(tmp_path / "none.parquet")


def rewritten(tmp_path: Path, change: Any, marker: str | None = None) -> Path:
    path = tmp_path / "t.parquet"
    small_tally().write_parquet(path)
    table = pq.read_table(path)
    rows = table.to_pylist()
    change(rows)
    metadata = dict(table.schema.metadata)
    if marker is not None:
        metadata[METADATA_KEY.encode()] = marker.encode()
    pq.write_table(
        pa.Table.from_pylist(rows, schema=table.schema.with_metadata(metadata)), path
    )
    return path


@pytest.mark.parametrize(
    ("change", "marker", "message"),
    [
        (lambda rows: None, json.dumps({"schema": "skl-socialmedia/tally/9"}), "newer"),
        (lambda rows: None, "{", "not a tally file"),
        (lambda rows: rows.append({**rows[0], "field": "extra"}), None, "unknown"),
        (lambda rows: rows.append(dict(rows[0])), None, "a field name twice"),
        (lambda rows: rows[3].update(ints=[1]), None, "do not fill"),
        (lambda rows: rows[3].update(dtype="int8"), None, "dtype"),
        (lambda rows: rows[3].update(kind="blob"), None, "unknown kind"),
        (lambda rows: rows[3].update(ints=None), None, "no values"),
        (lambda rows: rows[4].update(ints=[0, 99]), None, "not a consistent"),
    ],
)
def test_a_bad_table_is_refused_naming_the_file(
    tmp_path: Path, change: Any, marker: str | None, message: str
) -> None:
    path = rewritten(tmp_path, change, marker)
    with pytest.raises(DataError, match=message) as caught:
        Tally.read_parquet(path)
    assert caught.value.location.file == str(path)


def test_without_pyarrow_the_extra_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[arrow\]"):
        small_tally().write_parquet(tmp_path / "t.parquet")
    assert not (tmp_path / "t.parquet").exists()
