"""Published tables of any number of dimensions: the general model.

A :class:`PublishedCube` is a table as a statistics office publishes it
(JSON-stat, PC-Axis, SDMX-CSV): its :class:`Dimension` objects (country ×
size class × indicator × year, or region × sex × period), each with its
category codes, labels and role (``"time"``, ``"metric"``, ``"geo"``), and
one :class:`Observation` per published cell with the value as published, its
status flags (normalised, :class:`~skl_socialmedia.published.flags.Flag`)
and the original symbols. :class:`Measure` says whether the values are
percentages or counts.

:func:`~skl_socialmedia.published.mapping.cube_figures` views a cube as
:class:`~skl_socialmedia.published.figures.PublishedFigures` (group × item ×
wave), and :func:`~skl_socialmedia.published.mapping.cube_tally` as a
:class:`~skl_socialmedia.tally.model.Tally` where counts and their bases are
published; a :class:`~skl_socialmedia.published.mapping.CubeMapping` says
which dimension is which.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from skl_socialmedia.errors import DataError, Location, UnknownNameError
from skl_socialmedia.model.localized import Text, as_text
from skl_socialmedia.published.flags import MISSING_FLAGS, Flag

__all__ = [
    "Dimension",
    "Measure",
    "MeasureKind",
    "Observation",
    "PublishedCube",
    "measure_kind",
]

#: Whether a measure's values are percentages, counts, or something else.
MeasureKind = Literal["percent", "count", "other"]

_PERCENT_WORDS = ("percent", "procent", "%", "pc_", "pct", "andel", "share")
_COUNT_WORDS = ("number", "antal", "count", "quantity", "persons", "enterprises", "st")


def measure_kind(unit: str) -> MeasureKind:
    """Guess from a unit's published name whether values are percent or counts.

    ``"percent"``, ``"%"``, ``"procent"``, ``"PC_ENT"`` are percentages;
    ``"number"``, ``"antal"``, ``"count"`` counts; anything else ``"other"``.
    """
    text = unit.strip().lower()
    if any(word in text for word in _PERCENT_WORDS):
        return "percent"
    if any(text == word or text.startswith(word + " ") for word in _COUNT_WORDS):
        return "count"
    return "other"


@attrs.frozen
class Measure:
    """A measure's unit: as published (``unit``), its kind, and decimals."""

    unit: str
    kind: MeasureKind
    decimals: int | None = None

    @classmethod
    def of(cls, unit: str, decimals: int | None = None) -> Measure:
        """Return the measure of a unit name, its kind as :func:`measure_kind` says."""
        return cls(unit=unit, kind=measure_kind(unit), decimals=decimals)


