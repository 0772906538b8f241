"""Status flags of published figures, in one vocabulary whatever the format.

Statistical offices mark figures with letters or symbols: Eurostat's flags
(``b`` break in time series, ``c`` confidential, ``e`` estimated, ``u`` low
reliability, ``z`` not applicable, …, and ``:`` for not available), SDMX's
``OBS_STATUS`` codes (``B``, ``E``, ``M``, ``U``, …) and ``CONF_STATUS``
(``C``), and the PC-Axis data symbols (``"."`` to ``"......"`` for missing
values, ``"-"`` for nil). :func:`parse_flags` turns any of them into
:class:`Flag` members; a figure keeps the original symbol beside them.

What a flag means for a figure:

- :data:`MISSING_FLAGS` (confidential, not applicable, not available) — the
  figure has no value, and stays missing;
- :attr:`Flag.BREAK` — a change across it is shown but marked not comparable;
- :data:`WARNING_FLAGS` (low reliability, estimated, provisional, …) — the
  figure is shown with its flag in every format.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Literal

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.model.localized import Text

__all__ = [
    "MISSING_FLAGS",
    "WARNING_FLAGS",
    "Flag",
    "FlagScheme",
    "flag_note",
    "guess_flags",
    "parse_flags",
]


class Flag(enum.Enum):
    """What a published figure's status flag says, in one vocabulary."""

    BREAK = "break"
    """A break in the time series: not comparable with the earlier waves."""
    CONFIDENTIAL = "confidential"
    """Suppressed for confidentiality: no value."""
    NOT_APPLICABLE = "not applicable"
    """The figure cannot exist (logically impossible): no value."""
    NOT_AVAILABLE = "not available"
    """Missing: not collected, not yet available, or too uncertain to publish."""
    LOW_RELIABILITY = "low reliability"
    """Published, but of low reliability (few observations, high error)."""
    ESTIMATED = "estimated"
    """An estimate (by the office or imputed)."""
    PROVISIONAL = "provisional"
    """Provisional: may be revised."""
    REVISED = "revised"
    """Revised since first published."""
    FORECAST = "forecast"
    """A forecast."""
    DEFINITION_DIFFERS = "definition differs"
    """The definition differs from the rest of the series."""
    NOT_SIGNIFICANT = "not significant"
    """Not significant (too small to be shown reliably)."""
    NIL = "nil"
    """Nothing to report: the value is zero (PC-Axis ``"-"``)."""
    OTHER = "other"
    """A flag with no counterpart here; the original symbol is kept."""

    @property
    def label(self) -> Text:
        """The flag in English and Swedish."""
        return _LABELS[self]


#: Flags whose figure has no value: it stays missing (never zero, never a guess).
MISSING_FLAGS = frozenset({Flag.CONFIDENTIAL, Flag.NOT_APPLICABLE, Flag.NOT_AVAILABLE})
#: Flags shown beside a figure in every format (the figure is still used).
WARNING_FLAGS = frozenset(
    {
        Flag.LOW_RELIABILITY,
        Flag.ESTIMATED,
        Flag.PROVISIONAL,
        Flag.REVISED,
        Flag.FORECAST,
        Flag.DEFINITION_DIFFERS,
        Flag.NOT_SIGNIFICANT,
        Flag.OTHER,
    }
)

_LABELS = {
    Flag.BREAK: Text("break in series", "tidsseriebrott"),
    Flag.CONFIDENTIAL: Text("confidential", "sekretess"),
    Flag.NOT_APPLICABLE: Text("not applicable", "kan inte förekomma"),
    Flag.NOT_AVAILABLE: Text("not available", "uppgift saknas"),
    Flag.LOW_RELIABILITY: Text("low reliability", "osäker uppgift"),
    Flag.ESTIMATED: Text("estimated", "uppskattad"),
    Flag.PROVISIONAL: Text("provisional", "preliminär"),
    Flag.REVISED: Text("revised", "reviderad"),
    Flag.FORECAST: Text("forecast", "prognos"),
    Flag.DEFINITION_DIFFERS: Text("definition differs", "avvikande definition"),
    Flag.NOT_SIGNIFICANT: Text("not significant", "ej signifikant"),
    Flag.NIL: Text("nil", "inget att redovisa"),
    Flag.OTHER: Text("flagged", "flaggad"),
}

#: Which symbols a flag text is written in.
FlagScheme = Literal["eurostat", "sdmx", "px"]

