"""The CSV source's polars fast path reads every file as the standard path does.

Cell by cell the same survey, and error by error the same report (file,
line, column, value), whichever reader ran: polars' multithreaded one, the
single-threaded pyarrow one or the standard library's. Files the fast path
must not take (quotes, numbers written otherwise than canonically, ragged
rows, comment lines after the header) are handed on. Skipped without polars.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skl_socialmedia import Survey
from skl_socialmedia.errors import DataErrorGroup, MissingExtraError, UsageError
from skl_socialmedia.sources.microdata import canonical_csv, csv_polars
from skl_socialmedia.sources.microdata.canonical_csv import read_csv
from skl_socialmedia.sources.microdata.csv_columns import _CodedColumn
from skl_socialmedia.sources.microdata.csv_layout import _layout
from skl_socialmedia.sources.microdata.text_decoding import _prepare
from skl_socialmedia.survey import arrow_labels, frame_codes
from skl_socialmedia.survey.answers import _from_factorized, answer_codes
from skl_socialmedia.survey.encode import encode

pytest.importorskip("polars")

HEADER = "wave,org_code,size,weight,uses,channel.facebook,q9"
ROWS = [
    "2010,0114,small,1.5,1,0,ja",
    "2010,0180,large,2,0,,Nej",
    "2012,0114,small,1.5,1,1,",
    "2012,0180,large,2,yes,0,TRUE",
    "2012,1280,large,0.5,1,1,0",
]
NUMBERED = [
    "2010,1001,3,1,1,0,1",
    "2010,1002,4,2,0,,0",
    "2012,1001,3,1,1,1,",
    "2012,1002,4,2,1,0,1",
    "2012,1003,4,1,1,1,0",
]


def _text(rows: list[str], header: str = HEADER, sep: str = ",") -> str:
    return "\n".join([header.replace(",", sep), *(r.replace(",", sep) for r in rows)])


def _outcome(path: Path, engine: str, **options: object) -> Survey | str:
    """The survey read, or the text of the error raised."""
    try:
        return read_csv(path, engine=engine, **options)  # type: ignore[arg-type]
    except DataErrorGroup as exc:
        return str(exc)


def _same(a: Survey | str, b: Survey | str) -> None:
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return
    assert (a.waves, a.items, a.attributes) == (b.waves, b.items, b.attributes)
    assert a.organisations == b.organisations
    assert a.description == b.description
    for name in ("wave", "org_code", *a.attributes, *a.items):
        np.testing.assert_array_equal(a.column(name), b.column(name))
    assert a.weighted == b.weighted
    if a.weighted:
        np.testing.assert_array_equal(a.column("weight"), b.column("weight"))
    if a.attributes:
        by = a.attributes[0]
        ra, rb = a.rates(by=by), b.rates(by=by)
        np.testing.assert_array_equal(ra.value, rb.value)
        np.testing.assert_array_equal(ra.total, rb.total)


def _agree(path: Path, **options: object) -> None:
    """All three readers give the same survey, or the same report."""
    python = _outcome(path, "python", **options)
    _same(_outcome(path, "polars", **options), python)
    _same(_outcome(path, "auto", **options), python)
    pytest.importorskip("pyarrow")
    _same(_outcome(path, "arrow", **options), python)


def _fast(path: Path) -> object:
    """What the polars reader itself makes of a file (``None``: handed on)."""
    prepared = _prepare(path.read_bytes(), str(path), None)
    layout = _layout(prepared, str(path))
    sep = layout.delimiter or canonical_csv.sniff_delimiter(layout.first)
    held = csv_polars._Held(prepared)
    return csv_polars._polars_read(held, layout, sep, canonical_csv.FIELD_LIMIT)


FILES = {
    "plain": _text(ROWS).encode(),
    "numbers": _text(NUMBERED, "wave,org_code,size,weight,uses,q1,q2").encode(),
    "semicolon, decimal comma, BOM, CRLF": (
        "\ufeff"
        + _text(ROWS, sep=";").replace("1.5", "1,5").replace("\n", "\r\n")
        + "\r\n"
    ).encode("utf-8"),
    "cp1252 with comments": (
        "# export från enkät\n# andra raden\n"
        + _text([r.replace("small", "små") for r in ROWS])
    ).encode("cp1252"),
    "utf-8 text, sep line": ("sep=;\n" + _text(ROWS, sep=";"))
    .encode()
    .replace(b"small", "små".encode()),
    "tab, trailing newlines": (_text(ROWS, sep="\t") + "\n\n\n").encode(),
    "quoted field with a newline": _text(
        [r.replace("small", '"small\nmedium"') for r in ROWS]
    ).encode(),
    "blank line": _text([*ROWS[:2], "", *ROWS[2:]]).encode(),
    "blank row": _text([*ROWS[:2], ",,,,,,", *ROWS[2:]]).encode(),
    "spaces kept": _text([r.replace("large", " large ") for r in ROWS]).encode(),
    "answers any case": _text(
        [r.replace("ja", "JA").replace("yes", "Yes") for r in ROWS]
    ).encode(),
    "empty trailing columns": (
        HEADER + ",,\n" + "\n".join(r + ",," for r in ROWS)
    ).encode(),
    "one column": b"uses\n1\n0\n\n1\n",
}

# late in a column of small whole numbers (the first lines all canonical):
# polars reads all but the last two as numbers, written otherwise than
# canonically, and refuses those; "2" is canonical, read as written
TRICKS = {
    "leading zero": "01",
    "plus sign": "+1",
    "leading space": " 1",
    "minus zero": "-0",
    "two": "2",
    "word": "kanske",
    "decimal": "1.0",
}

BROKEN = {
    "bad answer": [*ROWS[:3], "2012,0180,large,2,kanske,0,1", ROWS[4]],
    "short line": [*ROWS[:3], "2012,0180,large,2,1,0", ROWS[4]],
    "long line": [*ROWS[:3], "2012,0180,large,2,1,0,1,1", ROWS[4]],
    "duplicate row": [*ROWS, ROWS[0]],
    "blank wave and bad weight": [*ROWS[:2], ",0180,large,x,1,0,1", *ROWS[3:]],
    "unknown code": [*ROWS, "2012,9999,large,1,1,1,1"],
    "comment after the header": [*ROWS[:2], "# note,,,,,,", *ROWS[2:]],
    "quote never closed": [*ROWS[:2], '2012,"0180,large,2,1,0,1', *ROWS[3:]],
}


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("register", ["se", None])
def test_every_reader_reads_the_same_survey(
    name: str, register: str | None, tmp_path: Path
) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(FILES[name])
    _agree(path, register=register)


@pytest.mark.parametrize("name", list(BROKEN))
def test_every_reader_reports_the_same_errors(name: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text("# comment\n" + _text(BROKEN[name]), encoding="utf-8")
    report = _outcome(path, "python")
    assert isinstance(report, str)
    assert "line " in report
    _agree(path)


@pytest.mark.parametrize("name", list(TRICKS))
def test_numbers_written_otherwise_are_read_as_written(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_polars, "_SAMPLE", 1024)  # the first lines only
    rows = [f"2010,{1000 + i},{i % 3},{i % 2},{(i + 1) % 2}" for i in range(400)]
    rows.append(f"2012,1000,0,{TRICKS[name]},1")
    rows += [f"2012,{1001 + i},{i % 3},1,0" for i in range(10)]
    path = tmp_path / "late.csv"
    path.write_text(_text(rows, "wave,org_code,size,uses,q1"))
    # a canonical number is read as written; any other by the exact path
    assert (_fast(path) is None) == (name != "two")
    _agree(path, register=None)


def test_the_fast_path_is_taken_for_a_simple_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def other(*args: object, **kwargs: object) -> object:
        raise AssertionError("another reader ran")

    monkeypatch.setattr(canonical_csv, "_python_read", other)
    monkeypatch.setattr(canonical_csv, "_arrow_read", other)
    for name in ("plain", "numbers", "semicolon, decimal comma, BOM, CRLF"):
        path = tmp_path / "survey.csv"
        path.write_bytes(FILES[name])
        read_csv(path, engine="polars", register=None)
        read_csv(path, register=None)


def test_files_it_cannot_read_exactly_are_handed_on(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    for name in ("quoted field with a newline", "cp1252 with comments"):
        path.write_bytes(FILES[name])
        assert _fast(path) is None
    path.write_text("# comment\n" + _text(BROKEN["short line"]))
    assert _fast(path) is None
    path.write_bytes(FILES["blank row"])
    read = _fast(path)
    assert read is not None
    assert list(read.lines) == [2, 3, 5, 6, 7]  # type: ignore[attr-defined]


def test_engine_polars_needs_polars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(FILES["plain"])
    with pytest.raises(UsageError, match="polars"):
        read_csv(path, engine="rust")
    monkeypatch.setattr(canonical_csv, "_have_polars", lambda: False)
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[frames\]"):
        read_csv(path, engine="polars")
    _same(read_csv(path), read_csv(path, engine="python"))


CELLS = ["1", "0", "", "ja", "Nej", "TRUE", "no", "01", "+1", " 1", "2", "x", "-0"]
# the organisation's code as written: mostly canonical, sometimes not
CODES = ["{}", "{}", "{}", "0{}", "+{}", "-{}", " {}"]


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(CODES),
            st.sampled_from(CELLS),
            st.sampled_from(["1", "0", ""]),
            st.sampled_from(["as header", "as header", "short", "long"]),
        ),
        min_size=1,
        max_size=12,
    ),
    sep=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    end=st.sampled_from(["", "\n", "\n\n"]),
)
def test_random_files_read_alike(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[str, str, str, str]],
    sep: str,
    newline: str,
    end: str,
) -> None:
    monkeypatch.setattr(csv_polars, "_SAMPLE", 40)  # types from the first line
    lines = ["wave,org_code,size,uses,q1".replace(",", sep)]
    for i, (code, uses, q1, width) in enumerate(rows):
        org = code.format(100 + i // 2)
        fields = [str(2010 + 2 * (i % 2)), org, f"S{i % 3}", uses, q1]
        if width == "short":
            fields = fields[:-1]
        elif width == "long":
            fields.append("")
        lines.append(sep.join(fields))
    path = tmp_path / "random.csv"
    path.write_bytes((newline.join(lines) + end.replace("\n", newline)).encode())
    _agree(path, register=None)


def test_many_distinct_values_and_wide_numbers_read_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_polars, "_MANY", 2)  # values handed over in pyarrow
    rows = [
        f"{2010 + 2 * (i % 2)},{10**12 + i // 2},{-5 + i % 11},E{i:03d},"
        f"{i % 2},{'' if i % 5 == 0 else (i + 1) % 2}"
        for i in range(60)
    ]
    path = tmp_path / "wide.csv"
    path.write_text(_text(rows, "wave,org_code,score,name,uses,q1"))
    assert _fast(path) is not None
    _agree(path, register=None)


def test_a_mostly_text_large_file_is_left_to_the_leaner_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(FILES["plain"])
    assert _fast(path) is not None
    monkeypatch.setattr(csv_polars, "_LARGE", 0)  # as if it were large
    assert _fast(path) is None  # its frame would outgrow the file
    _agree(path)


def test_small_numbers_of_every_size_read_alike(tmp_path: Path) -> None:
    rows = [
        f"{2010 + 2 * (i % 2)},{100 + i // 2},{v},{i % 2}"
        for i, v in enumerate([-128, 127, -1, 0, 5, -9, 10, 99, -100, 1, 0, 1])
    ]
    path = tmp_path / "int8.csv"
    path.write_text(_text(rows, "wave,org_code,score,uses"))
    read = _fast(path)
    assert read is not None
    score = read.columns[2]  # type: ignore[attr-defined]
    assert [score.text(i) for i in range(len(score))] == [r.split(",")[2] for r in rows]
    _agree(path, register=None)


def _columns_of(path: Path) -> dict[str, object]:
    read = _fast(path)
    assert read is not None
    return dict(zip(read.header, read.columns, strict=True))  # type: ignore[attr-defined]


def test_proven_answers_are_what_parsing_the_text_gives(tmp_path: Path) -> None:
    rows = [
        f"{2010 + 2 * (i % 2)},{100 + i // 2},{'' if i % 4 == 1 else i % 2},"
        f"{'' if i % 3 == 0 else 0},1,{i % 3},{'' if i % 5 else 0}"
        for i in range(40)
    ]
    path = tmp_path / "answers.csv"
    path.write_text(_text(rows, "wave,org_code,uses,q1,q2,score,q3"))
    columns = _columns_of(path)
    for name in ("uses", "q1", "q3"):  # 0/1 (or only 0) and blanks: proven
        column = columns[name]
        proven = column.proven_answers  # type: ignore[attr-defined]
        assert proven is not None
        text = np.asarray(column)
        at = ["wave", "org_code", "uses", "q1", "q2", "score", "q3"].index(name)
        assert text.tolist() == [r.split(",")[at] for r in rows]
        codes, bad = answer_codes(column)
        want, want_bad = answer_codes(text)
        np.testing.assert_array_equal(codes, want)
        assert not len(bad)
        assert not len(want_bad)
        # and as the factorized text: the builder's other route
        np.testing.assert_array_equal(_from_factorized(column, None)[0], want)
    for name in ("q2", "score"):  # only 1, or 0..2: not answers as they are
        assert columns[name].proven_answers is None  # type: ignore[attr-defined]
    codes, bad = answer_codes(columns["score"])
    assert bad.tolist() == [i for i in range(40) if i % 3 == 2]  # the 2s
    _agree(path, register=None)


@pytest.mark.parametrize("many", [4, 1 << 16])
def test_whole_numbers_are_labelled_as_their_text_would_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, many: int
) -> None:
    pa = pytest.importorskip("pyarrow")
    # few distinct values (a list of labels) or many (kept as numbers)
    monkeypatch.setattr(frame_codes, "MANY", many)
    monkeypatch.setattr(arrow_labels, "MANY", many)
    monkeypatch.setattr(csv_polars, "_SAMPLE", 40)  # types from the first line
    rows = [
        f"{2010 + 2 * (i % 2)},{'' if i == 7 else 10**12 + i // 2},{-5 + i % 11},"
        f"{(10**18 + i) if i % 2 else -(10**12) - i},{i % 2}"  # 19 digits or 13
        for i in range(60)
    ]
    rows.append("2012,1,2,-3,1")  # and all below 10**18 but -10**18 - 1
    rows.append(f"2012,2,2,{-(10**18) - 1},1")
    path = tmp_path / "numbers.csv"
    path.write_text(_text(rows, "wave,org_code,score,huge,uses"))
    columns = _columns_of(path)
    for name in ("wave", "org_code", "score", "huge"):
        column = columns[name]
        assert column.integer_factorize() is not None  # type: ignore[attr-defined]
        text = np.asarray(column).tolist()
        distinct = sorted(set(text))
        index = {v: i for i, v in enumerate(distinct)}
        values = distinct if len(distinct) < many else pa.array(distinct)
        by_text = _CodedColumn(np.array([index[v] for v in text]), values)
        codes, labels = encode(column)
        want_codes, want_labels = encode(by_text)
        np.testing.assert_array_equal(codes, want_codes)
        assert codes.dtype == want_codes.dtype
        assert type(labels) is type(want_labels)
        assert list(labels) == list(want_labels)
        assert column.first_filled() == by_text.first_filled()  # type: ignore[attr-defined]
        assert [column.text(i) for i in range(len(rows))] == text  # type: ignore[attr-defined]
    _agree(path, register=None)


def test_the_fast_path_does_not_import_pandas(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    n = 70_000  # many distinct organisation codes, kept as numbers
    lines = ["wave,org_code,group,uses"]
    lines += [f"{2010 + i % 2},{1000 + i},G{i % 30},{i % 2}" for i in range(n)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines))
    script = (
        "import sys\n"
        "from skl_socialmedia.sources.microdata import csv_polars\n"
        "from skl_socialmedia.sources.microdata.canonical_csv import read_csv\n"
        "called = []\n"
        "original = csv_polars._read\n"
        "csv_polars._read = lambda *a: called.append(1) or original(*a)\n"
        f"survey = read_csv({str(path)!r}, register=None)\n"
        "assert called and len(survey.organisations) == %d\n"
        "print('pandas' in sys.modules)\n" % n
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


@settings(max_examples=200, deadline=None)
@given(
    body=st.lists(st.sampled_from(list(b'01,;\t \n\r"!#a\x00\x1f')), max_size=60),
    sep=st.sampled_from([b",", b";", b"\t", b" ", b"!"]),
)
def test_the_quick_count_is_the_exact_count(body: list[int], sep: bytes) -> None:
    raw = b"h\n" + bytes(body)
    exact = csv_polars._count_exactly(raw, 2, len(raw), sep)
    assert csv_polars._count(raw, 2, len(raw), sep) == exact


def test_pyarrow_is_imported_beside_only_where_it_will_likely_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(canonical_csv, "_LARGE", 0)  # every file large
    likely = canonical_csv._arrow_likely
    path = tmp_path / "survey.csv"
    path.write_bytes(FILES["plain"])  # simple: polars reads it
    assert not likely(path, "auto")
    assert not likely(path, "polars")
    assert likely(path, "arrow")
    assert not likely(path, "python")
    for name in ("quoted field with a newline", "cp1252 with comments"):
        path.write_bytes(FILES[name])  # pyarrow (or the csv module) reads it
        assert likely(path, "auto")
    monkeypatch.setattr(canonical_csv, "_have_polars", lambda: False)
    path.write_bytes(FILES["plain"])
    assert likely(path, "auto")
    assert not likely(tmp_path / "missing.csv", "auto")  # not large: no file
