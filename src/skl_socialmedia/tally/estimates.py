"""Counts → estimates: rates and changes for every cell, with their intervals.

Everything here is a whole-array call into :mod:`skl_socialmedia.statistics`
over counts read through the small :class:`Counts` protocol (a
:class:`~skl_socialmedia.tally.model.Tally` is one; this module never imports
it). Cells without answers get NaN estimates.
:mod:`~skl_socialmedia.tally.one_cell` gives one cell of the same tables, so
a single figure and a whole table can never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.statistics import (
    DELTA_METHODS,
    PAIRED_METHODS,
    RATE_METHODS,
    DeltaMethod,
    PairedMethod,
    RateArray,
    RateMethod,
    paired_pp_delta_array,
    pp_delta_array,
    rate_array,
    t_quantile,
    weighted_rate_array,
)
from skl_socialmedia.statistics._validation import check_confidence, check_method
from skl_socialmedia.tally.changes import (
    change_sizes,
    check_correlated_method,
    correlated_changes,
    overlap_p_values,
    panel_correlations,
)
from skl_socialmedia.tally.counts import Counts
from skl_socialmedia.tally.design_estimates import (
    design_changes,
    design_rates,
    design_variances,
    moment_scale,
    weighted_moments,
)
from skl_socialmedia.tally.pairing import (
    Paired,
    choose_constructions,
    pair_indices,
    panel_cells_needed,
)
from skl_socialmedia.tally.tables import DeltaTable, RateTable, table_labels

__all__ = [
    "Counts",
    "DegreesOfFreedom",
    "EstimateOptions",
    "Paired",
    "Population",
    "delta_table",
    "low_base",
    "panel_cells_needed",
    "rate_table",
]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Index = npt.NDArray[np.intp]

#: Population sizes for the finite population correction: one number for
#: every group, or a mapping of group label to number.
Population = float | Mapping[str, float] | None


#: The degrees of freedom of an interval's quantile: a number (``inf``, the
#: default, is the normal quantile) or ``"design"``: the design's units less
#: its strata (R ``degf``).
DegreesOfFreedom = float | Literal["design"]


def _df(value: DegreesOfFreedom) -> DegreesOfFreedom:
    if value == "design":
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not (value > 0):
        raise InvalidArgumentError(
            f"df must be a positive number, inf or 'design', not {value!r}"
        )
    return float(value)


def _confidence(value: float) -> float:
    return check_confidence(value)


def _rate_method(value: RateMethod) -> RateMethod:
    return check_method(value, "rate method", RATE_METHODS)


def _delta_method(value: DeltaMethod) -> DeltaMethod:
    return check_method(value, "delta method", DELTA_METHODS)


def _paired_method(value: PairedMethod) -> PairedMethod:
    return check_method(value, "paired delta method", PAIRED_METHODS)


def _paired(value: Paired) -> Paired:
    if value not in (True, False, "auto"):
        raise InvalidArgumentError(
            f"paired must be True, False or 'auto', not {value!r}"
        )
    return value


@attrs.frozen
class EstimateOptions:
    """How estimates are made: confidence, interval methods, pairing, population.

    - ``confidence``: the two-sided confidence level;
    - ``rate_method``: the interval of a rate (and of the two rates an
      independent change starts from);
    - ``delta_method``: the interval of a change between independent samples;
    - ``paired_method``: the interval of a change over a panel;
    - ``paired``: ``"auto"`` pairs where a panel is both waves' whole sample,
      ``True`` always (over the panel), ``False`` never;
    - ``population``: the finite population correction's sizes (see
      :data:`Population`);
    - ``df``: the degrees of freedom of the quantile (see
      :data:`DegreesOfFreedom`); Student's t instead of the normal quantile
      needs a design-based tally.

    Every option is checked here, up front, whether or not the estimates
    will use it (an unknown ``delta_method`` is an error also when every
    change turns out paired).
    """

    confidence: float = attrs.field(default=0.95, converter=_confidence)
    rate_method: RateMethod = attrs.field(default="wilson", converter=_rate_method)
    delta_method: DeltaMethod = attrs.field(default="newcombe", converter=_delta_method)
    paired_method: PairedMethod = attrs.field(
        default="newcombe", converter=_paired_method
    )
    paired: Paired = attrs.field(default="auto", converter=_paired)
    population: Population = None
    df: DegreesOfFreedom = attrs.field(default=math.inf, converter=_df)

    @classmethod
    def for_rates(
        cls,
        confidence: float,
        method: RateMethod,
        population: Population,
        df: DegreesOfFreedom = math.inf,
    ) -> EstimateOptions:
        """Return the options of a rate method's keywords (``method=``)."""
        return cls(
            confidence=confidence, rate_method=method, population=population, df=df
        )

    @classmethod
    def for_deltas(
        cls,
        paired: Paired,
        method: DeltaMethod,
        paired_method: PairedMethod,
        confidence: float,
        rate_method: RateMethod,
        population: Population,
        df: DegreesOfFreedom = math.inf,
    ) -> EstimateOptions:
        """Return the options of a change method's keywords (``method=`` …)."""
        return cls(
            confidence=confidence,
            rate_method=rate_method,
            delta_method=method,
            paired_method=paired_method,
            paired=paired,
            population=population,
            df=df,
        )


