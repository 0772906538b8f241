"""The fast counting paths agree with a plain reference count, cell by cell.

The reference is the straightforward count (a mask per wave, group and item;
panel rows matched by organisation through a dict), written without any of
the tricks of :mod:`skl_socialmedia.tally` (digit keys, panel margins, wave
slices, look-up tables), over surveys shaped to reach every path: rows in wave
order or shuffled, complete or partial panels, organisations that change
group, ``among`` filters, weights, non-consecutive pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from skl_socialmedia import Survey
from tests.tally.numpy_engine.columns import add_answers


def _survey_columns(
    rng: np.random.Generator,
    *,
    waves: int,
    orgs: int,
    items: int,
    groups: int,
    complete: bool,
    shuffle: bool,
    regroup: bool,
    weights: bool,
) -> dict[str, Any]:
    wave_list, org_list = [], []
    for w in range(waves):
        present = (
            np.arange(orgs) if complete else np.flatnonzero(rng.random(orgs) < 0.8)
        )
        wave_list.append(np.full(len(present), 2010 + 2 * w))
        org_list.append(present)
    wave = np.concatenate(wave_list)
    org = np.concatenate(org_list)
    group_of = rng.integers(0, groups, orgs)
    group = group_of[org].copy()
    if regroup:
        moved = rng.random(len(org)) < 0.1
        group[moved] = rng.integers(0, groups, int(moved.sum()))
    columns: dict[str, Any] = {
        "wave": wave,
        "org_code": org + 5000,
        "size": np.array([f"g{g}" for g in group]),
    }
    return add_answers(
        rng, columns, items=items, missing=0.15, weights=weights, shuffle=shuffle
    )


def _reference(
    columns: dict[str, Any],
    items: list[str],
    among: str | None,
    pairs: list[tuple[int, int]],
) -> dict[str, Any]:
    waves = sorted(set(columns["wave"].tolist()))
    groups = sorted(set(columns["size"].tolist()))
    wave = np.array([waves.index(w) for w in columns["wave"].tolist()])
    group = np.array([groups.index(g) for g in columns["size"].tolist()])
    org = columns["org_code"]
    filt = np.ones(len(wave), bool) if among is None else columns[among] == 1
    w = columns.get("weight")
    shape = (len(waves), len(groups), len(items))
    out: dict[str, Any] = {
        name: np.zeros(shape) for name in ("yes", "base", "wy", "wb", "wwy", "ww")
    }
    for i, item in enumerate(items):
        x = columns[item]
        for a in range(len(waves)):
            for g in range(len(groups)):
                rows = (wave == a) & (group == g) & filt & ~np.isnan(x)
                out["yes"][a, g, i] = np.sum(x[rows] == 1)
                out["base"][a, g, i] = np.sum(rows)
                if w is not None:
                    out["wy"][a, g, i] = np.sum(w[rows] * (x[rows] == 1))
                    out["wb"][a, g, i] = np.sum(w[rows])
                    out["wwy"][a, g, i] = np.sum(w[rows] ** 2 * (x[rows] == 1))
                    out["ww"][a, g, i] = np.sum(w[rows] ** 2)
    panel = np.zeros((len(pairs), len(groups), len(items), 4))
    for p, (b, a) in enumerate(pairs):
        after = {int(org[r]): r for r in np.flatnonzero(wave == a)}
        for rb in np.flatnonzero(wave == b):
            ra = after.get(int(org[rb]))
            if ra is None or group[rb] != group[ra] or not (filt[rb] and filt[ra]):
                continue
            for i, item in enumerate(items):
                xb, xa = columns[item][rb], columns[item][ra]
                if np.isnan(xb) or np.isnan(xa):
                    continue
                cell = {(1, 1): 0, (1, 0): 1, (0, 1): 2, (0, 0): 3}[(int(xb), int(xa))]
                panel[p, group[rb], i, cell] += 1
    out["panel"] = panel
    return out


def assert_design_moments(tally: Any, expected: dict[str, Any], orgs: int) -> None:
    """A weighted survey's tally: its one stratum's moments are the sums."""
    assert tally.design_based
    assert tally.strata == ("all",)
    assert tally.stratum_units.tolist() == [orgs]  # every wave's organisations
    assert np.isinf(tally.population_sizes).all()
    moments = tally.design_moments[:, :, 0]
    for k, name in enumerate(("wy", "wb", "wwy", "ww")):
        np.testing.assert_allclose(moments[..., k], expected[name], rtol=1e-12)


CASES = [
    {"complete": True, "shuffle": False, "regroup": False, "weights": False},
    {"complete": True, "shuffle": True, "regroup": False, "weights": False},
    {"complete": False, "shuffle": False, "regroup": True, "weights": False},
    {"complete": False, "shuffle": True, "regroup": True, "weights": True},
    {"complete": True, "shuffle": False, "regroup": False, "weights": True},
]


@pytest.mark.parametrize("among", [None, "q0"])
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("items", [1, 7, 12])
def test_tally_matches_the_reference(
    case: dict[str, bool], among: str | None, items: int
) -> None:
    rng = np.random.default_rng(items * 100 + len(str(case)) + (among is None))
    columns = _survey_columns(rng, waves=4, orgs=60, items=items, groups=3, **case)
    names = [f"q{j}" for j in range(items)]
    survey = Survey.from_columns(columns, items=names, register=None)
    pairs = [(0, 1), (1, 2), (2, 3), (0, 3)]
    chosen = [n for n in names if n != among] or names
    tally = survey.tally(
        chosen,
        by="size",
        among=among,
        pairs=[(survey.waves[b], survey.waves[a]) for b, a in pairs],
    )
    expected = _reference(columns, chosen, among, pairs)
    np.testing.assert_array_equal(tally.yes, expected["yes"])
    np.testing.assert_array_equal(tally.base, expected["base"])
    np.testing.assert_array_equal(tally.panel_cells, expected["panel"])
    if case["weights"]:
        assert tally.weighted_yes is not None
        np.testing.assert_allclose(tally.weighted_yes, expected["wy"], rtol=1e-12)
        np.testing.assert_allclose(tally.weighted_base, expected["wb"], rtol=1e-12)
        np.testing.assert_allclose(tally.squared_weights, expected["ww"], rtol=1e-12)
        assert_design_moments(tally, expected, len(set(columns["org_code"].tolist())))
    else:
        assert not tally.design_based
    # rates and deltas computed through either tally agree
    plain = survey.tally(chosen, by="size", among=among, pairs=())
    np.testing.assert_array_equal(plain.yes, tally.yes)
    np.testing.assert_array_equal(plain.base, tally.base)


@pytest.mark.parametrize("threads", ["1", "2"])
def test_thread_count_does_not_change_results(
    threads: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(7)
    columns = _survey_columns(
        rng,
        waves=3,
        orgs=200,
        items=11,
        groups=4,
        complete=False,
        shuffle=True,
        regroup=True,
        weights=True,
    )
    names = [f"q{j}" for j in range(11)]
    survey = Survey.from_columns(columns, items=names, register=None)
    reference = survey.tally(by="size")
    monkeypatch.setenv("SKL_SOCIALMEDIA_THREADS", threads)
    again = Survey.from_columns(columns, items=names, register=None).tally(by="size")
    np.testing.assert_array_equal(again.yes, reference.yes)
    np.testing.assert_array_equal(again.panel_cells, reference.panel_cells)
    assert again.weighted_base is not None
    assert reference.weighted_base is not None
    np.testing.assert_allclose(again.weighted_base, reference.weighted_base, rtol=1e-13)


@pytest.mark.parametrize(("rows", "bins"), [(37, 1 << 17), (1000, 40), (64, 300)])
def test_pieces_and_batch_sizes_do_not_change_results(
    rows: int, bins: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skl_socialmedia.tally.numpy_engine import tuning

    rng = np.random.default_rng(rows)
    columns = _survey_columns(
        rng,
        waves=3,
        orgs=90,
        items=9,
        groups=3,
        complete=False,
        shuffle=False,
        regroup=True,
        weights=True,
    )
    names = [f"q{j}" for j in range(9)]
    survey = Survey.from_columns(columns, items=names, register=None)
    pairs = [(survey.waves[0], survey.waves[1]), (survey.waves[0], survey.waves[2])]
    expected = _reference(columns, names, None, [(0, 1), (0, 2)])
    monkeypatch.setattr(tuning, "ROWS", rows)
    monkeypatch.setattr(tuning, "MAX_BINS", bins)
    tally = survey.tally(by="size", pairs=pairs)
    np.testing.assert_array_equal(tally.yes, expected["yes"])
    np.testing.assert_array_equal(tally.base, expected["base"])
    np.testing.assert_array_equal(tally.panel_cells, expected["panel"])
    np.testing.assert_allclose(tally.squared_weights, expected["ww"], rtol=1e-12)
    assert_design_moments(tally, expected, len(set(columns["org_code"].tolist())))


@pytest.mark.parametrize(
    ("task_rows", "product", "bin_cost"),
    [(1, 1, 3.0), (200, 1 << 19, 3.0), (1, 1, 0.01), (200, 1 << 19, 0.01)],
)
def test_runs_of_items_and_product_blocks_do_not_change_the_panel(
    task_rows: int, product: int, bin_cost: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skl_socialmedia.tally.numpy_engine import tuning

    rng = np.random.default_rng(task_rows)
    columns = _survey_columns(
        rng,
        waves=3,
        orgs=120,
        items=11,
        groups=4,
        complete=False,
        shuffle=True,
        regroup=True,
        weights=False,
    )
    names = [f"q{j}" for j in range(11)]
    survey = Survey.from_columns(columns, items=names, register=None)
    pairs = [(survey.waves[0], survey.waves[1]), (survey.waves[1], survey.waves[2])]
    expected = _reference(columns, names, None, [(0, 1), (1, 2)])
    monkeypatch.setattr(tuning, "TASK_ROWS", task_rows)  # a task per key, or a few
    monkeypatch.setattr(tuning, "PRODUCT_SIZE", product)  # a product per row
    monkeypatch.setattr(tuning, "BIN_COST", bin_cost)  # 0.01: three items a key
    tally = survey.tally(by="size", pairs=pairs)
    np.testing.assert_array_equal(tally.yes, expected["yes"])
    np.testing.assert_array_equal(tally.base, expected["base"])
    np.testing.assert_array_equal(tally.panel_cells, expected["panel"])
