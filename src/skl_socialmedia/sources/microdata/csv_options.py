"""The options of the built-in sources: their names, and checks of their values.

:func:`check_values` checks and normalises the values (a wrong type is a
:class:`~skl_socialmedia.errors.UsageError` naming the option, the value and
what it must be); :func:`check_options` also refuses an option the source
lacks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from skl_socialmedia.errors import UsageError
from skl_socialmedia.model.register import Register
from skl_socialmedia.text_encoding import check_text_encoding

__all__ = ["ENGINES", "ROLES", "check_options", "check_values"]

ENGINES = ("auto", "arrow", "python", "polars")
#: Characters that are never a delimiter.
_NOT_DELIMITERS = ('"', "\r", "\n", "\0")


def _usage(key: str, expected: str, value: object) -> UsageError:
    return UsageError(f"option {key} must be {expected}, not {value!r}")


def _names(key: str, value: object, expected: str) -> list[str]:
    """Return a column name or a list of them as a list (one string: one name)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence | np.ndarray) and not isinstance(value, bytes):
        names = list(value)
        if all(isinstance(n, str) for n in names):
            return names
    raise _usage(key, expected, value)


def _check_register(value: object) -> object:
    if isinstance(value, str | Register):
        return value
    raise _usage("register", "'se', 'none' (null) or a Register", value)


def _check_items(value: object) -> object:
    expected = (
        "a column name, a list of column names or a mapping of column to item name"
    )
    if isinstance(value, Mapping):
        if all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return dict(value)
        raise _usage("items", expected, value)
    return _names("items", value, expected)


def _check_attributes(value: object) -> object:
    return _names("attributes", value, "a column name or a list of column names")


def _check_waves(value: object) -> object:
    expected = "a list of waves (text or whole numbers), or one wave"
    if isinstance(value, str):
        return [value]
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return [value]  # --option waves=2010 arrives as a number
    if isinstance(value, Sequence | np.ndarray) and not isinstance(value, bytes):
        waves = list(value)
        if all(
            isinstance(w, str | int | np.integer) and not isinstance(w, bool)
            for w in waves
        ):
            return waves
    raise _usage("waves", expected, value)


def _check_delimiter(value: object) -> object:
    if isinstance(value, str) and len(value) == 1 and value not in _NOT_DELIMITERS:
        return value
    raise _usage(
        "delimiter",
        "one character such as ',', ';' or '\\t' (not a quote or a line break)",
        value,
    )


def _check_encoding(value: object) -> object:
    if not isinstance(value, str) or not value:
        raise _usage("encoding", "the name of a text encoding such as 'cp1252'", value)
    check_text_encoding(value)
    return value


def _check_max_errors(value: object) -> object:
    if (
        isinstance(value, int | np.integer)
        and not isinstance(value, bool)
        and value >= 1
    ):
        return int(value)
    raise _usage("max_errors", "a whole number of at least 1", value)


def _check_engine(value: object) -> object:
    if isinstance(value, str) and value in ENGINES:
        return value
    raise UsageError(
        f"option engine must be one of {', '.join(ENGINES)}, not {value!r}"
    )


def _check_routing(value: object) -> object:
    if value is False or isinstance(value, Mapping):
        return value
    raise _usage(
        "routing",
        "false, null or a mapping of item to 'ITEM=yes', 'ITEM=no' or null",
        value,
    )


#: The reserved roles the ``columns`` option may give another column.
ROLES = ("wave", "org_code", "org_kind", "weight")


def _check_columns(value: object) -> object:
    """Return the ``columns`` option as role → column (``"wave=year,…"`` too)."""
    expected = (
        "a mapping of role to column name or 'ROLE=COLUMN,…' "
        f"(roles: {', '.join(ROLES)})"
    )
    if isinstance(value, str):
        pairs = [part.partition("=") for part in value.split(",") if part.strip()]
        if not pairs or any(not eq or not v.strip() for _k, eq, v in pairs):
            raise _usage("columns", expected, value)
        value = {k.strip(): v.strip() for k, _eq, v in pairs}
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _usage("columns", expected, value)
    unknown = [k for k in value if k not in ROLES]
    if unknown:
        raise UsageError(
            f"option columns names no role {', '.join(map(repr, unknown))}; "
            f"the roles are {', '.join(ROLES)}"
        )
    return dict(value)


_CHECKS = {
    "register": _check_register,
    "columns": _check_columns,
    "items": _check_items,
    "attributes": _check_attributes,
    "waves": _check_waves,
    "delimiter": _check_delimiter,
    "encoding": _check_encoding,
    "max_errors": _check_max_errors,
    "engine": _check_engine,
    "routing": _check_routing,
}


def check_values(options: Mapping[str, Any]) -> dict[str, Any]:
    """Check the values of the built-in sources' options; return them normalised.

    Raises :class:`~skl_socialmedia.errors.UsageError` naming the option, the
    value and what it must be. One string where a list is expected
    (``items``, ``waves``, ``attributes``) is a list of that one name.
    ``None`` is the option's default and is passed on as it is; options of
    other names are not checked.
    """
    checked = {}
    for key, value in options.items():
        check = _CHECKS.get(key)
        checked[key] = value if value is None or check is None else check(value)
    return checked


_OPTIONS = (
    "register",
    "items",
    "waves",
    "attributes",
    "delimiter",
    "encoding",
    "max_errors",
    "engine",
    "routing",
    "columns",
)


def check_options(
    source: str, options: Mapping[str, Any], known: Sequence[str] = _OPTIONS
) -> dict[str, Any]:
    """Return the options that are set, checked; raise for an option the source lacks.

    ``register`` is passed on even when ``None`` (no register). The values
    are checked by :func:`check_values` (a wrong type is a
    :class:`~skl_socialmedia.errors.UsageError` naming the option, the value
    and what it must be), before the source reads anything.
    """
    given = {k: v for k, v in options.items() if v is not None or k == "register"}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise UsageError(
            f"the {source} source takes no option {', '.join(unknown)}; "
            f"it takes {', '.join(known)}"
        )
    return check_values(given)
