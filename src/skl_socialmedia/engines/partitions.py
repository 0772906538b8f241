"""Counting by parts: the numpy engine per part of whole organisations, summed.

What the Dask and Spark engines share: :func:`count_part` counts one part (a
pandas or Arrow table of canonical rows) with the numpy engine,
:func:`add_all` adds tallies up, :func:`finished` gives the sum every pair
of the spec and the numpy engine's order of labels, and :func:`to_bytes` /
:func:`from_bytes` carry a tally between processes (the JSON tally layout:
exact).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from skl_socialmedia.engines.order import AXES, in_engine_order
from skl_socialmedia.errors import DataError, Location, UnknownNameError
from skl_socialmedia.tally.file_layout import (
    build,
    document_entries,
    fields_of,
    json_document,
)
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.spec import CountSpec

__all__ = [
    "add_all",
    "count_part",
    "finished",
    "from_bytes",
    "to_bytes",
    "with_every_pair",
]


def count_part(table: Any, spec: CountSpec, options: Mapping[str, Any]) -> Tally | None:
    """Return the numpy engine's tally of one part (``None``: no rows).

    ``table`` is a pandas DataFrame or an Arrow table of canonical rows, every
    row of each of its organisations; ``options`` go to
    :meth:`Survey.from_columns <skl_socialmedia.survey.Survey.from_columns>`
    (with ``items=`` the spec's, unless they all have canonical names).
    The part's pairs are those of ``spec`` whose two waves it has.
    """
    from skl_socialmedia.survey.model import Survey
    from skl_socialmedia.tally.numpy_engine import count as numpy_count

    if not len(table):
        return None
    wanted = [*spec.items, *([] if spec.among is None else [spec.among])]
    if "items" not in options and not all(map(_canonical, wanted)):
        options = {**options, "items": wanted}  # not found by their names
    survey = Survey.from_columns(table, design=spec.design, **options)
    present = set(survey.waves)
    part = attrs.evolve(spec, pairs=[p for p in spec.pairs if set(p) <= present])
    return with_every_pair(numpy_count(part, survey._parts), spec)


def with_every_pair(tally: Tally, spec: CountSpec) -> Tally:
    """Return ``tally`` with every wave and pair of ``spec``, empty where absent.

    A part without rows in a wave of a pair has that wave with no rows and
    the pair with an empty panel, so that parts add up in any order: the sum
    of two parts each without a pair's wave would otherwise have rows in
    both waves and no panel, which no third part could be added to.
    """
    waves = list(dict.fromkeys(w for p in spec.pairs for w in p))
    missing = [w for w in waves if w not in tally.waves]
    if missing:
        tally = _with_empty_waves(tally, missing)
    absent = [pair for pair in spec.pairs if pair not in tally.pairs]
    return _with_empty_pairs(tally, absent) if absent else tally


def _with_empty_waves(tally: Tally, missing: list[str]) -> Tally:
    changes: dict[str, Any] = {"waves": (*tally.waves, *missing)}
    for name, axes in AXES.items():
        value = getattr(tally, name, None)
        if not axes.startswith("W") or value is None or isinstance(value, tuple):
            continue
        empty = np.zeros((len(missing), *value.shape[1:]), value.dtype)
        changes[name] = np.concatenate([value, empty])
    if tally.wave_values:  # the numbers a numeric wave column's labels stand for
        number = int if all(isinstance(v, int) for v in tally.wave_values) else float
        changes["wave_values"] = (*tally.wave_values, *map(number, missing))
    return attrs.evolve(tally, **changes)


def _canonical(item: str) -> bool:
    return item == "uses" or item.startswith(("channel.", "purpose.", "reason."))


def add_all(tallies: Iterable[Tally | None], fan_in: int = 2) -> Tally | None:
    """Return the sum of ``tallies`` (``None`` for none), added as a tree."""
    level = [t for t in tallies if t is not None]
    while len(level) > 1:
        level = [_sum(level[i : i + fan_in]) for i in range(0, len(level), fan_in)]
    return level[0] if level else None


def _sum(tallies: list[Tally]) -> Tally:
    total = tallies[0]
    for tally in tallies[1:]:
        total = total + tally
    return total


def finished(spec: CountSpec, total: Tally | None) -> Tally:
    """Return the sum of the parts as the numpy engine gives the whole.

    Every pair of ``spec`` (one that no part had both waves of is empty),
    labels in the numpy engine's order.
    """
    if total is None:
        raise DataError("no rows to count")
    rows = dict(zip(total.waves, total.respondents.sum(axis=1).tolist(), strict=True))
    for wave in {w for pair in spec.pairs for w in pair}:
        if not rows.get(wave):  # a wave the parts only added, empty
            raise UnknownNameError("wave", wave, [w for w, n in rows.items() if n])
    return in_engine_order(
        with_every_pair(total, spec), items=spec.items, pairs=spec.pairs
    )


def _with_empty_pairs(total: Tally, missing: list[tuple[str, str]]) -> Tally:
    shape = (len(missing), len(total.groups), len(total.items))
    changes: dict[str, Any] = {
        "pairs": (*total.pairs, *missing),
        "panel": np.concatenate([total.panel_cells, np.zeros((*shape, 4), np.int64)]),
        "panel_sizes": np.concatenate(
            [total.panel_size_counts, np.zeros(shape, np.int64)]
        ),
        "panel_counted": np.concatenate(
            [total.panel_cells_counted, np.ones(shape, bool)]
        ),
    }
    if total.design_based:
        cross = total.design_cross_moments
        changes["cross_moments"] = np.concatenate(
            [cross, np.zeros((len(missing), *cross.shape[1:]))]
        )
    return attrs.evolve(total, **changes)


def to_bytes(tally: Tally) -> bytes:
    """Return ``tally`` in the JSON tally layout, as UTF-8 bytes (exact)."""
    return json.dumps(json_document(fields_of(tally)), allow_nan=False).encode()


def from_bytes(data: bytes) -> Tally:
    """Return the tally of :func:`to_bytes`."""
    where = Location(file="(a part's tally)")
    return build(Tally, document_entries(json.loads(data), where), where)
