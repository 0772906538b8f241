"""The Spark engine on ``local[2]``: the numpy engine's tally, per partition."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from pyspark.sql import SparkSession

from skl_socialmedia.engines.spark import count
from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError
from skl_socialmedia.tally.spec import CountSpec
from tests.engines.surveys import (
    Case,
    assert_same_tables,
    assert_same_tally,
    cases,
    numpy_tally,
    spec_of,
)


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One JVM for every Spark test (it takes seconds to start)."""
    before = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers with the library
    session = (
        SparkSession.builder.master("local[2]")
        .appName("skl-socialmedia-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if before is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = before


def frame_of(spark: SparkSession, case: Case) -> Any:
    table = pa.table(dict(case.columns))
    return spark.createDataFrame(table.to_pylist(), schema=_schema(table))


def _schema(table: pa.Table) -> str:
    types = {pa.int64(): "bigint", pa.float64(): "double", pa.string(): "string"}
    return ", ".join(f"`{field.name}` {types[field.type]}" for field in table.schema)


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(case=cases())
def test_spark_counts_what_the_numpy_engine_counts(
    spark: SparkSession, case: Case
) -> None:
    survey = case.survey()
    spec = spec_of(case, survey, "all")
    want = numpy_tally(case, spec)
    got = count(frame_of(spark, case), spec, partitions=3)
    assert_same_tally(got, want)
    assert_same_tables(got, want)


def test_anything_but_a_spark_frame_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="Spark DataFrame"):
        count({"wave": [2010]}, CountSpec(items=["uses"]))


def test_without_pyspark_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[spark\]"):
        count(None, CountSpec(items=["uses"]))


def test_engines_tally_picks_spark_for_a_spark_frame(spark: SparkSession) -> None:
    from skl_socialmedia.engines import engine_for, tally

    columns = {"wave": [2010, 2012], "org_code": ["a", "a"], "uses": [1.0, 0.0]}
    frame = spark.createDataFrame(pa.table(columns).to_pylist())
    assert engine_for(frame) == "spark"
    got = tally(frame, items=["uses"], pairs=[("2010", "2012")])
    assert got.panel_cells.tolist() == [[[[0, 1, 0, 0]]]]
