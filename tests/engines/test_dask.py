"""The Dask engine on a LocalCluster of two worker processes: the numpy tally."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from hypothesis import HealthCheck, given, settings

from skl_socialmedia.engines.dask import count
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


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # the p2p shuffle logs each shuffle at WARNING: not a problem of the count
    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def frame_of(case: Case, partitions: int) -> Any:
    return dd.from_pandas(pd.DataFrame(case.columns), npartitions=partitions)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(case=cases())
def test_dask_counts_what_the_numpy_engine_counts(client: Client, case: Case) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    survey = case.survey()
    for mode, partitions in (("none", 1), ("auto", 2), ("all", 3)):
        spec = spec_of(case, survey, mode)
        want = numpy_tally(case, spec)
        got = count(frame_of(case, partitions), spec)
        assert_same_tally(got, want)
    assert_same_tables(got, want)


def test_partitions_of_whole_organisations_need_no_shuffle(client: Client) -> None:
    rows = {
        "wave": np.array([2010, 2012, 2010, 2012, 2010]),
        "org_code": np.array(["a", "a", "b", "b", "c"]),
        "uses": np.array([1.0, 1.0, 0.0, 1.0, 1.0]),
    }
    case = Case(rows, False, False, None, None)
    spec = CountSpec(items=["uses"], pairs=[("2010", "2012")])
    whole = pd.DataFrame(rows)
    # a, a | b, b, c: each organisation's rows in one partition
    frame = dd.concat(
        [dd.from_pandas(part, npartitions=1) for part in (whole[:2], whole[2:])]
    )
    assert frame.npartitions == 2
    assert_same_tally(count(frame, spec, shuffle=False), numpy_tally(case, spec))


def test_a_pair_no_organisation_answered_twice_is_empty(client: Client) -> None:
    rows = {
        "wave": np.array([2010, 2012, 2012]),
        "org_code": np.array(["a", "b", "c"]),
        "uses": np.array([1.0, 0.0, 1.0]),
    }
    case = Case(rows, False, False, None, None)
    spec = CountSpec(items=["uses"], pairs=[("2010", "2012")])
    got = count(dd.from_pandas(pd.DataFrame(rows), npartitions=2), spec)
    assert_same_tally(got, numpy_tally(case, spec))
    assert got.panel_size_counts.tolist() == [[[0]]]


def test_anything_but_a_dask_frame_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="dask DataFrame"):
        count(pd.DataFrame({"wave": [1]}), CountSpec(items=["uses"]))


def test_without_dask_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[dask\]"):
        count(None, CountSpec(items=["uses"]))
