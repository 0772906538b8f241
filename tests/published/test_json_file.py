# ruff: noqa: N802 (test names carry the defect IDs)
"""Reading JSON files: encodings, what is not JSON, malformed published figures."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from skl_socialmedia.errors import DataError, UsageError
from skl_socialmedia.published import read_published
from skl_socialmedia.published.figures import json_encoding, load_json_file


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "file.json"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        (b'[{"a": 1}]', "utf-8"),
        (codecs.BOM_UTF8 + b"[]", "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "[]".encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF32_LE + "[]".encode("utf-32-le"), "utf-32"),
        (codecs.BOM_UTF32_BE + "[]".encode("utf-32-be"), "utf-32"),
    ],
)
def test_M3_json_encoding_follows_the_BOM(head: bytes, encoding: str) -> None:
    assert json_encoding(head) == encoding
    assert json_encoding(head, "cp1252") == "cp1252"


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("bogus", "unknown encoding 'bogus'"),
        ("base64", "must be a text encoding"),
        (5, "the name of a text encoding"),
    ],
)
def test_C4_a_bad_encoding_is_a_usage_error(
    tmp_path: Path, encoding: object, message: str
) -> None:
    path = _write(tmp_path, b"[]")
    with pytest.raises(UsageError, match=message):
        load_json_file(path, encoding)  # type: ignore[arg-type]


def test_M3_load_json_file_reads_a_BOM_and_an_encoding(tmp_path: Path) -> None:
    value = {"städer": ["Större"]}
    text = json.dumps(value, ensure_ascii=False)
    assert load_json_file(_write(tmp_path, text.encode("utf-16"))) == value
    assert load_json_file(_write(tmp_path, text.encode("cp1252")), "cp1252") == value
    with pytest.raises(DataError, match=r"--option encoding=cp1252 at the command"):
        load_json_file(_write(tmp_path, text.encode("cp1252")))


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ('{"a":\n [1, NaN]}', "NaN is not JSON", 2, "character 6"),
        (
            '{"NaN": "Infinity",\n"b": Infinity}',
            "Infinity is not JSON",
            2,
            "character 6",
        ),
        ("[" * 50_000 + "]" * 50_000, "nested too deeply", 1, "character 50000"),
        ("[1,\n" + "7" * 4400 + "]", "an integer of 4400 digits", 2, "character 1"),
    ],
)
def test_C1_C2_W13_what_is_not_JSON_is_named_where_it_is(
    tmp_path: Path, text: str, message: str, line: int, column: str
) -> None:
    path = _write(tmp_path, text.encode())
    for read in (load_json_file, read_published):
        with pytest.raises(DataError, match=message) as caught:
            read(path)
        location = caught.value.location
        assert location is not None
        assert (location.file, location.line, location.column) == (
            str(path),
            line,
            column,
        )


def _published(**change: object) -> bytes:
    data: dict[str, object] = {
        "schema": "skl-socialmedia/published-figures/1",
        "title": "t",
        "source": {"publisher": "p"},
        "waves": [{"id": "2020", "year": 2020}],
        "populations": {"g": 10},
        "figures": [{"group": "g", "item": "uses", "wave": "2020", "percent": 50}],
    }
    data.update(change)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"waves": [None]}, "expected an object with the field 'id'"),
        ({"statements": [5]}, "expected an object with the field 'topic'"),
        ({"populations": {"g": {"x": 1}}}, "populations must be a whole number"),
        ({"populations": {"g": "ten"}}, "populations must be a whole number"),
        (
            {"figures": [{"group": "g", "item": "u", "wave": "2020", "percent": 5,
                          "decimals": [1]}]},
            "decimals must be a whole number",
        ),
        (
            {"figures": [{"group": "g", "item": "u", "wave": "2020", "percent": 5,
                          "population": "many"}]},
            "population must be a whole number",
        ),
    ],
)  # fmt: skip
def test_malformed_published_figures_are_data_errors(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    path = _write(tmp_path, _published(**change))
    with pytest.raises(DataError, match=message):
        read_published(path)
    assert len(read_published(_write(tmp_path, _published()))) == 1
