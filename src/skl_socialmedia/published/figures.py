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

import codecs
import functools
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from skl_socialmedia.errors import DataError, Location, UnknownNameError, UsageError
from skl_socialmedia.model.localized import Text, as_text
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.model.waves import Wave
from skl_socialmedia.statistics import CountFit, matching_counts
from skl_socialmedia.text_encoding import BOMS, check_text_encoding, encoding_hint

__all__ = [
    "PublishedFigure",
    "PublishedFigures",
    "Statement",
    "embedded_figures",
    "json_encoding",
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


#: JSON strings (skipped), or the tokens a problem is looked for among.
_STRING = r'"(?:[^"\\]|\\.)*"'
_CONSTANT = re.compile(_STRING + r"|(?P<hit>-?Infinity|NaN)")
_BRACKET = re.compile(_STRING + r"|(?P<hit>[\[\]{}])")


def json_encoding(data: bytes, encoding: str | None = None) -> str:
    """Return the encoding to read JSON ``data`` in: ``encoding``, or by its BOM.

    Without a byte-order mark, UTF-8 (JSON's own encoding); with one, UTF-8,
    UTF-16 or UTF-32 as it says. Raises
    :class:`~skl_socialmedia.errors.UsageError` for an unknown ``encoding``.
    """
    if encoding is None:
        return next((name for bom, name in BOMS if data.startswith(bom)), "utf-8")
    if not isinstance(encoding, str) or not encoding:
        raise UsageError(
            f"option encoding must be the name of a text encoding, not {encoding!r}"
        )
    check_text_encoding(encoding)
    return encoding


def _wide(head: bytes) -> str | None:
    """Name the UTF-16/32 form of JSON text without a BOM (by its NUL bytes)."""
    if len(head) < 4 or head.count(0) * 4 < len(head):
        return None
    if head[1:4] == b"\0\0\0":
        return "utf-32-le"
    if head[:3] == b"\0\0\0":
        return "utf-32-be"
    return "utf-16-le" if head[1:2] == b"\0" else "utf-16-be"


def _json_text(data: bytes, where: str, encoding: str | None) -> str:
    name = json_encoding(data, encoding)
    if encoding is None and name == "utf-8":
        wide = _wide(data[:4096])
        if wide is not None:
            raise DataError(
                f"not UTF-8 text: it looks like {wide.upper()} without a byte-order "
                f"mark (many NUL bytes); {encoding_hint(wide)}",
                Location(file=where),
            )
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(name, errors="replace").count("\n") + 1
        hint = (
            "cp1252" if codecs.lookup(name).name in ("utf-8", "utf-8-sig") else "utf-8"
        )
        byte = data[exc.start : exc.start + 1]
        raise DataError(
            f"not {'UTF-8' if encoding is None else encoding} text: cannot decode "
            f"byte {byte!r} at offset {exc.start}; if the file is in another "
            f"encoding, {encoding_hint(hint)}",
            Location(file=where, line=line),
        ) from None
    return text.removeprefix("\ufeff")


class _NotJsonError(Exception):
    """A NaN or infinity literal, which JSON does not have."""


def _not_json(name: str) -> Any:
    raise _NotJsonError(name)


def _located(
    text: str, offset: int | None, where: str, value: object = None
) -> Location:
    if offset is None:
        return Location(file=where, value=value)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Location(file=where, line=line, column=f"character {column}", value=value)


def _first(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """Return the first match of ``pattern``'s ``hit`` group outside strings."""
    return next((m for m in pattern.finditer(text) if m.group("hit")), None)


def _deepest(text: str) -> tuple[int, int | None]:
    """Return how deep arrays and objects nest, and where that is first reached."""
    depth = deepest = 0
    at = None
    for match in _BRACKET.finditer(text):
        hit = match.group("hit")
        if not hit:
            continue
        if hit in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, match.start()
        else:
            depth -= 1
    return deepest, at


def _long_integer(text: str) -> tuple[str, int | None]:
    """Return an integer literal too long for Python to read, and where it is."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)() or 4300
    pattern = re.compile(
        _STRING + r"|(?<![\w.])(?P<hit>-?\d{" + str(limit + 1) + r",})(?![\w.])"
    )
    match = _first(pattern, text)
    return ("", None) if match is None else (match.group("hit"), match.start())


def load_json_file(path: str | Path, encoding: str | None = None) -> Any:
    """Return the JSON value in a file (UTF-8, with or without a BOM, by default).

    A file with a UTF-16 or UTF-32 byte-order mark is read in that encoding;
    ``encoding`` names another. Raises
    :class:`~skl_socialmedia.errors.DataError` naming the file (and, where
    it can, the line and character) when it cannot be read or decoded, or is
    not JSON: bad syntax, ``NaN`` or ``Infinity`` (not JSON), an integer too
    long to read, arrays nested too deeply. An unknown ``encoding`` is a
    :class:`~skl_socialmedia.errors.UsageError`.
    """
    where = str(path)
    if encoding is not None:
        json_encoding(b"", encoding)  # an unknown encoding, before reading
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", Location(file=where)) from None
    except OSError as exc:
        raise DataError(
            f"cannot read the file: {exc.strerror or exc}", Location(file=where)
        ) from None
    text = _json_text(data, where, encoding)
    del data
    try:
        return json.loads(text, parse_constant=_not_json)
    except _NotJsonError as exc:
        match = _first(_CONSTANT, text)
        raise DataError(
            f"{exc.args[0]} is not JSON (write null for a missing value)",
            _located(text, None if match is None else match.start(), where),
        ) from None
    except json.JSONDecodeError as exc:
        raise DataError(
            f"not valid JSON: {exc.msg}",
            Location(file=where, line=exc.lineno, column=f"character {exc.colno}"),
        ) from None
    except RecursionError:
        depth, at = _deepest(text)
        raise DataError(
            f"nested too deeply to read: arrays and objects {depth} levels deep",
            _located(text, at, where),
        ) from None
    except ValueError as exc:  # an integer longer than Python reads
        digits, at = _long_integer(text)
        if not digits:
            raise DataError(f"not valid JSON: {exc}", Location(file=where)) from None
        raise DataError(
            f"an integer of {len(digits.lstrip('-'))} digits is too long to read",
            _located(text, at, where, value=digits[:20] + "…"),
        ) from None


def read_published(path: str | Path, encoding: str | None = None) -> PublishedFigures:
    """Read published figures from a JSON file in the documented layout.

    ``encoding`` as for :func:`load_json_file`.
    """
    return _parse(load_json_file(path, encoding), str(path))


@functools.cache
def embedded_figures() -> PublishedFigures:
    """Return the embedded SKL / TNS Sifo figures of 2010 and 2012."""
    ref = (
        resources.files("skl_socialmedia")
        .joinpath("data")
        .joinpath("skl_2010_2012.json")
    )
    return _parse(json.loads(ref.read_text(encoding="utf-8")), "skl_2010_2012.json")
