"""A design's moments: the counts per stratum that linearised variances need.

For a weighted, stratified or finite-population design the engine counts the
cells once more per stratum — the groups of the grouping times the strata —
and keeps, per (wave, group, stratum, item), the sums Σw·y, Σw, Σw²·y and
Σw² over the cell's answers (the counts themselves when unweighted), with
the sampling units (organisations, in any wave) and the population size of
each stratum. Nothing else is needed for R ``survey``'s linearised variance
of a ratio (see :mod:`skl_socialmedia.tally.estimates`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import attrs
import numpy as np

from skl_socialmedia.errors import DataError, Location, UnknownNameError
from skl_socialmedia.survey.builder import SurveyParts
from skl_socialmedia.survey.design import Design
from skl_socialmedia.survey.encode import Codes
from skl_socialmedia.survey.groups import Grouping, categorical
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.numpy_engine.counted import Counted
from skl_socialmedia.tally.numpy_engine.keys import Floats, Ints
from skl_socialmedia.tally.spec import CountSpec

__all__ = [
    "Strata",
    "check_population",
    "design_tally",
    "given_population",
    "stratified_grouping",
    "stratify",
    "with_design_panel",
    "with_design_sizes",
]


class Strata(NamedTuple):
    """Each row's stratum, and per stratum its units and population size."""

    codes: Codes
    labels: tuple[str, ...]
    units: Ints  # (H,): organisations per stratum, in any wave
    population: Floats  # (H,) N_h; inf without a finite population correction


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def stratify(data: SurveyParts, design: Design) -> Strata:
    """Return the strata of a survey's rows under ``design``, checked.

    An organisation is in one stratum in every wave (its rows are one
    sampling unit); a row without a stratum is an error. The sample is every
    organisation of the survey, in any wave, as in R's design on the long
    data: one without a row in a wave is outside that wave's domain, like one
    that did not answer an item.
    """
    if design.strata is None:
        codes: Codes = np.zeros(len(data.wave), dtype=np.int8)
        labels: tuple[str, ...] = ("all",)
    else:
        cat = categorical(data, design.strata)
        codes, labels = cat.codes, tuple(cat.labels)
        if len(codes) and codes.min() < 0:
            row = _first(codes < 0)
            raise DataError(
                "a row has no stratum",
                Location(column=design.strata, row=row, value=None),
            )
    n_strata = len(labels)
    of_org = np.full(len(data.orgs), -1, dtype=np.int64)
    of_org[data.org] = codes
    moved = of_org[data.org] != codes
    if moved.any():
        row = _first(moved)
        org = data.orgs[data.org[row]]
        raise DataError(
            f"organisation {org!r} is in two strata, "
            f"{labels[of_org[data.org[row]]]!r} and {labels[codes[row]]!r}; "
            "an organisation is one sampling unit in every wave",
            Location(column=design.strata, row=row, value=labels[codes[row]]),
        )
    present = of_org >= 0
    units: Ints = np.bincount(of_org[present], minlength=n_strata).astype(np.int64)
    population = _population(data, design, labels, codes, units)
    return Strata(codes, labels, units, population)


def _population(
    data: SurveyParts,
    design: Design,
    labels: tuple[str, ...],
    codes: Codes,
    units: Ints,
) -> Floats:
    """Return each stratum's population size (inf: no correction), checked."""
    given = design.population
    sizes = np.full(len(labels), math.inf)
    if given is None:
        return sizes
    if isinstance(given, str):
        cat = categorical(data, given)
        try:
            per_label = np.array([float(v) for v in cat.labels] + [math.nan])
        except ValueError:
            raise DataError(
                f"population column {given!r} holds a value that is not a number"
            ) from None
        per_row = per_label[cat.codes]
        sizes[codes] = per_row
        differ = sizes[codes] != per_row
        if np.any(differ | ~np.isfinite(per_row)):
            row = _first(differ | ~np.isfinite(per_row))
            raise DataError(
                "the population size differs within a stratum, or is missing",
                Location(column=given, row=row, value=per_row[row]),
            )
    else:
        sizes = given_population(given, labels, units)
    check_population(sizes, labels, units)
    return sizes


def given_population(
    given: Mapping[str, float] | float, labels: Sequence[str], units: Ints
) -> Floats:
    """Return the strata's population sizes given as a mapping or one number.

    A stratum with organisations in the survey must be in a mapping (one
    without may be left out: no correction); one number needs one stratum.
    """
    sizes = np.full(len(labels), math.inf)
    if isinstance(given, Mapping):
        for h, label in enumerate(labels):
            if label not in given and units[h]:
                raise UnknownNameError("stratum in population=", label, list(given))
            sizes[h] = given.get(label, math.inf)
        return sizes
    if len(labels) != 1:
        raise DataError(
            "one population size for several strata: give a mapping "
            "stratum → size, or a column"
        )
    sizes[:] = float(given)
    return sizes