def low_base(rates: RateArray) -> Bools:
    """Return the NCHS low-base flag of every rate: the standards say suppress."""
    return np.asarray(rates.flags.suppress, dtype=bool)


def _group_populations(counts: Counts, population: Population) -> Floats | None:
    if population is None:
        return None
    if counts.weighted or counts.design_based:
        raise InvalidArgumentError(
            "population= cannot be combined with weights or a survey design: "
            "the design carries its population sizes, Design(population=…)"
        )
    if isinstance(population, Mapping):
        missing = [g for g in counts.groups if g not in population]
        if missing:
            raise UnknownNameError(
                "group in population=", missing[0], [str(k) for k in population]
            )
        sizes = np.array([float(population[g]) for g in counts.groups])
    else:
        sizes = np.full(len(counts.groups), float(population))
    if np.any(~np.isfinite(sizes) | (sizes <= 0)):
        raise InvalidArgumentError("population sizes must be positive numbers")
    over = counts.respondents > sizes[None, :]
    if over.any():
        w, g = (int(i[0]) for i in np.nonzero(over))
        raise InvalidArgumentError(
            f"{counts.respondents[w, g]} organisations in group {counts.groups[g]!r} "
            f"in wave {counts.waves[w]!r}, more than its population {sizes[g]:g}"
        )
    return sizes


def _cell_populations(counts: Counts, population: Population) -> Floats | None:
    """Return each cell's base population: N_g × domain rows / respondents.

    Item non-response is treated as missing at random within the base; the
    base itself (all respondents, or those answering yes to ``among``) is a
    domain whose population size is estimated with the sampling fraction.
    """
    sizes = _group_populations(counts, population)
    if sizes is None:
        return None
    with np.errstate(invalid="ignore", divide="ignore"):
        per_wave = counts.domain_rows * sizes[None, :] / counts.respondents
    cells: Floats = np.broadcast_to(per_wave[:, :, None], counts.base.shape).copy()
    return cells


def _weight_scale(counts: Counts) -> int:
    """Return the power of two the counts' weights are divided by (see Tally)."""
    return int(getattr(counts, "weight_scale", 0))


def _unscaled(sums: Floats, scale: int) -> Floats:
    """Return weighted sums times ``2**scale``: the sums of the weights given.

    (``inf`` where they exceed the largest float; the estimates never need
    them unscaled.)
    """
    if scale == 0:
        return sums
    with np.errstate(over="ignore", under="ignore"):
        result: Floats = np.ldexp(sums, scale)
    return result


