"""The DuckDB engine: the numpy engine's tally, counted by SQL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings

from skl_socialmedia.engines.duckdb import count
from skl_socialmedia.errors import (
    DataError,
    InvalidArgumentError,
    MissingExtraError,
    UnknownNameError,
)
from skl_socialmedia.survey import Design
from skl_socialmedia.tally.spec import CountSpec
from tests.engines.surveys import (
    Case,
    assert_same_tables,
    assert_same_tally,
    cases,
    numpy_tally,
    spec_of,
)

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def arrow_of(case: Case) -> pa.Table:
    return pa.table(dict(case.columns))


@SETTINGS
@given(case=cases())
def test_duckdb_counts_what_the_numpy_engine_counts(case: Case) -> None:
    survey = case.survey()
    for mode in ("none", "auto", "all"):
        spec = spec_of(case, survey, mode)
        want = numpy_tally(case, spec)
        got = count(arrow_of(case), spec)
        assert_same_tally(got, want)
    assert_same_tables(got, want)  # every panel cell counted: paired="auto"


@settings(SETTINGS, max_examples=15)
@given(case=cases())
def test_files_duckdb_reads_give_the_same_tally(tmp_path: Path, case: Case) -> None:
    spec = spec_of(case, case.survey())
    want = numpy_tally(case, spec)
    table = arrow_of(case)
    pq.write_table(table, tmp_path / "survey.parquet")
    pacsv.write_csv(table, tmp_path / "survey.csv")
    for name in ("survey.parquet", "survey.csv"):
        assert_same_tally(count(str(tmp_path / name), spec), want)
    assert_same_tally(count(tmp_path / "survey.parquet", spec), want)


def small_case(**changes: Any) -> Case:
    columns: dict[str, Any] = {
        "wave": np.array([2010, 2010, 2010, 2012, 2012, 2012]),
        "org_code": np.array(["a", "b", "c", "a", "b", "d"]),
        "kind": np.array(["x", "y", "x", "x", "y", "y"]),
        "weight": np.array([1.0, 2.0, 0.5, 1.5, 2.0, 3.0]),
        "uses": np.array([1.0, 0.0, 1.0, 1.0, 1.0, np.nan]),
    }
    columns.update(changes)
    return Case(columns, weighted=True, stratified=False, among=None, by="kind")


SMALL = CountSpec(items=["uses"], by="kind", pairs=[("2010", "2012")], weight="weight")


def test_a_relation_and_a_table_name_are_counted_in_place() -> None:
    case = small_case()
    want = numpy_tally(case, SMALL)
    con = duckdb.connect()
    con.register("frame", arrow_of(case))
    con.execute("CREATE TABLE survey AS SELECT * FROM frame").fetchall()
    assert_same_tally(count("survey", SMALL, connection=con), want)
    assert_same_tally(
        count(con.sql("SELECT * FROM survey"), SMALL, connection=con), want
    )
    # nothing is left behind, the settings are as they were
    left = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    assert sorted(left) == [("frame",), ("survey",)]
    setting = con.execute("SELECT current_setting('disabled_optimizers')").fetchall()
    assert setting == [("",)]


def test_a_relation_of_another_connection_needs_it() -> None:
    con = duckdb.connect()
    relation = con.sql("SELECT 2010 AS wave, 'a' AS org_code, 1 AS uses")
    with pytest.raises(InvalidArgumentError, match="connection="):
        count(relation, CountSpec(items=["uses"]))


def test_a_tally_by_duckdb_adds_to_one_by_numpy() -> None:
    case = small_case()
    whole = numpy_tally(case, SMALL)
    first = np.isin(case.columns["org_code"], ["a", "c"])
    part = {k: v[first] for k, v in case.columns.items()}
    rest = {k: v[~first] for k, v in case.columns.items()}
    by_duckdb = count(pa.table(part), SMALL)
    by_numpy = numpy_tally(Case(rest, True, False, None, "kind"), SMALL)
    assert_same_tally(by_duckdb + by_numpy, whole)


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"uses": np.array([1.0, 0.0, 2.0, 1.0, 1.0, 0.0])}, DataError, r"1 \(yes\)"),
        ({"uses": np.array(["ja", "nej", "ja", "ja", "ja", "ja"])}, DataError, "uses"),
        ({"org_code": np.array(["a", "a", "c", "a", "b", "d"])}, DataError, "two rows"),
        ({"org_code": np.array(["a", "", "c", "a", "b", "d"])}, DataError, "no organ"),
        ({"weight": np.array([1.0, -2.0, 1, 1, 1, 1])}, DataError, "weights"),
        ({"weight": np.array([1.0, np.nan, 1, 1, 1, 1])}, DataError, "weights"),
    ],
)
def test_bad_rows_are_refused(
    changes: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        count(arrow_of(small_case(**changes)), SMALL)


def test_unknown_names_are_refused() -> None:
    table = arrow_of(small_case())
    with pytest.raises(UnknownNameError, match=r"channel\.facebook"):
        count(table, CountSpec(items=["channel.facebook"]))
    with pytest.raises(UnknownNameError, match="2014"):
        count(table, CountSpec(items=["uses"], pairs=[("2010", "2014")]))
    with pytest.raises(DataError, match="no such file"):
        count("missing/survey.parquet", CountSpec(items=["uses"]))
    with pytest.raises(InvalidArgumentError, match="not a list"):
        count([1, 2], CountSpec(items=["uses"]))


def test_an_organisation_in_two_strata_is_refused() -> None:
    case = small_case(stratum=np.array(["s", "t", "s", "t", "t", "t"]))
    spec = CountSpec(items=["uses"], design=Design(strata="stratum"))
    with pytest.raises(DataError, match="two strata"):
        count(arrow_of(case), spec)


def test_population_sizes_by_number_mapping_and_column() -> None:
    case = small_case(stratum=np.array(["s", "t", "s", "s", "t", "t"]))
    case.columns["size"] = np.where(case.columns["stratum"] == "s", 10, 20)
    for population in (None, {"s": 10, "t": 20}, "size"):
        design = Design(strata="stratum", population=population)
        spec = CountSpec(items=["uses"], pairs=[("2010", "2012")], design=design)
        cased = Case(case.columns, False, True, None, None)
        survey = survey_of(cased, design)
        want = count_numpy(survey, spec)
        assert_same_tally(count(arrow_of(case), spec), want)
    spec = CountSpec(items=["uses"], design=Design(population=3))
    with pytest.raises(DataError, match="more than its population"):
        count(arrow_of(case), spec)


def survey_of(case: Case, design: Design) -> Any:
    from skl_socialmedia.survey import Survey

    return Survey.from_columns(case.columns, register=None, design=design)


def count_numpy(survey: Any, spec: CountSpec) -> Any:
    from skl_socialmedia.tally.numpy_engine import count as numpy_count

    return numpy_count(spec, survey._parts)


def test_extreme_weights_are_scaled_as_the_numpy_engine_scales_them() -> None:
    case = small_case(weight=np.array([1e200, 2e200, 5e199, 1.5e200, 2e200, 3e200]))
    want = numpy_tally(case, SMALL)
    got = count(arrow_of(case), SMALL)
    assert got.weight_scale == want.weight_scale != 0
    assert_same_tally(got, want)


def test_without_duckdb_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[duckdb\]"):
        count("survey.parquet", SMALL)
