"""Every input kind tallies as the pandas path does: random missing patterns,
item dtypes, group columns (text or categorical, with missing values) and
Arrow chunkings (issue 14)."""

from __future__ import annotations

from typing import Any

import duckdb
import hypothesis.strategies as st
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings

from skl_socialmedia import Survey, Tally

KINDS = (
    "polars",
    "polars-lazy",
    "arrow-table",
    "arrow-batch",
    "chunked-dict",
    "duckdb",
    "arrow-stream",
    "numpy-dict",
    "numpy-masked",
    "pandas-categorical",
)


class _Stream:
    """Only the Arrow PyCapsule stream interface."""

    def __init__(self, table: pa.Table) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._table.__arrow_c_stream__(requested_schema)


@st.composite
def workloads(draw: st.DrawFn) -> dict[str, Any]:
    """Return columns: waves × organisations, items as floats with NaN."""
    orgs = draw(st.integers(1, 12))
    waves = draw(st.integers(1, 3))
    n = orgs * waves
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    items = draw(st.integers(1, 4))
    columns: dict[str, Any] = {
        "wave": np.repeat(np.arange(2010, 2010 + waves), orgs),
        "org_code": np.tile([f"o{i}" for i in range(orgs)], waves).astype(object),
    }
    labels = np.array(["x", "y / z", " w ", "Ö"], dtype=object)
    group = labels[rng.integers(0, 4, n)]
    group[rng.random(n) < draw(st.sampled_from([0.0, 0.3]))] = None
    columns["grp"] = group
    for j in range(items):
        x = (rng.random(n) < rng.random()).astype(np.float64)
        x[rng.random(n) < draw(st.sampled_from([0.0, 0.2, 0.9]))] = np.nan
        columns[f"q{j}"] = x
    dtypes = [draw(st.sampled_from(["float", "bool", "int8"])) for _ in range(items)]
    return {
        "columns": columns,
        "dtypes": dtypes,
        "chunks": draw(st.integers(1, 4)),
    }


def _arrow(work: dict[str, Any]) -> pa.Table:
    """The workload as Arrow: nulls for missing, items in their drawn dtypes."""
    arrays = {}
    for name, values in work["columns"].items():
        if name.startswith("q"):
            dtype = work["dtypes"][int(name[1:])]
            mask = np.isnan(values)
            arrow_type = {"float": pa.float64(), "bool": pa.bool_(), "int8": pa.int8()}
            clean = np.where(mask, 0, values).astype(
                {"float": np.float64, "bool": bool, "int8": np.int8}[dtype]
            )
            arrays[name] = pa.array(clean, type=arrow_type[dtype], mask=mask)
        elif name == "wave":
            arrays[name] = pa.array(values)
        else:
            arrays[name] = pa.array(values.tolist(), type=pa.string())
    table = pa.table(arrays)
    step = max(1, -(-table.num_rows // work["chunks"]))
    return pa.concat_tables(
        [table.slice(i, step) for i in range(0, table.num_rows, step)]
    )


def _input(kind: str, work: dict[str, Any]) -> Any:
    table = _arrow(work)
    if kind == "polars":
        return pl.from_arrow(table)
    if kind == "polars-lazy":
        return pl.from_arrow(table).lazy()  # type: ignore[union-attr]
    if kind == "arrow-table":
        return table
    if kind == "arrow-batch":
        return table.combine_chunks().to_batches()[0]
    if kind == "chunked-dict":
        return {name: table.column(name) for name in table.column_names}
    if kind == "duckdb":
        return duckdb.connect().from_arrow(table)
    if kind == "arrow-stream":
        return _Stream(table)
    if kind == "numpy-dict":
        return dict(work["columns"])
    if kind == "numpy-masked":  # as DuckDB's fetchnumpy(): data under the mask
        masked = {}
        for name, values in work["columns"].items():
            if name.startswith("q"):
                mask = np.isnan(values)
                masked[name] = np.ma.masked_array(np.where(mask, 1.0, values), mask)
            else:
                mask = np.array([v is None for v in values], dtype=bool)
                data = np.where(mask, "x", values).astype(object)
                masked[name] = np.ma.masked_array(data, mask)
        return masked
    if kind == "pandas-categorical":
        frame = pd.DataFrame(work["columns"])
        frame["grp"] = frame["grp"].astype("category")
        return frame
    raise AssertionError(kind)


def _tally(data: Any, items: list[str]) -> Tally:
    survey = Survey.from_columns(data, items=items, register=None)
    return survey.tally(items=items, by="grp")


def _same(a: Tally, b: Tally) -> None:
    assert a.groups == b.groups
    assert a.waves == b.waves
    np.testing.assert_array_equal(a.yes, b.yes)
    np.testing.assert_array_equal(a.base, b.base)
    np.testing.assert_array_equal(a.respondents, b.respondents)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=25, deadline=None)
@given(work=workloads())
def test_every_input_kind_tallies_as_pandas(kind: str, work: dict[str, Any]) -> None:
    items = [name for name in work["columns"] if name.startswith("q")]
    reference = _tally(pd.DataFrame(work["columns"]), items)
    _same(_tally(_input(kind, work), items), reference)
