"""The report: the table a person reads, independent of how it is rendered.

A :class:`Report` has one :class:`ReportRow` per (group, item): the estimate in
the earlier and the later wave (:class:`Estimate`) and the change between them
(:class:`Change`). Every number says where it comes from (:class:`Status`):
published by the source, computed from published figures, or estimated from
microdata — so no renderer can pass a computed figure off as a published one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs

from skl_socialmedia.model.localized import Text, as_text

__all__ = ["Change", "Estimate", "Report", "ReportRow", "Status", "Text"]


def _text(value: Text | str) -> Text:
    return as_text(value)


def _optional_text(value: Text | str | None) -> Text | None:
    return None if value is None else _text(value)


def _texts(values: Iterable[Text | str]) -> tuple[Text, ...]:
    return tuple(_text(v) for v in values)


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
    ``decimals`` is the number of decimals the figure was published with.
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
    published change).
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

    @property
    def pp(self) -> float | None:
        """The change in percentage points."""
        return None if self.value is None else 100.0 * self.value


@attrs.frozen
class ReportRow:
    """One row: a group and an item, its estimates in two waves and the change.

    ``group`` is a key such as ``"municipality"``, ``"county_council"``,
    ``"all"`` or an attribute value (a county name); ``item`` is an item name
    such as ``"uses"`` or ``"purpose.recruitment"``; ``among`` the filter item
    whose yes-sayers form the base, if any.
    """

    group: str
    item: str
    before: Estimate
    after: Estimate
    change: Change
    among: str | None = None
    note: Text | None = attrs.field(default=None, converter=_optional_text)


def _rows(values: Iterable[ReportRow]) -> tuple[ReportRow, ...]:
    return tuple(values)


@attrs.frozen
class Report:
    """A report: rows comparing two waves, with its source and notes.

    ``title``, ``source`` and every note are :class:`Text` (a plain string is
    used for both languages).
    """

    title: Text = attrs.field(converter=_text)
    source: Text = attrs.field(converter=_text)
    before_wave: str
    after_wave: str
    rows: tuple[ReportRow, ...] = attrs.field(converter=_rows)
    grouping: str = "org_kind"
    confidence: float | None = None
    notes: tuple[Text, ...] = attrs.field(default=(), converter=_texts)

    def __iter__(self) -> Iterator[ReportRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)
