"""Which construction each change's interval gets: paired, overlap or independent.

- ``"paired"``: the 2×2 table of a complete panel (every organisation that
  answered in either wave answered in both) of simple random sampling
  without a population size — Newcombe's paired method 10 (or the method
  asked for), McNemar's test;
- ``"overlap"``: the waves' own intervals joined with the correlation of
  their estimates through the organisations that answered in both — a
  partial panel, a panel with population sizes, or any design-based tally;
- ``"independent"``: no organisation in both waves, or ``paired=False``.

``paired="auto"`` (the default) chooses per cell; ``True`` insists on the
paired table (an error where it does not fit); ``False`` takes every pair of
waves as independent samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.tally.counts import Counts

__all__ = [
    "Constructions",
    "Paired",
    "choose_constructions",
    "pair_indices",
    "pairable",
    "panel_cells_needed",
]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: How a change's interval is chosen: paired, independent, or by the data.
Paired = bool | Literal["auto"]


def panel_cells_needed(
    paired: Paired, weighted: bool, design_based: bool = False
) -> Literal["all", "auto", "none"]:
    """Return where a tally's panel cells must be counted for ``paired``.

    ``True`` needs every cell; ``"auto"`` those ``paired="auto"`` uses: every
    panel cell of an unweighted tally (complete panels are paired, partial
    ones overlap), the cross moments of a design-based one, none of a tally
    weighted with Kish's approximation; ``False`` none (the panel sizes are
    always counted).
    """
    if paired is True:
        return "all"
    if paired == "auto" and (design_based or not weighted):
        return "auto"
    return "none"


def pair_indices(
    counts: Counts, pairs: Sequence[tuple[object, object]] | None
) -> tuple[list[tuple[str, str]], list[int], list[int], list[int]]:
    """Return the chosen (before, after) pairs and their wave and panel indices.

    ``pairs`` defaults to the tallied pairs, else consecutive waves; a pair
    without a tallied panel has panel index -1.
    """
    if pairs is None:
        chosen = list(counts.pairs) or list(
            zip(counts.waves[:-1], counts.waves[1:], strict=True)
        )
    else:
        chosen = [(str(b), str(a)) for b, a in pairs]
    for before, after in chosen:
        for wave in (before, after):
            if wave not in counts.waves:
                raise UnknownNameError("wave", wave, counts.waves)
        if before == after:
            raise InvalidArgumentError(f"cannot compare wave {before!r} with itself")
    before_index = [counts.waves.index(b) for b, _ in chosen]
    after_index = [counts.waves.index(a) for _, a in chosen]
    panel_index = [counts.pairs.index(p) if p in counts.pairs else -1 for p in chosen]
    return chosen, before_index, after_index, panel_index


def pairable(counts: Counts) -> bool:
    """Whether the paired (2×2) interval fits the counts' design.

    It does for unweighted counts of simple random sampling: no weights, and
    for a design-based tally one stratum without a population size.
    """
    if counts.weighted:
        return False
    if not counts.design_based:
        return True
    return len(counts.strata) == 1 and bool(np.all(np.isinf(counts.population_sizes)))


class Constructions(NamedTuple):
    """Per (pair, group, item) cell, which construction its change gets."""

    paired: Bools
    overlap: Bools  # a plain tally's correlated interval from the panel's cells
    independent: Bools  # independent, or a design's (its covariance decides)


def choose_constructions(
    counts: Counts,
    paired: Paired,
    *,
    n_pairs: Ints,
    bases: tuple[Ints, Ints],
    valid: tuple[Bools, Bools],
    counted: Bools,
    chosen: list[tuple[str, str]],
    untallied: list[tuple[str, str]],
    population: object,
) -> Constructions:
    """Return where each construction is used (the one place it is chosen).

    ``"auto"`` pairs complete panels of simple random samples without
    population sizes (Newcombe's paired method 10, McNemar) and, in an
    unweighted tally, joins the waves of every other panel by their
    correlation (``overlap``); a design-based tally's changes all go to its
    own covariance (``independent`` here, ``overlap`` where organisations
    answered in both waves). Cells whose panel was needed but not counted
    are an error.
    """
    shape = n_pairs.shape
    answered = valid[0] & valid[1]
    none = np.zeros(shape, dtype=bool)
    if paired is False:
        return Constructions(none, none, answered)
    if untallied:
        raise InvalidArgumentError(
            f"the panel cells of waves {untallied[0]} were not tallied; tally with "
            "pairs= including it, or pass paired=False"
        )
    if paired is True:
        if not pairable(counts):
            raise InvalidArgumentError(
                "paired intervals are not available for weighted surveys or "
                "survey designs; use paired=False or 'auto'"
            )
        if population is not None:
            raise InvalidArgumentError(
                "the paired interval has no finite population correction; for "
                "a change with population sizes use paired='auto' (the waves "
                "joined by their correlation, with the correction)"
            )
        use: Bools = n_pairs > 0
        _check_counted(use, counted, chosen)
        return Constructions(use, none, none)
    complete = (n_pairs > 0) & (n_pairs == bases[0]) & (n_pairs == bases[1])
    plain = not counts.design_based and not counts.weighted
    use = complete & pairable(counts) & (population is None)
    overlap = (n_pairs > 0) & ~use & answered & plain
    _check_counted(use | overlap, counted, chosen)
    return Constructions(use, overlap, answered & ~use & ~overlap)


def _check_counted(
    wanted: Bools, counted: Bools, chosen: list[tuple[str, str]]
) -> None:
    if np.any(wanted & ~counted):
        p = int(np.nonzero(wanted & ~counted)[0][0])
        raise InvalidArgumentError(
            f"the panel cells of waves {chosen[p]} were not counted where the "
            "change "
            "needs them; count them with panel_cells='auto' or 'all', or pass "
            "paired=False"
        )
