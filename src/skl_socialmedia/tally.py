"""The Tally: sufficient statistics per (wave, group, item), mergeable with ``+``.

A :class:`Tally` holds, per wave, group and item, the number of yes answers,
the base (answers that are not missing), and for weighted surveys the
weighted sums and the sums of squared weights; per pair of waves it holds the
panel 2×2 cells of the organisations that answered in both. Nothing else is
needed for rates, intervals and deltas, so any engine that can count (a
database ``GROUP BY``, Spark, DuckDB) can build a Tally and hand it to
:meth:`Tally.rates` and :meth:`Tally.pp_deltas`.

Tallies of disjoint parts of a survey add up (``a + b``) to the tally of the
whole. Shard by organisation (every wave of an organisation in one shard) so
that the panel cells add up too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia._encode import is_integer_like
from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.tables import DeltaTable, RateTable

__all__ = ["PANEL_CELLS", "Tally", "count_tally"]

#: The order of the panel cells along the last axis of :attr:`Tally.panel`.
PANEL_CELLS = ("both", "before_only", "after_only", "neither")

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def _ints(value: Any) -> Ints:
    array = np.asarray(value)
    if array.size and (
        array.dtype.kind not in "iuf" or np.any(array != np.round(array))
    ):
        raise InvalidArgumentError("tally counts must be whole numbers")
    result: Ints = array.astype(np.int64)
    if np.any(result < 0):
        raise InvalidArgumentError("tally counts must not be negative")
    return result


def _floats(value: Any) -> Floats | None:
    return None if value is None else np.asarray(value, dtype=np.float64)


def _labels(value: Sequence[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _pairs(value: Sequence[Sequence[object]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(b), str(a)) for b, a in value)


@attrs.frozen(eq=False)
class Tally:
    """Counts per (wave, group, item) and panel cells per (pair, group, item).

    Arrays, with W waves, G groups, I items and P wave pairs:

    - ``respondents`` (W, G): rows (organisations) per wave and group;
    - ``domain`` (W, G): of those, the rows answering yes to ``among`` (the
      respondents when there is no ``among``), for the finite population
      correction of a filtered base;
    - ``yes``, ``base`` (W, G, I): yes answers, and answers that are not
      missing (among those answering yes to ``among``, if set);
    - ``weighted_yes``, ``weighted_base``, ``squared_weights`` (W, G, I):
      the same as sums of weights and of squared weights, or ``None``;
    - ``panel`` (P, G, I, 4): for each pair in ``pairs``, organisations that
      answered in both waves within the same group, split into
      :data:`PANEL_CELLS` (yes in both, yes only before, only after, neither).
    """

    waves: tuple[str, ...] = attrs.field(converter=_labels)
    groups: tuple[str, ...] = attrs.field(converter=_labels)
    items: tuple[str, ...] = attrs.field(converter=_labels)
    respondents: Ints = attrs.field(converter=_ints)
    yes: Ints = attrs.field(converter=_ints)
    base: Ints = attrs.field(converter=_ints)
    weighted_yes: Floats | None = attrs.field(default=None, converter=_floats)
    weighted_base: Floats | None = attrs.field(default=None, converter=_floats)
    squared_weights: Floats | None = attrs.field(default=None, converter=_floats)
    pairs: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    panel: Ints | None = attrs.field(default=None)
    grouping: str | None = None
    among: str | None = None
    domain: Ints | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        shape = (len(self.waves), len(self.groups), len(self.items))
        if self.domain is None:
            object.__setattr__(self, "domain", self.respondents.copy())
        else:
            object.__setattr__(self, "domain", _ints(self.domain))
        if self.domain_rows.shape != shape[:2] or np.any(
            self.domain_rows > self.respondents
        ):
            raise InvalidArgumentError(
                "domain must have the shape of respondents and not exceed it"
            )
        if self.panel is None:
            object.__setattr__(
                self, "panel", np.zeros((len(self.pairs), *shape[1:], 4), np.int64)
            )
        else:
            object.__setattr__(self, "panel", _ints(self.panel))
        if self.respondents.shape != shape[:2]:
            raise InvalidArgumentError(
                f"respondents has shape {self.respondents.shape}, expected {shape[:2]}"
            )
        weighted = [self.weighted_yes, self.weighted_base, self.squared_weights]
        for name, array in zip(("yes", "base"), (self.yes, self.base), strict=True):
            if array.shape != shape:
                raise InvalidArgumentError(
                    f"{name} has shape {array.shape}, not {shape}"
                )
        if any(w is None for w in weighted) and not all(w is None for w in weighted):
            raise InvalidArgumentError(
                "weighted_yes, weighted_base and squared_weights go together"
            )
        for sums in weighted:
            if sums is not None and sums.shape != shape:
                raise InvalidArgumentError(f"weighted sums must have shape {shape}")
        if np.any(self.yes > self.base):
            raise InvalidArgumentError("a tally has more yes answers than answers")
        assert self.panel is not None
        if self.panel.shape != (len(self.pairs), *shape[1:], 4):
            raise InvalidArgumentError(
                f"panel has shape {self.panel.shape}, "
                f"expected {(len(self.pairs), *shape[1:], 4)}"
            )
        for before, after in self.pairs:
            for wave in (before, after):
                if wave not in self.waves:
                    raise InvalidArgumentError(f"pair wave {wave!r} is not a wave")

    @property
    def weighted(self) -> bool:
        """Whether the tally carries weighted sums."""
        return self.weighted_base is not None

    @property
    def domain_rows(self) -> Ints:
        """The rows in the base population per (wave, group), shape (W, G)."""
        assert self.domain is not None
        return self.domain

    @property
    def panel_cells(self) -> Ints:
        """The panel cells, shape (P, G, I, 4) (see :data:`PANEL_CELLS`)."""
        assert self.panel is not None
        return self.panel

    def __add__(self, other: object) -> Tally:
        """Return the tally of both parts, aligning waves, groups, items and pairs."""
        if not isinstance(other, Tally):
            return NotImplemented
        return merge(self, other)

    def rates(
        self,
        *,
        confidence: float = 0.95,
        method: str = "wilson",
        population: float | Mapping[str, float] | None = None,
    ) -> RateTable:
        """Return the rate of every (wave, group, item) cell with its interval."""
        from skl_socialmedia._estimate import rate_table

        return rate_table(
            self, confidence=confidence, method=method, population=population
        )

    def pp_deltas(
        self,
        *,
        pairs: Sequence[tuple[object, object]] | None = None,
        paired: bool | Literal["auto"] = "auto",
        method: str = "newcombe",
        paired_method: str = "newcombe",
        confidence: float = 0.95,
        rate_method: str = "wilson",
        population: float | Mapping[str, float] | None = None,
    ) -> DeltaTable:
        """Return the pp change of every (pair, group, item) with its interval.

        ``pairs`` defaults to the tallied pairs. See
        :meth:`skl_socialmedia.survey.Survey.pp_delta` for ``paired``.
        """
        from skl_socialmedia._estimate import delta_table

        return delta_table(
            self,
            pairs=pairs,
            paired=paired,
            method=method,
            paired_method=paired_method,
            confidence=confidence,
            rate_method=rate_method,
            population=population,
        )


def _union(a: Sequence[str], b: Sequence[str]) -> list[str]:
    out = list(a) + [x for x in b if x not in a]
    return sorted(out, key=int) if is_integer_like(out) else out


def merge(a: Tally, b: Tally) -> Tally:
    """Return ``a + b``: counts added cell by cell over the union of labels."""
    for name in ("grouping", "among"):
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
    shape = (len(waves), len(groups), len(items))
    arrays: dict[str, Any] = {
        "respondents": np.zeros(shape[:2], np.int64),
        "domain": np.zeros(shape[:2], np.int64),
    }
    names = ["yes", "base"]
    if a.weighted:
        names += ["weighted_yes", "weighted_base", "squared_weights"]
    for name in names:
        arrays[name] = np.zeros(shape, np.int64 if name in ("yes", "base") else float)
    panel = np.zeros((len(pairs), *shape[1:], 4), np.int64)
    for part in (a, b):
        w = [waves.index(x) for x in part.waves]
        g = [groups.index(x) for x in part.groups]
        i = [items.index(x) for x in part.items]
        p = [pairs.index(x) for x in part.pairs]
        arrays["respondents"][np.ix_(w, g)] += part.respondents
        arrays["domain"][np.ix_(w, g)] += part.domain_rows
        for name in names:
            arrays[name][np.ix_(w, g, i)] += getattr(part, name)
        panel[np.ix_(p, g, i, [0, 1, 2, 3])] += part.panel_cells
    return Tally(
        waves,
        groups,
        items,
        **arrays,
        pairs=pairs,
        panel=panel,
        grouping=a.grouping,
        among=a.among,
    )


def count_tally(
    *,
    wave: npt.NDArray[np.intp],
    waves: Sequence[str],
    group: npt.NDArray[np.intp],
    groups: Sequence[str],
    org: npt.NDArray[np.intp],
    n_orgs: int,
    answers: npt.NDArray[np.int8],
    items: Sequence[str],
    item_columns: Sequence[int],
    among_column: int | None = None,
    weights: Floats | None = None,
    pairs: Sequence[tuple[int, int]] = (),
    grouping: str | None = None,
    among: str | None = None,
) -> Tally:
    """Count a survey's answers into a :class:`Tally` (bincount group-bys).

    Rows are organisations in waves: ``wave``, ``group`` and ``org`` are integer
    codes per row; ``answers`` the int8 item matrix (1 yes, 0 no, -1 missing);
    ``pairs`` the wave index pairs whose panel cells are wanted. The loops run
    over items and pairs, never over cells or rows.
    """
    n_w, n_g, n_i = len(waves), len(groups), len(item_columns)
    cells = n_w * n_g
    cell = wave.astype(np.intp) * n_g + group
    shape = (n_w, n_g)
    respondents = np.bincount(cell, minlength=cells).reshape(shape)
    yes = np.zeros((*shape, n_i), np.int64)
    base = np.zeros((*shape, n_i), np.int64)
    weighted = None
    if weights is not None:
        weighted = [np.zeros((*shape, n_i)) for _ in range(3)]
    filt = None if among_column is None else answers[:, among_column] == 1
    domain = (
        respondents
        if filt is None
        else np.bincount(cell, filt, cells).reshape(shape).astype(np.int64)
    )
    for j, column in enumerate(item_columns):
        x = answers[:, column]
        answered = x >= 0
        if filt is not None:
            answered &= filt
        said_yes = (x == 1) & answered
        base[..., j] = np.bincount(cell, answered, cells).reshape(shape)
        yes[..., j] = np.bincount(cell, said_yes, cells).reshape(shape)
        if weights is not None and weighted is not None:
            w_answered = np.where(answered, weights, 0.0)
            weighted[0][..., j] = np.bincount(
                cell, np.where(said_yes, weights, 0.0), cells
            ).reshape(shape)
            weighted[1][..., j] = np.bincount(cell, w_answered, cells).reshape(shape)
            weighted[2][..., j] = np.bincount(
                cell, w_answered * weights, cells
            ).reshape(shape)
    panel = np.zeros((len(pairs), n_g, n_i, 4), np.int64)
    for p, (before, after) in enumerate(pairs):
        panel[p] = _panel(
            wave, group, org, n_orgs, answers, item_columns, filt, before, after, n_g
        )
    weighted_yes, weighted_base, squared_weights = (
        (None, None, None) if weighted is None else weighted
    )
    return Tally(
        waves,
        groups,
        items,
        respondents,
        yes,
        base,
        weighted_yes,
        weighted_base,
        squared_weights,
        pairs=[(waves[b], waves[a]) for b, a in pairs],
        panel=panel,
        grouping=grouping,
        among=among,
        domain=domain,
    )


def _panel(
    wave: npt.NDArray[np.intp],
    group: npt.NDArray[np.intp],
    org: npt.NDArray[np.intp],
    n_orgs: int,
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    filt: npt.NDArray[np.bool_] | None,
    before: int,
    after: int,
    n_groups: int,
) -> Ints:
    rows_b = np.flatnonzero(wave == before)
    rows_a = np.flatnonzero(wave == after)
    partner = np.full(n_orgs, -1, dtype=np.intp)
    partner[org[rows_a]] = rows_a
    matched = partner[org[rows_b]]
    keep = matched >= 0
    rb, ra = rows_b[keep], matched[keep]
    same = group[rb] == group[ra]
    rb, ra = rb[same], ra[same]
    g4 = group[rb] * 4
    out = np.zeros((n_groups, len(item_columns), 4), np.int64)
    for j, column in enumerate(item_columns):
        xb, xa = answers[rb, column], answers[ra, column]
        ok = (xb >= 0) & (xa >= 0)
        if filt is not None:
            ok &= filt[rb] & filt[ra]
        # 3: yes in both, 2: yes only before, 1: yes only after, 0: neither.
        kind = (xb == 1) * 2 + (xa == 1)
        counts = np.bincount(g4[ok] + kind[ok], minlength=n_groups * 4)
        out[:, j, :] = counts.reshape(n_groups, 4)[:, ::-1]
    return out
