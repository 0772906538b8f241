"""The Tally: sufficient statistics per (wave, group, item), mergeable with ``+``.

A :class:`Tally` holds, per wave, group and item, the number of yes answers,
the base (answers that are not missing), and for weighted surveys the
weighted sums and the sums of squared weights; per pair of waves it holds the
panel: how many organisations answered in both waves (the panel's size) and
their 2×2 cells, with where those cells were counted. Nothing else is needed
for rates, intervals and deltas, so any engine that can count (a database
``GROUP BY``, Spark, DuckDB) can build a Tally — :meth:`Tally.from_long`
takes the long rows such a query returns — and hand it to :meth:`Tally.rates`
and :meth:`Tally.pp_deltas`.

Tallies of disjoint parts of a survey add up (``a + b``) to the tally of the
whole. Shard by organisation (every wave of an organisation in one shard) so
that the panels add up too. No counting happens here: the built-in counting
kernels are :mod:`skl_socialmedia.tally.numpy_engine`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.dataframes import FrameKind, to_frame
from skl_socialmedia.errors import DataError, InvalidArgumentError
from skl_socialmedia.statistics import DeltaMethod, PairedMethod, RateMethod
from skl_socialmedia.tally import labels
from skl_socialmedia.tally.estimates import (
    DegreesOfFreedom,
    EstimateOptions,
    Population,
    delta_table,
    rate_table,
)
from skl_socialmedia.tally.file_layout import build, fields_of, read_json, write_json
from skl_socialmedia.tally.long import (
    long_tables,
    parse_cross,
    parse_design,
    parse_long,
)
from skl_socialmedia.tally.merge import merged_fields
from skl_socialmedia.tally.tables import DeltaTable, RateTable

__all__ = ["CROSS", "MOMENTS", "PANEL_CELLS", "LongTally", "Tally", "merge"]

#: The order of the panel cells along the last axis of :attr:`Tally.panel`.
PANEL_CELLS = ("both", "before_only", "after_only", "neither")
#: The order of a design's moments along the last axis of :attr:`Tally.moments`.
MOMENTS = ("weighted_yes", "weighted_base", "squared_weighted_yes", "squared_weights")
#: The order of a design's cross moments (sums of w_before · w_after over the
#: organisations answering in both waves) along the last axis of
#: :attr:`Tally.cross_moments`.
CROSS = ("yes_both", "yes_after", "yes_before", "answered_both")

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


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


def _scale(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InvalidArgumentError(
            f"weight_scale must be a whole number (a power of two), not {value!r}"
        )
    if abs(int(value)) > MAX_WEIGHT_SCALE:
        raise InvalidArgumentError(
            f"weight_scale must lie within ±{MAX_WEIGHT_SCALE}, got {int(value)}"
        )
    return int(value)


#: The largest |weight_scale|: weights are floats, 2**±1100 covers them all.
MAX_WEIGHT_SCALE = 1100


def _labels(value: Sequence[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _pairs(value: Sequence[Sequence[object]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(b), str(a)) for b, a in value)


class LongTally(NamedTuple):
    """A tally as long rows (see :meth:`Tally.to_long`): dicts of column arrays.

    ``to_pandas()``, ``to_polars()`` and ``to_arrow()`` give each table as a
    data frame, by name (``"rows"``, ``"panel"``, and ``"design"``,
    ``"cross"`` for a design-based tally).
    """

    rows: dict[str, npt.NDArray[Any]]
    panel: dict[str, npt.NDArray[Any]]
    design: dict[str, npt.NDArray[Any]] | None = None
    cross: dict[str, npt.NDArray[Any]] | None = None

    def _frames(self, kind: FrameKind) -> dict[str, Any]:
        return {
            name: to_frame(table, kind, f"the tally's {name}")
            for name, table in self._asdict().items()
            if table is not None
        }

    def to_pandas(self) -> dict[str, Any]:
        """Return the tables as pandas DataFrames, by name (the ``frames`` extra)."""
        return self._frames("pandas")

    def to_polars(self) -> dict[str, Any]:
        """Return the tables as polars DataFrames, by name (the ``frames`` extra)."""
        return self._frames("polars")

    def to_arrow(self) -> dict[str, Any]:
        """Return the tables as pyarrow Tables, by name (the ``frames`` extra)."""
        return self._frames("arrow")


@attrs.frozen(eq=False)
class Tally:
    """Counts per (wave, group, item) and the panel per (pair, group, item).

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
      :data:`PANEL_CELLS` (yes in both, yes only before, only after, neither);
    - ``panel_sizes`` (P, G, I): how many organisations answered in both
      waves (the cells' sum where they were counted; by default that sum);
    - ``panel_counted`` (P, G, I): where the cells were counted (by default
      everywhere). An engine may count only the sizes where the cells will
      not be used; such cells are zero, and stay uncounted in a merge;
    - for a design-based tally (weights, strata or a finite population by
      linearisation), the H ``strata``, their sampling ``units`` (H): the
      organisations of the stratum in the survey, in any wave, and
      ``strata_population`` (H): N_h, ``inf`` without a correction, and
      ``moments`` (W, G, H, I, 4): per stratum Σw·y, Σw, Σw²·y and Σw² over
      the cell's answers (:data:`MOMENTS`), and ``cross_moments`` (P, G, H,
      I, 4): per pair and stratum, over the organisations answering in both
      waves, the sums of w_before · w_after times y_before · y_after, y_after,
      y_before and 1 (:data:`CROSS`) — what the covariance of a change needs;
      ``panel_counted`` says where both the cells and these were counted;
    - optionally (empty: unknown) ``by``, the attributes of the grouping,
      ``group_values`` (G): each group's value of each of them, and
      ``wave_values`` (W): the waves as the numbers they were given as (see
      :mod:`~skl_socialmedia.tally.labels`).
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
    panel_sizes: Ints | None = attrs.field(default=None)
    panel_counted: Bools | None = attrs.field(default=None)
    strata: tuple[str, ...] = attrs.field(default=(), converter=_labels)
    units: Ints | None = attrs.field(default=None)
    strata_population: Floats | None = attrs.field(default=None, converter=_floats)
    moments: Floats | None = attrs.field(default=None, converter=_floats)
    cross_moments: Floats | None = attrs.field(default=None, converter=_floats)
    weight_scale: int = attrs.field(default=0, converter=_scale)
    by: tuple[str, ...] = attrs.field(default=(), converter=_labels)
    group_values: tuple[tuple[str, ...], ...] = attrs.field(
        default=(), converter=labels.group_values
    )
    wave_values: tuple[int | float | str, ...] = attrs.field(
        default=(), converter=labels.wave_values
    )

    def __attrs_post_init__(self) -> None:
        shape = (len(self.waves), len(self.groups), len(self.items))
        labels.check_labels(
            self.waves, self.groups, self.by, self.group_values, self.wave_values
        )
        panel_shape = (len(self.pairs), *shape[1:])
        self._default("domain", self.respondents.copy())
        if self.domain_rows.shape != shape[:2] or np.any(
            self.domain_rows > self.respondents
        ):
            raise InvalidArgumentError(
                "domain must have the shape of respondents and not exceed it"
            )
        self._default("panel", np.zeros((*panel_shape, 4), np.int64))
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
        if self.weight_scale and not self.weighted:
            raise InvalidArgumentError(
                "weight_scale needs weighted sums: an unweighted tally has none"
            )
        if np.any(self.yes > self.base):
            raise InvalidArgumentError("a tally has more yes answers than answers")
        if self.panel_cells.shape != (*panel_shape, 4):
            raise InvalidArgumentError(
                f"panel has shape {self.panel_cells.shape}, "
                f"expected {(*panel_shape, 4)}"
            )
        for before, after in self.pairs:
            for wave in (before, after):
                if wave not in self.waves:
                    raise InvalidArgumentError(f"pair wave {wave!r} is not a wave")
        self._check_panel(panel_shape)
        self._check_design(shape)

    def _check_design(self, shape: tuple[int, int, int]) -> None:
        given = [self.units, self.strata_population, self.moments]
        if not self.strata and self.cross_moments is not None:
            raise InvalidArgumentError("cross_moments need strata")
        if not self.strata:
            if any(g is not None for g in given):
                raise InvalidArgumentError(
                    "units, strata_population and moments need strata"
                )
            return
        if any(g is None for g in given):
            raise InvalidArgumentError(
                "a tally with strata needs units, strata_population and moments"
            )
        n_h = len(self.strata)
        object.__setattr__(self, "units", _ints(self.units))
        moments = self.design_moments
        if self.stratum_units.shape != (n_h,) or self.population_sizes.shape != (n_h,):
            raise InvalidArgumentError(f"units and strata_population need shape {n_h}")
        if moments.shape != (shape[0], shape[1], n_h, shape[2], len(MOMENTS)):
            raise InvalidArgumentError(
                f"moments has shape {moments.shape}, expected "
                f"{(shape[0], shape[1], n_h, shape[2], len(MOMENTS))}"
            )
        if np.any(~(self.population_sizes >= self.stratum_units)):
            raise InvalidArgumentError(
                "a stratum's population is smaller than its units"
            )
        if np.any(moments < 0) or not np.all(np.isfinite(moments)):
            raise InvalidArgumentError("moments must be finite and not negative")
        if self.cross_moments is None:
            object.__setattr__(
                self,
                "cross_moments",
                np.zeros((len(self.pairs), shape[1], n_h, shape[2], len(CROSS))),
            )
        cross = self.design_cross_moments
        if cross.shape != (len(self.pairs), shape[1], n_h, shape[2], len(CROSS)):
            raise InvalidArgumentError(
                f"cross_moments has shape {cross.shape}, expected "
                f"{(len(self.pairs), shape[1], n_h, shape[2], len(CROSS))}"
            )
        if np.any(cross < 0) or not np.all(np.isfinite(cross)):
            raise InvalidArgumentError("cross moments must be finite and not negative")

    @property
    def design_based(self) -> bool:
        """Whether the tally carries a design's moments (linearised variances)."""
        return bool(self.strata)

    @property
    def stratum_units(self) -> Ints:
        """The sampling units (organisations, in any wave) per stratum, shape (H,)."""
        assert self.units is not None
        return self.units

    @property
    def population_sizes(self) -> Floats:
        """The population size of each stratum (``inf``: none), shape (H,)."""
        assert self.strata_population is not None
        return self.strata_population

    @property
    def design_cross_moments(self) -> Floats:
        """The design's cross moments, shape (P, G, H, I, 4) (see :data:`CROSS`)."""
        assert self.cross_moments is not None
        return self.cross_moments

    @property
    def design_moments(self) -> Floats:
        """The design's moments, shape (W, G, H, I, 4) (see :data:`MOMENTS`)."""
        assert self.moments is not None
        return self.moments

    def _default(self, name: str, value: npt.NDArray[Any]) -> None:
        given = getattr(self, name)
        object.__setattr__(self, name, value if given is None else _ints(given))

    def _check_panel(self, shape: tuple[int, int, int]) -> None:
        cell_sums = self.panel_cells.sum(axis=-1)
        self._default("panel_sizes", cell_sums)
        counted = self.panel_counted
        if counted is None:
            counted = np.ones(shape, dtype=bool)
        counted = np.asarray(counted, dtype=bool)
        object.__setattr__(self, "panel_counted", counted)
        sizes = self.panel_size_counts
        if sizes.shape != shape or counted.shape != shape:
            raise InvalidArgumentError(
                f"panel_sizes and panel_counted must have shape {shape}"
            )
        if np.any(counted & (cell_sums != sizes)):
            raise InvalidArgumentError(
                "the panel cells do not add up to the panel sizes where counted"
            )
        if np.any(~counted & (cell_sums != 0)):
            raise InvalidArgumentError("panel cells not counted must be zero")
        if self.pairs:
            index = {wave: w for w, wave in enumerate(self.waves)}
            before = self.base[[index[b] for b, _ in self.pairs]]
            after = self.base[[index[a] for _, a in self.pairs]]
            if np.any((sizes > before) | (sizes > after)):
                raise InvalidArgumentError(
                    "a panel is larger than the answers of one of its waves"
                )

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

    @property
    def panel_size_counts(self) -> Ints:
        """The panel sizes, shape (P, G, I): organisations answering in both."""
        assert self.panel_sizes is not None
        return self.panel_sizes

    @property
    def panel_cells_counted(self) -> Bools:
        """Where the panel cells were counted, shape (P, G, I)."""
        assert self.panel_counted is not None
        return self.panel_counted

    def __add__(self, other: object) -> Tally:
        """Return the tally of both parts, aligning waves, groups, items and pairs."""
        if not isinstance(other, Tally):
            return NotImplemented
        return merge(self, other)

    def rates(
        self,
        *,
        confidence: float = 0.95,
        method: RateMethod = "wilson",
        population: Population = None,
        df: DegreesOfFreedom = math.inf,
    ) -> RateTable:
        """Return the rate of every (wave, group, item) cell with its interval."""
        options = EstimateOptions.for_rates(confidence, method, population, df)
        return rate_table(self, options)

    def pp_deltas(
        self,
        *,
        pairs: Sequence[tuple[object, object]] | None = None,
        paired: bool | Literal["auto"] = "auto",
        method: DeltaMethod = "newcombe",
        paired_method: PairedMethod = "newcombe",
        confidence: float = 0.95,
        rate_method: RateMethod = "wilson",
        population: Population = None,
        df: DegreesOfFreedom = math.inf,
    ) -> DeltaTable:
        """Return the pp change of every (pair, group, item) with its interval.

        ``pairs`` defaults to the tallied pairs. See
        :meth:`skl_socialmedia.survey.Survey.pp_delta` for ``paired``.
        """
        options = EstimateOptions.for_deltas(
            paired, method, paired_method, confidence, rate_method, population, df
        )
        return delta_table(self, options, pairs=pairs)

    @classmethod
    def from_long(
        cls,
        rows: Mapping[str, Any] | Any,
        panel: Mapping[str, Any] | Any | None = None,
        design: Mapping[str, Any] | Any | None = None,
        cross: Mapping[str, Any] | Any | None = None,
        *,
        waves: Sequence[object] | None = None,
        groups: Sequence[object] | None = None,
        items: Sequence[str] | None = None,
        grouping: str | None = None,
        among: str | None = None,
    ) -> Tally:
        """Build a tally from the long rows of a ``GROUP BY``.

        ``rows`` has one row per (wave, group, item) with the columns
        ``wave``, ``group``, ``item``, ``yes`` and ``base``, and for a weighted
        tally ``weighted_yes``, ``weighted_base`` and ``squared_weights``;
        optional ``respondents`` and ``domain`` give the rows per (wave, group)
        (and of those, the rows in the ``among`` base) — without them, a
        (wave, group)'s largest base stands in for both, which is right when
        some item was answered by everyone and otherwise makes a finite
        population correction too small, never too big. ``panel`` has one row
        per (pair, group, item): ``before`` and ``after`` (or ``pair``, a
        (before, after) tuple), ``group``, ``item`` and the counts of
        :data:`PANEL_CELLS`, with optional ``n_pairs`` and ``counted`` (as
        :meth:`to_long` writes them). Both may be mappings of column name to
        array-like (what DuckDB's ``fetchnumpy()`` returns; NULL is read as 0
        only where a sum ran over no rows) or data frames. Cells without a row
        are zero. A design-based tally's ``design`` table has one row per
        (wave, group, stratum, item): ``wave``, ``group``, ``stratum``,
        ``item``, the sums of :data:`MOMENTS`, and the stratum's ``units`` and
        ``population``; its ``cross`` table one per (pair, group, stratum,
        item): ``before``, ``after``, ``group``, ``stratum``, ``item`` and the
        sums of :data:`CROSS`. A ``weight_scale`` column (one whole number on
        every row, as :meth:`to_long` writes it for weights divided by a
        power of two) gives :attr:`weight_scale`. ``waves``, ``groups`` and
        ``items`` fix the order of the
        labels (default: waves and groups sorted — as numbers when they are
        whole numbers, the group ``"(missing)"`` last — and items as they
        first appear).
        """
        arrays = parse_long(
            rows,
            panel,
            waves=waves,
            groups=groups,
            items=items,
            among=among is not None,
        )
        if design is not None:
            arrays.update(
                parse_design(design, arrays["waves"], arrays["groups"], arrays["items"])
            )
            if cross is not None:
                arrays["cross_moments"] = parse_cross(
                    cross,
                    arrays["pairs"],
                    arrays["groups"],
                    arrays["strata"],
                    arrays["items"],
                )
        elif cross is not None:
            raise DataError("cross moments need the design rows too")
        return cls(**arrays, grouping=grouping, among=among)

    def to_long(self) -> LongTally:
        """Return the tally as long rows, as :meth:`from_long` reads them.

        ``rows`` has one row per (wave, group, item), ``panel`` one per (pair,
        group, item), each a dict of column name to numpy array, ready for
        ``pandas.DataFrame(...)`` or a database table. ``Tally.from_long(
        *tally.to_long(), waves=tally.waves, groups=tally.groups,
        grouping=tally.grouping, among=tally.among)`` gives the tally back.
        """
        tables = long_tables(self)
        return LongTally(*tables) if self.strata else LongTally(*tables[:2])

    def write_parquet(self, path: str | os.PathLike[str]) -> None:
        """Write the tally to ``path`` as Parquet, atomically (``arrow`` extra).

        Every field is kept, exactly; the layout is
        :mod:`skl_socialmedia.tally.parquet_file`'s.
        """
        from skl_socialmedia.tally.parquet_file import write_parquet

        write_parquet(fields_of(self), path)

    @classmethod
    def read_parquet(cls, path: str | os.PathLike[str]) -> Tally:
        """Read a tally written by :meth:`write_parquet` (``arrow`` extra)."""
        from skl_socialmedia.tally.parquet_file import read_parquet

        return build(cls, *read_parquet(path))

    def write_json(self, path: str | os.PathLike[str]) -> None:
        """Write the tally to ``path`` as JSON, atomically, every field exactly.

        The layout is :mod:`skl_socialmedia.tally.file_layout`'s.
        """
        write_json(fields_of(self), path)

    @classmethod
    def read_json(cls, path: str | os.PathLike[str]) -> Tally:
        """Read a tally written by :meth:`write_json`."""
        return build(cls, *read_json(path))


def merge(a: Tally, b: Tally) -> Tally:
    """Return ``a + b``: counts added cell by cell over the union of labels.

    The panels add up too: sizes and cells, the cells counted where both
    parts counted them (a part without a cell adds nothing to it). Weighted
    sums of different :attr:`~Tally.weight_scale` are added at the larger
    scale (the other part's divided by the power of two between them);
    scales so far apart that the smaller part's squared weights would vanish
    are refused.
    """
    return Tally(**merged_fields(a, b))