def _valid(counts: Counts) -> Bools:
    if counts.weighted_base is not None and counts.squared_weights is not None:
        result: Bools = (
            (counts.base > 0)
            & (counts.weighted_base > 0)
            & (counts.squared_weights > 0)
        )
        return result
    positive: Bools = counts.base > 0
    return positive


def _rates(
    counts: Counts,
    cells: tuple[npt.NDArray[np.intp], ...],
    populations: Floats | None,
    *,
    confidence: float,
    method: RateMethod,
    df: DegreesOfFreedom = math.inf,
    variances: Floats | None = None,
) -> RateArray:
    """Return the rates of the cells at index ``cells`` (all with answers).

    A design-based tally's rates get their linearised ``variances`` (computed
    here when not given).
    """
    if counts.design_based:
        return design_rates(
            counts,
            cells,
            confidence=confidence,
            method=method,
            df=df,
            variances=variances,
        )
    if df != math.inf:
        raise InvalidArgumentError(
            "Student's t (df=) needs a survey design — weights, strata or a "
            "population: see Design"
        )
    if (
        counts.weighted_yes is not None
        and counts.weighted_base is not None
        and counts.squared_weights is not None
    ):
        return weighted_rate_array(
            counts.weighted_yes[cells],
            counts.weighted_base[cells],
            counts.squared_weights[cells],
            confidence=confidence,
            method=method,
        )
    return rate_array(
        counts.yes[cells].astype(float),
        counts.base[cells].astype(float),
        confidence=confidence,
        method=method,
        population=None if populations is None else populations[cells],
    )


def _text_grid(
    shape: tuple[int, ...], axis: int, labels: Sequence[str]
) -> npt.NDArray[np.str_]:
    """Return the label of each cell along ``axis``, for cells in C order."""
    inner = int(np.prod(shape[axis + 1 :]))
    outer = int(np.prod(shape[:axis]))
    result: npt.NDArray[np.str_] = np.tile(
        np.repeat(np.asarray(labels, dtype=str), inner), outer
    )
    return result


def rate_table(counts: Counts, options: EstimateOptions) -> RateTable:
    """Return the rate of every (wave, group, item) cell as a :class:`RateTable`."""
    shape = counts.base.shape
    populations = _cell_populations(counts, options.population)
    cells = np.nonzero(_valid(counts))
    rates = _rates(
        counts,
        cells,
        populations,
        confidence=options.confidence,
        method=options.rate_method,
        df=options.df,
    )
    size = int(np.prod(shape))

    def scatter(values: Any) -> Floats:
        out = np.full(shape, np.nan)
        out[cells] = values
        return out.reshape(-1)

    flags = np.zeros(shape, dtype=bool)
    flags[cells] = low_base(rates)
    if counts.design_based:
        moments = weighted_moments(counts)[0]
        scale = moment_scale(counts)
        successes = _unscaled(moments[..., 0].sum(axis=2).reshape(-1), scale)
        total = _unscaled(moments[..., 1].sum(axis=2).reshape(-1), scale)
    elif counts.weighted_yes is not None and counts.weighted_base is not None:
        scale = _weight_scale(counts)
        successes = _unscaled(counts.weighted_yes.reshape(-1), scale)
        total = _unscaled(counts.weighted_base.reshape(-1), scale)
    else:
        successes = counts.yes.reshape(-1).astype(float)
        total = counts.base.reshape(-1).astype(float)
    return RateTable(
        wave=_text_grid(shape, 0, counts.waves),
        group=_text_grid(shape, 1, counts.groups),
        item=_text_grid(shape, 2, counts.items),
        n=counts.base.reshape(-1).copy(),
        successes=successes.copy(),
        total=total.copy(),
        value=scatter(rates.value),
        low=scatter(rates.low),
        high=scatter(rates.high),
        effective_n=scatter(rates.effective_n),
        population=(
            np.full(size, np.nan) if populations is None else populations.reshape(-1)
        ),
        low_base=flags.reshape(-1),
        se=scatter(rates.se),
        design_effect=scatter(rates.design_effect),
        df=np.full(size, float(rates.df)),
        quantile=float(rates.quantile),
        method=rates.method,
        confidence=rates.confidence,
        design=rates.design,
        **table_labels(counts),
    )


