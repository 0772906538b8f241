"""One cell of the tables: a single rate or change, as the tables compute it.

:func:`one_rate` and :func:`one_delta` are what ``Survey.rate`` and
``Survey.pp_delta`` return — a cell of :func:`~.estimates.rate_table` or
:func:`~.estimates.delta_table`, so a single figure and a whole table can
never disagree.
"""

from __future__ import annotations

import numpy as np

from skl_socialmedia.errors import DataError
from skl_socialmedia.statistics import Delta, Rate
from skl_socialmedia.tally.counts import Counts
from skl_socialmedia.tally.estimates import EstimateOptions, delta_table, rate_table

__all__ = ["one_delta", "one_rate"]


def one_rate(counts: Counts, wave: str, options: EstimateOptions) -> Rate:
    """Return the rate of the first item and group in ``wave`` (a table's cell)."""
    w = counts.waves.index(wave)
    table = rate_table(counts, options)
    row = w * len(counts.groups) * len(counts.items)
    if not np.isfinite(table.value[row]):
        if table.n[row] > 0 and not table.total[row] > 0:
            raise DataError(
                f"the weights of the answers to {counts.items[0]!r} in wave "
                f"{wave!r} sum to zero: no weighted estimate"
            )
        raise DataError(f"no answers to {counts.items[0]!r} in wave {wave!r}")
    population = table.population[row]
    return Rate(
        successes=float(table.successes[row]),
        total=float(table.total[row]),
        value=float(table.value[row]),
        low=float(table.low[row]),
        high=float(table.high[row]),
        method=table.method,
        confidence=table.confidence,
        population=None if np.isnan(population) else float(population),
        effective_n=float(table.effective_n[row]),
        design=table.design,
        se=float(table.se[row]),
        design_effect=float(table.design_effect[row]),
        df=float(table.df[row]),
        quantile=table.quantile,
    )


def one_delta(counts: Counts, options: EstimateOptions) -> Delta:
    """Return the change of the first item and group over the first pair."""
    table = delta_table(counts, options, pairs=counts.pairs[:1] or None)
    before, after = str(table.before_wave[0]), str(table.after_wave[0])
    if not np.isfinite(table.value[0]):
        if options.paired is True:
            raise DataError(
                f"no organisation answered {counts.items[0]!r} in both "
                f"{before!r} and {after!r}"
            )
        for wave in (before, after):
            one_rate(counts, wave, options)  # raises for the wave without answers
    return Delta(
        value=float(table.value[0]),
        low=float(table.low[0]),
        high=float(table.high[0]),
        method=str(table.method[0]),
        confidence=table.confidence,
        paired=bool(table.paired[0]),
        p_value=float(table.p_value[0]),
        test=str(table.test[0]),
        before=float(table.before[0]),
        after=float(table.after[0]),
        se=float(table.se[0]),
        df=float(table.df[0]),
        quantile=table.quantile,
        construction=str(table.construction[0]),
        n_pairs=int(table.n_pairs[0]),
        correlation=float(table.correlation[0]),
        effective_n=float(table.effective_n[0]),
        design_effect=float(table.design_effect[0]),
    )
