"""The numpy engine: a :class:`~skl_socialmedia.tally.spec.CountSpec` → a Tally.

:func:`count` answers a spec over a survey's encoded columns (the
:class:`~skl_socialmedia.survey.builder.SurveyParts` a
:class:`~skl_socialmedia.survey.model.Survey` holds) with bincount group-bys:
per-wave counts (:mod:`.waves`), panel cells (:mod:`.panels`) and panel sizes
(:mod:`.sizes`). The loops run over batches of items, pairs and pieces of
rows, never over cells or rows; the batches run on several threads (see
:func:`skl_socialmedia._parallel.threads`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia._jit import prepare
from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.survey.builder import SurveyParts
from skl_socialmedia.survey.groups import Grouping, group_codes
from skl_socialmedia.tally.labels import label_fields
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.numpy_engine.counted import Counted
from skl_socialmedia.tally.numpy_engine.design import (
    design_tally,
    stratified_grouping,
    stratify,
    with_design_panel,
    with_design_sizes,
)
from skl_socialmedia.tally.numpy_engine.keys import Floats, Ints
from skl_socialmedia.tally.numpy_engine.panels import count_panel_sums, count_panels
from skl_socialmedia.tally.numpy_engine.rows import row_cells, wave_slices
from skl_socialmedia.tally.numpy_engine.scaling import scaled_weights, weight_scale
from skl_socialmedia.tally.numpy_engine.sizes import count_pair_sizes
from skl_socialmedia.tally.numpy_engine.waves import count_by_wave, count_items
from skl_socialmedia.tally.spec import CountSpec

__all__ = ["count", "count_tally"]


def count(
    spec: CountSpec,
    data: SurveyParts,
    *,
    grouping: Grouping | None = None,
    wave_counts: Tally | None = None,
) -> Tally:
    """Answer ``spec`` over a survey's columns with a :class:`Tally`.

    ``grouping`` gives the group codes of ``spec.by`` when already known;
    ``wave_counts``, the tally of the same spec without pairs, saves counting
    the waves again when only panel sizes (and some cells) are wanted. A
    spec with a linearised design also counts the design's moments per
    stratum (see :mod:`.design`). Weights so large or small that their
    squares would overflow or underflow are counted divided by a power of two,
    which the tally keeps as its ``weight_scale`` (see :mod:`.scaling`).
    """
    if grouping is None:
        grouping = group_codes(data, spec.by)
    prepare(data.answers.size)  # the compiled kernels, for a big table
    labels = label_fields(spec.by, grouping.values, data.wave_values)
    return _count(spec, data, grouping, wave_counts, labels)


def _count(
    spec: CountSpec,
    data: SurveyParts,
    grouping: Grouping,
    wave_counts: Tally | None,
    labels: dict[str, Any],
) -> Tally:
    """Answer ``spec`` (see :func:`count`); ``labels`` are the Tally's own."""
    columns = {item: j for j, item in enumerate(data.items)}
    for item in (*spec.items, *([] if spec.among is None else [spec.among])):
        if item not in columns:
            raise UnknownNameError("item of this survey", item, data.items)
    if spec.weight is not None and (spec.weight != "weight" or data.weights is None):
        raise InvalidArgumentError(f"the survey has no weight column {spec.weight!r}")
    index = {wave: w for w, wave in enumerate(data.waves)}
    for wave in {w for pair in spec.pairs for w in pair}:
        if wave not in index:
            raise UnknownNameError("wave", wave, data.waves)
    pairs = [(index[b], index[a]) for b, a in spec.pairs]
    item_columns = [columns[i] for i in spec.items]
    among_column = None if spec.among is None else columns[spec.among]
    # weights divided by a power of two where their squares would overflow or
    # underflow (see .scaling): the tally keeps the scale
    scale = 0 if spec.weight is None else weight_scale(data.weights)
    weights = None if spec.weight is None else scaled_weights(data.weights, scale)
    if wave_counts is not None and wave_counts.weight_scale != scale:
        wave_counts = None  # counted at another scale: count again
    design = spec.design if spec.design is not None and spec.design.linearised else None
    if design is not None:
        strata = stratify(data, design)
        cells = stratified_grouping(grouping, strata)
        waves = attrs.evolve(spec, pairs=())
        if wave_counts is not None and wave_counts.design_based:
            per_wave = wave_counts
        else:
            found = count_cells(
                data, cells, waves, item_columns, among_column, weights, (), None
            )
            per_wave = design_tally(
                waves, data, grouping, strata, found, weights, weight_scale=scale
            )
        if not pairs:
            return _labelled(per_wave, labels)
        if spec.panel_cells == "none":
            # no change will use the covariance: the panel sizes alone
            _cells, sizes, _mask = _pair_cells(
                data,
                grouping,
                item_columns,
                among_column,
                pairs,
                (per_wave.respondents, per_wave.base),
            )
            tally = with_design_sizes(per_wave, spec.pairs, sizes)
            return _labelled(tally, labels)
        filt = None if among_column is None else data.answers[:, among_column] == 1
        panel, cross = count_panel_sums(
            wave=data.wave,
            group=cells.codes,
            n_groups=len(cells.labels),
            org=data.org,
            n_orgs=len(data.orgs),
            answers=data.answers,
            item_columns=item_columns,
            filt=filt,
            pairs=pairs,
            n_waves=len(data.waves),
            weights=weights,
        )
        tally = with_design_panel(per_wave, spec.pairs, strata, panel, cross)
        return _labelled(tally, labels)
    known = None if wave_counts is None else _counted(wave_counts)
    found = count_cells(
        data, grouping, spec, item_columns, among_column, weights, pairs, known
    )
    return _tally(spec, data, grouping, found, scale, labels)


