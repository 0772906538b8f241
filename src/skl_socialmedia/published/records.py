"""Checking the plain records plugin authors give published figures in.

:meth:`~skl_socialmedia.published.figures.PublishedFigures.from_records`
calls :func:`check_record` on each record; every error names the record.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.model.localized import as_text
from skl_socialmedia.model.waves import Wave
from skl_socialmedia.published.flags import Flag

__all__ = ["RECORD_FIELDS", "check_record", "wave_from_label"]

#: The fields a record given to :meth:`PublishedFigures.from_records` may have.
RECORD_FIELDS = (
    "group",
    "item",
    "wave",
    "percent",
    "count",
    "base",
    "population",
    "decimals",
    "note",
    "flags",
    "symbols",
)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def wave_from_label(label: object, where: str = "") -> Wave:
    """Return a :class:`Wave` for a time label such as ``2019`` or ``"2019Q1"``.

    The year is the label's first run of four digits; a label without a
    plausible year is a :class:`~skl_socialmedia.errors.DataError`.
    """
    text = str(label).strip()
    found = re.search(r"(?<!\d)(\d{4})(?!\d)", text)
    if found is None or not 1900 <= int(found.group(1)) <= 2200:
        raise DataError(
            "a wave needs a year (four digits, e.g. 2019 or 2019Q1)",
            Location(file=where or None, value=text),
        )
    return Wave(id=text, year=int(found.group(1)))


def check_record(
    record: Mapping[str, Any],
    here: str,
    row: int,
    allowed: Mapping[str, set[str] | None],
    populations: Mapping[str, int],
) -> dict[str, Any]:
    """Check one record; return a figure's fields. Errors name ``here``.

    ``allowed`` gives, for ``"wave"``, ``"group"`` and ``"item"``, the values
    allowed (``None``: any).
    """

    def bad(message: str, column: str | None = None, value: object = None) -> None:
        raise DataError(
            message, Location(file=here, column=column, value=value, row=row)
        )

    for key in record:
        if key not in RECORD_FIELDS:
            bad(f"unknown field (fields: {', '.join(RECORD_FIELDS)})", str(key), key)
    keys = {}
    for key in ("group", "item", "wave"):
        value = record.get(key)
        if not isinstance(value, str | int) or isinstance(value, bool) or value == "":
            bad(f"{key} must be a non-empty string", key, value)
        keys[key] = str(value)
        known = allowed[key]
        if known is not None and keys[key] not in known:
            bad(f"unknown {key} (known: {', '.join(sorted(known))})", key, keys[key])
    percent = record.get("percent")
    if percent is not None and (
        not _number(percent) or not math.isfinite(percent) or not 0 <= percent <= 100
    ):
        bad("percent must be a number in [0, 100]", "percent", percent)
    for key in ("count", "base", "population", "decimals"):
        value = record.get(key)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            bad(f"{key} must be a whole number of at least 0", key, value)
    count, base = record.get("count"), record.get("base")
    if count is not None and base is not None and count > base:
        bad(f"the count {count} is above its base {base}", "count", count)
    try:
        flags = tuple(
            dict.fromkeys(
                f if isinstance(f, Flag) else Flag(f) for f in record.get("flags", ())
            )
        )
    except (ValueError, TypeError):
        known_flags = ", ".join(repr(f.value) for f in Flag)
        bad(f"unknown flag (flags: {known_flags})", "flags", record.get("flags"))
    note = record.get("note")
    if note is not None:
        try:
            note = as_text(note)
        except DataError as exc:
            bad(exc.message, "note", note)
    population = record.get("population")
    if population is None:
        population = populations.get(keys["group"])
    return {
        "group": keys["group"],
        "item": keys["item"],
        "wave": keys["wave"],
        "percent": None if percent is None else float(percent),
        "decimals": record.get("decimals") or 0,
        "base": base,
        "population": populations.get(keys["group"])
        if population is None
        else population,
        "note": note,
        "count": count,
        "flags": flags,
        "symbols": tuple(str(s) for s in record.get("symbols", ())),
    }