def _codes(value: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _labels(value: Mapping[str, Text | str]) -> dict[str, Text]:
    return {str(k): as_text(v) for k, v in value.items()}


@attrs.frozen
class Dimension:
    """A dimension of a published table: its categories, labels and role.

    ``codes`` are the category codes in the published order; ``labels``
    their labels (a code without one is its own label); ``role`` is
    ``"time"`` (the waves), ``"metric"`` (the indicators), ``"geo"`` or
    ``None``; ``notes`` the categories' notes. Codes must be unique.
    """

    id: str
    label: Text = attrs.field(converter=as_text)
    codes: tuple[str, ...] = attrs.field(converter=_codes)
    labels: Mapping[str, Text] = attrs.field(factory=dict, converter=_labels)
    role: str | None = None
    notes: Mapping[str, Text] = attrs.field(factory=dict, converter=_labels)

    def __attrs_post_init__(self) -> None:
        if not self.codes:
            raise DataError(f"dimension {self.id!r} has no categories")
        if len(set(self.codes)) != len(self.codes):
            twice = next(c for c in self.codes if self.codes.count(c) > 1)
            raise DataError(
                f"dimension {self.id!r} has the category {twice!r} twice",
                Location(column=self.id, value=twice),
            )

    def __len__(self) -> int:
        return len(self.codes)

    def label_of(self, code: str, lang: str = "en") -> str:
        """Return the label of the category ``code`` in ``lang``."""
        text = self.labels.get(code)
        return code if text is None else text.get(lang)

    def find(self, code_or_label: str) -> str:
        """Return the code of a category given by its code or its label.

        An unknown one is an :class:`~skl_socialmedia.errors.UnknownNameError`
        listing the codes.
        """
        if code_or_label in self.codes:
            return code_or_label
        for code, label in self.labels.items():
            if code_or_label in (label.en, label.sv):
                return code
        raise UnknownNameError(
            f"category of dimension {self.id!r}", code_or_label, self.codes
        )

    def describe(self) -> str:
        """Describe the dimension in a line: id, size, role, first codes."""
        shown = ", ".join(self.codes[:4]) + (", …" if len(self.codes) > 4 else "")
        role = f", {self.role}" if self.role else ""
        return f"{self.id} ({len(self.codes)}{role}: {shown})"


def _flags(value: Iterable[Flag]) -> tuple[Flag, ...]:
    return tuple(dict.fromkeys(value))


@attrs.frozen
class Observation:
    """One published cell: its category codes, value, flags and symbols.

    ``key`` holds one code per dimension, in the cube's order; ``value`` the
    number as published (``None``: missing — a flag such as confidential
    may say why); ``flags`` the flags in the library's vocabulary,
    ``symbols`` as published (``"b"``, ``".."``, ``"U"``); ``note`` a note
    on the cell.
    """

    key: tuple[str, ...] = attrs.field(converter=_codes)
    value: float | None
    flags: tuple[Flag, ...] = attrs.field(default=(), converter=_flags)
    symbols: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    note: Text | None = None

    @property
    def missing(self) -> bool:
        """Whether the cell has no value (or a flag that says it has none)."""
        return self.value is None or bool(MISSING_FLAGS.intersection(self.flags))


@attrs.frozen
class PublishedCube:
    """A published table: dimensions, observations, units, notes and source.

    ``unit`` is the unit of every value, or ``units`` that of each category
    of the metric dimension; ``decimals`` how many decimals were published;
    ``notes`` the table's notes; ``file`` where it was read from (named in
    errors). Each observation's key must have one known code per dimension,
    and no cell may be given twice (a :class:`~skl_socialmedia.errors.DataError`
    naming the observation).
    """

    id: str
    title: Text = attrs.field(converter=as_text)
    source: Mapping[str, object]
    dimensions: tuple[Dimension, ...]
    observations: tuple[Observation, ...]
    unit: Measure | None = None
    units: Mapping[str, Measure] = attrs.field(factory=dict)
    decimals: int | None = None
    notes: tuple[Text, ...] = ()
    file: str | None = None
    _index: dict[tuple[str, ...], int] = attrs.field(
        init=False, repr=False, eq=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        if not self.dimensions:
            raise DataError("a table needs at least one dimension", self._where())
        ids = [d.id for d in self.dimensions]
        if len(set(ids)) != len(ids):
            raise DataError("a dimension is given twice", self._where(value=ids))
        known = [set(d.codes) for d in self.dimensions]
        index = self._index
        for i, obs in enumerate(self.observations):
            if len(obs.key) != len(ids):
                raise DataError(
                    f"observation {i} has {len(obs.key)} codes for "
                    f"{len(ids)} dimensions",
                    self._where(value=obs.key),
                )
            for code, codes, dim in zip(obs.key, known, ids, strict=True):
                if code not in codes:
                    raise DataError(
                        f"observation {i}: unknown category of dimension {dim!r}",
                        self._where(column=dim, value=code),
                    )
            if obs.value is not None and not math.isfinite(obs.value):
                raise DataError(
                    f"observation {i}: the value is not a finite number",
                    self._where(value=obs.value),
                )
            if obs.key in index:
                raise DataError(
                    f"observation {i}: the same cell is given twice",
                    self._where(value="/".join(obs.key)),
                )
            index[obs.key] = i

    def _where(self, column: str | None = None, value: object = None) -> Location:
        return Location(file=self.file, column=column, value=value)

    @property
    def dimension_ids(self) -> tuple[str, ...]:
        """The dimension ids, in order."""
        return tuple(d.id for d in self.dimensions)

    @property
    def size(self) -> int:
        """The number of cells (published or not) of the full table."""
        return math.prod(len(d) for d in self.dimensions)

    def dimension(self, id_or_label: str) -> Dimension:
        """Return the dimension with this id (or label, any case)."""
        for dim in self.dimensions:
            if dim.id == id_or_label:
                return dim
        wanted = id_or_label.casefold()
        for dim in self.dimensions:
            if wanted in (dim.id.casefold(), dim.label.en.casefold()) or (
                wanted == dim.label.sv.casefold()
            ):
                return dim
        raise UnknownNameError("dimension", id_or_label, self.dimension_ids)

    def role(self, role: str) -> Dimension | None:
        """Return the dimension with ``role`` (``"time"``, ``"metric"``), if any."""
        return next((d for d in self.dimensions if d.role == role), None)

    def get(self, **codes: str) -> Observation | None:
        """Return the observation at one code per dimension, or ``None``."""
        key = tuple(codes.get(d.id, "") for d in self.dimensions)
        at = self._index.get(key)
        return None if at is None else self.observations[at]

    def cell(self, key: tuple[str, ...]) -> Observation | None:
        """Return the observation at ``key`` (codes in dimension order), or ``None``."""
        at = self._index.get(tuple(key))
        return None if at is None else self.observations[at]

    def measure(self, metric_code: str | None = None) -> Measure | None:
        """Return the unit of a metric category, else the cube's unit."""
        if metric_code is not None and metric_code in self.units:
            return self.units[metric_code]
        return self.unit
