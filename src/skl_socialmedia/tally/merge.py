"""Adding tallies up: the fields of the Tally ``a + b``.

Merging reads a tally's fields through :class:`_Part` (which a
:class:`~skl_socialmedia.tally.model.Tally` satisfies) and returns the merged
tally's fields, so that this module needs no import of
:mod:`skl_socialmedia.tally.model`, which builds the ``Tally`` from them in
:func:`~skl_socialmedia.tally.model.merge`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.survey.encode import is_integer_like
from skl_socialmedia.tally.labels import merged_labels

__all__ = ["merged_fields"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


class _Part(Protocol):
    """What merging reads of a tally (a :class:`~skl_socialmedia.tally.model.Tally`)."""

    @property
    def waves(self) -> tuple[str, ...]: ...
    @property
    def groups(self) -> tuple[str, ...]: ...
    @property
    def items(self) -> tuple[str, ...]: ...
    @property
    def pairs(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def strata(self) -> tuple[str, ...]: ...
    @property
    def grouping(self) -> str | None: ...
    @property
    def among(self) -> str | None: ...
    @property
    def weight_scale(self) -> int: ...
    @property
    def weighted(self) -> bool: ...
    @property
    def design_based(self) -> bool: ...
    @property
    def respondents(self) -> Ints: ...
    @property
    def domain_rows(self) -> Ints: ...
    @property
    def panel_cells(self) -> Ints: ...
    @property
    def panel_size_counts(self) -> Ints: ...
    @property
    def panel_cells_counted(self) -> Bools: ...
    @property
    def stratum_units(self) -> Ints: ...
    @property
    def population_sizes(self) -> Floats: ...
    @property
    def design_moments(self) -> Floats: ...
    @property
    def design_cross_moments(self) -> Floats: ...


def _union(a: Sequence[str], b: Sequence[str]) -> list[str]:
    out = list(a) + [x for x in b if x not in a]
    return sorted(out, key=int) if is_integer_like(out) else out


def _has_rows_in(tally: _Part, pair: tuple[str, str]) -> bool:
    """Whether ``tally`` has respondents in both waves of ``pair``."""
    if pair[0] not in tally.waves or pair[1] not in tally.waves:
        return False
    rows = tally.respondents.sum(axis=1)
    return bool(rows[tally.waves.index(pair[0])] and rows[tally.waves.index(pair[1])])


def _rescale(array: Floats, shift: int, difference: int) -> Floats:
    """Return ``array · 2**shift`` (``shift <= 0``), refusing lost values.

    ``difference`` is the weight scales' (for the message).
    """
    if shift == 0:
        return array
    with np.errstate(under="ignore"):
        result: Floats = np.ldexp(array, shift)
    lost = (array != 0) & (np.abs(result) < np.finfo(np.float64).tiny)
    if np.any(lost):
        raise InvalidArgumentError(
            "cannot add tallies whose weights differ in scale by a factor of "
            f"2**{difference} (about 1e{round(difference * math.log10(2))}): "
            "the squared weights of one would vanish next to the other's in "
            "floating point; give both parts weights of a similar size"
        )
    return result


def _weighted_parts(part: _Part, scale: int) -> dict[str, Floats]:
    """Return ``part``'s weighted sums and moments at the weight scale ``scale``.

    Sums of weights scale as ``2**weight_scale``, sums of squared weights and
    of products of two weights (cross moments) as ``4**weight_scale``.
    """
    shift = part.weight_scale - scale
    out: dict[str, Floats] = {}
    if part.weighted:
        for name, power in (
            ("weighted_yes", 1),
            ("weighted_base", 1),
            ("squared_weights", 2),
        ):
            value = getattr(part, name)
            assert value is not None
            out[name] = _rescale(value, power * shift, -shift)
    if part.design_based:
        moments = part.design_moments
        out["moments"] = np.concatenate(
            [
                _rescale(moments[..., :2], shift, -shift),
                _rescale(moments[..., 2:], 2 * shift, -shift),
            ],
            axis=-1,
        )
        out["cross_moments"] = _rescale(part.design_cross_moments, 2 * shift, -shift)
    return out


def _at(*index: list[int]) -> Any:
    """Return the index of a part's cells in the sum: a view where in order.

    A part whose labels are the sum's, in the same order (shards of one
    survey), is added in place through slices, without fancy indexing.
    """
    if all(axis == list(range(len(axis))) for axis in index):
        return tuple(slice(0, len(axis)) for axis in index)
    return np.ix_(*index)


def merged_fields(a: _Part, b: _Part) -> dict[str, Any]:
    """Return the fields of ``a + b`` (see :func:`~skl_socialmedia.tally.model.merge`).

    The result is the keyword arguments of the merged
    :class:`~skl_socialmedia.tally.model.Tally`.
    """
    for name in ("grouping", "among", "design_based"):
        if getattr(a, name) != getattr(b, name):
            raise InvalidArgumentError(
                f"cannot add tallies with different {name}: "
                f"{getattr(a, name)!r} and {getattr(b, name)!r}"
            )
    if a.weighted != b.weighted:
        raise InvalidArgumentError("cannot add a weighted and an unweighted tally")
    waves = _union(a.waves, b.waves)
    groups = _union(a.groups, b.groups)
    items = list(a.items) + [x for x in b.items if x not in a.items]
    pairs = list(a.pairs) + [p for p in b.pairs if p not in a.pairs]
    for part in (a, b):
        for pair in pairs:
            if pair not in part.pairs and _has_rows_in(part, pair):
                raise InvalidArgumentError(
                    f"cannot add tallies: one has the panel of waves {pair} and "
                    "the other has rows in both waves but no panel for them"
                )
    shape = (len(waves), len(groups), len(items))
    panel_shape = (len(pairs), *shape[1:])
    arrays: dict[str, Any] = {
        "respondents": np.zeros(shape[:2], np.int64),
        "domain": np.zeros(shape[:2], np.int64),
        "panel": np.zeros((*panel_shape, 4), np.int64),
        "panel_sizes": np.zeros(panel_shape, np.int64),
        "panel_counted": np.ones(panel_shape, dtype=bool),
    }
    names = ["yes", "base"]
    if a.weighted:
        names += ["weighted_yes", "weighted_base", "squared_weights"]
    for name in names:
        arrays[name] = np.zeros(shape, np.int64 if name in ("yes", "base") else float)
    scale = max(a.weight_scale, b.weight_scale)
    rescaled = {id(part): _weighted_parts(part, scale) for part in (a, b)}
    for part in (a, b):
        w = [waves.index(x) for x in part.waves]
        g = [groups.index(x) for x in part.groups]
        i = [items.index(x) for x in part.items]
        p = [pairs.index(x) for x in part.pairs]
        arrays["respondents"][_at(w, g)] += part.respondents
        arrays["domain"][_at(w, g)] += part.domain_rows
        sums = rescaled[id(part)]
        for name in names:
            arrays[name][_at(w, g, i)] += sums.get(name, getattr(part, name))
        arrays["panel"][_at(p, g, i, [0, 1, 2, 3])] += part.panel_cells
        arrays["panel_sizes"][_at(p, g, i)] += part.panel_size_counts
        arrays["panel_counted"][_at(p, g, i)] &= part.panel_cells_counted
    arrays["panel"][~arrays["panel_counted"]] = 0
    if a.design_based:
        arrays.update(_merged_design(a, b, waves, groups, items, pairs, rescaled))
    return {
        "waves": waves,
        "groups": groups,
        "items": items,
        **arrays,
        "pairs": pairs,
        "grouping": a.grouping,
        "among": a.among,
        "weight_scale": scale,
        **merged_labels(a, b, waves, groups),
    }


def _merged_design(
    a: _Part,
    b: _Part,
    waves: list[str],
    groups: list[str],
    items: list[str],
    pairs: list[tuple[str, str]],
    rescaled: Mapping[int, Mapping[str, Floats]],
) -> dict[str, Any]:
    """Return the design fields of ``a + b``: units and moments added.

    ``rescaled`` holds each part's moments at the sum's weight scale.
    """
    strata = list(a.strata) + [h for h in b.strata if h not in a.strata]
    units = np.zeros(len(strata), np.int64)
    population = np.full(len(strata), np.nan)
    moments = np.zeros((len(waves), len(groups), len(strata), len(items), 4))
    cross = np.zeros((len(pairs), len(groups), len(strata), len(items), 4))
    for part in (a, b):
        h = [strata.index(x) for x in part.strata]
        known = ~np.isnan(population[h])
        if np.any(known & (population[h] != part.population_sizes)):
            raise InvalidArgumentError(
                "cannot add tallies with different population sizes of a stratum"
            )
        population[h] = part.population_sizes
        units[h] += part.stratum_units
        w = [waves.index(x) for x in part.waves]
        g = [groups.index(x) for x in part.groups]
        i = [items.index(x) for x in part.items]
        sums = rescaled[id(part)]
        moments[_at(w, g, h, i, [0, 1, 2, 3])] += sums["moments"]
        p = [pairs.index(x) for x in part.pairs]
        cross[_at(p, g, h, i, [0, 1, 2, 3])] += sums["cross_moments"]
    return {
        "strata": strata,
        "units": units,
        "strata_population": population,
        "moments": moments,
        "cross_moments": cross,
    }
