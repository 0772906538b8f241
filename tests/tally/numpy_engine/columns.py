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
