# ruff: noqa: N802 (test names carry the defect IDs)
"""Regression tests of the JSON records source's bad-input defects (audit IDs).

Microdata records (:func:`read_json`, the ``json`` source) and published
figures read their files alike (``load_json_file``), so each file-level case
is checked through both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from skl_socialmedia.errors import DataError, UsageError
from skl_socialmedia.published import read_published
from skl_socialmedia.sources import JsonSource
from skl_socialmedia.sources.microdata.json_records import read_json

RECORDS = [
    {"wave": 2010, "org_code": "a", "uses": 1, "kind": "x"},
    {"wave": 2012, "org_code": "a", "uses": 0, "kind": "x"},
    {"wave": 2010, "org_code": "b", "uses": 1, "kind": "y"},
    {"wave": 2012, "org_code": "b", "uses": 1, "kind": "y"},
]
READERS: list[Callable[[Path], object]] = [
    lambda p: read_json(p, register=None),
    lambda p: JsonSource().load(str(p), register=None),
    read_published,
]


def _write(tmp_path: Path, data: str | bytes, name: str = "data.json") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _errors(path: Path) -> list[DataError]:
    found = []
    for read in READERS:
        with pytest.raises(DataError) as caught:
            read(path)
        found.append(caught.value)
    assert len({str(e) for e in found}) == 1, [str(e) for e in found]
    return found


def test_C1_deep_nesting_is_a_data_error_naming_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "[" * 100_000 + "]" * 100_000)
    error = _errors(path)[0]
    assert "nested too deeply to read" in str(error)
    assert error.location is not None
    assert error.location.file == str(path)
    assert error.location.line == 1
    assert error.location.column == "character 100000"


def test_C1_deep_nesting_inside_strings_does_not_count(tmp_path: Path) -> None:
    text = '["' + "[" * 5000 + '",\n' + "[" * 100_000 + "]" * 100_000 + "]"
    error = _errors(_write(tmp_path, text))[0]
    assert error.location is not None
    assert (error.location.line, error.location.column) == (2, "character 100000")


def test_C2_a_huge_integer_is_a_data_error_naming_its_place(tmp_path: Path) -> None:
    digits = "9" * 5000
    path = _write(tmp_path, '[{"wave": 2010,\n "weight": ' + digits + "}]")
    error = _errors(path)[0]
    assert "an integer of 5000 digits is too long to read" in str(error)
    assert error.location is not None
    assert (error.location.line, error.location.column) == (2, "character 12")
    assert str(error.location.value).startswith("9999")
    assert len(str(error)) < 300


def test_C2_long_digits_in_strings_and_floats_are_fine(tmp_path: Path) -> None:
    from skl_socialmedia.published import load_json_file

    value = ["1" * 5000, float("0." + "1" * 5000), 10**4000]
    path = _write(tmp_path, json.dumps(value))
    assert load_json_file(path) == value


@pytest.mark.parametrize("encoding", ["bogus", ""])
def test_C4_an_unknown_encoding_is_the_usage_error_the_csv_source_gives(
    tmp_path: Path, encoding: str
) -> None:
    from skl_socialmedia.sources.microdata.canonical_csv import read_csv

    path = _write(tmp_path, json.dumps(RECORDS))
    messages = []
    for read in (
        lambda: read_json(path, encoding=encoding),
        lambda: JsonSource().load(str(path), encoding=encoding),
        lambda: read_csv(path, encoding=encoding),
    ):
        with pytest.raises(UsageError) as caught:
            read()
        messages.append(str(caught.value))
    assert len(set(messages)) == 1
    assert repr(encoding) in messages[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_M3_a_BOM_names_the_encoding(tmp_path: Path, encoding: str) -> None:
    records = [dict(r, kind="Större") for r in RECORDS]
    path = _write(tmp_path, json.dumps(records, ensure_ascii=False).encode(encoding))
    survey = read_json(path, register=None)
    assert survey.column("kind").tolist() == ["Större"] * 4
    assert len(JsonSource().load(str(path), register=None)) == 4  # type: ignore[arg-type]


def test_M3_cp1252_says_how_to_pass_the_encoding(tmp_path: Path) -> None:
    records = [dict(r, kind="Större") for r in RECORDS]
    text = json.dumps(records, ensure_ascii=False, indent=1)
    path = _write(tmp_path, text.encode("cp1252"))
    for error in _errors(path):
        assert "not UTF-8 text" in str(error)
        assert (
            "pass encoding=cp1252 (--option encoding=cp1252 at the command line)"
            in (str(error))
        )
        assert error.location is not None
        assert error.location.line == text[: text.index("Större")].count("\n") + 1
    survey = read_json(path, register=None, encoding="cp1252")
    assert survey.column("kind").tolist() == ["Större"] * 4


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_M3_utf16_without_a_BOM_gets_a_hint(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path, json.dumps(RECORDS).encode(encoding))
    for error in _errors(path):
        assert "without a byte-order mark" in str(error)
        assert f"--option encoding={encoding} at the command line" in str(error)
    assert len(read_json(path, register=None, encoding=encoding)) == 4


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_W13_NaN_and_Infinity_are_not_JSON(tmp_path: Path, literal: str) -> None:
    text = (
        '[{"wave": 2010, "org_code": "NaN", "uses": 1},\n'
        f' {{"wave": 2012, "org_code": "a", "uses": {literal}}}]'
    )
    error = _errors(_write(tmp_path, text))[0]
    assert f"{literal} is not JSON (write null for a missing value)" in str(error)
    assert error.location is not None
    assert (error.location.line, error.location.column) == (2, "character 42")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("waves", 5.5),
        ("items", [["uses"]]),
        ("max_errors", 0),
        ("max_errors", "abc"),
        ("encoding", 5),
        ("register", 5),
        ("attributes", 1.5),
    ],
)
def test_C9_M6_json_options_are_checked_before_reading(
    tmp_path: Path, option: str, value: object
) -> None:
    missing = tmp_path / "absent.json"  # never read: the option fails first
    for load in (
        lambda: read_json(missing, **{option: value}),  # type: ignore[arg-type]
        lambda: JsonSource().load(str(missing), **{option: value}),
    ):
        with pytest.raises(UsageError, match=f"option {option} must be"):
            load()


def test_M10_json_one_string_is_a_one_element_list(tmp_path: Path) -> None:
    path = _write(tmp_path, json.dumps(RECORDS))
    survey = JsonSource().load(str(path), register=None, waves="2012", items="uses")
    assert survey.waves == ("2012",)  # type: ignore[union-attr]
    assert survey.items == ("uses",)  # type: ignore[union-attr]


def test_attributes_option_of_json_records(tmp_path: Path) -> None:
    records = [dict(r, weigth=2) for r in RECORDS]
    path = _write(tmp_path, json.dumps(records))
    survey = read_json(path, register=None, attributes=["weigth"])
    assert "weigth" in survey.attributes
    assert not survey.weighted
