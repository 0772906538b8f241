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
    both samples, and otherwise joins the two waves by the correlation of their
    estimates through the panel (``construction="overlap"``); see
    :mod:`skl_socialmedia.tally.pairing`. ``paired=True`` forces the paired
    interval over the panel only, ``paired=False`` the independent one.

Routing and bases
    Items are asked of some organisations only (see
    :mod:`skl_socialmedia.model.routing`): by default a figure is a share of
    those the item was asked of (``base="routed"``); ``base="all"`` counts the
    not-asked as no, a share of every respondent.

Finite population correction
    ``population=`` (a number, or a mapping of group → number of organisations
    in the population) applies the correction with the group's sampling
    fraction in the wave, ``f = respondents / N``. A base filtered with
    ``among=`` is a domain whose population is estimated as ``rows in it / f``;
    item non-response is taken as missing at random within the base, so an
    item answered by ``n`` of the base has ``n`` drawn from that population.
    :func:`register_populations` gives the Swedish register's counts per
    ``org_kind``. Not combined with weights; paired (2×2) intervals do not
    take it, so changes with it join the waves by their correlation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.register import Register, get_register
from skl_socialmedia.model.routing import AskedAmong, Base, RoutingOverrides
from skl_socialmedia.problems import Problems
from skl_socialmedia.statistics import (
    Delta,
    DeltaMethod,
    PairedMethod,
    Rate,
    RateMethod,
)
from skl_socialmedia.survey.arguments import (
    _population,
    item_argument,
    name_argument,
    names_argument,
    pairs_argument,
    wave_argument,
)
from skl_socialmedia.survey.builder import SurveyParts, build_parts
from skl_socialmedia.survey.columns import survey_columns
from skl_socialmedia.survey.design import Design
from skl_socialmedia.survey.encode import MISSING_LABEL, Categorical
from skl_socialmedia.survey.groups import Grouping, categorical, group_codes
from skl_socialmedia.survey.organisations import register_populations
from skl_socialmedia.survey.routing import check_base, on_base
from skl_socialmedia.survey.subsets import take_rows, wanted_codes
from skl_socialmedia.survey.summary import survey_html, survey_repr
from skl_socialmedia.tally.estimates import (
    DegreesOfFreedom,
    EstimateOptions,
    Paired,
    Population,
    delta_table,
    panel_cells_needed,
    rate_table,
)
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.numpy_engine import count
from skl_socialmedia.tally.one_cell import one_delta, one_rate
from skl_socialmedia.tally.spec import CountSpec, PanelCells
from skl_socialmedia.tally.tables import DeltaTable, RateTable

__all__ = ["Survey", "register_populations"]

#: The attribute (or attributes) whose combinations are a table's groups.
By = str | Sequence[str] | None


