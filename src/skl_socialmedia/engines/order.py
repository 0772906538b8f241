"""A tally's labels in the numpy engine's order: what a sum of parts needs.

Adding tallies aligns their labels as they come (the waves sorted as numbers,
groups and strata in the order the parts had them); the numpy engine orders
waves and strata by :func:`~skl_socialmedia.survey.encode.sort_labels` and
groups by their attributes' sorted labels, ``(missing)`` last.
:func:`in_engine_order` reorders a tally so; :func:`reordered` to any order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from skl_socialmedia.model import OrgKind
from skl_socialmedia.survey.encode import MISSING_LABEL, sort_labels
from skl_socialmedia.tally.model import Tally

__all__ = ["AXES", "attribute_order", "in_engine_order", "reordered"]

#: The axes of a tally's array fields: W waves, G groups, I items, P pairs,
#: H strata, and ``.`` an axis that is not reordered (cells, moments).
AXES: dict[str, str] = {
    "respondents": "WG",
    "domain": "WG",
    "yes": "WGI",
    "base": "WGI",
    "weighted_yes": "WGI",
    "weighted_base": "WGI",
    "squared_weights": "WGI",
    "panel": "PGI.",
    "panel_sizes": "PGI",
    "panel_counted": "PGI",
    "units": "H",
    "strata_population": "H",
    "moments": "WGHI.",
    "cross_moments": "PGHI.",
    "group_values": "G",
    "wave_values": "W",
}


def attribute_order(name: str, labels: Sequence[str]) -> list[str]:
    """Return an attribute's labels in a Survey's order (``(missing)`` left out).

    ``org_kind`` comes in :class:`~skl_socialmedia.model.OrgKind`'s order, any
    other label after them, sorted; every other attribute sorted
    (:func:`~skl_socialmedia.survey.encode.sort_labels`).
    """
    seen = sorted({label for label in labels if label != MISSING_LABEL})
    if name == "org_kind":
        kinds = [k.value for k in OrgKind]
        return [k for k in kinds if k in seen] + [v for v in seen if v not in kinds]
    return sort_labels(seen)


def _group_order(tally: Tally) -> list[str]:
    if not tally.group_values:
        return sort_labels(list(tally.groups))
    n_by = len(tally.group_values[0])
    names = tally.by or ("",) * n_by
    orders = []
    for k in range(n_by):
        order = attribute_order(names[k], [v[k] for v in tally.group_values])
        orders.append({label: i for i, label in enumerate(order)})

    def key(values: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(orders[k].get(v, len(orders[k])) for k, v in enumerate(values))

    ranked = sorted(
        zip(tally.group_values, tally.groups, strict=True), key=lambda p: key(p[0])
    )
    return [label for _values, label in ranked]


def in_engine_order(
    tally: Tally,
    *,
    items: Sequence[str] | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
) -> Tally:
    """Return ``tally`` with waves, groups and strata in the numpy engine's order.

    ``items`` and ``pairs`` (default: as they are) give their order.
    """
    return reordered(
        tally,
        waves=sort_labels(list(tally.waves)),
        groups=_group_order(tally),
        items=list(tally.items if items is None else items),
        pairs=list(tally.pairs if pairs is None else pairs),
        strata=sort_labels(list(tally.strata)),
    )


def reordered(
    tally: Tally,
    *,
    waves: Sequence[str],
    groups: Sequence[str],
    items: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    strata: Sequence[str],
) -> Tally:
    """Return ``tally`` with its labels in the orders given (the same sets)."""
    index = {
        "W": [tally.waves.index(w) for w in waves],
        "G": [tally.groups.index(g) for g in groups],
        "I": [tally.items.index(i) for i in items],
        "P": [tally.pairs.index((p[0], p[1])) for p in pairs],
        "H": [tally.strata.index(h) for h in strata],
    }
    changes: dict[str, Any] = {
        "waves": tuple(waves),
        "groups": tuple(groups),
        "items": tuple(items),
        "pairs": tuple(tuple(p) for p in pairs),
        "strata": tuple(strata) if tally.strata else (),
    }
    for name, axes in AXES.items():
        value = getattr(tally, name, None)
        if value is None or (isinstance(value, tuple) and not value):
            continue
        if isinstance(value, tuple):
            changes[name] = tuple(value[i] for i in index[axes])
            continue
        array = np.asarray(value)
        for axis, letter in enumerate(axes):
            if letter != ".":
                array = np.take(array, index[letter], axis=axis)
        changes[name] = array
    return attrs.evolve(tally, **changes)
