"""The JSON records source: records, bad records, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skl_socialmedia.errors import DataError, DataErrorGroup, UsageError
from skl_socialmedia.sources import JsonSource, load_survey


def test_json_records(tmp_path: Path) -> None:
    records = [
        {"wave": 2010, "org_code": "0114", "uses": True, "channel.facebook": "ja"},
        {"wave": 2012, "org_code": "0114", "uses": 1, "channel.facebook": None},
        {"wave": 2012, "org_code": "01", "uses": "nej"},
    ]
    path = tmp_path / "svar.json"
    path.write_text(json.dumps({"records": records}), encoding="utf-8")
    survey = load_survey(path)
    assert survey.column("uses").tolist() == [1, 1, 0]
    assert survey.column("channel.facebook").tolist() == [1, -1, -1]
    assert JsonSource().load(f"json://{path}").waves == ("2010", "2012")
    bad = [*records, {"wave": 2012, "org_code": "9999", "uses": [1]}, 5]
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(DataErrorGroup) as info:
        load_survey(path)
    text = str(info.value)
    assert "record 5: a record must be an object" in text
    assert "record 4: a value must be a string" in text
    assert "column 'org_code', value '9999': record 4" in text
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(DataError, match="line 1"):
        load_survey(path)
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(DataError, match="list of records"):
        load_survey(path)
    with pytest.raises(UsageError, match="delimiter"):
        JsonSource().load(str(path), delimiter=";")


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        (None, "file not found", None, None),
        ('[{"wave": 2010,\n "org_code": }]', "not valid JSON", 2, "character 14"),
        (b"[\n\xe5]", "not UTF-8 text", 2, None),
        # a UTF-16 byte-order mark is read as UTF-16 (then "[]" is one character)
        (b"\xff\xfe[]", "not valid JSON", 1, "character 1"),
    ],
)
def test_json_file_errors_name_the_place(
    tmp_path: Path,
    text: str | bytes | None,
    message: str,
    line: int | None,
    column: str | None,
) -> None:
    """Microdata and published-figures JSON report a bad file the same way."""
    from skl_socialmedia.published import read_published
    from skl_socialmedia.sources.microdata.json_records import read_json

    path = tmp_path / "survey.json"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    elif isinstance(text, bytes):
        path.write_bytes(text)
    for read in (read_json, read_published):
        with pytest.raises(DataError, match=message) as caught:
            read(path)
        location = caught.value.location
        assert location is not None
        assert (location.file, location.line, location.column) == (
            str(path),
            line,
            column,
        )


def test_the_description_and_routing_of_json_records(tmp_path: Path) -> None:
    records = [
        {"wave": 2010, "org_code": "0114", "uses": 1, "channel.facebook": 1},
        {"wave": 2010, "org_code": "0115", "uses": 0, "channel.facebook": 0},
    ]
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps({"description": "SYNTHETIC", "records": records}), encoding="utf-8"
    )
    with pytest.raises(
        DataErrorGroup, match=r"column 'channel\.facebook', value 0: record 2"
    ):
        load_survey(path)  # a non-user answered a question asked of users
    survey = load_survey(path, routing=False)
    assert survey.description == "SYNTHETIC"
    assert survey.routing == {}
