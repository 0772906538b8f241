"""Whole tables of estimates: :class:`RateTable` and :class:`DeltaTable`.

A table holds one numpy array per column (``table.value``, ``table.low`` …,
all of one length) and iterates as rows (named tuples). ``table.columns`` is a
plain dict of the arrays, ready for ``pandas.DataFrame(table.columns)``.
Cells without any answer have NaN estimates; no cell is left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, NamedTuple, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.dataframes import arrow_stream, to_frame
from skl_socialmedia.notebook import table_html, table_repr
from skl_socialmedia.tally.selection import selected
from skl_socialmedia.tally.table_frames import tidy_columns

__all__ = ["DeltaRow", "DeltaTable", "RateRow", "RateTable", "table_labels"]

Array = npt.NDArray[Any]
T = TypeVar("T", bound="_Table")


class RateRow(NamedTuple):
    """One row of a :class:`RateTable`.

    ``n`` is the number of answers (unweighted); ``successes`` and ``total`` are
    counts, or weighted sums for weighted surveys; fractions in [0, 1]. ``se``
    is the standard error, ``design_effect`` the variance over that of simple
    random sampling of ``n`` (NaN where unknown), ``df`` the degrees of
    freedom of the interval's quantile (``inf``: the normal quantile).
    """

    wave: str
    group: str
    item: str
    n: int
    successes: float
    total: float
    value: float
    low: float
    high: float
    effective_n: float
    population: float
    low_base: bool
    se: float
    design_effect: float
    df: float


class DeltaRow(NamedTuple):
    """One row of a :class:`DeltaTable`: the change of an item between two waves.

    ``paired`` says whether the paired (panel) interval was used; ``n_pairs``
    counts the organisations that answered in both waves (in the same group);
    ``correlation`` is the estimated correlation of the two waves' estimates
    (0 for independent samples); ``design_effect`` the change's variance over
    that of two independent simple random samples of ``n_before`` and
    ``n_after``, ``effective_n`` the size per wave of two such samples with
    the same variance (NaN where unknown); ``df`` the degrees of freedom of
    the interval's quantile (``inf``: normal).
    """

    before_wave: str
    after_wave: str
    group: str
    item: str
    before: float
    after: float
    value: float
    low: float
    high: float
    p_value: float
    significant: bool
    paired: bool
    method: str
    test: str
    n_before: int
    n_after: int
    n_pairs: int
    se: float
    construction: str
    correlation: float
    effective_n: float
    design_effect: float
    df: float


@attrs.frozen(eq=False)
class _Table:
    """Shared behaviour: columns as arrays, rows as named tuples, selection."""

    _row: ClassVar[type[tuple[Any, ...]]]

    @classmethod
    def column_names(cls) -> tuple[str, ...]:
        """Return the names of the columns, in row order."""
        return tuple(cls._row._fields)  # type: ignore[attr-defined]

    @property
    def columns(self) -> dict[str, Array]:
        """Return the columns as a dict of numpy arrays."""
        return {name: getattr(self, name) for name in self.column_names()}

    def __len__(self) -> int:
        return len(getattr(self, self.column_names()[0]))

    def __repr__(self) -> str:
        return table_repr(self)

    def _repr_html_(self) -> str:
        """Return the main columns and first rows as escaped HTML, for notebooks."""
        return table_html(self)

    def __iter__(self) -> Iterator[Any]:
        lists = [column.tolist() for column in self.columns.values()]
        return (self._row(*values) for values in zip(*lists, strict=True))

    def __getitem__(self, index: int) -> Any:
        return self._row(*(column[index].item() for column in self.columns.values()))

    def take(self: T, rows: npt.NDArray[np.intp] | npt.NDArray[np.bool_]) -> T:
        """Return the rows selected by an index array or a boolean mask."""
        return attrs.evolve(self, **{k: v[rows] for k, v in self.columns.items()})

    def select(self: T, **equals: object) -> T:
        """Return the rows whose columns equal the values given (``item="uses"``).

        A value may be a list (any of them); a ``by`` attribute selects by its
        value (``org_kind="municipality"``); items may be given by alias
        (``channel.x``). A wave, group, item or attribute value that the
        table does not hold is an :class:`~skl_socialmedia.errors.UnknownNameError`.
        """
        return self.take(selected(self, equals))

    def to_pandas(self, lang: str = "en") -> Any:
        """Return the table in tidy long form as a pandas DataFrame.

        One column per ``by`` attribute, waves in their own type beside their
        labels, the item's label in ``lang``, fractions and percentages (see
        :mod:`~skl_socialmedia.tally.table_frames`); the ``frames`` extra.
        """
        return to_frame(tidy_columns(self, lang), "pandas", type(self).__name__)

    def to_polars(self, lang: str = "en") -> Any:
        """Return the tidy table as a polars DataFrame (see ``to_pandas``)."""
        return to_frame(tidy_columns(self, lang), "polars", type(self).__name__)

    def to_arrow(self, lang: str = "en") -> Any:
        """Return the tidy table as a pyarrow Table (see ``to_pandas``)."""
        return to_frame(tidy_columns(self, lang), "arrow", type(self).__name__)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Export the tidy table through the Arrow PyCapsule stream interface."""
        return arrow_stream(tidy_columns(self), requested_schema)


