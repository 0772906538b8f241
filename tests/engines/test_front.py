"""``engines.tally``: one call, the engine picked by the type of the data."""

from __future__ import annotations

from pathlib import Path

import dask.dataframe as dd
import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from skl_socialmedia.engines import engine_for, tally
from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.survey import Survey
from skl_socialmedia.tally.spec import CountSpec
from tests.engines.surveys import Case, assert_same_tally, numpy_tally

COLUMNS = {
    "wave": np.array([2010, 2010, 2010, 2012, 2012, 2012]),
    "org_code": np.array(["a", "b", "c", "a", "b", "d"]),
    "kind": np.array(["x", "y", "x", "x", "y", "y"]),
    "uses": np.array([1.0, 0.0, 1.0, 1.0, 1.0, np.nan]),
}
SPEC = CountSpec(items=["uses"], by="kind", pairs=[("2010", "2012")])


def test_the_engine_follows_the_type_of_the_data(tmp_path: Path) -> None:
    frame = pd.DataFrame(COLUMNS)
    assert engine_for(Survey.from_columns(COLUMNS, register=None)) == "numpy"
    assert engine_for(COLUMNS) == engine_for(frame) == "numpy"
    assert engine_for(pa.table(COLUMNS)) == "numpy"
    assert engine_for("survey.parquet") == engine_for(tmp_path) == "duckdb"
    assert engine_for(duckdb.sql("SELECT 1 AS x")) == "duckdb"
    assert engine_for(dd.from_pandas(frame, npartitions=1)) == "dask"


def test_every_kind_of_data_gives_the_same_tally(tmp_path: Path) -> None:
    want = numpy_tally(Case(COLUMNS, False, False, None, "kind"), SPEC)
    path = tmp_path / "survey.parquet"
    pq.write_table(pa.table(COLUMNS), path)
    frame = pd.DataFrame(COLUMNS)
    for data in (
        Survey.from_columns(COLUMNS, register=None),
        COLUMNS,
        frame,
        str(path),
        dd.from_pandas(frame, npartitions=2),
    ):
        assert_same_tally(tally(data, SPEC), want)
    keywords = tally(COLUMNS, items=["uses"], by="kind", pairs=[("2010", "2012")])
    assert_same_tally(keywords, want)
    assert_same_tally(tally(frame, SPEC, engine="duckdb"), want)


def test_wrong_calls_are_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="engine must be one of"):
        tally(COLUMNS, SPEC, engine="polars")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="not both"):
        tally(COLUMNS, SPEC, items=["uses"])
    with pytest.raises(InvalidArgumentError, match="no options"):
        tally(Survey.from_columns(COLUMNS, register=None), SPEC, items_x=1)


def test_the_tally_package_is_the_same_call() -> None:
    import skl_socialmedia as sm
    import skl_socialmedia.tally as package
    from skl_socialmedia.tally import Tally

    # type checkers see a module: typed code calls engines.tally
    assert sm.tally is package
    want = tally(COLUMNS, SPEC)
    got = sm.tally(  # type: ignore[operator]
        COLUMNS, items=["uses"], by="kind", pairs=[("2010", "2012")]
    )
    assert isinstance(got, Tally)
    assert_same_tally(got, want)
    frame = pd.DataFrame(COLUMNS)
    by_duckdb = package(frame, SPEC, engine="duckdb")  # type: ignore[operator]
    assert_same_tally(by_duckdb, want)
    with pytest.raises(InvalidArgumentError, match="engine must be one of"):
        package(COLUMNS, SPEC, engine="polars")  # type: ignore[operator]
