# ruff: noqa: N802 (test names carry the defect IDs)
"""Regression tests of the CSV source's bad-input defects (IDs from the audit).

Every test names its defect. Files are read by every engine (``python`` and,
with pyarrow, ``arrow`` and ``auto``), which must give the same survey or the
same error, message for message.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from skl_socialmedia import Survey
from skl_socialmedia.errors import (
    DataError,
    DataErrorGroup,
    SklSocialMediaError,
    UnknownNameError,
    UsageError,
)
from skl_socialmedia.sources import CsvSource
from skl_socialmedia.sources.microdata import canonical_csv
from skl_socialmedia.sources.microdata.canonical_csv import read_csv

try:
    import pyarrow  # noqa: F401
except ImportError:  # pragma: no cover - the arrow extra is missing
    ENGINES = ["python"]
else:
    ENGINES = ["python", "arrow", "auto"]

GOOD = "wave,org_code,uses,channel.facebook\n2010,0114,1,0\n2012,0114,1,1\n"


def _write(tmp_path: Path, data: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def _outcome(path: Path, engine: str, **options: object) -> tuple[object, ...]:
    """What reading gives: the survey's content, or the error's type and text."""
    try:
        survey = read_csv(path, engine=engine, **options)  # type: ignore[arg-type]
    except SklSocialMediaError as exc:
        return ("error", type(exc).__name__, str(exc))
    columns = {
        name: survey.column(name).tolist()
        for name in ("wave", "org_code", *survey.items, *survey.attributes)
    }
    return ("survey", survey.waves, survey.items, survey.attributes, columns)


def _same_everywhere(path: Path, **options: object) -> tuple[object, ...]:
    """Read with every engine; assert they agree; return the outcome."""
    outcomes = [_outcome(path, engine, **options) for engine in ENGINES]
    assert all(o == outcomes[0] for o in outcomes), outcomes
    return outcomes[0]


def _error(path: Path, **options: object) -> str:
    outcome = _same_everywhere(path, **options)
    assert outcome[0] == "error", outcome
    return str(outcome[2])


# --------------------------------------------------------------------------
# C9 / M10 / M6: option values are checked before reading


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("delimiter", ";;", "one character"),
        ("delimiter", "", "one character"),
        ("delimiter", 1, "one character"),
        ("delimiter", '"', "not a quote"),
        ("encoding", 5, "text encoding"),
        ("encoding", "rot13", "text encoding"),
        ("register", 5, "'se', 'none'"),
        ("waves", 5.5, "a list of waves"),
        ("waves", [["2010"]], "a list of waves"),
        ("items", 5, "a column name"),
        ("items", [["uses"]], "a column name"),
        ("items", {"uses": 1}, "mapping of column to item name"),
        ("attributes", 5, "a column name"),
        ("max_errors", "abc", "a whole number of at least 1"),
        ("max_errors", 1.5, "a whole number of at least 1"),
        ("max_errors", 0, "a whole number of at least 1"),
        ("max_errors", -3, "a whole number of at least 1"),
        ("max_errors", True, "a whole number of at least 1"),
        ("engine", "rust", "one of auto, arrow, python"),
        ("routing", True, "false, null or a mapping"),
    ],
)
def test_C9_M6_wrongly_typed_options_name_option_value_and_expectation(
    tmp_path: Path,
    option: str,
    value: object,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _write(tmp_path, GOOD)
    read: list[str] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    for load in (
        lambda: CsvSource().load(str(path), **{option: value}),
        lambda: read_csv(path, **{option: value}),  # type: ignore[arg-type]
    ):
        with pytest.raises(UsageError) as caught:
            load()
        message = str(caught.value)
        assert f"option {option}" in message
        assert expected in message
        assert repr(value) in message
    assert read == []  # checked before the file is read


def test_C4_an_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    with pytest.raises(UsageError, match="unknown encoding 'bogus'"):
        read_csv(path, encoding="bogus")


def test_M10_one_string_is_a_one_element_list(tmp_path: Path) -> None:
    rows = "wave,org_code,uses,kind\n2010,0114,1,a\n2012,0114,0,b\n2014,0114,1,c\n"
    path = _write(tmp_path, rows)
    survey = CsvSource().load(str(path), waves="2010", items="uses")
    assert survey.waves == ("2010",)
    assert survey.items == ("uses",)
    both = read_csv(path, waves=["2012", 2014])
    assert both.waves == ("2012", "2014")


def test_attributes_option_marks_columns_as_attributes(tmp_path: Path) -> None:
    path = _write(tmp_path, "wave,org_code,uses,weigth\n2010,0114,1,2\n2012,0114,0,3\n")
    for survey in (
        read_csv(path, attributes="weigth", register=None),
        CsvSource().load(str(path), attributes=["weigth"], register=None),
    ):
        assert survey.attributes == ("weigth",)
        assert not survey.weighted


# --------------------------------------------------------------------------
# W7: a NUL in a field


@pytest.mark.parametrize("field", ["1\0", "\0", "\x001"])
def test_W7_a_NUL_in_a_field_is_an_error_naming_line_and_column(
    tmp_path: Path, field: str
) -> None:
    path = _write(tmp_path, GOOD + f"2010,0115,{field},0\n2012,0115,1,0\n")
    message = _error(path)
    assert f"line 4, column 'uses', value {field!r}: a NUL character" in message


# --------------------------------------------------------------------------
# W15 / M1: long fields


@pytest.mark.parametrize("size", [140_000, 1_500_000, 3_000_000])
@pytest.mark.parametrize("quoted", [False, True])
def test_W15_M1_long_fields_read_the_same_in_every_engine(
    tmp_path: Path, size: int, quoted: bool
) -> None:
    long = "x" * size
    note = f'"{long}"' if quoted else long
    text = f"wave,org_code,uses,note\n2010,0114,1,{note}\n2012,0114,1,short\n"
    limit = csv.field_size_limit()
    outcome = _same_everywhere(_write(tmp_path, text), register=None)
    assert outcome[0] == "survey"
    assert outcome[4]["note"] == [long, "short"]  # type: ignore[index]
    assert csv.field_size_limit() == limit  # restored


def test_W15_M1_a_field_over_the_limit_is_one_clear_error_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fast path never reads a line over two blocks; the limit is above that
    assert 2 * canonical_csv._BLOCK <= canonical_csv.FIELD_LIMIT
    monkeypatch.setattr(canonical_csv, "_BLOCK", 1024)
    monkeypatch.setattr(canonical_csv, "FIELD_LIMIT", 4096)
    text = GOOD + "2010,0115," + "x" * 5000 + ",0\n"
    message = _error(_write(tmp_path, text), register=None)
    assert "line 4: a field longer than 4,096 characters, the limit" in message
    assert "field larger than field limit" not in message


# --------------------------------------------------------------------------
# M2 / M3 / M4: encodings


def test_M2_a_decode_failure_says_how_to_pass_the_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path, b"wave,org_code,uses\n2010,0114,1\n2012,\x81\x8d,1\n")
    with pytest.raises(DataError) as caught:
        read_csv(path)
    message = str(caught.value)
    assert "line 3: cannot decode byte b'\\x81'" in message
    assert "pass encoding=latin-1 (--option encoding=latin-1 at the command line)" in (
        message
    )
    survey = read_csv(path, encoding="latin-1", register=None)
    assert survey.column("org_code").tolist() == ["0114", "\x81\x8d"]


@pytest.mark.parametrize(
    "encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]
)
def test_M4_utf16_and_utf32_without_a_BOM_get_an_encoding_hint(
    tmp_path: Path, encoding: str
) -> None:
    path = _write(tmp_path, GOOD.encode(encoding))
    with pytest.raises(DataError) as caught:
        read_csv(path)
    message = str(caught.value)
    assert "without a byte-order mark" in message
    assert f"pass encoding={encoding} (--option encoding={encoding} at the command" in (
        message
    )
    assert "expected" not in message
    assert read_csv(path, encoding=encoding).items == ("uses", "channel.facebook")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_M4_utf16_and_utf32_with_a_BOM_are_read(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path, GOOD.replace("0114", "Åby").encode(encoding))
    outcome = _same_everywhere(path, register=None)
    assert outcome[4]["org_code"] == ["Åby", "Åby"]  # type: ignore[index]


def test_M4_many_NUL_bytes_in_no_pattern_are_not_text(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\0\0\x01\0\0\x02\0\x03\0\0\0\0" * 8)
    with pytest.raises(DataError, match="not text: many NUL bytes"):
        read_csv(path)


# --------------------------------------------------------------------------
# M5: a decimal comma in a comma-separated file


def test_M5_an_unquoted_decimal_comma_gets_a_hint(tmp_path: Path) -> None:
    text = (
        "wave,org_code,weight,uses\n2010,0114,1,25,0\n2012,0114,1,1\n"
        "2010,0115,1,0\n2012,0115,1,x,1\n"
    )
    message = _error(_write(tmp_path, text))
    assert (
        "line 2: expected 4 fields, found 5: a decimal comma in a comma-separated "
        "file? quote the number (\"1,25\"), or use ';' as the delimiter"
    ) in message
    # an extra field elsewhere is not a decimal comma
    assert "line 5: expected 4 fields, found 5\n" in message + "\n"


# --------------------------------------------------------------------------
# M12: spreadsheet artefacts


def test_M12_sep_line_is_honoured_as_the_delimiter(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "sep=;\r\nwave;org_code;uses\r\n2010;0114;1\r\n2012;0114;0\r\n"
    )
    outcome = _same_everywhere(path)
    assert outcome[1:3] == (("2010", "2012"), ("uses",))
    bad = _write(tmp_path, "sep=;;\nwave;org_code;uses\n2010;0114;1\n", "bad.csv")
    with pytest.raises(DataError, match=r"line 1.*'sep=' line"):
        read_csv(bad)


def test_M12_sep_line_with_BOM_comments_and_errors_counts_lines(tmp_path: Path) -> None:
    text = (
        "\ufeffsep=;\n# exported\nwave;org_code;uses\n2010;0114;1\n2012;0114;kanske\n"
    )
    message = _error(_write(tmp_path, text))
    assert "line 5, column 'uses', value 'kanske'" in message


def test_M12_trailing_empty_columns_and_blank_rows_are_ignored(tmp_path: Path) -> None:
    text = "wave,org_code,uses,,\n2010,0114,1,,\n,,,,\n2012,0114,0,,\n,,,,\n,,\n"
    outcome = _same_everywhere(_write(tmp_path, text), register=None)
    assert outcome[0] == "survey"
    assert outcome[3] == ()  # no attributes from the empty columns
    assert outcome[4]["uses"] == [1, 0]  # type: ignore[index]


def test_M12_blank_rows_keep_the_line_numbers(tmp_path: Path) -> None:
    text = "wave,org_code,uses\n2010,0114,1\n,,\n,,\n2012,0114,kanske\n"
    assert "line 5, column 'uses'" in _error(_write(tmp_path, text))


def test_M12_artefacts_that_cannot_be_ignored_are_named(tmp_path: Path) -> None:
    filled = "wave,org_code,uses,,\n2010,0114,1,,\n2012,0114,0,,x\n"
    assert "line 3, value 'x': a value in column 5, which has no name" in _error(
        _write(tmp_path, filled)
    )
    short = "wave,org_code,uses,,\n2010,0114,1\n2012,0114,0,,\n"
    assert (
        "line 2: expected 5 fields, found 3; the header ends in 2 column(s) "
        "without a name"
    ) in _error(_write(tmp_path, short, "short.csv"))
    extra = "wave,org_code,uses\n2010,0114,1,,\n2012,0114,0\n"
    assert "line 2: expected 3 fields, found 5; the extra fields are empty" in _error(
        _write(tmp_path, extra, "extra.csv")
    )


# --------------------------------------------------------------------------
# M13: where a quote opens; comments after the header


def test_M13_an_unterminated_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    text = 'wave,org_code,uses\n2010,0114,1\n2012,"0114,1\n2010,0115,0\n2012,0115,1\n'
    message = _error(_write(tmp_path, text))
    assert "line 3: a quote opened on this line is never closed" in message
    assert "line 5" not in message


def test_M13_a_comment_after_the_header_says_so(tmp_path: Path) -> None:
    text = GOOD + "# a note\n2010,0115,0,\n2012,0115,1,0\n"
    message = _error(_write(tmp_path, text))
    assert "line 4: a comment line after the header (# comments are allowed only" in (
        message
    )
    assert "expected 4 fields" not in message


# --------------------------------------------------------------------------
# P2: a bad row is found without reading the file again


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2012,0115,kanske,0", "line 5, column 'uses', value 'kanske'"),
        ("2012,0115,1", "line 5: expected 4 fields, found 3"),
        ("2012,0115,1,0,1,1", "line 5: expected 4 fields, found 6"),
    ],
)
def test_P2_a_bad_row_is_reported_by_the_fast_path_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, row: str, message: str
) -> None:
    pytest.importorskip("pyarrow")
    text = GOOD + "2010,0115,1,0\n" + row + "\n2010,0117,1,1\n"
    path = _write(tmp_path, text)
    expected = _error(path)
    assert message in expected

    def slow(*args: object, **kwargs: object) -> object:
        raise AssertionError("the file was read again by the standard path")

    monkeypatch.setattr(canonical_csv, "_python_read", slow)
    with pytest.raises(DataErrorGroup) as caught:
        read_csv(path, engine="auto")
    assert str(caught.value) == expected


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_P2_the_fast_path_reads_cp1252_and_BOM_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    pytest.importorskip("pyarrow")
    path = _write(tmp_path, (GOOD + "2010,0115,1,Större\n").encode(encoding))
    expected = _outcome(path, "python", register=None)

    def slow(*args: object, **kwargs: object) -> object:
        raise AssertionError("the standard path ran")

    monkeypatch.setattr(canonical_csv, "_python_read", slow)
    assert _outcome(path, "arrow", register=None) == expected


def test_P2_many_rows_in_many_batches_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    monkeypatch.setattr(canonical_csv, "_BLOCK", 4096)
    lines = ["wave,org_code,kind,uses"]
    for i in range(3000):
        lines.append(f"{2010 + 2 * (i % 2)},E{i // 2:05d},k{i % 7},{i % 3 % 2}")
    lines[1500] = "2012,E00749,k1"  # ragged
    lines[2000] = ",,,"  # blank
    lines[2500] = "2010,E01249,k3,kanske"
    path = _write(tmp_path, "\n".join(lines) + "\n")
    message = _error(path, register=None, max_errors=100)
    assert "line 1501: expected 4 fields, found 3" in message
    assert "line 2501, column 'uses', value 'kanske'" in message
    good = _write(tmp_path, "\n".join(lines[:1500]) + "\n", "good.csv")
    outcome = _same_everywhere(good, register=None)
    assert len(outcome[4]["org_code"]) == 1499  # type: ignore[index]


# --------------------------------------------------------------------------
# progress on a terminal


def test_progress_is_shown_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tqdm")
    from skl_socialmedia import progress as _progress

    monkeypatch.setattr(_progress, "quiet", lambda: False)
    monkeypatch.setattr(_progress, "MIN_TOTAL", 1)
    path = _write(tmp_path, GOOD)
    for engine in ENGINES:
        read_csv(path, engine=engine)
        assert f"reading {path}" in capsys.readouterr().err


# --------------------------------------------------------------------------
# the engines agree on the audit's files


AUDIT = Path("/work/shared/reliability")


@pytest.mark.parametrize(
    "name",
    [
        "good.csv",
        "excel_sep_line.csv",
        "trailing_empty_cols.csv",
        "weight_decimal_comma_unquoted.csv",
        "nul_trailing_in_field.csv",
        "latin1_with_c1_bytes.csv",
    ],
)
def test_the_engines_agree_on_the_audit_files(tmp_path: Path, name: str) -> None:
    if not (AUDIT / name).exists():
        pytest.skip("the audit's files are not here")
    path = _write(tmp_path, (AUDIT / name).read_bytes(), name)
    _same_everywhere(path)


def test_unknown_register_is_named_before_reading(tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError, match="register"):
        read_csv(tmp_path / "absent.csv", register="xx")


def test_read_csv_still_returns_a_survey(tmp_path: Path) -> None:
    survey = read_csv(_write(tmp_path, GOOD))
    assert isinstance(survey, Survey)
    np.testing.assert_array_equal(survey.column("uses"), [1, 1])


def test_M2_characters_split_between_pieces_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(canonical_csv, "_STEP", 4)  # decode four bytes at a time
    good = _write(tmp_path, "wave,org_code,uses\n2010,Åby,1\n2012,Åby,1\n".encode())
    assert read_csv(good, register=None).column("org_code").tolist() == ["Åby"] * 2
    # a lead byte, then ASCII: not UTF-8, so cp1252
    bad = _write(
        tmp_path, b"wave,org_code,uses\n2010,ab\xc3,1\n2012,ab\xc3,1\n", "b.csv"
    )
    assert read_csv(bad, register=None).column("org_code").tolist() == ["abÃ"] * 2


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_M13_the_standard_path_reads_piece_by_piece_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eol: str
) -> None:
    rows = [f'{2010 + 2 * (i % 2)},"E{i // 2}{eol}x",1,"a, b"' for i in range(40)]
    text = eol.join(["wave,org_code,uses,note", *rows, '2012,"open,1']) + eol
    path = _write(tmp_path, text)
    whole = _outcome(path, "python", register=None)
    monkeypatch.setattr(canonical_csv, "_PIECE", 7)
    assert _outcome(path, "python", register=None) == whole
    assert "line 82: a quote opened on this line is never closed" in str(whole[2])


@pytest.mark.parametrize(
    "text",
    [
        "wave,org_code,uses\n2010,0114,1\n\r2012,0114,1\n",  # a blank line, LF then CR
        "wave,org_code,uses\r\n2010,0114,1\r\n\r\n2012,0114,1\r\n",
        "wave,org_code,uses\n\ufeff\n2010,0114,1\n2012,0114,1\n",  # a BOM in the body
        '"wave",org_code,uses\n2010,0114,1\n2012,0114,1\n',  # a quote in the header
        "wave,org_code,uses\n#x\n2010,0114,1\n2012,0114,1\n",
    ],
)
def test_the_engines_agree_where_the_fast_path_must_step_aside(
    tmp_path: Path, text: str
) -> None:
    _same_everywhere(_write(tmp_path, text))


def test_m10_a_whole_number_is_one_wave(tmp_path: Path) -> None:
    """``--option waves=2010`` arrives as the number 2010: one wave, as text would."""
    path = tmp_path / "two.csv"
    path.write_text(
        "wave,org_code,uses\n2010,a,1\n2012,a,0\n2012,b,1\n", encoding="utf-8"
    )
    from skl_socialmedia.sources import load_survey

    assert load_survey(path, register=None, waves=2012).waves == ("2012",)


def test_P2_many_organisation_codes_stay_in_pyarrow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Peak memory: a million codes are no million Python strings (P2)."""
    pytest.importorskip("pyarrow")
    from skl_socialmedia.survey import arrow_labels

    lines = ["wave,org_code,uses"]
    lines += [f"{w},E{i:05d},{(i + w) % 2}" for w in (2010, 2012) for i in range(300)]
    path = _write(tmp_path, "\n".join(lines) + "\n")
    expected = read_csv(path, engine="python", register=None)
    monkeypatch.setattr(arrow_labels, "MANY", 100)
    survey = read_csv(path, engine="arrow", register=None)
    assert type(survey._parts.orgs).__name__ == "ArrowLabels"
    assert list(survey.organisations) == list(expected.organisations)
    assert survey.rates().value.tolist() == expected.rates().value.tolist()
    assert survey.where(org_code="E00007").rates().n.tolist() == [1, 1]


def test_P2_a_bad_value_is_reported_without_the_whole_column_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    from skl_socialmedia.sources.microdata import csv_columns

    def whole(*args: object, **kwargs: object) -> object:
        raise AssertionError("the whole column was made an array")

    monkeypatch.setattr(csv_columns._CodedColumn, "__array__", whole)
    path = _write(tmp_path, GOOD + "2012,0115,kanske,0\n")
    assert "value 'kanske'" in _error(path)
