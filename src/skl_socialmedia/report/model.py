"""The report: the table a person reads, independent of how it is rendered.

A :class:`Report` has one :class:`ReportRow` per (group, item): the estimate in
every wave shown (:class:`Estimate`), the changes between waves
(:class:`Change`: by default the first to the last wave) and whom the figures
are shares of (:class:`RowBase`). Every number says where it comes from
(:class:`Status`): published by the source, computed from published figures,
or estimated from microdata — so no renderer can pass a computed figure off as
a published one. :class:`Finding` holds what the source states in words.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.model.localized import Text, as_text
from skl_socialmedia.published.flags import Flag

if TYPE_CHECKING:
    from skl_socialmedia.dataframes import FrameKind

__all__ = [
    "BASE_KINDS",
    "Change",
    "Estimate",
    "Finding",
    "Report",
    "ReportRow",
    "RowBase",
    "Status",
    "Text",
]


def _text(value: Text | str) -> Text:
    return as_text(value)


def _optional_text(value: Text | str | None) -> Text | None:
    return None if value is None else _text(value)


def _texts(values: Iterable[Text | str]) -> tuple[Text, ...]:
    return tuple(_text(v) for v in values)


def _flag_tuple(values: Iterable[Flag]) -> tuple[Flag, ...]:
    return tuple(dict.fromkeys(values))


def _label_map(values: Mapping[str, Text | str]) -> dict[str, Text]:
    return {str(k): _text(v) for k, v in values.items()}


def _keys(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


class Status(enum.Enum):
    """Where a figure comes from."""

    PUBLISHED = "published"
    """As published by the source (rounded as published)."""
    COMPUTED = "computed"
    """Computed by this library from published figures (e.g. a difference)."""
    ESTIMATED = "estimated"
    """Estimated by this library from response-level data (microdata)."""
    NOT_PUBLISHED = "not published"
    """The source gives no figure."""


@attrs.frozen
class Estimate:
    """A rate in one wave: value and, where counts exist, its interval.

    ``value``, ``low`` and ``high`` are fractions in [0, 1]; ``low``/``high`` are
    ``None`` when no interval can be given (published percentages without bases).
    ``decimals`` is the number of decimals the figure was published with;
    ``n`` the number of organisations in the base that answered (unweighted;
    ``total`` is their weight sum in a weighted survey); ``flags`` the
    status flags the source published with the figure (low reliability,
    confidential, …; see :class:`~skl_socialmedia.published.flags.Flag`).
    """

    wave: str
    value: float | None
    status: Status
    low: float | None = None
    high: float | None = None
    successes: float | None = None
    total: float | None = None
    effective_n: float | None = None
    low_base: bool = False
    decimals: int | None = None
    note: Text | None = attrs.field(default=None, converter=_optional_text)
    n: int | None = None
    flags: tuple[Flag, ...] = attrs.field(default=(), converter=_flag_tuple)

    @property
    def percent(self) -> float | None:
        """The value in percent."""
        return None if self.value is None else 100.0 * self.value


@attrs.frozen
class Change:
    """The change between two waves, in fractions (``pp`` gives points).

    ``significant`` is ``None`` when no interval exists; ``paired`` says whether
    a paired (panel) interval was used, ``construction`` how the interval was
    made (``"paired"``, ``"overlap"``, ``"independent"``; ``None`` for a
    published change); ``flags`` holds :attr:`Flag.BREAK
    <skl_socialmedia.published.flags.Flag.BREAK>` when the series breaks
    between its waves (the change is not comparable).
    """

    value: float | None
    status: Status
    low: float | None = None
    high: float | None = None
    method: str | None = None
    paired: bool | None = None
    p_value: float | None = None
    significant: bool | None = None
    note: Text | None = attrs.field(default=None, converter=_optional_text)
    construction: str | None = None
    before_wave: str | None = None
    after_wave: str | None = None
    flags: tuple[Flag, ...] = attrs.field(default=(), converter=_flag_tuple)

    @property
    def pp(self) -> float | None:
        """The change in percentage points."""
        return None if self.value is None else 100.0 * self.value


#: What a row's figures are shares of (see :class:`RowBase`).
BASE_KINDS = ("routed", "all", "among", "answered", "published")


@attrs.frozen
class RowBase:
    """Whom a row's figures are shares of.

    ``kind`` is one of :data:`BASE_KINDS`:

    - ``"routed"``: those the item was asked of — organisations answering
      ``answer`` (yes or no) to ``item`` (``"uses"``) — that answered it;
    - ``"all"``: every respondent, the not-asked counted as no;
    - ``"among"``: those answering yes to ``item`` (the ``among=`` filter);
    - ``"answered"``: every organisation that answered the item (no routing);
    - ``"published"``: as published — shares of respondents, bases not given;
      with ``table``, figures of a published statistical table: shares of
      ``population`` (the plural noun of its units, e.g. enterprises) where
      the table says, else of what the table says.

    The number in the base is each estimate's ``n``.
    """

    kind: str
    item: str | None = None
    answer: bool = True
    population: Text | None = attrs.field(
        default=None, converter=_optional_text, repr=False
    )
    table: bool = attrs.field(default=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.kind not in BASE_KINDS:
            raise ValueError(
                f"base kind must be one of {BASE_KINDS}, not {self.kind!r}"
            )

    def __repr__(self) -> str:
        """Show the fields; ``population`` and ``table`` only when set."""
        shown = f"kind={self.kind!r}, item={self.item!r}, answer={self.answer!r}"
        if self.population is not None:
            shown += f", population={self.population!r}"
        if self.table:
            shown += ", table=True"
        return f"RowBase({shown})"


def _estimates(values: Iterable[Estimate]) -> tuple[Estimate, ...]:
    return tuple(values)


def _changes(values: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(values)


@attrs.frozen
class ReportRow:
    """One row: a group and an item, its estimate in every wave, the changes.

    ``group`` is a key such as ``"municipality"``, ``"county_council"``,
    ``"all"`` or an attribute value (a county name); ``item`` is an item name
    such as ``"uses"`` or ``"purpose.recruitment"``; ``estimates`` one per
    wave of the report, in order; ``changes`` the changes shown (by default
    the first to the last wave; each names its waves); ``among`` the filter
    item whose yes-sayers form the base, if any; ``base`` whom the figures
    are shares of. ``before``, ``after`` and ``change`` are the first and
    last estimates and the first change.
    """

    group: str
    item: str
    estimates: tuple[Estimate, ...] = attrs.field(converter=_estimates)
    changes: tuple[Change, ...] = attrs.field(converter=_changes)
    among: str | None = None
    note: Text | None = attrs.field(default=None, converter=_optional_text)
    base: RowBase = RowBase("answered")

    def __attrs_post_init__(self) -> None:
        if not self.estimates or not self.changes:
            raise InvalidArgumentError(
                "a report row needs at least one estimate and one change"
            )

    @property
    def before(self) -> Estimate:
        """The estimate in the first wave."""
        return self.estimates[0]

    @property
    def after(self) -> Estimate:
        """The estimate in the last wave."""
        return self.estimates[-1]

    @property
    def change(self) -> Change:
        """The first change (the first to the last wave, by default)."""
        return self.changes[0]

    def estimate(self, wave: str) -> Estimate:
        """Return the estimate of ``wave``."""
        for estimate in self.estimates:
            if estimate.wave == wave:
                return estimate
        raise KeyError(wave)


@attrs.frozen
class Finding:
    """What the source states in words (not computed): e.g. a press text's finding.

    ``topic`` groups findings (``"channels"``, ``"purposes"``, ``"reasons"``);
    ``status`` is :attr:`Status.PUBLISHED`: stated by the source.
    """

    text: Text = attrs.field(converter=_text)
    topic: str = ""
    status: Status = Status.PUBLISHED


def _rows(values: Iterable[ReportRow]) -> tuple[ReportRow, ...]:
    return tuple(values)


def _findings(values: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(values)


def _wave_labels(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


@attrs.frozen
class Report:
    """A report: rows over the waves shown, with its source and notes.

    ``title``, ``source``, ``description`` and every note are :class:`Text`
    (a plain string is used for both languages). ``waves`` are the waves
    shown (by default the two compared); ``before_wave``/``after_wave`` the
    waves of the main change (the first and last); ``description`` what the
    data are, as their source says (e.g. a synthetic-data warning), which
    belongs on the source line; ``findings`` what the source states in
    words; ``weighted`` whether the estimates are weighted.
    ``group_labels`` and ``item_labels`` give display labels of the rows'
    group and item keys where the source has them (a published table's
    categories, in both languages); ``places`` lists the groups that are
    places (a table's geographical categories: "in Denmark").
    """

    title: Text = attrs.field(converter=_text)
    source: Text = attrs.field(converter=_text)
    before_wave: str
    after_wave: str
    rows: tuple[ReportRow, ...] = attrs.field(converter=_rows)
    grouping: str = "org_kind"
    confidence: float | None = None
    notes: tuple[Text, ...] = attrs.field(default=(), converter=_texts)
    waves: tuple[str, ...] = attrs.field(default=(), converter=_wave_labels)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_findings)
    description: Text | None = attrs.field(default=None, converter=_optional_text)
    weighted: bool = False
    group_labels: Mapping[str, Text] = attrs.field(factory=dict, converter=_label_map)
    item_labels: Mapping[str, Text] = attrs.field(factory=dict, converter=_label_map)
    places: tuple[str, ...] = attrs.field(default=(), converter=_keys)

    def __attrs_post_init__(self) -> None:
        if not self.waves:
            object.__setattr__(self, "waves", (self.before_wave, self.after_wave))

    def __iter__(self) -> Iterator[ReportRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        from skl_socialmedia.report.notebook import report_repr

        return report_repr(self)

    def _repr_html_(self) -> str:
        """Return the title and the first rows as escaped HTML, for notebooks."""
        from skl_socialmedia.report.notebook import report_html

        return report_html(self)

    def to_pandas(self, lang: str = "en", table: str = "estimates") -> Any:
        """Return the report's ``table`` in tidy long form as a pandas DataFrame.

        ``"estimates"``: a row per report row and wave; ``"changes"``: a row
        per report row and change (see :mod:`~skl_socialmedia.report.tidy`);
        the ``frames`` extra.
        """
        return _frame(self, lang, table, "pandas")

    def to_polars(self, lang: str = "en", table: str = "estimates") -> Any:
        """Return the report's ``table`` as a polars DataFrame (see ``to_pandas``)."""
        return _frame(self, lang, table, "polars")

    def to_arrow(self, lang: str = "en", table: str = "estimates") -> Any:
        """Return the report's ``table`` as a pyarrow Table (see ``to_pandas``)."""
        return _frame(self, lang, table, "arrow")

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Export the estimates through the Arrow PyCapsule stream interface."""
        from skl_socialmedia.dataframes import arrow_stream
        from skl_socialmedia.report.tidy import report_columns

        return arrow_stream(report_columns(self), requested_schema)


def _frame(report: Report, lang: str, table: str, kind: FrameKind) -> Any:
    """Return ``report``'s tidy ``table`` as a data frame of ``kind``."""
    from skl_socialmedia.dataframes import to_frame
    from skl_socialmedia.report.tidy import report_columns

    return to_frame(report_columns(report, lang, table), kind, "a report")
