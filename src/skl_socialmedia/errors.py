"""The single exception hierarchy of skl-socialmedia.

Every error the library raises on purpose derives from :class:`SklSocialMediaError`
and also from the matching builtin (``ValueError``, ``LookupError``,
``ImportError``, ``RuntimeError``), so callers may catch either, the way attrs
does it.

The command line turns any :class:`SklSocialMediaError` into one line on stderr
and a non-zero exit status: :attr:`SklSocialMediaError.exit_code`.

An error's message (``str(error)``) is safe to print on a terminal: every
character that could act on it or break the line — C0 and C1 control
characters, DEL, the bidirectional overrides and isolates, the line and
paragraph separators, lone surrogates — is shown as a visible escape by
:func:`printable`, wherever it came from (a known name, a file name, a value,
a message built by a caller). A :class:`DataErrorGroup` keeps its line breaks
between problems, and only those.
"""

from __future__ import annotations

import re
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
    "printable",
]

# What a terminal could act on or break a line at: C0 controls (tab and line
# feed too), DEL, C1 controls, the Arabic letter mark, the left-to-right and
# right-to-left marks, the line and paragraph separators, the bidirectional
# embeddings, overrides and isolates, and lone surrogates (which cannot even
# be encoded as UTF-8).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]"
)
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    r"""Return ``text`` with every character unsafe on a terminal shown as an escape.

    C0 control characters (``\t``, ``\n``, ``\r`` and ``\x1b`` …), DEL and
    the C1 controls (``\x7f``–``\x9f``), the bidirectional marks, embeddings,
    overrides and isolates (``\u200e``, ``\u202e``, ``\u2066`` …, ``\u061c``),
    the line and paragraph separators (``\u2028``, ``\u2029``) and lone
    surrogates (``\ud800``) become the escape Python would write for them,
    so the text cannot clear a screen, set a window title, hide a link, ring
    the bell, reorder what is shown or break a line, and it can always be
    encoded as UTF-8. Everything else, including letters such as ``å``, the
    no-break space and the minus sign U+2212, is left as it is; a backslash
    is not escaped, so applying the function twice changes nothing more.

    >>> printable("\x1b]0;title\x07 a\u202eb å")
    '\\x1b]0;title\\x07 a\\u202eb å'
    """
    return _UNSAFE.sub(_escape, text)


class SklSocialMediaError(Exception):
    """Base class of every error raised on purpose by skl-socialmedia."""

    #: Exit status the command line uses for this error (1: data, 2: usage).
    exit_code: int = 1

    def __str__(self) -> str:
        """Return the message, every unsafe character escaped (:func:`printable`)."""
        return printable(super().__str__())


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
        return printable(where)


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

    def __str__(self) -> str:
        """Return the headline and one line per problem, unsafe characters escaped.

        The line breaks between the problems are the only ones: a line break
        inside a file name or a message is escaped like any control character.
        """
        return "\n".join(printable(line) for line in str(self.args[0]).split("\n"))
