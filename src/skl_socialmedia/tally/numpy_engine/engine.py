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

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.survey.builder import SurveyParts
from skl_socialmedia.survey.groups import Grouping, group_codes
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.numpy_engine.keys import Floats
from skl_socialmedia.tally.numpy_engine.panels import count_panels
from skl_socialmedia.tally.numpy_engine.rows import row_cells, wave_slices
from skl_socialmedia.tally.numpy_engine.sizes import count_pair_cells
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
    the waves again when only panel sizes (and some cells) are wanted.
    """
    if grouping is None:
        grouping = group_codes(data, spec.by)
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
    weights = None if spec.weight is None else data.weights
    full = bool(pairs) and spec.panel_cells == "all"
    if full or wave_counts is None:
        tally = count_tally(
            data,
            grouping,
            spec,
            item_columns=item_columns,
            among_column=among_column,
            weights=weights,
            pairs=pairs if full else (),
        )
        if full or not pairs:
            return tally
        wave_counts = tally
    if not pairs:
        return wave_counts
    before = wave_counts.base[[b for b, _ in pairs]]
    after = wave_counts.base[[a for _, a in pairs]]
    panel, sizes, counted = count_pair_cells(
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
        bases=(before, after) if spec.panel_cells == "auto" else None,
        wave_counts=(wave_counts.respondents, wave_counts.base),
    )
    return attrs.evolve(
        wave_counts,
        pairs=spec.pairs,
        panel=panel,
        panel_sizes=sizes,
        panel_counted=counted,
    )


def count_tally(
    data: SurveyParts,
    grouping: Grouping,
    spec: CountSpec,
    *,
    item_columns: Sequence[int],
    among_column: int | None,
    weights: Floats | None,
    pairs: Sequence[tuple[int, int]],
) -> Tally:
    """Count the spec's items per cell, and every panel cell of ``pairs``.

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
    weighted = None if weights is None else [np.zeros((n_cells, n_i)) for _ in "wbs"]
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
    weighted_yes, weighted_base, squared_weights = (
        (None, None, None)
        if weighted is None
        else (w.reshape(*shape, n_i) for w in weighted)
    )
    return Tally(
        waves,
        groups,
        spec.items,
        respondents.reshape(shape),
        yes.reshape(*shape, n_i),
        base.reshape(*shape, n_i),
        weighted_yes,
        weighted_base,
        squared_weights,
        pairs=[(waves[b], waves[a]) for b, a in pairs],
        panel=panel,
        grouping=spec.grouping,
        among=spec.among,
        domain=domain.reshape(shape),
    )
