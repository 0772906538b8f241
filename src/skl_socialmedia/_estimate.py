"""Rates and deltas for every cell of a :class:`~skl_socialmedia.tally.Tally`.

Everything here is a whole-array call into :mod:`skl_socialmedia.statistics`;
cells without answers get NaN estimates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import DataError, InvalidArgumentError, UnknownNameError
from skl_socialmedia.statistics import (
    Delta,
    Rate,
    RateArray,
    paired_pp_delta,
    paired_pp_delta_array,
    pp_delta,
    pp_delta_array,
    rate_array,
    weighted_rate_array,
)
from skl_socialmedia.tables import DeltaTable, RateTable

if TYPE_CHECKING:
    from skl_socialmedia.tally import Tally

__all__ = ["delta_table", "low_base", "rate_table", "single_delta", "single_rate"]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Population = float | Mapping[str, float] | None


def low_base(rates: RateArray) -> Bools:
    """Return the NCHS low-base flag of every rate: the standards say suppress."""
    return np.asarray(rates.flags.suppress, dtype=bool)


def _group_populations(tally: Tally, population: Population) -> Floats | None:
    if population is None:
        return None
    if tally.weighted:
        raise InvalidArgumentError(
            "a finite population correction cannot be combined with weights: the "
            "weights already describe the design"
        )
    if isinstance(population, Mapping):
        missing = [g for g in tally.groups if g not in population]
        if missing:
            raise UnknownNameError(
                "group in population=", missing[0], [str(k) for k in population]
            )
        sizes = np.array([float(population[g]) for g in tally.groups])
    else:
        sizes = np.full(len(tally.groups), float(population))
    if np.any(~np.isfinite(sizes) | (sizes <= 0)):
        raise InvalidArgumentError("population sizes must be positive numbers")
    over = tally.respondents > sizes[None, :]
    if over.any():
        w, g = (int(i[0]) for i in np.nonzero(over))
        raise InvalidArgumentError(
            f"{tally.respondents[w, g]} organisations in group {tally.groups[g]!r} "
            f"in wave {tally.waves[w]!r}, more than its population {sizes[g]:g}"
        )
    return sizes


def _cell_populations(tally: Tally, population: Population) -> Floats | None:
    """Return each cell's base population: N_g × domain rows / respondents.

    Item non-response is treated as missing at random within the base; the
    base itself (all respondents, or those answering yes to ``among``) is a
    domain whose population size is estimated with the sampling fraction.
    """
    sizes = _group_populations(tally, population)
    if sizes is None:
        return None
    with np.errstate(invalid="ignore", divide="ignore"):
        per_wave = tally.domain_rows * sizes[None, :] / tally.respondents
    cells: Floats = np.broadcast_to(per_wave[:, :, None], tally.base.shape).copy()
    return cells


def _valid(tally: Tally) -> Bools:
    if tally.weighted_base is not None and tally.squared_weights is not None:
        result: Bools = (
            (tally.base > 0) & (tally.weighted_base > 0) & (tally.squared_weights > 0)
        )
        return result
    positive: Bools = tally.base > 0
    return positive


def _rates(
    tally: Tally,
    cells: tuple[npt.NDArray[np.intp], ...],
    populations: Floats | None,
    *,
    confidence: float,
    method: str,
) -> RateArray:
    """Return the rates of the cells at index ``cells`` (all with answers)."""
    if (
        tally.weighted_yes is not None
        and tally.weighted_base is not None
        and tally.squared_weights is not None
    ):
        return weighted_rate_array(
            tally.weighted_yes[cells],
            tally.weighted_base[cells],
            tally.squared_weights[cells],
            confidence=confidence,
            method=method,
        )
    return rate_array(
        tally.yes[cells].astype(float),
        tally.base[cells].astype(float),
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


def rate_table(
    tally: Tally, *, confidence: float, method: str, population: Population
) -> RateTable:
    """Return the rate of every cell of ``tally`` as a :class:`RateTable`."""
    shape = tally.base.shape
    populations = _cell_populations(tally, population)
    valid = _valid(tally)
    cells = np.nonzero(valid)
    rates = _rates(tally, cells, populations, confidence=confidence, method=method)
    size = int(np.prod(shape))

    def scatter(values: Any) -> Floats:
        out = np.full(shape, np.nan)
        out[cells] = values
        return out.reshape(-1)

    flags = np.zeros(shape, dtype=bool)
    flags[cells] = low_base(rates)
    if tally.weighted_yes is not None and tally.weighted_base is not None:
        successes = tally.weighted_yes.reshape(-1)
        total = tally.weighted_base.reshape(-1)
    else:
        successes = tally.yes.reshape(-1).astype(float)
        total = tally.base.reshape(-1).astype(float)
    return RateTable(
        wave=_text_grid(shape, 0, tally.waves),
        group=_text_grid(shape, 1, tally.groups),
        item=_text_grid(shape, 2, tally.items),
        n=tally.base.reshape(-1).copy(),
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
        method=rates.method,
        confidence=rates.confidence,
        design=rates.design,
        grouping=tally.grouping,
        among=tally.among,
    )


def _pair_indices(
    tally: Tally, pairs: Sequence[tuple[object, object]] | None
) -> tuple[list[tuple[str, str]], list[int], list[int], list[int]]:
    if pairs is None:
        chosen = list(tally.pairs) or list(
            zip(tally.waves[:-1], tally.waves[1:], strict=True)
        )
    else:
        chosen = [(str(b), str(a)) for b, a in pairs]
    for before, after in chosen:
        for wave in (before, after):
            if wave not in tally.waves:
                raise UnknownNameError("wave", wave, tally.waves)
        if before == after:
            raise InvalidArgumentError(f"cannot compare wave {before!r} with itself")
    before_index = [tally.waves.index(b) for b, _ in chosen]
    after_index = [tally.waves.index(a) for _, a in chosen]
    panel_index = [tally.pairs.index(p) if p in tally.pairs else -1 for p in chosen]
    return chosen, before_index, after_index, panel_index


def _choose_paired(
    tally: Tally,
    paired: bool | Literal["auto"],
    n_pairs: npt.NDArray[np.int64],
    base_before: npt.NDArray[np.int64],
    base_after: npt.NDArray[np.int64],
    untallied: list[tuple[str, str]],
) -> Bools:
    if paired not in (True, False, "auto"):
        raise InvalidArgumentError(
            f"paired must be True, False or 'auto', not {paired!r}"
        )
    if paired is False:
        return np.zeros(n_pairs.shape, dtype=bool)
    if untallied:
        raise InvalidArgumentError(
            f"the panel cells of waves {untallied[0]} were not tallied; tally with "
            "pairs= including it, or pass paired=False"
        )
    if paired is True:
        if tally.weighted:
            raise InvalidArgumentError(
                "paired intervals are not available for weighted surveys; "
                "use paired=False or 'auto'"
            )
        result: Bools = n_pairs > 0
        return result
    full: Bools = (n_pairs > 0) & (n_pairs == base_before) & (n_pairs == base_after)
    return full & (not tally.weighted)


def delta_table(
    tally: Tally,
    *,
    pairs: Sequence[tuple[object, object]] | None,
    paired: bool | Literal["auto"],
    method: str,
    paired_method: str,
    confidence: float,
    rate_method: str,
    population: Population,
    panel_sizes: npt.NDArray[np.int64] | None = None,
) -> DeltaTable:
    """Return the change of every (pair, group, item) cell as a :class:`DeltaTable`.

    ``panel_sizes`` (P, G, I), when given, are the panels' sizes per tallied
    pair (``n_pairs``); then the tally's panel cells need only be right where
    the paired interval is chosen (see
    :func:`~skl_socialmedia.tally.count_pair_cells`).
    """
    chosen, bi, ai, pi = _pair_indices(tally, pairs)
    shape = (len(chosen), len(tally.groups), len(tally.items))
    populations = _cell_populations(tally, population)
    valid = _valid(tally)
    cells = np.zeros((*shape, 4), np.int64)
    tallied = [i for i, p in enumerate(pi) if p >= 0]
    cells[tallied] = tally.panel_cells[[pi[i] for i in tallied]]
    if panel_sizes is None:
        n_pairs = cells.sum(axis=-1)
    else:
        n_pairs = np.zeros(shape, np.int64)
        n_pairs[tallied] = panel_sizes[[pi[i] for i in tallied]]
    base_b, base_a = tally.base[bi], tally.base[ai]
    untallied = [chosen[i] for i, p in enumerate(pi) if p < 0]
    use_paired = _choose_paired(tally, paired, n_pairs, base_b, base_a, untallied)
    independent = ~use_paired & valid[bi] & valid[ai] & (paired is not True)

    columns: dict[str, Any] = {
        name: np.full(shape, np.nan)
        for name in ("before", "after", "value", "low", "high", "p_value")
    }
    columns["significant"] = np.zeros(shape, dtype=bool)
    text = max(len(method), len(paired_method), 20)
    columns["method"] = np.full(shape, "", dtype=f"<U{text}")
    columns["test"] = np.full(shape, "", dtype="<U20")

    def fill(where: Bools, deltas: Any) -> None:
        for name in ("before", "after", "value", "low", "high", "p_value"):
            columns[name][where] = getattr(deltas, name)
        columns["significant"][where] = np.asarray(deltas.significant, dtype=bool)
        columns["method"][where] = deltas.method
        columns["test"][where] = deltas.test

    if independent.any():
        p, g, i = np.nonzero(independent)
        rates_b, rates_a = (
            _rates(
                tally,
                (np.asarray(waves)[p], g, i),
                populations,
                confidence=confidence,
                method=rate_method,
            )
            for waves in (bi, ai)
        )
        fill(independent, pp_delta_array(rates_b, rates_a, method=method))
    if use_paired.any():
        c = cells[use_paired].astype(float)
        deltas = paired_pp_delta_array(
            c[:, 0],
            c[:, 1],
            c[:, 2],
            c[:, 3],
            confidence=confidence,
            method=paired_method,
        )
        fill(use_paired, deltas)
    flat = {name: array.reshape(-1) for name, array in columns.items()}
    return DeltaTable(
        before_wave=_text_grid(shape, 0, [b for b, _ in chosen]),
        after_wave=_text_grid(shape, 0, [a for _, a in chosen]),
        group=_text_grid(shape, 1, tally.groups),
        item=_text_grid(shape, 2, tally.items),
        paired=use_paired.reshape(-1),
        n_before=base_b.reshape(-1).copy(),
        n_after=base_a.reshape(-1).copy(),
        n_pairs=n_pairs.reshape(-1),
        confidence=confidence,
        grouping=tally.grouping,
        among=tally.among,
        **flat,
    )


def single_rate(
    tally: Tally,
    wave: str,
    *,
    confidence: float,
    method: str,
    population: float | None,
) -> Rate:
    """Return the rate of the tally's first item and group in ``wave``."""
    w = tally.waves.index(wave)
    if not _valid(tally)[w, 0, 0]:
        raise DataError(f"no answers to {tally.items[0]!r} in wave {wave!r}")
    cells = (np.array([w]), np.array([0]), np.array([0]))
    populations = _cell_populations(tally, population)
    rates = _rates(tally, cells, populations, confidence=confidence, method=method)
    return rates[0]


def single_delta(
    tally: Tally,
    *,
    paired: bool | Literal["auto"],
    method: str,
    paired_method: str,
    confidence: float,
    rate_method: str,
    population: float | None,
) -> Delta:
    """Return the change of the tally's first item and group over its first pair."""
    before, after = tally.pairs[0]
    b, a = tally.waves.index(before), tally.waves.index(after)
    cells = tally.panel_cells[0, 0, 0]
    n_pairs = cells.sum(keepdims=True)
    use_paired = _choose_paired(
        tally, paired, n_pairs, tally.base[b, 0, :1], tally.base[a, 0, :1], []
    )
    item = tally.items[0]
    if bool(use_paired[0]):
        both, before_only, after_only, neither = (float(c) for c in cells)
        return paired_pp_delta(
            both,
            before_only,
            after_only,
            neither,
            confidence=confidence,
            method=paired_method,
        )
    if paired is True:
        raise DataError(
            f"no organisation answered {item!r} in both {before!r} and {after!r}"
        )
    rates = []
    for wave in (before, after):
        rates.append(
            single_rate(
                tally,
                wave,
                confidence=confidence,
                method=rate_method,
                population=population,
            )
        )
    return pp_delta(rates[0], rates[1], method=method)
