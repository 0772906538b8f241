"""Shards by organisation or by wave, counted apart, add up in any order."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skl_socialmedia.engines import duckdb
from skl_socialmedia.engines.order import in_engine_order
from skl_socialmedia.engines.partitions import count_part, with_every_pair
from skl_socialmedia.tally import Tally
from tests.engines.surveys import Case, assert_same_tally, cases, numpy_tally, spec_of

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def shard_rows(case: Case, keys: np.ndarray, shard: int) -> dict[str, Any]:
    return {name: values[keys == shard] for name, values in case.columns.items()}


def grouped_sum(tallies: list[Tally], cuts: list[int]) -> Tally:
    """Add ``tallies`` in groups (cut where ``cuts`` say), then the groups."""
    groups, start = [], 0
    for cut in [*sorted(set(cuts)), len(tallies)]:
        if start < cut <= len(tallies):
            groups.append(tallies[start:cut])
            start = cut
    sums = []
    for group in groups:
        total = group[0]
        for tally in group[1:]:
            total = total + tally
        sums.append(total)
    total = sums[-1]
    for tally in reversed(sums[:-1]):
        total = tally + total
    return total


@SETTINGS
@given(
    case=cases(),
    k=st.integers(2, 4),
    seed=st.integers(0, 2**16),
    order=st.randoms(use_true_random=False),
    cuts=st.lists(st.integers(1, 3), max_size=2),
)
def test_organisation_shards_add_up_in_any_order_and_grouping(
    case: Case, k: int, seed: int, order: Any, cuts: list[int]
) -> None:
    survey = case.survey()
    spec = spec_of(case, survey)
    codes = np.unique(case.columns["org_code"])
    shard_of = dict(
        zip(codes, np.random.default_rng(seed).integers(0, k, len(codes)), strict=True)
    )
    keys = np.array([shard_of[c] for c in case.columns["org_code"]])
    tallies = []
    for shard in np.unique(keys):
        rows = shard_rows(case, keys, shard)
        # every other shard by DuckDB: tallies of different engines add up
        if shard % 2:
            present = set(map(str, rows["wave"]))
            pairs = [p for p in spec.pairs if set(p) <= present]
            part = duckdb.count(pa.table(rows), attrs.evolve(spec, pairs=pairs))
            tallies.append(with_every_pair(part, spec))
        else:
            tallies.append(count_part(pa.table(rows), spec, {"register": None}))
    order.shuffle(tallies)
    total = grouped_sum([t for t in tallies if t is not None], cuts)
    got = in_engine_order(total, items=spec.items, pairs=spec.pairs)
    assert_same_tally(got, numpy_tally(case, spec))


@SETTINGS
@given(case=cases(), order=st.randoms(use_true_random=False))
def test_wave_shards_add_up_to_the_per_wave_counts(case: Case, order: Any) -> None:
    survey = case.survey()
    spec = attrs.evolve(spec_of(case, survey), pairs=())
    waves = case.columns["wave"]
    tallies = [
        count_part(pa.table(shard_rows(case, waves, wave)), spec, {"register": None})
        for wave in np.unique(waves)
    ]
    order.shuffle(tallies)
    total = grouped_sum([t for t in tallies if t is not None], [])
    got = in_engine_order(total, items=spec.items, pairs=spec.pairs)
    want = numpy_tally(case, spec)
    if want.design_based:
        # an organisation in two waves is a sampling unit of both wave shards:
        # a design's units add up only over shards by organisation
        assert np.all(got.stratum_units >= want.stratum_units)
        got = attrs.evolve(got, units=want.stratum_units)
    assert_same_tally(got, want)
