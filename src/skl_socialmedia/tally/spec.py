"""The :class:`CountSpec`: what to count, the question every engine answers.

An engine — the built-in numpy engine, a database ``GROUP BY``, DuckDB,
Spark — answers a spec over its data with a
:class:`~skl_socialmedia.tally.model.Tally`; the estimates need nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.survey.design import Design

__all__ = ["PANEL_CELL_MODES", "CountSpec", "PanelCells"]

#: Where a tally's panel cells are counted (see :attr:`CountSpec.panel_cells`).
PanelCells = Literal["all", "auto", "none"]
PANEL_CELL_MODES: tuple[PanelCells, ...] = ("all", "auto", "none")


def _names(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _pairs(value: Sequence[Sequence[object]]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for pair in value:
        waves = None if isinstance(pair, str | bytes) else _two(pair)
        if waves is None:
            raise InvalidArgumentError(
                f"a wave pair is a (before, after) tuple of two waves, not {pair!r}"
            )
        pairs.append(waves)
    return tuple(pairs)


def _two(pair: object) -> tuple[str, str] | None:
    try:
        waves = list(pair)  # type: ignore[call-overload]
    except TypeError:
        return None
    return (str(waves[0]), str(waves[1])) if len(waves) == 2 else None


@attrs.frozen
class CountSpec:
    """What a tally counts: items, groups, base, wave pairs and weights.

    - ``items``: the item names, in order;
    - ``by``: the attributes whose combinations are the groups (none: one
      group, ``"all"``);
    - ``among``: an item whose yes-sayers (in the same wave) are the base;
    - ``pairs``: the (before, after) wave pairs whose panels are counted;
    - ``weight``: the column of weights to sum, or ``None`` (unweighted);
    - ``panel_cells``: ``"all"`` counts every panel cell; ``"auto"`` only
      those ``paired="auto"`` may use (where a panel is both waves' whole
      sample) and ``"none"`` none — the panel sizes are counted always;
    - ``design``: the sampling design; a linearised one (weights, strata or a
      population) has its moments counted per stratum as well.
    """

    items: tuple[str, ...] = attrs.field(converter=_names)
    by: tuple[str, ...] = attrs.field(default=(), converter=_names)
    among: str | None = None
    pairs: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    weight: str | None = None
    panel_cells: PanelCells = "all"
    design: Design | None = None

    def __attrs_post_init__(self) -> None:
        if len(set(self.items)) != len(self.items):
            raise InvalidArgumentError(f"items named twice: {list(self.items)}")
        for before, after in self.pairs:
            if before == after:
                raise InvalidArgumentError(
                    f"cannot compare wave {before!r} with itself"
                )
        if self.panel_cells not in PANEL_CELL_MODES:
            raise InvalidArgumentError(
                f"panel_cells must be one of {', '.join(PANEL_CELL_MODES)}, "
                f"not {self.panel_cells!r}"
            )

    @property
    def grouping(self) -> str | None:
        """The name of the grouping: the ``by`` attributes joined, or ``None``."""
        return " / ".join(self.by) if self.by else None
