"""``Survey.pp_deltas`` counts panel cells only where they may be used.

For ``paired="auto"`` and ``False`` it takes the per-wave counts from the tally
that ``rates`` uses (cached on the survey), each panel's size from one bit per
item, and the before × after cells only where the panel can be the whole
sample. Its table must be the same, column by column, as the one from a full
tally with every panel cell: over complete and partial panels, panels with
and without missing answers, tiny groups (one organisation each, where equal
bases are common), many groups (fewer bits per key), ``among``, weights,
shuffled rows and non-consecutive or repeated pairs. Consecutive waves of a
balanced panel in wave order are counted as one run of rows, in pieces that
may end anywhere (a pair's rows included).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from skl_socialmedia import Survey
from skl_socialmedia.tally.numpy_engine import tuning
from skl_socialmedia.tally.tables import DeltaTable
from tests.tally.numpy_engine.columns import panel_columns

COLUMNS = (
    "before_wave",
    "after_wave",
    "group",
    "item",
    "before",
    "after",
    "value",
    "low",
    "high",
    "p_value",
    "significant",
    "paired",
    "method",
    "test",
    "n_before",
    "n_after",
    "n_pairs",
)


def _columns(
    rng: np.random.Generator,
    *,
    orgs: int,
    items: int,
    missing: float,
    complete: bool,
    shuffle: bool,
    weights: bool,
) -> dict[str, Any]:
    return panel_columns(
        rng,
        waves=4,
        orgs=orgs,
        groups=4,
        items=items,
        missing=missing,
        complete=complete,
        weights=weights,
        shuffle=shuffle,
    )


def _assert_same(got: DeltaTable, want: DeltaTable) -> None:
    for name in COLUMNS:
        np.testing.assert_array_equal(
            getattr(got, name), getattr(want, name), err_msg=name
        )


CASES = [
    {"missing": 0.0, "complete": True, "shuffle": False, "weights": False},
    {"missing": 0.0, "complete": False, "shuffle": True, "weights": False},
    {"missing": 0.02, "complete": True, "shuffle": False, "weights": False},
    {"missing": 0.15, "complete": True, "shuffle": True, "weights": False},
    {"missing": 0.15, "complete": False, "shuffle": False, "weights": True},
]


@pytest.mark.parametrize("paired", ["auto", False])
@pytest.mark.parametrize("by", [None, "size", "org_code", ["size", "org_code"]])
@pytest.mark.parametrize("among", [None, "q0"])
@pytest.mark.parametrize("case", CASES)
def test_pruned_deltas_equal_the_full_tally(
    case: dict[str, Any], among: str | None, by: Any, paired: Any
) -> None:
    rng = np.random.default_rng(len(str(case)) * 7 + (among is None))
    names = [f"q{j}" for j in range(11)]
    # 600 organisations: by org_code, 600 groups (seven bits per key)
    columns = _columns(rng, orgs=600, items=len(names), **case)
    survey = Survey.from_columns(columns, items=names, register=None)
    pairs = [(2010, 2011), (2011, 2013), (2012, 2013), (2010, 2011)]
    got = survey.pp_deltas(by=by, among=among, pairs=pairs, paired=paired)
    full = survey.tally(by=by, among=among, pairs=pairs)
    want = full.pp_deltas(paired=paired)
    _assert_same(got, want)
    # and again, now from the per-wave counts that rates() left behind
    survey.rates(by=by, among=among)
    _assert_same(survey.pp_deltas(by=by, among=among, pairs=pairs, paired=paired), want)


def test_paired_cells_are_counted_where_auto_pairs() -> None:
    """A balanced panel without missing answers: "auto" pairs every cell."""
    rng = np.random.default_rng(3)
    names = [f"q{j}" for j in range(5)]
    columns = _columns(
        rng, orgs=200, items=5, missing=0.0, complete=True, shuffle=False, weights=False
    )
    survey = Survey.from_columns(columns, items=names, register=None)
    table = survey.pp_deltas(by="size")
    assert table.paired.all()
    _assert_same(table, survey.tally(by="size").pp_deltas())


def test_cached_counts_do_not_leak_into_tallies() -> None:
    rng = np.random.default_rng(5)
    names = [f"q{j}" for j in range(3)]
    columns = _columns(
        rng, orgs=50, items=3, missing=0.1, complete=True, shuffle=False, weights=False
    )
    survey = Survey.from_columns(columns, items=names, register=None)
    first = survey.tally(by="size", pairs=())
    expected = first.yes.copy()
    first.yes[...] = 0
    first.base[...] = 0
    assert np.array_equal(survey.tally(by="size", pairs=()).yes, expected)
    rates = survey.rates(by="size")
    assert np.array_equal(rates.successes, expected.reshape(-1))


@pytest.mark.parametrize("piece", [1 << 20, 97, 600])
@pytest.mark.parametrize("missing", [0.0, 0.1])
@pytest.mark.parametrize("by", [None, "size"])
def test_runs_of_consecutive_pairs_equal_the_full_tally(
    monkeypatch: pytest.MonkeyPatch, piece: int, missing: float, by: Any
) -> None:
    """Consecutive waves of a balanced panel: every pair counted in one run."""
    monkeypatch.setattr(tuning, "RUN_ROWS", piece)
    rng = np.random.default_rng(17)
    names = [f"q{j}" for j in range(11)]
    columns = _columns(
        rng,
        orgs=600,
        items=len(names),
        missing=missing,
        complete=True,
        shuffle=False,
        weights=False,
    )
    survey = Survey.from_columns(columns, items=names, register=None)
    survey.rates(by=by)  # the per-wave counts the runs need
    got = survey.pp_deltas(by=by)
    want = survey.tally(by=by).pp_deltas()
    _assert_same(got, want)
    assert (got.n_pairs > 0).all()
