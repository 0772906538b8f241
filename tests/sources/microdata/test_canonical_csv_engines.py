"""The CSV source's pyarrow fast path reads every file as the standard path does.

Same survey (every column, every estimate) and the same errors, message for
message, whichever engine reads the file; files the fast path does not take
(quotes, blank lines) go the standard way. Skipped without pyarrow.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from skl_socialmedia import Survey
from skl_socialmedia.errors import DataErrorGroup, MissingExtraError, UsageError
from skl_socialmedia.sources.microdata import canonical_csv
from skl_socialmedia.sources.microdata.canonical_csv import read_csv

HEADER = "wave,org_code,size,weight,uses,channel.facebook,q9"
ROWS = [
    "2010,0114,small,1.5,1,0,ja",
    "2010,0180,large,2,0,,Nej",
    "2012,0114,small,1.5,1,1,",
    "2012,0180,large,2,yes,0,TRUE",
    "2012,1280,large,0.5,1,1,0",
]


def _text(rows: list[str], header: str = HEADER, sep: str = ",") -> str:
    return "\n".join([header.replace(",", sep), *(r.replace(",", sep) for r in rows)])


def _same(a: Survey, b: Survey) -> None:
    assert (a.waves, a.items, a.attributes) == (b.waves, b.items, b.attributes)
    assert a.organisations == b.organisations
    for name in ("wave", "org_code", *a.attributes, *a.items):
        np.testing.assert_array_equal(a.column(name), b.column(name))
    if a.weighted:
        np.testing.assert_array_equal(a.column("weight"), b.column("weight"))
    ra, rb = a.rates(by="size"), b.rates(by="size")
    np.testing.assert_array_equal(ra.value, rb.value)


FILES = {
    "plain": _text(ROWS).encode(),
    "semicolon, decimal comma, BOM, CRLF": (
        "\ufeff"
        + _text(ROWS, sep=";").replace("1.5", "1,5").replace("\n", "\r\n")
        + "\r\n"
    ).encode("utf-8"),
    "cp1252 with comments": (
        "# export från enkät\n# andra raden\n"
        + _text([r.replace("small", "små") for r in ROWS])
    ).encode("cp1252"),
    "tab, trailing newline": (_text(ROWS, sep="\t") + "\n").encode(),
    "quoted (standard path)": _text(
        [r.replace("small", '"small, medium"') for r in ROWS]
    ).encode(),
    "blank line (standard path)": _text([*ROWS[:2], "", *ROWS[2:]]).encode(),
    "spaces kept": _text([r.replace("large", " large ") for r in ROWS]).encode(),
}


@pytest.fixture(autouse=True)
def _arrow() -> None:
    pytest.importorskip("pyarrow")


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("register", ["se", None])
def test_both_engines_read_the_same_survey(
    name: str, register: str | None, tmp_path: Path
) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(FILES[name])
    fast = read_csv(path, register=register, engine="arrow")
    slow = read_csv(path, register=register, engine="python")
    _same(fast, slow)
    _same(read_csv(path, register=register), slow)


BROKEN = {
    "bad answer": [*ROWS[:3], "2012,0180,large,2,kanske,0,1", ROWS[4]],
    "ragged line": [*ROWS[:3], "2012,0180,large,2,1,0", ROWS[4]],
    "duplicate row": [*ROWS, ROWS[0]],
    "blank wave and bad weight": [*ROWS[:2], ",0180,large,x,1,0,1", *ROWS[3:]],
    "unknown code": [*ROWS, "2012,9999,large,1,1,1,1"],
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_both_engines_report_the_same_errors(name: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text("# comment\n" + _text(BROKEN[name]), encoding="utf-8")
    reports = []
    for engine in ("arrow", "python", "auto"):
        with pytest.raises(DataErrorGroup) as caught:
            read_csv(path, engine=engine)
        reports.append(str(caught.value))
    assert reports[0] == reports[1] == reports[2]
    assert "line " in reports[0]


def test_the_fast_path_is_taken_for_a_simple_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(FILES["plain"])
    calls: list[str] = []

    def slow(*args: object, **kwargs: object) -> object:
        calls.append("python")
        raise AssertionError("the standard path ran")

    monkeypatch.setattr(canonical_csv, "_python_read", slow)
    read_csv(path, engine="arrow")
    assert calls == []


def test_engine_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(FILES["plain"])
    with pytest.raises(UsageError, match="engine must be one of"):
        read_csv(path, engine="rust")
    monkeypatch.setattr(canonical_csv, "_have_arrow", lambda: False)
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[arrow\]"):
        read_csv(path, engine="arrow")
    # auto falls back to the standard library without pyarrow
    _same(read_csv(path), read_csv(path, engine="python"))
