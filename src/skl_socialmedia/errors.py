"""The single exception hierarchy of skl-socialmedia.

Every error the library raises on purpose derives from :class:`SklSocialMediaError`
and also from the matching builtin (``ValueError``, ``LookupError``,
``ImportError``), so callers may catch either, the way attrs does it.

The command line turns any :class:`SklSocialMediaError` into one line on stderr
and a non-zero exit status: :attr:`SklSocialMediaError.exit_code`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "DataError",
    "DataErrorGroup",
    "InvalidArgumentError",
    "Location",
    "MissingExtraError",
    "PluginError",
    "SklSocialMediaError",
    "UnknownNameError",
    "UsageError",
]


class SklSocialMediaError(Exception):
    """Base class of every error raised on purpose by skl-socialmedia."""

    #: Exit status the command line uses for this error (1: data, 2: usage).
    exit_code: int = 1


class UsageError(SklSocialMediaError, ValueError):
    """The caller asked for something that cannot be done (exit status 2)."""

    exit_code = 2


class InvalidArgumentError(UsageError):
    """An argument is out of its domain, e.g. ``confidence=1.2`` or negative counts."""


class UnknownNameError(UsageError, LookupError):
    """A name (vocabulary id, method, organisation, plugin …) is not known.

    The message lists the known names, so a typo can be fixed at once.
    """

    def __init__(self, kind: str, name: object, known: Iterable[str]) -> None:
        self.kind = kind
        self.name = name
        self.known = tuple(sorted(known))
        shown = ", ".join(self.known[:40])
        if len(self.known) > 40:
            shown += f", … ({len(self.known)} in all)"
        super().__init__(f"unknown {kind} {name!r}; known: {shown}")

    def __str__(self) -> str:
        return str(self.args[0])


class MissingExtraError(SklSocialMediaError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        self.feature = feature
        self.extra = extra
        self.module = module
        super().__init__(
            f"{feature} needs the optional dependency {module!r}; "
            f"install it with: pip install 'skl-socialmedia[{extra}]'"
        )


class PluginError(SklSocialMediaError, RuntimeError):
    """A plugin could not be loaded, or two plugins claim the same name."""


@attrs.frozen
class Location:
    """Where a bad value was found: file, line (1-based), column and value.

    ``row`` is the 0-based position of the value in the columns a survey was
    built from (a data frame's row, a record's index), for programs that map
    it back to their own input; ``line`` is the file line, when known.
    """

    file: str | None = None
    line: int | None = None
    column: str | None = None
    value: object = None
    row: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        where = ", ".join(parts)
        if self.value is not None:
            where += f"{', ' if where else ''}value {self.value!r}"
        return where


class DataError(SklSocialMediaError, ValueError):
    """Input data is wrong; the message names file, line, column and value."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        text = f"{location}: {message}" if location and str(location) else message
        super().__init__(text)


class DataErrorGroup(DataError):  # noqa: N818 (a group of DataErrors)
    """Several problems found in one input, reported together.

    ``errors`` holds every :class:`DataError` collected (up to the reader's limit);
    ``total`` counts all problems found, including those not kept.
    """

    def __init__(self, errors: Sequence[DataError], total: int | None = None) -> None:
        self.errors = tuple(errors)
        self.total = len(self.errors) if total is None else total
        files = {e.location.file if e.location else None for e in self.errors}
        file = files.pop() if len(files) == 1 else None
        where = f"in {file}" if file is not None else "in the input"
        head = f"{self.total} problem{'s' if self.total != 1 else ''} {where}"
        if self.total > len(self.errors):
            head += f" (the first {len(self.errors)} shown)"
        lines = [head + ":"] + [f"  {e}" for e in self.errors]
        SklSocialMediaError.__init__(self, "\n".join(lines))
        self.message = head
        self.location = self.errors[0].location if self.errors else None
