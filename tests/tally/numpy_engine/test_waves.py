"""Counting wave by wave (rows in wave order, no pairs) equals a plain count.

``Survey.rates`` on rows in wave order counts each wave's rows with narrow
key bases (int16 up to 133 groups, int32 beyond) and gives a smaller last
batch of items the digits of a full one; a few waves share a key space, and
pieces of rows may end inside a wave; rows in any other order go through the
per-row cells. Both must equal a plain mask-per-cell count, with ``among``
filters, weights, waves without rows of a group, waves of unequal sizes, and
1 to 12 items.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from skl_socialmedia import Survey
from skl_socialmedia.tally.numpy_engine import tuning
from tests.tally.numpy_engine.columns import add_answers


def _columns(
    rng: np.random.Generator, *, orgs: int, items: int, groups: int, weights: bool
) -> dict[str, Any]:
    wave = np.repeat(np.arange(2010, 2014), orgs)
    org = np.tile(np.arange(orgs), 4)
    columns: dict[str, Any] = {
        "wave": wave,
        "org_code": org + 100,
        "grp": np.array([f"g{g}" for g in rng.integers(0, groups, orgs)])[org],
    }
    return add_answers(rng, columns, items=items, missing=0.1, weights=weights)


def _plain(columns: dict[str, Any], items: list[str], among: str | None) -> Any:
    waves = sorted(set(columns["wave"].tolist()))
    groups = sorted(set(columns["grp"].tolist()))
    filt = np.ones(len(columns["wave"]), bool)
    if among is not None:
        filt = columns[among] == 1
    w = columns.get("weight", np.ones(len(filt)))
    shape = (len(waves), len(groups), len(items))
    yes, base, wyes, wbase = (np.zeros(shape) for _ in range(4))
    for a, wave in enumerate(waves):
        for g, group in enumerate(groups):
            rows = (columns["wave"] == wave) & (columns["grp"] == group) & filt
            for i, item in enumerate(items):
                x = columns[item][rows]
                yes[a, g, i] = np.sum(x == 1)
                base[a, g, i] = np.sum(~np.isnan(x))
                wyes[a, g, i] = np.sum(w[rows][x == 1])
                wbase[a, g, i] = np.sum(w[rows][~np.isnan(x)])
    return yes, base, wyes, wbase


@pytest.mark.parametrize("groups", [3, 200])
@pytest.mark.parametrize("items", [1, 6, 12])
@pytest.mark.parametrize("among", [None, "q0"])
@pytest.mark.parametrize("weights", [False, True])
@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("piece", [None, 97])
def test_wave_counts_equal_a_plain_count(
    groups: int,
    items: int,
    among: str | None,
    weights: bool,
    shuffle: bool,
    piece: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if piece is not None:
        monkeypatch.setattr(tuning, "ROWS", piece)
    rng = np.random.default_rng(groups + items)
    columns = _columns(rng, orgs=400, items=items, groups=groups, weights=weights)
    kept = rng.random(len(columns["wave"])) < 0.8  # waves of unequal sizes
    columns = {k: v[kept] for k, v in columns.items()}
    if shuffle:
        order = rng.permutation(len(columns["wave"]))
        columns = {k: v[order] for k, v in columns.items()}
    names = [f"q{j}" for j in range(items)]
    survey = Survey.from_columns(columns, items=names, register=None)
    chosen = [n for n in names if n != among]
    if not chosen:
        return
    tally = survey.tally(chosen, by="grp", among=among, pairs=())
    yes, base, wyes, wbase = _plain(columns, chosen, among)
    np.testing.assert_array_equal(tally.yes, yes)
    np.testing.assert_array_equal(tally.base, base)
    if weights:
        assert tally.weighted_yes is not None
        assert tally.weighted_base is not None
        np.testing.assert_allclose(tally.weighted_yes, wyes, rtol=1e-12)
        np.testing.assert_allclose(tally.weighted_base, wbase, rtol=1e-12)
