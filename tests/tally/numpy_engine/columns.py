"""Shared pieces of the synthetic surveys the perf tests build (not a test module)."""

from __future__ import annotations

from typing import Any

import numpy as np


def add_answers(
    rng: np.random.Generator,
    columns: dict[str, Any],
    *,
    items: int,
    missing: float,
    weights: bool,
    shuffle: bool = False,
) -> dict[str, Any]:
    """Add float answer columns ``q0``… (NaN missing) and weights; maybe shuffle.

    Each item is yes with a probability of its own; the rows are shuffled
    (every column alike) when ``shuffle`` is set.
    """
    n = len(columns["wave"])
    for j in range(items):
        x = (rng.random(n) < rng.uniform(0.2, 0.8)).astype(float)
        x[rng.random(n) < missing] = np.nan
        columns[f"q{j}"] = x
    if weights:
        columns["weight"] = rng.uniform(0.5, 3.0, n)
    if shuffle:
        order = rng.permutation(n)
        columns = {k: v[order] for k, v in columns.items()}
    return columns


def panel_columns(
    rng: np.random.Generator,
    *,
    waves: int,
    orgs: int,
    groups: int,
    items: int,
    missing: float,
    complete: bool,
    weights: bool = False,
    shuffle: bool = False,
    present: float = 0.8,
    first_code: int = 7000,
) -> dict[str, Any]:
    """A panel survey's columns: ``orgs`` organisations in ``waves`` waves.

    Every organisation answers every wave (``complete``) or each wave with
    probability ``present``; organisation codes run from ``first_code``,
    each in one of ``groups`` groups (``size``, text ``g0`` …), with
    :func:`add_answers`' items.
    """
    wave_list, org_list = [], []
    for w in range(waves):
        here = (
            np.arange(orgs) if complete else np.flatnonzero(rng.random(orgs) < present)
        )
        wave_list.append(np.full(len(here), 2010 + w))
        org_list.append(here)
    org = np.concatenate(org_list)
    group_of = rng.integers(0, groups, orgs)
    columns: dict[str, Any] = {
        "wave": np.concatenate(wave_list),
        "org_code": org + first_code,
        "size": np.array([f"g{g}" for g in group_of[org]]),
    }
    return add_answers(
        rng, columns, items=items, missing=missing, weights=weights, shuffle=shuffle
    )
