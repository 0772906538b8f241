"""Reading JSON text: encodings, byte-order marks, and errors that name the place.

:func:`load_json_file` reads a JSON file (UTF-8 by default, UTF-16/32 by its
byte-order mark) and raises :class:`~skl_socialmedia.errors.DataError`
naming the file, line and character for what is not JSON. Used by the
published-figures layout, the JSON microdata source and the JSON-stat source.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from pathlib import Path
from typing import Any

from skl_socialmedia.errors import DataError, Location, UsageError
from skl_socialmedia.input_files import read_input
from skl_socialmedia.text_encoding import BOMS, check_text_encoding, encoding_hint

__all__ = ["json_encoding", "load_json_file"]


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
    data = read_input(path)
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