def delta_table(
    counts: Counts,
    options: EstimateOptions,
    *,
    pairs: Sequence[tuple[object, object]] | None = None,
) -> DeltaTable:
    """Return the change of every (pair, group, item) cell as a :class:`DeltaTable`.

    ``pairs`` defaults to the tallied pairs (else consecutive waves). Each
    cell's construction (paired, overlap, independent) is chosen by
    :func:`~skl_socialmedia.tally.pairing.choose_constructions`; a tally
    whose panel cells were not counted where it needs them is an error.
    """
    chosen, bi, ai, pi = pair_indices(counts, pairs)
    shape = (len(chosen), len(counts.groups), len(counts.items))
    populations = _cell_populations(counts, options.population)
    valid = _valid(counts)
    cells = np.zeros((*shape, 4), np.int64)
    n_pairs = np.zeros(shape, np.int64)
    counted = np.ones(shape, dtype=bool)
    tallied = [i for i, p in enumerate(pi) if p >= 0]
    rows = [pi[i] for i in tallied]
    cells[tallied] = counts.panel_cells[rows]
    n_pairs[tallied] = counts.panel_size_counts[rows]
    counted[tallied] = counts.panel_cells_counted[rows]
    base_b, base_a = counts.base[bi], counts.base[ai]
    built = choose_constructions(
        counts,
        options.paired,
        n_pairs=n_pairs,
        bases=(base_b, base_a),
        valid=(valid[bi], valid[ai]),
        counted=counted,
        chosen=chosen,
        untallied=[chosen[i] for i, p in enumerate(pi) if p < 0],
        population=options.population,
    )

    columns: dict[str, Any] = {
        name: np.full(shape, np.nan)
        for name in ("before", "after", "value", "low", "high", "p_value", "se")
    }
    columns["correlation"] = np.zeros(shape)
    columns["significant"] = np.zeros(shape, dtype=bool)
    text = max(len(options.delta_method), len(options.paired_method), 20)
    columns["method"] = np.full(shape, "", dtype=f"<U{text}")
    columns["test"] = np.full(shape, "", dtype="<U20")
    columns["construction"] = np.full(shape, "", dtype="<U11")
    df = math.inf

    def fill(where: Bools, **values: Any) -> None:
        for name, value in values.items():
            columns[name][where] = value

    def fill_deltas(where: Bools, deltas: Any, **more: Any) -> None:
        """Fill the cells ``where`` from a DeltaArray of the statistics kernels."""
        fields = ("before", "after", "value", "low", "high", "p_value", "test")
        fill(
            where,
            **{name: getattr(deltas, name) for name in fields},
            method=deltas.method,
            **more,
        )
        columns["significant"][where] = np.asarray(deltas.significant)

    def rates_of(where: Bools) -> tuple[RateArray, RateArray, tuple[Index, ...]]:
        pi_, gi, ii = np.nonzero(where)
        variances = design_variances(counts) if counts.design_based else None
        rates_b, rates_a = (
            _rates(
                counts,
                (np.asarray(waves)[pi_], gi, ii),
                populations,
                confidence=options.confidence,
                method=options.rate_method,
                df=options.df,
                variances=variances,
            )
            for waves in (bi, ai)
        )
        return rates_b, rates_a, (pi_, gi, ii)

    def fill_changes(
        where: Bools, rates: tuple[RateArray, RateArray], changes: Any, **more: Any
    ) -> None:
        fill(
            where,
            before=rates[0].value,
            after=rates[1].value,
            value=changes.value,
            low=changes.low,
            high=changes.high,
            p_value=changes.p_value,
            significant=(changes.low > 0) | (changes.high < 0),
            method=options.delta_method,
            se=changes.se,
            correlation=changes.correlation,
            **more,
        )

    independent, overlap = built.independent, built.overlap
    if independent.any() and counts.design_based:
        rates_b, rates_a, (pi_, gi, ii) = rates_of(independent)
        df = rates_a.df
        p_, b_, a_ = (np.asarray(w, dtype=np.intp)[pi_] for w in (pi, bi, ai))
        found = design_changes(
            counts,
            rates_b,
            rates_a,
            (p_, b_, a_, gi, ii),
            method=options.delta_method,
            correlated=options.paired is not False,
        )
        construction = np.where(found.overlap, "overlap", "independent")
        fill_changes(
            independent,
            (rates_b, rates_a),
            found,
            test="design-based z",
            construction=construction,
        )
    elif independent.any():
        rates_b, rates_a, _ = rates_of(independent)
        deltas = pp_delta_array(rates_b, rates_a, method=options.delta_method)
        fill_deltas(
            independent,
            deltas,
            se=np.hypot(rates_b.se, rates_a.se),
            construction="independent",
        )
    if overlap.any():
        check_correlated_method(options.delta_method, "changes over a partial panel")
        rates_b, rates_a, _ = rates_of(overlap)
        c = cells[overlap].astype(float)
        r = panel_correlations(c, rates_b, rates_a)
        found_overlap = correlated_changes(
            rates_b,
            rates_a,
            r * rates_b.se * rates_a.se,
            method=options.delta_method,
            mover_correlation=panel_correlations(c, rates_b, rates_a, corrected=True),
        )
        fill_changes(
            overlap,
            (rates_b, rates_a),
            found_overlap._replace(p_value=overlap_p_values(c, rates_b, rates_a)),
            test="pooled z (overlap)",
            construction="overlap",
        )
    use_paired = built.paired
    if use_paired.any():
        c = cells[use_paired].astype(float)
        deltas = paired_pp_delta_array(
            c[:, 0],
            c[:, 1],
            c[:, 2],
            c[:, 3],
            confidence=options.confidence,
            method=options.paired_method,
        )
        n = c.sum(axis=1)
        moved = c[:, 1] + c[:, 2] - (c[:, 2] - c[:, 1]) ** 2 / n
        fill_deltas(
            use_paired,
            deltas,
            se=np.sqrt(np.maximum(moved, 0.0)) / n,
            correlation=_phi(c),
            construction="paired",
        )
    flat = {name: array.reshape(-1) for name, array in columns.items()}
    n_before = base_b.reshape(-1).copy()
    n_after = base_a.reshape(-1).copy()
    effective_n, design_effect = change_sizes(
        flat["before"], flat["after"], n_before, n_after, flat["se"]
    )
    return DeltaTable(
        before_wave=_text_grid(shape, 0, [b for b, _ in chosen]),
        after_wave=_text_grid(shape, 0, [a for _, a in chosen]),
        group=_text_grid(shape, 1, counts.groups),
        item=_text_grid(shape, 2, counts.items),
        paired=use_paired.reshape(-1),
        n_before=n_before,
        n_after=n_after,
        n_pairs=n_pairs.reshape(-1),
        effective_n=effective_n,
        design_effect=design_effect,
        df=np.full(len(n_before), df),
        confidence=options.confidence,
        quantile=t_quantile(options.confidence, df),
        **table_labels(counts),
        **flat,
    )


def _phi(cells: Floats) -> Floats:
    """Return the phi coefficient of 2×2 panel tables (k, 4): the correlation."""
    both, before_only, after_only, neither = cells.T
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = (both * neither - before_only * after_only) / np.sqrt(
            (both + before_only)
            * (after_only + neither)
            * (both + after_only)
            * (before_only + neither)
        )
    result: Floats = np.nan_to_num(phi)
    return result
