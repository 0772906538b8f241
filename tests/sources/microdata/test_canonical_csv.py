"""The canonical CSV source: round trips, sniffing, and bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from skl_socialmedia.errors import (
    DataError,
    DataErrorGroup,
    UnknownNameError,
    UsageError,
)
from skl_socialmedia.sources import CsvSource, JsonSource, load_survey, read_csv
from skl_socialmedia.sources.microdata.canonical_csv import sniff_delimiter

YES = ["1", "1.0", "ja", "Ja", "JA", "j", "yes", "YES", "y", "true", "True", "sant"]
NO = ["0", "0.0", "nej", "NEJ", "n", "no", "No", "false", "FALSE", "falskt"]
SPELLINGS = [(w, 1) for w in YES] + [(w, 0) for w in NO] + [("", -1), ("  ", -1)]
CODES = ["0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128"]


def write(
    path: Path, lines: list[str], encoding: str = "utf-8", bom: bool = False
) -> Path:
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", False), ("utf-8", True), ("cp1252", False), ("utf-16", False)],
)
def test_round_trip_of_every_spelling(
    tmp_path: Path, delimiter: str, encoding: str, bom: bool
) -> None:
    lines = [delimiter.join(["wave", "org_code", "uses", "kommungrupp"])]
    for i, (word, _code) in enumerate(SPELLINGS):
        code = CODES[i % len(CODES)]
        lines.append(delimiter.join([str(2000 + i), code, word, "Större städer"]))
    path = write(tmp_path / "svar.csv", lines, encoding, bom)
    survey = read_csv(path)
    assert survey.column("uses").tolist() == [code for _w, code in SPELLINGS]
    assert set(survey.column("kommungrupp").tolist()) == {"Större städer"}
    assert len(survey.waves) == len(SPELLINGS)


def test_swedish_export_with_decimal_comma_and_quotes(tmp_path: Path) -> None:
    path = write(
        tmp_path / "export.csv",
        [
            "wave;org_code;org_kind;weight;uses;channel.facebook",
            '2010;0114;kommun;"1,25";Ja;Nej',
            "2010;01;landsting;2,5;Ja;",
            "2012;0114;kommun;1;nej;",
        ],
        "cp1252",
    )
    survey = load_survey(path)
    assert survey.column("weight").tolist() == [1.25, 2.5, 1.0]
    assert survey.column("channel.facebook").tolist() == [0, -1, -1]
    assert survey.weighted


def test_comment_lines_before_the_header(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.csv",
        [
            "# SYNTHETIC DATA, not real",
            "# second, line",
            "wave,org_code,uses",
            "1,0114,1",
        ],
    )
    survey = read_csv(path)
    assert len(survey) == 1
    bad = write(tmp_path / "d.csv", ["# note", "wave,org_code,uses", "1,0114,maybe"])
    with pytest.raises(DataErrorGroup, match="line 3"):
        read_csv(bad)


def test_sniff_delimiter() -> None:
    assert sniff_delimiter("wave,org_code,uses") == ","
    assert sniff_delimiter("wave;org_code;uses") == ";"
    assert sniff_delimiter("wave\torg_code\tuses") == "\t"
    assert sniff_delimiter("wave") == ","


BAD_CASES = [
    # (rows after the header "wave,org_code,uses,weight", expected line, column, text)
    (["2010,9999,1,1"], 2, "org_code", "unknown organisation code"),
    (["2010,0114,kanske,1"], 2, "uses", "not a yes/no answer"),
    (["2010,0114,1,1", "2010,0114,0,1"], 3, "org_code", "duplicate row"),
    (["2010,0114,1,x"], 2, "weight", "not a non-negative number"),
    (["2010,0114,1,-2"], 2, "weight", "not a non-negative number"),
    (["2010,0114,1,"], 2, "weight", "not a non-negative number"),
    ([",0114,1,1"], 2, "wave", "wave is blank"),
    (["2010,,1,1"], 2, "org_code", "org_code is blank"),
]


@pytest.mark.parametrize(("rows", "line", "column", "text"), BAD_CASES)
def test_bad_values_name_file_line_column_and_value(
    tmp_path: Path, rows: list[str], line: int, column: str, text: str
) -> None:
    path = write(tmp_path / "bad.csv", ["wave,org_code,uses,weight", *rows])
    with pytest.raises(DataErrorGroup) as info:
        read_csv(path)
    error = info.value.errors[0]
    assert error.location is not None
    assert error.location.file == str(path)
    assert error.location.line == line
    assert error.location.column == column
    message = str(info.value)
    assert f"{path}, line {line}, column '{column}'" in message
    assert text in message


def test_header_problems(tmp_path: Path) -> None:
    path = write(
        tmp_path / "h.csv", ["wave,org_code,uses,channel.tiktok", "1,0114,1,1"]
    )
    with pytest.raises(DataErrorGroup) as info:
        read_csv(path)
    assert "line 1, column 'channel.tiktok'" in str(info.value)
    assert "unknown item column" in str(info.value)
    path = write(tmp_path / "m.csv", ["org_code,uses", "0114,1"])
    with pytest.raises(DataErrorGroup, match="missing required column 'wave'"):
        read_csv(path)
    path = write(tmp_path / "d.csv", ["wave,org_code,uses,uses", "1,0114,1,1"])
    with pytest.raises(DataErrorGroup, match="appears twice"):
        read_csv(path)


def test_ragged_rows_and_missing_waves(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", ["wave,org_code,uses", "2010,0114", "2010,0115,1"])
    with pytest.raises(DataErrorGroup, match="line 2: expected 3 fields, found 2"):
        read_csv(path)
    path = write(tmp_path / "w.csv", ["wave,org_code,uses", "2010,0114,1"])
    with pytest.raises(DataErrorGroup, match="wave '2012' has no rows"):
        CsvSource().load(str(path), waves=["2010", "2012"])


def test_all_problems_collected_up_to_the_limit(tmp_path: Path) -> None:
    rows = [f"2010,{code},maybe" for code in CODES] + ["2010,9999,1"] * 30
    path = write(tmp_path / "many.csv", ["wave,org_code,uses", *rows])
    with pytest.raises(DataErrorGroup) as info:
        read_csv(path)
    group = info.value
    assert len(group.errors) == 20
    assert group.total == len(CODES) + 30 + 29  # unknown codes, bad answers, duplicates
    assert "(the first 20 shown)" in str(group)
    with pytest.raises(DataErrorGroup) as info:
        read_csv(path, max_errors=3)
    assert len(info.value.errors) == 3


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        read_csv(tmp_path / "absent.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match="empty"):
        read_csv(empty)
    header_only = write(tmp_path / "header.csv", ["wave,org_code,uses"])
    with pytest.raises(DataErrorGroup, match="no data rows"):
        read_csv(header_only)
    undecodable = tmp_path / "bytes.csv"
    undecodable.write_bytes(b"wave,org_code,uses\n2010,0114,\x81\n")
    with pytest.raises(DataError, match="line 2"):
        read_csv(undecodable)
    with pytest.raises(UsageError, match="delimiterz"):
        CsvSource().load(str(header_only), delimiterz=";")


def test_register_option_and_uri(tmp_path: Path) -> None:
    path = write(tmp_path / "e.csv", ["wave,org_code,uses", "2020,DE-1,1"])
    with pytest.raises(DataErrorGroup):
        CsvSource().load(str(path))
    survey = CsvSource().load(f"csv://{path}", register="none")
    assert survey.register is None
    assert CsvSource.name == "csv"
    assert CsvSource.suffixes == (".csv",)
    assert CsvSource.schemes == ("csv",)


def test_unknown_suffix() -> None:
    with pytest.raises(UnknownNameError, match=r"\.csv"):
        load_survey("answers.sav")


def test_sources_meet_the_plugin_contract() -> None:
    from skl_socialmedia.testing import check_data_source

    panel = Path(__file__).parents[3] / "examples" / "data" / "synthetic_panel.csv"
    survey = check_data_source(CsvSource, sample=str(panel))
    assert len(survey) == 620
    check_data_source(JsonSource)