def _labelled(tally: Tally, labels: dict[str, Any]) -> Tally:
    """Return ``tally`` with its labels' parts (``by``, group and wave values)."""
    return attrs.evolve(tally, **labels) if labels else tally


def _counted(tally: Tally) -> Counted:
    """Return the per-wave counts of a tally without pairs, as counted."""
    sums = [tally.weighted_yes, tally.weighted_base, tally.squared_weights]
    weighted = None if sums[0] is None else [np.asarray(s) for s in sums]
    none = np.zeros((0, len(tally.groups), len(tally.items)), np.int64)
    return Counted(
        tally.respondents,
        tally.domain_rows,
        tally.yes,
        tally.base,
        weighted,
        np.zeros((*none.shape, 4), np.int64),
        none,
        none.astype(bool),
    )


def _tally(
    spec: CountSpec,
    data: SurveyParts,
    grouping: Grouping,
    found: Counted,
    scale: int = 0,
    labels: dict[str, Any] | None = None,
) -> Tally:
    sums = [None] * 3 if found.weighted is None else found.weighted[:3]
    return Tally(
        data.waves,
        grouping.labels,
        spec.items,
        found.respondents,
        found.yes,
        found.base,
        weighted_yes=sums[0],
        weighted_base=sums[1],
        squared_weights=sums[2],
        pairs=spec.pairs,
        panel=found.panel,
        grouping=spec.grouping,
        among=spec.among,
        domain=found.domain,
        panel_sizes=found.sizes,
        panel_counted=found.counted,
        weight_scale=scale,
        **(labels or {}),
    )


def count_cells(
    data: SurveyParts,
    grouping: Grouping,
    spec: CountSpec,
    item_columns: Sequence[int],
    among_column: int | None,
    weights: Floats | None,
    pairs: Sequence[tuple[int, int]],
    known: Counted | None,
) -> Counted:
    """Count the cells: every panel cell, or per-wave counts and panel sizes.

    ``known`` is the same count without pairs, if already counted.
    """
    # "auto" wants every cell of an unweighted tally (complete panels are
    # paired, partial ones joined by their correlation), none of a weighted one
    wanted = spec.panel_cells == "all" or (
        spec.panel_cells == "auto" and weights is None
    )
    full = bool(pairs) and wanted
    if full or known is None:
        found = count_tally(
            data,
            grouping,
            item_columns=item_columns,
            among_column=among_column,
            weights=weights,
            pairs=pairs if full else (),
        )
        if full or not pairs:
            return found
        known = found
    if not pairs:
        return known
    panel, sizes, counted = _pair_cells(
        data,
        grouping,
        item_columns,
        among_column,
        pairs,
        (known.respondents, known.base),
    )
    return known._replace(panel=panel, sizes=sizes, counted=counted)


