"""Status flags: Eurostat letters, SDMX codes and PC-Axis symbols, one vocabulary."""

from __future__ import annotations

import pytest

from skl_socialmedia.errors import DataError
from skl_socialmedia.published.flags import (
    MISSING_FLAGS,
    WARNING_FLAGS,
    Flag,
    flag_note,
    guess_flags,
    parse_flags,
)


@pytest.mark.parametrize(
    ("letter", "flag"),
    [
        ("b", Flag.BREAK),
        ("c", Flag.CONFIDENTIAL),
        ("d", Flag.DEFINITION_DIFFERS),
        ("e", Flag.ESTIMATED),
        ("f", Flag.FORECAST),
        ("n", Flag.NOT_SIGNIFICANT),
        ("p", Flag.PROVISIONAL),
        ("r", Flag.REVISED),
        ("s", Flag.ESTIMATED),
        ("u", Flag.LOW_RELIABILITY),
        ("z", Flag.NOT_APPLICABLE),
        (":", Flag.NOT_AVAILABLE),
    ],
)
def test_every_eurostat_letter(letter: str, flag: Flag) -> None:
    assert parse_flags(letter, "eurostat") == (flag,)
    assert parse_flags(letter.upper(), "eurostat") == (flag,)


def test_eurostat_letters_combine() -> None:
    assert parse_flags("bu", "eurostat") == (Flag.BREAK, Flag.LOW_RELIABILITY)
    assert parse_flags("b, e", "eurostat") == (Flag.BREAK, Flag.ESTIMATED)
    assert parse_flags("", "eurostat") == ()


@pytest.mark.parametrize(
    ("code", "flags"),
    [
        ("A", ()),
        ("B", (Flag.BREAK,)),
        ("E", (Flag.ESTIMATED,)),
        ("F", (Flag.FORECAST,)),
        ("M", (Flag.NOT_APPLICABLE,)),
        ("O", (Flag.NOT_AVAILABLE,)),
        ("L", (Flag.NOT_AVAILABLE,)),
        ("P", (Flag.PROVISIONAL,)),
        ("Q", (Flag.CONFIDENTIAL,)),
        ("U", (Flag.LOW_RELIABILITY,)),
        ("D", (Flag.DEFINITION_DIFFERS,)),
        ("B E", (Flag.BREAK, Flag.ESTIMATED)),
        ("b", (Flag.BREAK,)),  # Eurostat's OBS_FLAG letters in SDMX
    ],
)
def test_sdmx_obs_status(code: str, flags: tuple[Flag, ...]) -> None:
    assert parse_flags(code, "sdmx") == flags


@pytest.mark.parametrize(
    ("symbol", "flag"),
    [
        (".", Flag.NOT_APPLICABLE),
        ("..", Flag.NOT_AVAILABLE),
        ("...", Flag.NOT_AVAILABLE),
        ("....", Flag.NOT_AVAILABLE),
        (".....", Flag.NOT_AVAILABLE),
        ("......", Flag.NOT_AVAILABLE),
        ("-", Flag.NIL),
    ],
)
def test_every_px_symbol(symbol: str, flag: Flag) -> None:
    assert parse_flags(symbol, "px") == (flag,)


@pytest.mark.parametrize(
    ("symbol", "scheme"), [("x", "eurostat"), ("X", "sdmx"), (".......", "px")]
)
def test_unknown_symbols_are_data_errors(symbol: str, scheme: str) -> None:
    with pytest.raises(DataError, match="unknown") as info:
        parse_flags(symbol, scheme)  # type: ignore[arg-type]
    assert info.value.location is not None
    assert info.value.location.value == symbol


def test_guess_reads_any_scheme_and_never_raises() -> None:
    assert guess_flags("..") == (Flag.NOT_AVAILABLE,)
    assert guess_flags("bu") == (Flag.BREAK, Flag.LOW_RELIABILITY)
    assert guess_flags("U") == (Flag.LOW_RELIABILITY,)
    assert guess_flags("*") == (Flag.OTHER,)
    assert guess_flags(" ") == ()


def test_missing_and_warning_flags_are_apart() -> None:
    assert not MISSING_FLAGS & WARNING_FLAGS
    assert Flag.BREAK not in MISSING_FLAGS | WARNING_FLAGS
    assert Flag.CONFIDENTIAL in MISSING_FLAGS
    assert Flag.LOW_RELIABILITY in WARNING_FLAGS


def test_flag_note_in_both_languages() -> None:
    note = flag_note([Flag.LOW_RELIABILITY, Flag.BREAK])
    assert note is not None
    assert note.en == "low reliability; break in series"
    assert note.sv == "osäker uppgift; tidsseriebrott"
    assert flag_note([]) is None
