"""Checking the arguments of the survey's functions (shared by every source).

Each returns its argument in one normal form, or raises InvalidArgumentError
naming the argument, the value given and what is expected. One name given
where a list of names is expected is a list of one, never of its characters.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.items import parse_item

__all__ = [
    "item_argument",
    "items_argument",
    "name_argument",
    "names_argument",
    "pairs_argument",
    "roles_argument",
    "shown",
    "wave_argument",
    "waves_argument",
]


def shown(value: object) -> str:
    """Return ``value`` for an error message: its repr (shortened) and its type."""
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{text} (of type {type(value).__name__})"


def _listed(argument: str, value: object, expected: str) -> list[object]:
    """Return the elements of a list-like ``value`` (a string is one element)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, bytes | bytearray | Mapping) or not isinstance(
        value, Iterable
    ):
        raise InvalidArgumentError(
            f"{argument}= must be {expected}, not {shown(value)}"
        )
    return list(value)


def name_argument(argument: str, value: object, what: str = "a name") -> str:
    """Return ``value`` if it is a string (the error names ``argument``)."""
    if not isinstance(value, str):
        raise InvalidArgumentError(
            f"{argument}= must be {what} (a string), not {shown(value)}"
        )
    return value


#: The reserved roles a column may play under another name (``wave="year"``).
ROLES = ("wave", "org_code", "org_kind", "weight")


def roles_argument(value: object) -> dict[str, str]:
    """Return the columns named for reserved roles, ``{"wave": "year"}``, checked.

    ``None`` values are left out (the role keeps its own column name); a
    column may play one role only.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(
            f"roles must be a mapping of role to column name, not {shown(value)}"
        )
    roles: dict[str, str] = {}
    for role, column in value.items():
        if role not in ROLES:
            raise UnknownNameError("column role", role, ROLES)
        if column is None:
            continue
        name_argument(str(role), column, "a column name")
        if column in roles.values():
            raise InvalidArgumentError(
                f"column {column!r} is named for two roles; a column plays one"
            )
        roles[str(role)] = str(column)
    return roles


def names_argument(
    argument: str, value: object, what: str = "column names"
) -> list[str] | None:
    """Return a list of names from ``None``, one name, or a list (tuple …) of names."""
    if value is None:
        return None
    expected = f"a list of {what}, or one as a string"
    names = _listed(argument, value, expected)
    for name in names:
        if not isinstance(name, str):
            raise InvalidArgumentError(
                f"{argument}= must be {expected}; {shown(name)} is not a name"
            )
    return [str(name) for name in names]


def items_argument(value: object) -> list[str] | dict[str, str] | None:
    """Return ``items=``: ``None``, a list of columns, or a mapping column → item."""
    if isinstance(value, Mapping):
        out: dict[str, str] = {}
        for column, item in value.items():
            if not isinstance(column, str) or not isinstance(item, str):
                raise InvalidArgumentError(
                    "items= must be a mapping of column names to item names "
                    f"(strings), not of {shown(column)} to {shown(item)}"
                )
            out[column] = item
        return out
    return names_argument(
        "items", value, "item column names (or a mapping column → item name)"
    )


def waves_argument(value: object) -> list[str] | None:
    """Return ``waves=`` as text labels: ``None``, one label, or a list of labels.

    A label is text or a whole number (``2010``).
    """
    if value is None:
        return None
    expected = "a list of wave labels (text or whole numbers), or one as a string"
    labels = _listed("waves", value, expected)
    out = []
    for label in labels:
        if isinstance(label, bool) or not isinstance(label, str | numbers.Integral):
            raise InvalidArgumentError(
                f"waves= must be {expected}; {shown(label)} is not a wave label"
            )
        out.append(str(label).strip())
    return out


def _wave_pairs(pairs: object) -> list[tuple[object, object]]:
    """Return ``pairs=`` as a list of (before, after), or raise naming the argument."""
    expected = "a list of (before, after) wave pairs, e.g. [(2010, 2012)]"
    if isinstance(pairs, str | bytes | Mapping) or not isinstance(pairs, Iterable):
        raise InvalidArgumentError(f"pairs= must be {expected}, not {shown(pairs)}")
    out = []
    for pair in pairs:
        if isinstance(pair, str | bytes | Mapping) or not isinstance(pair, Iterable):
            raise InvalidArgumentError(
                f"pairs= must be {expected}; {shown(pair)} is not a pair"
            )
        both = list(pair)
        if len(both) != 2:
            raise InvalidArgumentError(
                f"pairs= must be {expected}; {shown(pair)} has {len(both)} "
                f"wave{'s' if len(both) != 1 else ''}, not 2"
            )
        out.append((both[0], both[1]))
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _population(value: Any) -> Any:
    """Return ``population=`` if it is ``None``, a number or a mapping to numbers.

    Whether the numbers are positive is checked where they are used.
    """
    if value is None or _is_number(value):
        return value
    expected = "a number of organisations, or a mapping group → number"
    if isinstance(value, Mapping):
        for group, size in value.items():
            if not _is_number(size):
                raise InvalidArgumentError(
                    f"population= must be {expected}; the size given for group "
                    f"{group!r} is {shown(size)}"
                )
        return value
    raise InvalidArgumentError(f"population= must be {expected}, not {shown(value)}")


def item_argument(argument: str, name: object, items: tuple[str, ...]) -> str:
    """Return the item of ``items`` called ``name`` (aliases resolved), or raise.

    ``argument`` is named if ``name`` is no name.
    """
    name = name_argument(argument, name, "an item name")
    if name in items:
        return name
    try:
        canonical = parse_item(name)
    except UnknownNameError:
        canonical = None
    if canonical in items:
        return canonical
    raise UnknownNameError("item of this survey", name, items)


def wave_argument(label: object, waves: tuple[str, ...]) -> str:
    """Return the wave of ``waves`` called ``label`` (``2010`` or ``"2010"``)."""
    text = str(label).strip()
    if text not in waves:
        raise UnknownNameError("wave", label, waves)
    return text


def pairs_argument(
    pairs: Iterable[tuple[object, object]] | None, waves: tuple[str, ...]
) -> list[tuple[str, str]]:
    """Return ``pairs=`` as (before, after) waves (default: consecutive waves)."""
    if pairs is None:
        return list(itertools.pairwise(waves))
    out = []
    for before, after in _wave_pairs(pairs):
        b, a = wave_argument(before, waves), wave_argument(after, waves)
        if b == a:
            raise InvalidArgumentError(f"cannot compare wave {b!r} with itself")
        out.append((b, a))
    return out