def check_population(sizes: Floats, labels: Sequence[str], units: Ints) -> None:
    """Raise unless every stratum's population holds its organisations."""
    short = sizes < units
    if short.any():
        h = _first(short)
        raise DataError(
            f"stratum {labels[h]!r} has {units[h]} organisations in the survey, "
            f"more than its population {sizes[h]:g}"
        )


def stratified_grouping(grouping: Grouping, strata: Strata) -> Grouping:
    """Return the cells of ``grouping`` split by stratum: code ``g * H + h``."""
    n_strata = len(strata.labels)
    codes = grouping.codes.astype(np.int32) * n_strata + strata.codes
    labels = tuple(f"{g}\x1f{h}" for g in grouping.labels for h in strata.labels)
    return Grouping(codes, labels)


def design_tally(
    spec: CountSpec,
    data: SurveyParts,
    grouping: Grouping,
    strata: Strata,
    found: Counted,
    weights: Floats | None,
    *,
    weight_scale: int = 0,
) -> Tally:
    """Return the per-wave tally of counts made per (group, stratum) cell.

    ``spec`` has no pairs (see :func:`with_design_panel`). Without weights the
    moments are the counts (w = 1); a population's implied weights are the
    estimates' to apply (see :mod:`skl_socialmedia.tally.design_estimates`).
    ``weights`` are the weights divided by ``2**weight_scale`` (see
    :mod:`.scaling`), and so are the moments and the tally's sums.
    """
    n_g, n_h = len(grouping.labels), len(strata.labels)

    def split(array: np.ndarray) -> np.ndarray:
        return array.reshape(array.shape[0], n_g, n_h, *array.shape[2:])

    yes, base = split(found.yes), split(found.base)
    sums: list[np.ndarray | None] = [None, None, None]
    if weights is not None:
        assert found.weighted is not None
        wy, w, ww, wwy = (split(a) for a in found.weighted)
        moments = np.stack([wy, w, wwy, ww], axis=-1)
        sums = [a.sum(axis=2) for a in (wy, w, ww)]
    else:
        # unweighted, the counts themselves (w = 1); the weights a population
        # implies, N_h / n_h, are applied when estimating (n_h is the whole
        # survey's, so tallies of shards must add up first)
        counts = [yes.astype(float), base.astype(float)]
        moments = np.stack([counts[0], counts[1], counts[0], counts[1]], axis=-1)
    return Tally(
        data.waves,
        grouping.labels,
        spec.items,
        split(found.respondents).sum(axis=2),
        yes.sum(axis=2),
        base.sum(axis=2),
        weighted_yes=sums[0],
        weighted_base=sums[1],
        squared_weights=sums[2],
        grouping=spec.grouping,
        among=spec.among,
        domain=split(found.domain).sum(axis=2),
        strata=strata.labels,
        units=strata.units,
        strata_population=strata.population,
        moments=moments,
        weight_scale=weight_scale if weights is not None else 0,
    )


def with_design_sizes(
    tally: Tally, pairs: tuple[tuple[str, str], ...], sizes: Ints
) -> Tally:
    """Return ``tally`` with only the panel sizes of ``pairs`` counted.

    Its cells and cross moments are zero and marked not counted, so no
    change can take a covariance from them.
    """
    n_p, n_g, n_i = sizes.shape
    return attrs.evolve(
        tally,
        pairs=pairs,
        panel=np.zeros((n_p, n_g, n_i, 4), np.int64),
        panel_sizes=sizes,
        panel_counted=sizes == 0,
        cross_moments=None,  # zeros of the pairs' shape
    )


def with_design_panel(
    tally: Tally,
    pairs: tuple[tuple[str, str], ...],
    strata: Strata,
    cells: Ints,
    cross: Floats | None,
) -> Tally:
    """Return ``tally`` with the panel of ``pairs`` counted per stratum.

    ``cells`` are the panel cells per (pair, group × stratum, item); ``cross``
    the weighted cross moments, or ``None`` without weights (they are then
    the cells, w = 1).
    """
    n_g, n_h = len(tally.groups), len(strata.labels)
    split = cells.reshape(len(pairs), n_g, n_h, *cells.shape[2:])
    if cross is None:
        c = split.astype(float)
        both = c[..., 0]
        moments = np.stack(
            [both, both + c[..., 2], both + c[..., 1], c.sum(axis=-1)], axis=-1
        )
    else:
        moments = cross.reshape(len(pairs), n_g, n_h, *cross.shape[2:])
    panel = split.sum(axis=2)
    return attrs.evolve(
        tally,
        pairs=pairs,
        panel=panel,
        panel_sizes=panel.sum(axis=-1),
        panel_counted=np.ones(panel.shape[:3], dtype=bool),
        cross_moments=moments,
    )
