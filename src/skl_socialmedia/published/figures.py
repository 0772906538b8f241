"""Published figures: percentages as a source published them, without microdata.

A :class:`PublishedFigure` keeps what was published — the rounded percentage and,
where known, the respondent base and the population size — and never invents
counts. Where a base is known or bounded, :meth:`PublishedFigure.possible_counts`
lists the whole-number counts that round to the published percentage.

The embedded SKL / TNS Sifo figures of 2010 and 2012 are
:func:`embedded_figures`; :func:`read_published` reads any file in the same
documented JSON layout (schema ``skl-socialmedia/published-figures/1``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from skl_socialmedia.errors import DataError, Location, UnknownNameError
from skl_socialmedia.model.localized import Text, as_text
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.model.waves import Wave
from skl_socialmedia.published.cube import Dimension
from skl_socialmedia.published.flags import Flag
from skl_socialmedia.published.json_text import json_encoding, load_json_file
from skl_socialmedia.published.records import (
    check_record,
    wave_from_label,
)
from skl_socialmedia.statistics import CountFit, matching_counts

__all__ = [
    "PublishedFigure",
    "PublishedFigures",
    "Statement",
    "embedded_figures",
    "json_encoding",
    "load_json_file",
    "read_published",
    "wave_from_label",
]

SCHEMA = "skl-socialmedia/published-figures/1"


def _flags(value: Iterable[Flag | str]) -> tuple[Flag, ...]:
    return tuple(dict.fromkeys(v if isinstance(v, Flag) else Flag(v) for v in value))


def _symbols(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@attrs.frozen
class PublishedFigure:
    """One published figure: group, item and wave, and what was published.

    ``percent`` is the published percentage (``None``: not published as a
    percentage, or missing — its ``flags`` say why, e.g. confidential);
    ``count`` a published count (of yes answers) and ``base`` the respondent
    base when the source gives them (``None``: not published);
    ``population`` the number of organisations in the group. ``flags`` are
    the status flags in the library's vocabulary and ``symbols`` the symbols
    as published (``"b"``, ``".."``, ``"U"``). A percentage outside [0, 100],
    a negative base or count, or a count above its base is a
    :class:`~skl_socialmedia.errors.DataError`.
    """

    group: str
    item: str
    wave: str
    percent: float | None
    decimals: int = 0
    base: int | None = None
    population: int | None = None
    note: Text | None = None
    count: int | None = None
    flags: tuple[Flag, ...] = attrs.field(default=(), converter=_flags)
    symbols: tuple[str, ...] = attrs.field(default=(), converter=_symbols)

    def __attrs_post_init__(self) -> None:
        where = f"figure {self.group}/{self.item}/{self.wave}"
        if self.percent is not None and (
            not _number(self.percent) or not 0 <= self.percent <= 100
        ):
            raise DataError(
                f"{where}: percent must lie in [0, 100]",
                Location(column="percent", value=self.percent),
            )
        for name in ("base", "count", "population", "decimals"):
            value = getattr(self, name)
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or value < 0
            ):
                raise DataError(
                    f"{where}: {name} must be a whole number of at least 0",
                    Location(column=name, value=value),
                )
        if self.count is not None and self.base is not None and self.count > self.base:
            raise DataError(
                f"{where}: the count {self.count} is above its base {self.base}",
                Location(column="count", value=self.count),
            )

    @property
    def value(self) -> float | None:
        """The figure as a fraction: the percentage, else count over base."""
        if self.percent is not None:
            return self.percent / 100.0
        if self.count is not None and self.base:
            return self.count / self.base
        return None

    @property
    def missing(self) -> bool:
        """Whether the figure has no value (see its ``flags`` for why)."""
        return self.value is None

    def possible_counts(
        self, bases: int | range | Sequence[int] | None = None
    ) -> tuple[CountFit, ...]:
        """List the whole-number counts ``k`` of ``n`` that round to the figure.

        ``bases`` defaults to the published base, or else every base from 1 to
        the population size. The result is empty if no base fits — which shows
        the percentage cannot be a share of that many organisations.
        """
        if self.percent is None:
            raise DataError(
                f"figure {self.group}/{self.item}/{self.wave}: no percentage "
                "was published"
            )
        if bases is None:
            if self.base is not None:
                bases = self.base
            elif self.population is not None:
                bases = range(1, self.population + 1)
            else:
                raise DataError(
                    f"figure {self.group}/{self.item}/{self.wave}: neither base nor "
                    "population is known; pass bases="
                )
        return matching_counts(self.percent, bases, decimals=self.decimals)


@attrs.frozen
class Statement:
    """A published statement without a number (e.g. "Facebook is most common")."""

    topic: str
    en: str
    sv: str

    def text(self, lang: Language = "en") -> str:
        """Return the statement in ``lang``."""
        return self.sv if lang == "sv" else self.en


@attrs.frozen
class PublishedFigures:
    """A set of published figures with their waves, populations and statements.

    The group × item × wave view of a published table: what
    :func:`read_published`, the embedded SKL figures and the cube sources
    (:meth:`~skl_socialmedia.published.cube.PublishedCube.figures`) return.
    ``labels`` gives display labels of group and item keys (e.g. an item
    code's label in the file); ``notes`` are the table's own notes. Figures
    viewed from a table also keep ``group_dimensions`` (the dimensions the
    groups are made of, with their roles and labels in both languages),
    ``group_codes`` (each group's category codes, one per group dimension)
    and ``units`` (each item's unit as published); these describe the table
    and do not take part in comparisons. Build one from plain
    records with :meth:`from_records`, which validates them.
    Every figure's wave must be one of ``waves``, and no (group, item, wave)
    may be given twice.
    """

    id: str
    title: Text
    source: Mapping[str, object]
    waves: tuple[Wave, ...]
    figures: tuple[PublishedFigure, ...]
    populations: Mapping[str, int] = attrs.field(factory=dict)
    statements: tuple[Statement, ...] = ()
    labels: Mapping[str, Text] = attrs.field(factory=dict)
    notes: tuple[Text, ...] = ()
    group_dimensions: tuple[Dimension, ...] = attrs.field(default=(), eq=False)
    group_codes: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, eq=False)
    units: Mapping[str, str] = attrs.field(factory=dict, eq=False)
    _index: dict[tuple[str, str, str], PublishedFigure] = attrs.field(
        init=False, repr=False, eq=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        self.validate()
        self._index.update(((f.group, f.item, f.wave), f) for f in self.figures)

    def validate(self, where: str = "figures") -> None:
        """Check every figure's wave is known and no figure is given twice.

        Raises :class:`~skl_socialmedia.errors.DataError` naming the figure
        (``figures[3]``). The constructor runs it;
        :func:`skl_socialmedia.testing.check_data_source` runs it again on
        what a source returns.
        """
        _check_figures(self.figures, self.wave_ids, where)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        waves: Sequence[Wave | str | int] | None = None,
        groups: Sequence[str] | None = None,
        items: Sequence[str] | None = None,
        id: str = "published",
        title: Text | str = "Published figures",
        source: Mapping[str, object] | None = None,
        populations: Mapping[str, int] | None = None,
        statements: Sequence[Statement] = (),
        labels: Mapping[str, Text | str] | None = None,
        notes: Sequence[Text | str] = (),
        file: str = "records",
    ) -> PublishedFigures:
        """Build validated published figures from plain records.

        The constructor for plugin authors.

        Each record is a mapping with ``group``, ``item`` and ``wave``, and
        ``percent`` (0–100) or ``count`` (with ``base``), optionally ``base``,
        ``population``, ``decimals``, ``note``, ``flags`` (:class:`Flag`
        members or their values, e.g. ``"low reliability"``) and ``symbols``
        (as published). ``waves`` lists the waves (:class:`Wave` objects, or
        labels with a year in them); by default the records' waves, sorted.
        ``groups`` and ``items``, when given, are the only values allowed.
        A percentage outside [0, 100], a negative base or count, a count above
        its base, an unknown field, wave, group or item, or a (group, item,
        wave) given twice is a :class:`~skl_socialmedia.errors.DataError`
        naming the record (``records[3]``, or ``file`` in its place).
        """
        rows = list(records)
        found = []
        for i, record in enumerate(rows):
            if not isinstance(record, Mapping):
                raise DataError(
                    f"a record must be a mapping, not {type(record).__name__}",
                    Location(file=f"{file}[{i}]", row=i),
                )
            found.append(str(record.get("wave", "")))
        if waves is None:
            labels_found = sorted(set(found), key=lambda w: (len(w), w))
            wave_list = tuple(wave_from_label(w, file) for w in labels_found if w)
        else:
            wave_list = tuple(
                w if isinstance(w, Wave) else wave_from_label(w, file) for w in waves
            )
        allowed = {
            "wave": {w.id for w in wave_list},
            "group": None if groups is None else set(groups),
            "item": None if items is None else set(items),
        }
        pops = dict(populations or {})
        figures = [
            PublishedFigure(**check_record(record, f"{file}[{i}]", i, allowed, pops))
            for i, record in enumerate(rows)
        ]
        _check_figures(figures, [w.id for w in wave_list], file)
        made = cls(
            id=id,
            title=as_text(title),
            source=dict(source or {}),
            waves=wave_list,
            figures=tuple(figures),
            populations=pops,
            statements=tuple(statements),
            labels={k: as_text(v) for k, v in (labels or {}).items()},
            notes=tuple(as_text(n) for n in notes),
        )
        return made

    def records(self) -> list[dict[str, Any]]:
        """Return the figures as records, as :meth:`from_records` takes them."""
        out = []
        for f in self.figures:
            record: dict[str, Any] = {
                "group": f.group,
                "item": f.item,
                "wave": f.wave,
                "percent": f.percent,
                "decimals": f.decimals,
            }
            for name in ("count", "base", "population", "note"):
                if getattr(f, name) is not None:
                    record[name] = getattr(f, name)
            if f.flags:
                record["flags"] = [flag.value for flag in f.flags]
            if f.symbols:
                record["symbols"] = list(f.symbols)
            out.append(record)
        return out

    def __iter__(self) -> Iterator[PublishedFigure]:
        return iter(self.figures)

    def __len__(self) -> int:
        return len(self.figures)

    @property
    def citation(self) -> Text:
        """How to cite the source: its citation, else its publisher."""
        cited = self.source.get("citation", self.source.get("publisher", self.id))
        return cited if isinstance(cited, Text) else as_text(str(cited))

    @property
    def wave_ids(self) -> tuple[str, ...]:
        """The wave ids, in order."""
        return tuple(w.id for w in self.waves)

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups, in order of first appearance."""
        return tuple(dict.fromkeys(f.group for f in self.figures))

    @property
    def items(self) -> tuple[str, ...]:
        """The items, in order of first appearance."""
        return tuple(dict.fromkeys(f.item for f in self.figures))

    def get(self, group: str, item: str, wave: str) -> PublishedFigure | None:
        """Return the figure for (group, item, wave), or ``None`` if unpublished."""
        return self._index.get((group, item, wave))

    def wave(self, wave_id: str | int) -> Wave:
        """Return the wave with id ``wave_id``."""
        for wave in self.waves:
            if wave.id == str(wave_id):
                return wave
        raise UnknownNameError("wave", wave_id, self.wave_ids)


def _check_figures(
    figures: Sequence[PublishedFigure], wave_ids: Sequence[str], where: str
) -> None:
    known = set(wave_ids)
    seen: set[tuple[str, str, str]] = set()
    for i, figure in enumerate(figures):
        here = f"{where}[{i}]"
        if not isinstance(figure, PublishedFigure):
            raise DataError(
                f"not a PublishedFigure: {type(figure).__name__}",
                Location(file=here),
            )
        if figure.wave not in known:
            raise DataError(
                f"unknown wave (known: {', '.join(sorted(known))})",
                Location(file=here, column="wave", value=figure.wave),
            )
        key = (figure.group, figure.item, figure.wave)
        if key in seen:
            raise DataError(
                "the same (group, item, wave) is given twice",
                Location(file=here, value="/".join(key)),
            )
        seen.add(key)


def _require(
    mapping: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str
) -> Any:
    if not isinstance(mapping, Mapping):
        raise DataError(
            f"expected an object with the field {key!r}, not {type(mapping).__name__}",
            Location(file=where),
        )
    if key not in mapping:
        raise DataError(f"missing field {key!r}", Location(file=where, column=key))
    value = mapping[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise DataError(
            f"field {key!r} has the wrong type",
            Location(file=where, column=key, value=value),
        )
    return value


def _whole(value: object, key: str, where: str, *, minimum: int) -> int:
    """Return ``value`` if it is a whole number of at least ``minimum``."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
        return value
    raise DataError(
        f"{key} must be a whole number of at least {minimum}",
        Location(file=where, column=key, value=value),
    )


def _text(value: object, where: str) -> Text:
    try:
        return as_text(value)  # type: ignore[arg-type]
    except DataError as exc:
        raise DataError(exc.message, Location(file=where, value=value)) from None


def _parse(data: object, where: str) -> PublishedFigures:
    if not isinstance(data, dict):
        raise DataError("expected a JSON object at the top level", Location(file=where))
    schema = data.get("schema")
    if schema != SCHEMA:
        raise DataError(
            f"unsupported schema (expected {SCHEMA!r})",
            Location(file=where, column="schema", value=schema),
        )
    waves = tuple(
        Wave(
            id=str(_require(w, "id", (str, int), where)),
            year=_require(w, "year", int, where),
            conductor=w.get("conductor"),
        )
        for w in _require(data, "waves", list, where)
    )
    wave_ids = {w.id for w in waves}
    populations = {
        str(k): _whole(v, "populations", where, minimum=0)
        for k, v in _require(data, "populations", dict, where).items()
    }
    figures = []
    for i, raw in enumerate(_require(data, "figures", list, where)):
        here = f"{where}, figures[{i}]"
        if not isinstance(raw, dict):
            raise DataError("expected an object", Location(file=here))
        group = _require(raw, "group", str, here)
        wave = str(_require(raw, "wave", (str, int), here))
        if wave not in wave_ids:
            raise DataError(
                "unknown wave", Location(file=here, column="wave", value=wave)
            )
        percent = float(_require(raw, "percent", (int, float), here))
        if not 0 <= percent <= 100:
            raise DataError(
                "percent must lie in [0, 100]",
                Location(file=here, column="percent", value=percent),
            )
        base = raw.get("base")
        if base is not None and (not isinstance(base, int) or base <= 0):
            raise DataError(
                "base must be a positive whole number",
                Location(file=here, column="base", value=base),
            )
        figures.append(
            PublishedFigure(
                group=group,
                item=_require(raw, "item", str, here),
                wave=wave,
                percent=percent,
                decimals=_whole(raw.get("decimals", 0), "decimals", here, minimum=0),
                base=base,
                population=(
                    populations.get(group)
                    if raw.get("population") is None
                    else _whole(raw["population"], "population", here, minimum=0)
                ),
                note=None if raw.get("note") is None else _text(raw["note"], here),
            )
        )
    seen: set[tuple[str, str, str]] = set()
    for figure in figures:
        key = (figure.group, figure.item, figure.wave)
        if key in seen:
            raise DataError(
                "the same (group, item, wave) is given twice",
                Location(file=where, value="/".join(key)),
            )
        seen.add(key)
    statements = tuple(
        Statement(
            topic=_require(s, "topic", str, where),
            en=_require(s, "en", str, where),
            sv=_require(s, "sv", str, where),
        )
        for s in data.get("statements", [])
    )
    source = dict(_require(data, "source", dict, where))
    if "citation" in source:
        source["citation"] = _text(source["citation"], where)
    return PublishedFigures(
        id=str(data.get("id", Path(where).stem)),
        title=_text(_require(data, "title", (dict, str), where), where),
        source=source,
        waves=waves,
        figures=tuple(figures),
        populations=populations,
        statements=statements,
    )


def read_published(path: str | Path, encoding: str | None = None) -> PublishedFigures:
    """Read published figures from a JSON file in the documented layout.

    ``encoding`` as for :func:`load_json_file`.
    """
    return _parse(load_json_file(path, encoding), str(path))


@functools.cache
def embedded_figures() -> PublishedFigures:
    """Return the embedded SKL / TNS Sifo figures of 2010 and 2012."""
    text = _package_text("data", "skl_2010_2012.json")
    return _parse(json.loads(text), "skl_2010_2012.json")


def _package_text(*parts: str) -> str:
    """Return the text of a file of the package: from disk, else its resources.

    Reading the file beside this module spares the start-up the import of
    :mod:`importlib.resources` (with ``zipfile`` and ``tempfile``); a package
    imported from a zip file is read through it.
    """
    try:
        return Path(__file__).parents[1].joinpath(*parts).read_text(encoding="utf-8")
    except OSError:
        from importlib import resources

        ref = resources.files("skl_socialmedia")
        for part in parts:
            ref = ref.joinpath(part)
        return ref.read_text(encoding="utf-8")