#: Eurostat's dissemination flags (one letter each; ``:`` not available).
_EUROSTAT = {
    "b": Flag.BREAK,
    "c": Flag.CONFIDENTIAL,
    "d": Flag.DEFINITION_DIFFERS,
    "e": Flag.ESTIMATED,
    "f": Flag.FORECAST,
    "n": Flag.NOT_SIGNIFICANT,
    "p": Flag.PROVISIONAL,
    "r": Flag.REVISED,
    "s": Flag.ESTIMATED,  # Eurostat estimate
    "u": Flag.LOW_RELIABILITY,
    "z": Flag.NOT_APPLICABLE,
    ":": Flag.NOT_AVAILABLE,
}
#: SDMX OBS_STATUS (CL_OBS_STATUS) and CONF_STATUS codes (upper case).
_SDMX = {
    "A": None,  # normal value
    "B": Flag.BREAK,
    "C": Flag.CONFIDENTIAL,  # CONF_STATUS: confidential
    "D": Flag.DEFINITION_DIFFERS,
    "E": Flag.ESTIMATED,
    "F": Flag.FORECAST,
    "G": Flag.ESTIMATED,  # experimental
    "I": Flag.ESTIMATED,  # imputed
    "K": Flag.OTHER,  # included in another category
    "L": Flag.NOT_AVAILABLE,  # exists but not collected
    "M": Flag.NOT_APPLICABLE,  # cannot exist
    "N": Flag.NOT_SIGNIFICANT,
    "O": Flag.NOT_AVAILABLE,  # missing
    "P": Flag.PROVISIONAL,
    "Q": Flag.CONFIDENTIAL,  # suppressed
    "R": Flag.REVISED,
    "S": Flag.OTHER,  # strike and other special events
    "U": Flag.LOW_RELIABILITY,
    "V": Flag.OTHER,  # unvalidated
}
#: PC-Axis data symbols: dots are missing values, "-" is nil (zero).
_PX = {
    ".": Flag.NOT_APPLICABLE,
    "..": Flag.NOT_AVAILABLE,
    "...": Flag.NOT_AVAILABLE,
    "....": Flag.NOT_AVAILABLE,
    ".....": Flag.NOT_AVAILABLE,
    "......": Flag.NOT_AVAILABLE,
    "-": Flag.NIL,
}


def parse_flags(
    symbol: str, scheme: FlagScheme, *, where: Location | None = None
) -> tuple[Flag, ...]:
    """Return the flags a published status symbol stands for.

    ``scheme`` says how ``symbol`` is written: ``"eurostat"`` — letters, one
    flag each (``"bu"`` is a break and low reliability; ``":"`` not
    available; case ignored; spaces and commas between letters allowed);
    ``"sdmx"`` — an ``OBS_STATUS`` / ``CONF_STATUS`` code (``"B"``; several
    separated by spaces or commas; Eurostat's lower-case ``OBS_FLAG``
    letters are read as Eurostat flags); ``"px"`` — a PC-Axis data symbol
    (``"."`` not applicable, ``".."`` to ``"......"`` not available, ``"-"``
    nil). An empty symbol has no flags. An unknown letter or symbol is a
    :class:`~skl_socialmedia.errors.DataError` at ``where``.
    """
    text = symbol.strip()
    if not text:
        return ()
    if scheme == "px":
        if text in _PX:
            return (_PX[text],)
        raise _unknown(text, scheme, where)
    if scheme == "sdmx":
        flags = []
        for part in text.replace(",", " ").split():
            if part in _SDMX:
                flag = _SDMX[part]
                if flag is not None:
                    flags.append(flag)
            elif part.islower() or part == ":":
                flags += parse_flags(part, "eurostat", where=where)
            else:
                raise _unknown(part, scheme, where)
        return _unique(flags)
    if scheme != "eurostat":
        raise DataError(f"unknown flag scheme {scheme!r}", where)
    flags = []
    for letter in text.replace(",", "").replace(" ", "").lower():
        if letter not in _EUROSTAT:
            raise _unknown(letter, scheme, where)
        flags.append(_EUROSTAT[letter])
    return _unique(flags)


def guess_flags(symbol: str) -> tuple[Flag, ...]:
    """Return the flags of a status symbol whose scheme is not declared.

    A PC-Axis symbol (dots, ``"-"``), Eurostat letters (lower case, ``":"``)
    or SDMX codes (upper case) are read as such; anything else is
    :attr:`Flag.OTHER` (the symbol is kept by the caller). Never raises.
    """
    text = symbol.strip()
    if not text:
        return ()
    for scheme in ("px", "eurostat", "sdmx"):
        if scheme == "eurostat" and not (text.islower() or text == ":"):
            continue
        try:
            return parse_flags(text, scheme)
        except DataError:
            continue
    return (Flag.OTHER,)


def _unique(flags: Iterable[Flag]) -> tuple[Flag, ...]:
    return tuple(dict.fromkeys(flags))


def _unknown(symbol: str, scheme: str, where: Location | None) -> DataError:
    tables: dict[str, dict[str, Flag | None]] = {
        "eurostat": dict(_EUROSTAT),
        "sdmx": _SDMX,
        "px": dict(_PX),
    }
    known = tables.get(scheme, {})
    listed = " ".join(repr(k) for k in known)
    here = Location() if where is None else where
    return DataError(
        f"unknown {scheme} status flag {symbol!r} (known: {listed})",
        Location(file=here.file, line=here.line, column=here.column, value=symbol),
    )


def flag_note(flags: Iterable[Flag]) -> Text | None:
    """Return the flags in words ("low reliability; break in series"), or ``None``."""
    shown = _unique(flags)
    if not shown:
        return None
    return Text(
        en="; ".join(f.label.en for f in shown),
        sv="; ".join(f.label.sv for f in shown),
    )
