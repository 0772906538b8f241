"""Aggregates to a Tally: what a SQL engine's ``GROUP BY`` gives, as arrays.

A SQL engine counts per (wave, group, stratum) cell — without a design, one
stratum — the rows, the rows in the ``among`` base and per item the yes
answers, the answers, and with weights their sums; per (pair, group,
stratum) the panel cells and, weighted, the cross moments.
:func:`assemble` lays them out as the numpy engine's
:class:`~skl_socialmedia.tally.model.Tally`: the same arrays, the same
rules for which panel cells are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.tally.labels import label_fields
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.spec import CountSpec

__all__ = ["Cells", "Labels", "PanelCells", "assemble"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@attrs.frozen
class Labels:
    """The labels of a count: waves (and their values), groups, strata."""

    waves: tuple[str, ...]
    groups: tuple[str, ...]
    group_values: tuple[tuple[str, ...], ...]
    wave_values: tuple[int | float, ...] = ()
    strata: tuple[str, ...] = ("all",)
    units: Ints | None = None
    population: Floats | None = None


@attrs.frozen
class Cells:
    """Per (wave, group, stratum): rows, base rows; per item counts and sums.

    ``respondents`` and ``domain`` have shape (W, G, H); ``yes`` and ``base``
    (W, G, H, I); ``sums``, weighted, the four (W, G, H, I) sums Σw·y, Σw,
    Σw², Σw²·y over the answers (of weights divided by ``2**scale``).
    """

    respondents: Ints
    domain: Ints
    yes: Ints
    base: Ints
    sums: tuple[Floats, Floats, Floats, Floats] | None = None
    scale: int = 0


@attrs.frozen
class PanelCells:
    """Per (pair, group, stratum, item): the panel cells and cross moments.

    ``cells`` (P, G, H, I, 4) in the order of
    :data:`~skl_socialmedia.tally.model.PANEL_CELLS`; ``cross``, weighted,
    (P, G, H, I, 4) in the order of :data:`~skl_socialmedia.tally.model.CROSS`.
    """

    cells: Ints
    cross: Floats | None = None


def assemble(
    spec: CountSpec, labels: Labels, cells: Cells, panel: PanelCells | None
) -> Tally:
    """Return the Tally of ``spec`` from counts per (…, stratum) cell.

    As the numpy engine: with a linearised design the moments per stratum
    (the counts themselves when unweighted) and, unless
    ``panel_cells="none"``, every panel cell with the cross moments; without
    one, every panel cell for ``"all"`` (and ``"auto"`` when unweighted),
    otherwise only the panel sizes.
    """
    design = spec.design is not None and spec.design.linearised
    weighted = cells.sums is not None
    fields: dict[str, Any] = {
        "respondents": cells.respondents.sum(axis=2),
        "domain": cells.domain.sum(axis=2),
        "yes": cells.yes.sum(axis=2),
        "base": cells.base.sum(axis=2),
    }
    if cells.sums is not None:
        wy, w, ww, wwy = cells.sums
        fields.update(
            weighted_yes=wy.sum(axis=2),
            weighted_base=w.sum(axis=2),
            squared_weights=ww.sum(axis=2),
            weight_scale=cells.scale,
        )
    if design:
        if cells.sums is not None:
            moments = np.stack([wy, w, wwy, ww], axis=-1)
        else:
            counts = [cells.yes.astype(float), cells.base.astype(float)]
            moments = np.stack([counts[0], counts[1], counts[0], counts[1]], axis=-1)
        fields.update(
            strata=labels.strata,
            units=labels.units,
            strata_population=labels.population,
            moments=moments,
        )
    if spec.pairs:
        assert panel is not None
        fields.update(_panel(spec, panel, design=design, weighted=weighted))
    extra = label_fields(spec.by, labels.group_values, labels.wave_values)
    return Tally(
        labels.waves,
        labels.groups,
        spec.items,
        pairs=spec.pairs,
        grouping=spec.grouping,
        among=spec.among,
        **fields,
        **extra,
    )


def _panel(
    spec: CountSpec, panel: PanelCells, *, design: bool, weighted: bool
) -> dict[str, Any]:
    cells = panel.cells.sum(axis=2)
    sizes = cells.sum(axis=-1)
    if design:
        full = spec.panel_cells != "none"
    else:
        full = spec.panel_cells == "all" or (
            spec.panel_cells == "auto" and not weighted
        )
    if not full:
        return {
            "panel": np.zeros_like(cells),
            "panel_sizes": sizes,
            "panel_counted": sizes == 0,
        }
    found: dict[str, Any] = {
        "panel": cells,
        "panel_sizes": sizes,
        "panel_counted": np.ones(sizes.shape, dtype=bool),
    }
    if design:
        if panel.cross is not None:
            found["cross_moments"] = panel.cross
        else:
            c = panel.cells.astype(float)
            both = c[..., 0]
            found["cross_moments"] = np.stack(
                [both, both + c[..., 2], both + c[..., 1], c.sum(axis=-1)], axis=-1
            )
    return found


def scatter(
    shape: Sequence[int], index: Sequence[npt.NDArray[Any]], values: npt.NDArray[Any]
) -> npt.NDArray[Any]:
    """Return an array of ``shape`` holding ``values`` at the rows' ``index``."""
    out = np.zeros((*shape, *values.shape[1:]), dtype=values.dtype)
    out[tuple(np.asarray(i, dtype=np.intp) for i in index)] = values
    return out
