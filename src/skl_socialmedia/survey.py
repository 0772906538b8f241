"""The :class:`Survey`: response-level data (microdata), held column-wise.

One row per organisation per wave. A survey keeps, as numpy arrays, the wave
and the organisation of each row, the answers to every item as ``int8`` codes
(1 yes, 0 no, -1 missing — missing is never counted as "no"), optional
weights, and the organisation's attributes (``org_kind``, ``county``, any other
column) as integer codes into their labels. Every estimate goes through a
:class:`~skl_socialmedia.tally.Tally`: counts by ``np.bincount``, intervals by
whole-array calls into :mod:`skl_socialmedia.statistics`.

Panels and ``paired="auto"``
    For an item and two waves, the *panel* is the organisations that answered
    the item (not missing; yes to ``among`` if given) in both waves, in the same
    group. ``"auto"`` uses the paired interval when the panel is the whole of
    both samples — every organisation answering in either wave answered in both
    — and the independent interval otherwise (it is then conservative for a
    positively correlated, partly overlapping sample; the tables give
    ``n_pairs`` beside ``n_before`` and ``n_after``). Weighted surveys always use
    the independent interval (with Kish effective sizes). ``paired=True`` forces
    the paired interval over the panel only, ``paired=False`` the independent one.

Finite population correction
    ``population=`` (a number, or a mapping of group → number of organisations
    in the population) applies the correction with the group's sampling
    fraction in the wave, ``f = respondents / N``. A base filtered with
    ``among=`` is a domain whose population is estimated as ``rows in it / f``;
    item non-response is taken as missing at random within the base, so an
    item answered by ``n`` of the base has ``n`` drawn from that population.
    :func:`register_populations` gives the Swedish register's counts per
    ``org_kind``. Not combined with weights; paired intervals do not use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia._build import SurveyParts, build_parts, column_mapping
from skl_socialmedia._encode import (
    MISSING_LABEL,
    Categorical,
    Codes,
    chunks,
    code_dtype,
)
from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.items import parse_item
from skl_socialmedia.organisations import OrgKind
from skl_socialmedia.register import Register, get_register
from skl_socialmedia.tally import Tally, count_pair_cells, count_tally

if TYPE_CHECKING:
    from skl_socialmedia.statistics import Delta, Rate
    from skl_socialmedia.tables import DeltaTable, RateTable

__all__ = ["Survey", "register_populations"]

Population = float | Mapping[str, float] | None
By = str | Sequence[str] | None


def register_populations(register: Register | str = "se") -> dict[str, int]:
    """Return the number of organisations per ``org_kind`` in a register.

    For the Swedish register: ``{"municipality": 290, "county_council": 20}``,
    ready for ``population=`` with ``by="org_kind"``.
    """
    resolved = get_register(register)
    if resolved is None:
        raise InvalidArgumentError("register_populations needs a register")
    return {kind.value: count for kind, count in resolved.populations.items()}


def _values(value: object) -> list[object]:
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


class Survey:
    """Microdata: one row per organisation per wave, with answers to items.

    Build one with :meth:`from_columns` (or a data source); see the module
    documentation for panels, weights and the finite population correction.
    """

    __slots__ = ("_groupings", "_parts", "_register", "_tallies")

    def __init__(self, parts: SurveyParts, register: Register | None = None) -> None:
        self._parts = parts
        self._register = register
        # group codes per ``by`` (the survey never changes, so they keep)
        self._groupings: dict[tuple[str, ...], tuple[Codes, tuple[str, ...]]] = {}
        # per-wave counts (tallies without pairs) per (items, by, among): what
        # rates() counted, pp_deltas() reuses
        self._tallies: dict[tuple[object, ...], Tally] = {}

    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, Any] | Any,
        *,
        items: Sequence[str] | Mapping[str, str] | None = None,
        register: Register | str | None = "se",
        waves: Sequence[object] | None = None,
    ) -> Survey:
        """Build a survey from columns: a mapping of name to array-like, or a frame.

        Columns ``wave`` and ``org_code`` are required; ``org_kind`` and
        ``weight`` are optional; item columns follow the canonical names
        (``uses``, ``channel.<id>`` …) unless ``items`` names them (a list of
        columns, or a mapping column → item name); every other column is an
        attribute of the organisation. ``register`` checks and enriches the
        codes (``None``: any code). ``waves`` keeps only those waves, in that
        order; each must have rows. All problems are raised together as a
        :class:`~skl_socialmedia.errors.DataErrorGroup`.
        """
        resolved = get_register(register)
        parts = build_parts(
            column_mapping(columns), items=items, register=resolved, waves=waves
        )
        return cls(parts, resolved)

    # -- what the survey holds ---------------------------------------------

    @property
    def waves(self) -> tuple[str, ...]:
        """The wave labels, in order."""
        return self._parts.waves

    @property
    def items(self) -> tuple[str, ...]:
        """The item names."""
        return self._parts.items

    @property
    def attributes(self) -> tuple[str, ...]:
        """The names of the organisation attributes (``org_kind``, ``county`` …)."""
        return tuple(self._parts.attributes)

    @property
    def organisations(self) -> tuple[str, ...]:
        """The organisation codes that occur (in sorted order)."""
        org = self._parts.org
        used = np.flatnonzero(np.bincount(org[org >= 0], minlength=1))
        return tuple(self._parts.orgs[i] for i in used.tolist())

    @property
    def register(self) -> Register | None:
        """The register the codes were checked against, if any."""
        return self._register

    @property
    def weighted(self) -> bool:
        """Whether the survey has weights."""
        return self._parts.weights is not None

    def __len__(self) -> int:
        return len(self._parts.wave)

    def __repr__(self) -> str:
        return (
            f"<Survey: {len(self)} rows, waves {list(self.waves)}, "
            f"{len(self.items)} items, attributes {list(self.attributes)}"
            f"{', weighted' if self.weighted else ''}>"
        )

    def item(self, name: str) -> str:
        """Return the item called ``name`` (aliases resolved), or raise."""
        if name in self.items:
            return name
        try:
            canonical = parse_item(name)
        except UnknownNameError:
            canonical = None
        if canonical in self.items:
            return canonical
        raise UnknownNameError("item of this survey", name, self.items)

    def wave(self, label: object) -> str:
        """Return the wave called ``label`` (``2010`` or ``"2010"``), or raise."""
        text = str(label).strip()
        if text not in self.waves:
            raise UnknownNameError("wave", label, self.waves)
        return text

    def column(self, name: str) -> npt.NDArray[Any]:
        """Return one column per row: labels, answer codes or weights.

        ``wave``, ``org_code`` and attributes give text (missing attribute values
        as ``"(missing)"``); an item gives its ``int8`` codes; ``weight`` floats.
        """
        parts = self._parts
        result: npt.NDArray[Any]
        if name == "wave":
            result = np.asarray(parts.waves, dtype=str)[parts.wave]
        elif name == "org_code":
            result = np.asarray(parts.orgs, dtype=str)[parts.org]
        elif name == "weight" and parts.weights is not None:
            result = parts.weights.copy()
        elif name in parts.attributes:
            cat = parts.attributes[name]
            labels = np.asarray([*cat.labels, MISSING_LABEL], dtype=str)
            result = labels[cat.codes]
        else:
            try:
                j = parts.items.index(self.item(name))
            except UnknownNameError:
                known = ["wave", "org_code", *self.attributes, *self.items]
                if self.weighted:
                    known.append("weight")
                raise UnknownNameError("column", name, known) from None
            result = parts.answers[:, j].copy()
        return result

    # -- subsets -------------------------------------------------------------

    def _categorical(self, name: str) -> Categorical:
        parts = self._parts
        if name == "wave":
            return Categorical(parts.wave, parts.waves)
        if name == "org_code":
            return Categorical(parts.org, parts.orgs)
        if name in parts.attributes:
            return parts.attributes[name]
        raise UnknownNameError(
            "attribute", name, ("wave", "org_code", *self.attributes)
        )

    def _wanted_codes(self, name: str, cat: Categorical, value: object) -> list[int]:
        codes = []
        for v in _values(value):
            if isinstance(v, OrgKind):
                text = v.value
            elif name == "org_kind" and isinstance(v, str):
                try:
                    text = OrgKind.parse(v).value
                except UnknownNameError:
                    text = v.strip()
            else:
                text = str(v).strip()
            if text == MISSING_LABEL:
                codes.append(-1)
            elif text in cat.labels:
                codes.append(cat.labels.index(text))
            else:
                raise UnknownNameError(f"value of {name!r}", v, cat.labels)
        return codes

    def where(self, **equals: object) -> Survey:
        """Return the rows whose attributes equal the values given.

        A value may be a list (any of them). ``survey.where(org_kind=
        "municipality")``, ``where(county=["Skåne län", "Hallands län"])``;
        ``wave`` and ``org_code`` work too. A value that the attribute never
        takes is an error (a typo would otherwise give an empty survey).
        """
        mask = np.ones(len(self), dtype=bool)
        for name, value in equals.items():
            cat = self._categorical(name)
            mask &= np.isin(cat.codes, self._wanted_codes(name, cat, value))
        rows = np.flatnonzero(mask)
        parts = self._parts
        subset = SurveyParts(
            parts.waves,
            parts.wave[rows],
            parts.orgs,
            parts.org[rows],
            parts.items,
            np.asfortranarray(parts.answers[rows]),
            None if parts.weights is None else parts.weights[rows],
            {k: c.take(rows) for k, c in parts.attributes.items()},
        )
        return Survey(subset, self._register)

    # -- tallies and estimates ----------------------------------------------

    def _groups(self, by: By) -> tuple[Codes, tuple[str, ...], str | None]:
        n = len(self)
        names = [] if by is None else [by] if isinstance(by, str) else list(by)
        if not names:
            return np.zeros(n, dtype=np.int8), ("all",), None
        cats = [self._categorical(name) for name in names]
        known = self._groupings.get(tuple(names))
        if known is not None:
            return known[0], known[1], " / ".join(names)
        if len(cats) == 1 and _all_used(cats[0]):
            # the attribute's own codes are the groups (no copy)
            self._remember(names, (cats[0].codes, tuple(cats[0].labels)))
            return cats[0].codes, tuple(cats[0].labels), names[0]
        # Each attribute's codes with missing as one more code, combined into
        # one key per row (mixed radix).
        sizes = [len(cat.labels) + 1 for cat in cats]
        span = int(np.prod(sizes, dtype=np.float64))

        def combined(part: slice) -> npt.NDArray[np.int64]:
            key = np.zeros(len(range(n)[part]), dtype=np.int64)
            for cat, size in zip(cats, sizes, strict=True):
                codes = cat.codes[part].astype(np.int64)
                codes[codes < 0] = size - 1
                key *= size
                key += codes
            return key

        group: Codes
        if span <= 4 * n + (1 << 16):
            seen = np.zeros(span, dtype=bool)
            for part in chunks(n):
                seen[combined(part)] = True
            present = np.flatnonzero(seen)
            dtype = code_dtype(len(present))
            lut = np.full(span, -1, dtype=dtype)
            lut[present] = np.arange(len(present), dtype=dtype)
            group = np.empty(n, dtype=dtype)
            for part in chunks(n):
                np.take(lut, combined(part), out=group[part])
        else:
            present, inverse = np.unique(combined(slice(None)), return_inverse=True)
            group = inverse.reshape(-1).astype(code_dtype(len(present)))
        labels = []
        for key in present.tolist():
            parts = []
            for cat, size in zip(reversed(cats), reversed(sizes), strict=True):
                key, code = divmod(key, size)
                parts.append(MISSING_LABEL if code == size - 1 else cat.labels[code])
            labels.append(" / ".join(reversed(parts)))
        self._remember(names, (group, tuple(labels)))
        return group, tuple(labels), " / ".join(names)

    def _remember(
        self, names: list[str], grouping: tuple[Codes, tuple[str, ...]]
    ) -> None:
        if len(self._groupings) >= 8:
            self._groupings.clear()
        self._groupings[tuple(names)] = grouping

    def _pairs(
        self, pairs: Iterable[tuple[object, object]] | None
    ) -> list[tuple[int, int]]:
        if pairs is None:
            return [(i, i + 1) for i in range(len(self.waves) - 1)]
        out = []
        for before, after in pairs:
            b, a = (
                self.waves.index(self.wave(before)),
                self.waves.index(self.wave(after)),
            )
            if b == a:
                raise InvalidArgumentError(
                    f"cannot compare wave {self.waves[b]!r} with itself"
                )
            out.append((b, a))
        return out

    def tally(
        self,
        items: Sequence[str] | str | None = None,
        *,
        by: By = None,
        among: str | None = None,
        pairs: Iterable[tuple[object, object]] | None = None,
    ) -> Tally:
        """Count answers per (wave, group, item), with panel cells per wave pair.

        ``items`` defaults to every item (except ``among``); ``by`` names an
        attribute (or several); ``among`` an item whose yes-sayers (in the same
        wave) form the base; ``pairs`` the wave pairs whose panel cells are
        counted (default: consecutive waves).
        """
        chosen, among_item = self._chosen(items, among)
        pair_list = self._pairs(pairs)
        if not pair_list:
            return _copy(self._wave_tally(chosen, by, among_item))
        return self._count(chosen, by, among_item, pair_list)

    def _count(
        self,
        chosen: list[str],
        by: By,
        among_item: str | None,
        pairs: Sequence[tuple[int, int]],
    ) -> Tally:
        """Count the chosen items per wave and group (and per pair of waves)."""
        group, groups, grouping = self._groups(by)
        parts = self._parts
        return count_tally(
            wave=parts.wave,
            waves=parts.waves,
            group=group,
            groups=groups,
            org=parts.org,
            n_orgs=len(parts.orgs),
            answers=parts.answers,
            items=chosen,
            item_columns=[parts.items.index(i) for i in chosen],
            among_column=None if among_item is None else parts.items.index(among_item),
            weights=parts.weights,
            pairs=pairs,
            grouping=grouping,
            among=among_item,
        )

    def _chosen(
        self, items: Sequence[str] | str | None, among: str | None
    ) -> tuple[list[str], str | None]:
        """Return the items to count and the ``among`` item, names resolved."""
        names = [items] if isinstance(items, str) else items
        among_item = None if among is None else self.item(among)
        if names is None:
            return [i for i in self.items if i != among_item], among_item
        return [self.item(name) for name in names], among_item

    def _wave_tally(self, chosen: list[str], by: By, among_item: str | None) -> Tally:
        """Return the per-wave counts (no pairs), counted once per survey."""
        key = (
            tuple(chosen),
            None if by is None else (by,) if isinstance(by, str) else tuple(by),
            among_item,
        )
        known = self._tallies.get(key)
        if known is not None:
            return known
        tally = self._count(chosen, by, among_item, ())
        if len(self._tallies) >= 8:
            self._tallies.clear()
        self._tallies[key] = tally
        return tally

    def rates(
        self,
        items: Sequence[str] | str | None = None,
        *,
        by: By = None,
        among: str | None = None,
        confidence: float = 0.95,
        method: str = "wilson",
        population: Population = None,
    ) -> RateTable:
        """Return the rate of every item in every wave and group, with intervals."""
        tally = self.tally(items, by=by, among=among, pairs=())
        return tally.rates(confidence=confidence, method=method, population=population)

    def pp_deltas(
        self,
        items: Sequence[str] | str | None = None,
        *,
        by: By = None,
        among: str | None = None,
        pairs: Iterable[tuple[object, object]] | None = None,
        paired: bool | Literal["auto"] = "auto",
        method: str = "newcombe",
        paired_method: str = "newcombe",
        confidence: float = 0.95,
        rate_method: str = "wilson",
        population: Population = None,
    ) -> DeltaTable:
        """Return the pp change of every item between wave pairs (consecutive).

        ``method`` is the independent-samples interval, ``paired_method`` the
        panel one; ``rate_method`` and ``population`` shape the rates the
        independent interval starts from. See the module docs for ``paired``.
        """
        pair_list = self._pairs(pairs)
        if pair_list and (paired is False or paired == "auto"):
            return self._deltas_pruned(
                items,
                by=by,
                among=among,
                pairs=pair_list,
                paired=paired,
                method=method,
                paired_method=paired_method,
                confidence=confidence,
                rate_method=rate_method,
                population=population,
            )
        tally = self.tally(
            items, by=by, among=among, pairs=self._pair_labels(pair_list)
        )
        return tally.pp_deltas(
            paired=paired,
            method=method,
            paired_method=paired_method,
            confidence=confidence,
            rate_method=rate_method,
            population=population,
        )

    def _deltas_pruned(
        self,
        items: Sequence[str] | str | None,
        *,
        by: By,
        among: str | None,
        pairs: list[tuple[int, int]],
        paired: bool | Literal["auto"],
        method: str,
        paired_method: str,
        confidence: float,
        rate_method: str,
        population: Population,
    ) -> DeltaTable:
        """Return :meth:`pp_deltas` for ``paired`` False or "auto", counting less.

        The per-wave counts come from :meth:`_wave_tally` (shared with
        :meth:`rates`). Every panel's size (``n_pairs``) is counted; "auto"
        chooses the paired interval only where the panel is both waves' whole
        sample, so the panel cells (before × after) are counted only for the
        (pair, item) where that can happen (see
        :func:`~skl_socialmedia.tally.count_pair_cells`). The table is the same
        as from a full tally.
        """
        from skl_socialmedia._estimate import delta_table

        chosen, among_item = self._chosen(items, among)
        counts = self._wave_tally(chosen, by, among_item)
        parts = self._parts
        before = counts.base[[b for b, _ in pairs]]
        after = counts.base[[a for _, a in pairs]]
        group, groups, _grouping = self._groups(by)
        panel, sizes = count_pair_cells(
            wave=parts.wave,
            n_waves=len(parts.waves),
            group=group,
            n_groups=len(groups),
            org=parts.org,
            n_orgs=len(parts.orgs),
            answers=parts.answers,
            item_columns=[parts.items.index(i) for i in chosen],
            among_column=None if among_item is None else parts.items.index(among_item),
            pairs=pairs,
            bases=(
                (before, after) if paired == "auto" and not counts.weighted else None
            ),
            wave_counts=(counts.respondents, counts.base),
        )
        tally = attrs.evolve(counts, pairs=self._pair_labels(pairs), panel=panel)
        return delta_table(
            tally,
            pairs=None,
            paired=paired,
            method=method,
            paired_method=paired_method,
            confidence=confidence,
            rate_method=rate_method,
            population=population,
            panel_sizes=sizes,
        )

    def _pair_labels(self, pairs: list[tuple[int, int]]) -> list[tuple[object, object]]:
        return [(self.waves[b], self.waves[a]) for b, a in pairs]

    def rate(
        self,
        item: str,
        *,
        wave: object,
        among: str | None = None,
        confidence: float = 0.95,
        method: str = "wilson",
        population: float | None = None,
    ) -> Rate:
        """Return the rate of ``item`` in ``wave`` with its interval (all rows).

        Use :meth:`where` for a group, ``among="uses"`` for a filtered base.
        """
        from skl_socialmedia._estimate import single_rate

        tally = self.tally([item], among=among, pairs=())
        return single_rate(
            tally,
            self.wave(wave),
            confidence=confidence,
            method=method,
            population=population,
        )

    def pp_delta(
        self,
        item: str,
        *,
        before: object,
        after: object,
        among: str | None = None,
        paired: bool | Literal["auto"] = "auto",
        method: str = "newcombe",
        paired_method: str = "newcombe",
        confidence: float = 0.95,
        rate_method: str = "wilson",
        population: float | None = None,
    ) -> Delta:
        """Return the change of ``item`` from ``before`` to ``after`` (all rows).

        ``paired="auto"`` uses the paired interval when the two waves' samples
        are the same organisations (see the module docs); ``Delta.paired`` says
        which was used.
        """
        from skl_socialmedia._estimate import single_delta

        pair = (self.wave(before), self.wave(after))
        tally = self.tally([item], among=among, pairs=[pair])
        return single_delta(
            tally,
            paired=paired,
            method=method,
            paired_method=paired_method,
            confidence=confidence,
            rate_method=rate_method,
            population=population,
        )


def _all_used(cat: Categorical) -> bool:
    """Return whether every label of ``cat`` occurs and no value is missing."""
    n = len(cat.codes)
    counts = np.zeros(len(cat.labels) + 1, np.int64)
    buffer = np.empty(min(n, 1 << 18), np.intp)
    for part in chunks(n, 1 << 18):
        shifted = buffer[: part.stop - part.start]
        np.add(cat.codes[part], 1, out=shifted, dtype=np.intp)  # missing: 0
        counts += np.bincount(shifted, minlength=len(counts))
    return bool(counts[0] == 0) and bool(np.all(counts[1:] > 0))


def _copy(tally: Tally) -> Tally:
    """Return a tally with arrays of its own (a cached one stays as counted)."""

    def own(array: npt.NDArray[Any] | None) -> npt.NDArray[Any] | None:
        return None if array is None else array.copy()

    return attrs.evolve(
        tally,
        respondents=tally.respondents.copy(),
        yes=tally.yes.copy(),
        base=tally.base.copy(),
        weighted_yes=own(tally.weighted_yes),
        weighted_base=own(tally.weighted_base),
        squared_weights=own(tally.squared_weights),
        panel=tally.panel_cells.copy(),
        domain=tally.domain_rows.copy(),
    )