def table_labels(counts: object) -> dict[str, Any]:
    """Return a table's fields that describe the labels of the ``counts``.

    The grouping and ``among`` base, and where the counts know them (a
    :class:`~skl_socialmedia.tally.model.Tally` does) the ``by``
    attributes, each group's values of them and the waves' values.
    """
    groups = getattr(counts, "groups", ())
    waves = getattr(counts, "waves", ())
    values = getattr(counts, "group_values", ())
    numbers = getattr(counts, "wave_values", ())
    return {
        "grouping": getattr(counts, "grouping", None),
        "among": getattr(counts, "among", None),
        "by": tuple(getattr(counts, "by", ())),
        "group_values": dict(zip(groups, values, strict=True)) if values else {},
        "wave_values": dict(zip(waves, numbers, strict=True)) if numbers else {},
    }


@attrs.frozen(eq=False, repr=False)  # the repr of _Table
class RateTable(_Table):
    """Rates per (wave, group, item) with their intervals, as columns.

    ``method`` names the interval, ``design`` the variance design
    (``"binomial"``, ``"finite population"``, ``"weighted (Kish)"``,
    ``"linearised"``); ``population`` is NaN where no finite population
    correction applies (and for a design, whose strata carry their own);
    ``quantile`` is the normal or Student's t quantile the intervals used.
    """

    _row: ClassVar[type[tuple[Any, ...]]] = RateRow

    wave: Array
    group: Array
    item: Array
    n: Array
    successes: Array
    total: Array
    value: Array
    low: Array
    high: Array
    effective_n: Array
    population: Array
    low_base: Array
    se: Array
    design_effect: Array
    df: Array
    method: str = "wilson"
    confidence: float = 0.95
    design: str = "binomial"
    grouping: str | None = None
    among: str | None = None
    quantile: float = 1.959963984540054
    by: tuple[str, ...] = ()
    group_values: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    wave_values: Mapping[str, int | float | str] = attrs.field(factory=dict)

    @property
    def percent(self) -> Array:
        """The rates in percent."""
        result: Array = 100.0 * self.value
        return result


@attrs.frozen(eq=False, repr=False)  # the repr of _Table
class DeltaTable(_Table):
    """Percentage-point changes per (wave pair, group, item), as columns.

    Values are fractions in [-1, 1] (``pp`` gives points). ``paired`` says per
    row whether the paired (panel) interval was used, ``construction`` how
    the interval was made (``"paired"``: the 2×2 table of a complete panel;
    ``"overlap"``: the waves joined by the correlation of their estimates
    through the organisations answering in both; ``"independent"``),
    ``method`` and ``test`` name the interval and the test behind
    ``p_value``; ``se`` is the change's standard error, ``quantile`` the
    normal or Student's t quantile the intervals used (see :class:`DeltaRow`).
    """

    _row: ClassVar[type[tuple[Any, ...]]] = DeltaRow

    before_wave: Array
    after_wave: Array
    group: Array
    item: Array
    before: Array
    after: Array
    value: Array
    low: Array
    high: Array
    p_value: Array
    significant: Array
    paired: Array
    method: Array
    test: Array
    n_before: Array
    n_after: Array
    n_pairs: Array
    se: Array
    construction: Array
    correlation: Array
    effective_n: Array
    design_effect: Array
    df: Array
    confidence: float = 0.95
    grouping: str | None = None
    among: str | None = None
    quantile: float = 1.959963984540054
    by: tuple[str, ...] = ()
    group_values: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    wave_values: Mapping[str, int | float | str] = attrs.field(factory=dict)

    @property
    def pp(self) -> Array:
        """The changes in percentage points."""
        result: Array = 100.0 * self.value
        return result
