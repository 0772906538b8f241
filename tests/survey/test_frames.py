"""Any Arrow-speaking frame builds the same survey as a pandas DataFrame."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from skl_socialmedia.survey import Survey

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
duckdb = pytest.importorskip("duckdb")

COLUMNS: dict[str, list[Any]] = {
    "wave": [2010, 2010, 2010, 2012, 2012, 2012],
    "org_code": ["a", "b", "c", "a", "b", "c"],
    "grp": ["x", "y", "x", "x", "y", "x"],
    "uses": [1.0, None, 0.0, 0.0, 1.0, None],
}


def frames() -> dict[str, Any]:
    sql = (
        "select * from (values (2010,'a','x',1.0),(2010,'b','y',NULL),"
        "(2010,'c','x',0.0),(2012,'a','x',0.0),(2012,'b','y',1.0),"
        "(2012,'c','x',NULL)) t(wave, org_code, grp, uses)"
    )
    return {
        "pyarrow Table": pa.table(COLUMNS),
        "pyarrow RecordBatch": pa.RecordBatch.from_pydict(COLUMNS),
        "polars DataFrame": pl.DataFrame(COLUMNS),
        "polars LazyFrame": pl.DataFrame(COLUMNS).lazy(),
        "DuckDB relation": duckdb.sql(sql),
        "numpy masked arrays": {
            **{k: np.asarray(v) for k, v in COLUMNS.items() if k != "uses"},
            "uses": np.ma.masked_invalid(
                np.array([np.nan if v is None else v for v in COLUMNS["uses"]])
            ),
        },
    }


@pytest.mark.parametrize("kind", list(frames()))
def test_every_frame_gives_the_pandas_counts(kind: str) -> None:
    reference = Survey.from_columns(pd.DataFrame(COLUMNS), register=None)
    survey = Survey.from_columns(frames()[kind], register=None)
    a, b = (s.rates("uses", by="grp") for s in (survey, reference))
    assert a.group.tolist() == b.group.tolist()
    np.testing.assert_array_equal(a.n, b.n)
    np.testing.assert_array_equal(a.successes, b.successes)
    assert int(a.n.sum()) == 4  # the two missing answers stay missing


@pytest.mark.parametrize("kind", list(frames()))
def test_load_takes_every_frame_too(kind: str) -> None:
    from skl_socialmedia import load

    loaded = load(frames()[kind], register=None, items=["uses"])
    reference = Survey.from_columns(pd.DataFrame(COLUMNS), register=None)
    assert isinstance(loaded, Survey)
    np.testing.assert_array_equal(
        loaded.rates("uses", by="grp").n, reference.rates("uses", by="grp").n
    )


def test_load_passes_the_column_roles_on() -> None:
    from skl_socialmedia import load

    frame = pd.DataFrame(COLUMNS).rename(columns={"wave": "year"})
    loaded = load(frame, wave="year", register=None)
    assert isinstance(loaded, Survey)
    assert loaded.waves == ("2010", "2012")