class Survey:
    """Microdata: one row per organisation per wave, with answers to items.

    Build one with :meth:`from_columns` (or a data source); see the module
    documentation for panels, weights and the finite population correction.
    """

    __slots__ = (
        "_all_base",
        "_description",
        "_design",
        "_groupings",
        "_parts",
        "_register",
        "_routing",
        "_tallies",
    )

    def __init__(
        self,
        parts: SurveyParts,
        register: Register | None = None,
        design: Design | None = None,
        routing: Mapping[str, AskedAmong] | None = None,
        description: str | None = None,
    ) -> None:
        self._parts = parts
        self._register = register
        self._routing = dict(routing or {})
        self._description = description
        self._all_base: SurveyParts | None = None
        if design is None:
            design = Design(weight=None if parts.weights is None else "weight")
        elif design.weight is not None and parts.weights is None:
            raise InvalidArgumentError(
                f"the design's weight column {design.weight!r} is not in the survey"
            )
        self._design = design
        # group codes per ``by`` (the survey never changes, so they keep)
        self._groupings: dict[tuple[str, ...], Grouping] = {}
        # per-wave counts (tallies without pairs) per (items, by, among): what
        # rates() counted, pp_deltas() reuses
        self._tallies: dict[tuple[object, ...], Tally] = {}

    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, Any] | Any,
        *,
        items: Sequence[str] | Mapping[str, str] | str | None = None,
        register: Register | str | None = "se",
        waves: Sequence[object] | str | None = None,
        problems: Problems | None = None,
        header_line: int | None = None,
        design: Design | None = None,
        routing: RoutingOverrides = None,
        description: str | None = None,
        attributes: Sequence[str] | str | None = None,
        wave: str | None = None,
        org_code: str | None = None,
        org_kind: str | None = None,
        weight: str | None = None,
    ) -> Survey:
        """Build a survey from columns: a mapping of name to array-like, or a frame.

        Columns ``wave`` and ``org_code`` are required; ``org_kind`` and
        ``weight`` are optional; item columns follow the canonical names
        (``uses``, ``channel.<id>`` …) unless ``items`` names them (a list of
        columns, or a mapping column → item name); every other column is an
        attribute of the organisation — except one whose name looks like a
        misspelt reserved or item name (``weigth``, ``use``, ``orgkind``, a
        name with a NUL in it), which is a problem suggesting the name meant.
        ``attributes`` names columns that are attributes whatever their names
        (not ``wave``, ``org_code`` or ``org_kind``). ``register`` checks and
        enriches the codes (``None``: any code). ``waves`` keeps only those
        waves, in that order; each must have rows. One name as a string is a
        list of one (``items="uses"``, ``waves="2010"``). All problems are
        raised together as a :class:`~skl_socialmedia.errors.DataErrorGroup`;
        arguments of the wrong type are an
        :class:`~skl_socialmedia.errors.InvalidArgumentError`.

        A data source passes its own ``problems`` collector (see
        :class:`~skl_socialmedia.problems.Problems`: the file, and the file
        line of each row) and the ``header_line``, so that every problem is
        named by file, line, column and value; problems it found itself
        while reading are raised together with these.

        ``design`` is the sampling design (see
        :class:`~skl_socialmedia.survey.design.Design`); by default a
        ``weight`` column makes a weighted design, and nothing else does.
        ``Design(weight="w")`` reads the column ``w`` as the weights.
        ``routing`` overrides whom items are asked of (see
        :data:`~skl_socialmedia.model.routing.RoutingOverrides`; an answer
        where an item was not asked is a problem). ``description`` says what
        the data are (a source's header, e.g. "SYNTHETIC DATA …"); reports
        carry it on their source line. ``wave``, ``org_code``, ``org_kind`` and
        ``weight`` name the columns of those roles when called otherwise
        (``wave="year"``).
        """
        resolved = get_register(register)
        roles = {"wave": wave, "org_code": org_code, "org_kind": org_kind}
        mapping, explicit, design = survey_columns(
            columns, design, description, attributes, roles | {"weight": weight}
        )
        parts, routed = build_parts(
            mapping,
            items=items,
            register=resolved,
            waves=waves,
            problems=problems,
            header_line=header_line,
            routing=routing,
            attributes=explicit,
            roles=roles,
        )
        return cls(parts, resolved, design, routed, description)

    def with_design(self, design: Design) -> Survey:
        """Return the same responses under another sampling ``design``.

        Its ``weight`` is the survey's weights or ``None`` (unweighted); its
        ``strata`` and a ``population`` column are attributes of the survey.
        """
        for name in (design.strata, design.population):
            if isinstance(name, str):
                self._categorical(name)  # an unknown column is an error
        return self._like(self._parts, design)

    def _like(self, parts: SurveyParts, design: Design | None = None) -> Survey:
        design = self._design if design is None else design
        return Survey(parts, self._register, design, self._routing, self._description)

    @property
    def design(self) -> Design:
        """The sampling design (see :class:`~skl_socialmedia.survey.design.Design`)."""
        return self._design

    @property
    def routing(self) -> dict[str, AskedAmong]:
        """Whom each routed item is asked of (items not in it: everyone)."""
        return dict(self._routing)

    @property
    def description(self) -> str | None:
        """What the data are, as their source says (``None``: not said)."""
        return self._description

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
        """Whether the survey's design has weights."""
        return self._parts.weights is not None and self._design.weight is not None

    def __len__(self) -> int:
        return len(self._parts.wave)

    def __repr__(self) -> str:
        return survey_repr(self._parts, self.weighted)

    def _repr_html_(self) -> str:
        """Return a summary (waves, items, groups, counts) as HTML, for notebooks."""
        parts, design, register = self._parts, self._design, self._register
        return survey_html(parts, design, self.weighted, register, self.description)

    def item(self, name: str) -> str:
        """Return the item called ``name`` (aliases resolved), or raise."""
        return self._item(name, "item")

    def _item(self, name: object, argument: str) -> str:
        """Return the item called ``name``; ``argument`` is named if it is no name."""
        return item_argument(argument, name, self.items)

    def wave(self, label: object) -> str:
        """Return the wave called ``label`` (``2010`` or ``"2010"``), or raise."""
        return wave_argument(label, self.waves)

    def column(self, name: str) -> npt.NDArray[Any]:
        """Return one column per row: labels, answer codes or weights.

        ``wave``, ``org_code`` and attributes give text (missing attribute values
        as ``"(missing)"``); an item gives its ``int8`` codes; ``weight`` floats.
        """
        name = name_argument("name", name, "a column name")
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
        return categorical(self._parts, name)

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
            mask &= np.isin(cat.codes, wanted_codes(name, cat, value))
        return self._like(take_rows(self._parts, np.flatnonzero(mask)))

    # -- tallies and estimates ----------------------------------------------
    #
    # One route for every estimate: a CountSpec, answered by the numpy engine
    # with a Tally, read by the table functions of tally.estimates. The
    # per-wave counts (a tally without pairs) are kept per (items, by, among):
    # what rates() counted, pp_deltas() reuses.

    def _grouping(self, by: By) -> tuple[tuple[str, ...], Grouping]:
        names = tuple(names_argument("by", by, "attribute names") or ())
        known = self._groupings.get(names)
        if known is None:
            known = group_codes(self._parts, names)
            if len(self._groupings) >= 8:
                self._groupings.clear()
            self._groupings[names] = known
        return names, known

    def _pairs(
        self, pairs: Iterable[tuple[object, object]] | None
    ) -> list[tuple[str, str]]:
        return pairs_argument(pairs, self.waves)

    def _chosen(
        self, items: Sequence[str] | str | None, among: str | None
    ) -> tuple[list[str], str | None]:
        """Return the items to count and the ``among`` item, names resolved."""
        names = names_argument("items", items, "item names")
        among_item = None if among is None else self._item(among, "among")
        if names is None:
            return [i for i in self.items if i != among_item], among_item
        return [self._item(name, "items") for name in names], among_item

    def _spec(
        self,
        items: Sequence[str] | str | None,
        by: By,
        among: str | None,
        pairs: Sequence[tuple[str, str]],
        panel_cells: PanelCells = "all",
    ) -> tuple[CountSpec, Grouping]:
        chosen, among_item = self._chosen(items, among)
        names, grouping = self._grouping(by)
        spec = CountSpec(
            items=chosen,
            by=names,
            among=among_item,
            pairs=pairs,
            weight="weight" if self.weighted else None,
            panel_cells=panel_cells,
            design=self._design if self._design.linearised else None,
        )
        return spec, grouping

    def _change_spec(
        self,
        items: Sequence[str] | str | None,
        by: By,
        among: str | None,
        pairs: Sequence[tuple[str, str]],
        options: EstimateOptions,
    ) -> tuple[CountSpec, Grouping]:
        """Return the spec of changes: what ``options.paired`` needs counted."""
        cells = panel_cells_needed(
            options.paired, self.weighted, self._design.linearised
        )
        return self._spec(items, by, among, pairs, cells)

    def _on(self, base: Base) -> SurveyParts:
        """Return the answers on ``base`` (see :mod:`.routing`)."""
        if check_base(base) == "routed" or not self._routing:
            return self._parts
        if self._all_base is None:
            self._all_base = on_base(self._parts, self._routing)
        return self._all_base

    def _count(self, spec: CountSpec, grouping: Grouping, base: Base) -> Tally:
        """Return the tally of ``spec``; the per-wave counts are counted once."""
        parts = self._on(base)
        every_cell = spec.panel_cells == "all" or (
            spec.panel_cells == "auto" and spec.weight is None
        )
        if spec.pairs and every_cell and spec.design is None:
            # every cell: the panels' margins give most per-wave counts
            return count(spec, parts, grouping=grouping)
        key = (spec.items, spec.by, spec.among, base)
        waves = self._tallies.get(key)
        if waves is None:
            waves = count(attrs.evolve(spec, pairs=()), parts, grouping=grouping)
            if len(self._tallies) >= 8:
                self._tallies.clear()
            self._tallies[key] = waves
        if not spec.pairs:
            return waves
        return count(spec, parts, grouping=grouping, wave_counts=waves)

    def tally(
        self,
        items: Sequence[str] | str | None = None,
        *,
        by: By = None,
        among: str | None = None,
        base: Base = "routed",
        pairs: Iterable[tuple[object, object]] | None = None,
    ) -> Tally:
        """Count answers per (wave, group, item), with the panel per wave pair.

        ``items`` defaults to every item (except ``among``); ``by`` names an
        attribute (or several); ``among`` an item whose yes-sayers (in the same
        wave) form the base; ``base="all"`` counts the not-asked as no (see the
        module docs); ``pairs`` the wave pairs whose panels are counted
        (default: consecutive waves), every panel cell included.
        """
        spec, grouping = self._spec(items, by, among, self._pairs(pairs))
        tally = self._count(spec, grouping, base)
        # a tally built on the cached per-wave counts must not share them
        shares_cache = not spec.pairs or spec.design is not None
        return _copy(tally) if shares_cache else tally

    def rates(
        self,
        items: Sequence[str] | str | None = None,
        *,
        by: By = None,
        among: str | None = None,
        base: Base = "routed",
        confidence: float = 0.95,
        method: RateMethod = "wilson",
        population: Population = None,
        df: DegreesOfFreedom = math.inf,
    ) -> RateTable:
        """Return the rate of every item in every wave and group, with intervals."""
        options = EstimateOptions.for_rates(
            confidence, method, _population(population), df
        )
        spec, grouping = self._spec(items, by, among, ())
        return rate_table(self._count(spec, grouping, base), options)

    def pp_deltas(
        self,
        items: Sequence[str] | str | None = None,
        *,
        by: By = None,
        among: str | None = None,
        base: Base = "routed",
        pairs: Iterable[tuple[object, object]] | None = None,
        paired: Paired = "auto",
        method: DeltaMethod = "newcombe",
        paired_method: PairedMethod = "newcombe",
        confidence: float = 0.95,
        rate_method: RateMethod = "wilson",
        population: Population = None,
        df: DegreesOfFreedom = math.inf,
    ) -> DeltaTable:
        """Return the pp change of every item between wave pairs (consecutive).

        ``method`` is the interval of a change that is not paired (Newcombe's
        MOVER by default; ``"wald"``; the other independent-samples methods
        with ``paired=False``), ``paired_method`` the complete-panel one;
        ``rate_method`` and ``population`` shape the rates the intervals start
        from. See the module docs for ``paired``. The panel cells are counted
        only where ``paired`` may use them.
        """
        options = EstimateOptions.for_deltas(
            paired,
            method,
            paired_method,
            confidence,
            rate_method,
            _population(population),
            df,
        )
        spec, grouping = self._change_spec(
            items, by, among, self._pairs(pairs), options
        )
        return delta_table(self._count(spec, grouping, base), options)

    def rate(
        self,
        item: str,
        *,
        wave: object,
        among: str | None = None,
        base: Base = "routed",
        confidence: float = 0.95,
        method: RateMethod = "wilson",
        population: float | None = None,
        df: DegreesOfFreedom = math.inf,
    ) -> Rate:
        """Return the rate of ``item`` in ``wave`` with its interval (all rows).

        The cell of :meth:`rates` for the item, without groups. Use
        :meth:`where` for a group, ``among="uses"`` for a filtered base.
        """
        options = EstimateOptions.for_rates(
            confidence, method, _population(population), df
        )
        spec, grouping = self._spec([self._item(item, "item")], None, among, ())
        return one_rate(self._count(spec, grouping, base), self.wave(wave), options)

    def pp_delta(
        self,
        item: str,
        *,
        before: object,
        after: object,
        among: str | None = None,
        base: Base = "routed",
        paired: Paired = "auto",
        method: DeltaMethod = "newcombe",
        paired_method: PairedMethod = "newcombe",
        confidence: float = 0.95,
        rate_method: RateMethod = "wilson",
        population: float | None = None,
        df: DegreesOfFreedom = math.inf,
    ) -> Delta:
        """Return the change of ``item`` from ``before`` to ``after`` (all rows).

        The cell of :meth:`pp_deltas` for the item and pair, without groups:
        ``paired="auto"`` uses the paired interval when the two waves' samples
        are the same organisations, and joins the waves by their correlation
        when only some are (see the module docs); ``Delta.construction`` says
        which was used.
        """
        options = EstimateOptions.for_deltas(
            paired,
            method,
            paired_method,
            confidence,
            rate_method,
            _population(population),
            df,
        )
        pair = (self.wave(before), self.wave(after))
        item = self._item(item, "item")
        spec, grouping = self._change_spec([item], None, among, [pair], options)
        return one_delta(self._count(spec, grouping, base), options)


def _copy(tally: Tally) -> Tally:
    """Return a tally with arrays of its own (a cached one stays as counted)."""
    arrays = {
        field.name: value.copy()
        for field in attrs.fields(Tally)
        if isinstance(value := getattr(tally, field.name), np.ndarray)
    }
    return attrs.evolve(tally, **arrays)