def _pair_cells(
    data: SurveyParts,
    grouping: Grouping,
    item_columns: Sequence[int],
    among_column: int | None,
    pairs: Sequence[tuple[int, int]],
    wave_counts: tuple[Ints, Ints],
) -> tuple[Ints, Ints, npt.NDArray[np.bool_]]:
    """Count the panel sizes of ``pairs``: no cells (counted where empty)."""
    sizes = count_pair_sizes(
        wave=data.wave,
        n_waves=len(data.waves),
        group=grouping.codes,
        n_groups=len(grouping.labels),
        org=data.org,
        n_orgs=len(data.orgs),
        answers=data.answers,
        item_columns=item_columns,
        among_column=among_column,
        pairs=pairs,
        wave_counts=wave_counts,
    )
    return np.zeros((*sizes.shape, 4), np.int64), sizes, sizes == 0


def count_tally(
    data: SurveyParts,
    grouping: Grouping,
    *,
    item_columns: Sequence[int],
    among_column: int | None,
    weights: Floats | None,
    pairs: Sequence[tuple[int, int]],
) -> Counted:
    """Count the items per cell, and every panel cell of ``pairs``.

    Rows are organisations in waves (``data.wave``, ``grouping.codes`` and
    ``data.org`` are integer codes per row; ``data.answers`` the int8 item
    matrix: 1 yes, 0 no, -1 missing); ``pairs`` are wave index pairs. The
    answers of the organisations in a panel are counted once: their per-wave
    counts are the panel counts' margins.
    """
    wave, waves, group, groups = data.wave, data.waves, grouping.codes, grouping.labels
    org, n_orgs, answers = data.org, len(data.orgs), data.answers
    n_w, n_g, n_i = len(waves), len(groups), len(item_columns)
    shape = (n_w, n_g)
    n_cells = n_w * n_g
    filt = None if among_column is None else answers[:, among_column] == 1
    # without pairs, rows in wave order are counted wave by wave (no cell array)
    slices = wave_slices(wave, n_w) if not (pairs and n_i) else None
    # counting wave by wave gives the rows per cell too (all rows are the base)
    by_wave_rows = slices is not None and filt is None and n_i > 0
    cell: npt.NDArray[np.int32] | None = None
    if not by_wave_rows:
        cell, respondents, domain = row_cells(
            wave, group, n_w, n_g, filt, keep=slices is None
        )
    yes = np.zeros((n_cells, n_i), np.int64)
    base = np.zeros((n_cells, n_i), np.int64)
    panel = np.zeros((len(pairs), n_g, n_i, 4), np.int64)
    rows: npt.NDArray[np.intp] | None = None
    if pairs and n_i:
        covered = count_panels(
            panel,
            yes,
            base,
            wave=wave,
            group=group,
            org=org,
            n_orgs=n_orgs,
            answers=answers,
            item_columns=item_columns,
            filt=filt,
            pairs=pairs,
            n_waves=n_w,
            margins=weights is None,
        )
        if covered is not None:
            rows = np.flatnonzero(~covered)
    weighted = None if weights is None else [np.zeros((n_cells, n_i)) for _ in range(4)]
    if slices is not None:
        rows_per_cell = count_by_wave(
            yes,
            base,
            weighted,
            answers,
            item_columns,
            slices,
            group,
            n_g,
            filt,
            weights,
        )
        if by_wave_rows:
            respondents = domain = rows_per_cell
    elif rows is None or len(rows):
        assert cell is not None
        count_items(
            yes, base, weighted, answers, item_columns, cell, rows, n_cells, weights
        )
    cells = np.ones((len(pairs), n_g, n_i), dtype=bool)
    return Counted(
        respondents.reshape(shape),
        domain.reshape(shape),
        yes.reshape(*shape, n_i),
        base.reshape(*shape, n_i),
        None if weighted is None else [w.reshape(*shape, n_i) for w in weighted],
        panel,
        panel.sum(axis=-1),
        cells,
    )
