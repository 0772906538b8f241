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
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from skl_socialmedia.errors import DataError, Location, UnknownNameError
from skl_socialmedia.model.localized import Text, as_text
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.model.waves import Wave
from skl_socialmedia.statistics import CountFit, matching_counts

__all__ = [
    "PublishedFigure",
    "PublishedFigures",
    "Statement",
    "embedded_figures",
    "load_json_file",
    "read_published",
]

SCHEMA = "skl-socialmedia/published-figures/1"


@attrs.frozen
class PublishedFigure:
    """One published percentage: group, item and wave, as published.

    ``base`` is the respondent base when the source gives it (``None``: not
    published); ``population`` the number of organisations in the group.
    """

    group: str
    item: str
    wave: str
    percent: float
    decimals: int = 0
    base: int | None = None
    population: int | None = None
    note: Text | None = None

    @property
    def value(self) -> float:
        """The published percentage as a fraction."""
        return self.percent / 100.0

    def possible_counts(
        self, bases: int | range | Sequence[int] | None = None
    ) -> tuple[CountFit, ...]:
        """List the whole-number counts ``k`` of ``n`` that round to the figure.

        ``bases`` defaults to the published base, or else every base from 1 to
        the population size. The result is empty if no base fits — which shows
        the percentage cannot be a share of that many organisations.
        """
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
    """A set of published figures with their waves, populations and statements."""

    id: str
    title: Text
    source: Mapping[str, object]
    waves: tuple[Wave, ...]
    figures: tuple[PublishedFigure, ...]
    populations: Mapping[str, int] = attrs.field(factory=dict)
    statements: tuple[Statement, ...] = ()

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
        for figure in self.figures:
            if (figure.group, figure.item, figure.wave) == (group, item, wave):
                return figure
        return None

    def wave(self, wave_id: str | int) -> Wave:
        """Return the wave with id ``wave_id``."""
        for wave in self.waves:
            if wave.id == str(wave_id):
                return wave
        raise UnknownNameError("wave", wave_id, self.wave_ids)


def _require(
    mapping: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str
) -> Any:
    if key not in mapping:
        raise DataError(f"missing field {key!r}", Location(file=where, column=key))
    value = mapping[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise DataError(
            f"field {key!r} has the wrong type",
            Location(file=where, column=key, value=value),
        )
    return value


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
        str(k): int(v) for k, v in _require(data, "populations", dict, where).items()
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
                decimals=int(raw.get("decimals", 0)),
                base=base,
                population=raw.get("population", populations.get(group)),
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


def load_json_file(path: str | Path, encoding: str | None = None) -> Any:
    """Return the JSON value in a file (UTF-8, with or without a BOM, by default).

    Raises :class:`~skl_socialmedia.errors.DataError` naming the file (and,
    for bad JSON, the line and character) when it cannot be read or parsed.
    """
    where = str(path)
    try:
        text = Path(path).read_text(encoding=encoding or "utf-8-sig")
    except FileNotFoundError:
        raise DataError("file not found", Location(file=where)) from None
    except OSError as exc:
        raise DataError(
            f"cannot read the file: {exc.strerror or exc}", Location(file=where)
        ) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            f"not {encoding or 'UTF-8'} text: {exc.reason}", Location(file=where)
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"not valid JSON: {exc.msg}",
            Location(file=where, line=exc.lineno, column=f"character {exc.colno}"),
        ) from None


def read_published(path: str | Path) -> PublishedFigures:
    """Read published figures from a JSON file in the documented layout."""
    return _parse(load_json_file(path), str(path))


@functools.cache
def embedded_figures() -> PublishedFigures:
    """Return the embedded SKL / TNS Sifo figures of 2010 and 2012."""
    ref = (
        resources.files("skl_socialmedia")
        .joinpath("data")
        .joinpath("skl_2010_2012.json")
    )
    return _parse(json.loads(ref.read_text(encoding="utf-8")), "skl_2010_2012.json")
