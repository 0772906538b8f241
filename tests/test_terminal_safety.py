"""No string from the data can act on a terminal, break a line or a format.

The regressions of the bad-input audit: S1 (control characters, bidirectional
overrides and line separators from the data reached the terminal raw, in the
text and sentences formats and in error messages), S2 (names became GitHub
autolinks in the markdown format) and C3 (a lone surrogate crashed every
format at write time). Unsafe characters are shown as visible escapes
(``\\x1b``, ``\\u202e``, ``\\ud800``), so nothing is silently dropped.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import skl_socialmedia as sm
from skl_socialmedia.cli import main
from skl_socialmedia.errors import (
    DataError,
    DataErrorGroup,
    InvalidArgumentError,
    Location,
    MissingExtraError,
    PluginError,
    UnknownNameError,
    UsageError,
    printable,
)
from skl_socialmedia.formats.markdown import MarkdownFormat, escape_markdown
from skl_socialmedia.formats.sentences import SentencesFormat
from skl_socialmedia.formats.table import headers
from skl_socialmedia.formats.text import TextFormat
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Finding,
    Report,
    ReportRow,
    Status,
    Text,
)

RELIABILITY = Path("/work/shared/reliability")

#: Every character that must never reach a terminal raw: C0 (tab and line
#: breaks too), DEL, C1, the bidirectional marks, embeddings, overrides and
#: isolates, the line and paragraph separators, lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]"
)
#: The same, but a line feed ends a line of a multi-line output.
UNSAFE_BUT_NEWLINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]"
)

#: The payloads of hostile_ansi.csv, and more of each kind.
HOSTILE = [
    "\x1b]0;PWNED-title\x07x",  # window title (OSC 0), bell
    "\x1b[2J\x1b[31mRED\x1b[0m",  # clear screen, colours (CSI)
    "\x1b]8;;http://evil.example/\x1b\\click me\x1b]8;;\x1b\\",  # hidden link
    "multi\nline\r\ngroup",
    "back\x08\x08\x08\x08space",
    "tab\there",
    "\x9b2J c1 csi",
    "nel\x85line",
    "del\x7fchar",
    "rtl \u202egnp.exe\u202c done",
    "iso\u2066late\u2069 lrm\u200e rlm\u200f alm\u061c",
    "line\u2028para\u2029sep",
    "vt\x0bff\x0cfs\x1cgs\x1drs\x1e",
    "nul\x00char",
    "lone \ud800 surrogate \udfff",
]
#: Legitimate non-ASCII text that must come out unchanged.
CLEAN = "Åre, Västerås och Örebro: \u221215\u00a0% – bra"


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(RELIABILITY / name, target)
    return target


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _report(text: str, *, wave: str = "2012") -> Report:
    """Return a report with ``text`` in every string field."""
    estimates = [
        Estimate(
            wave="2010",
            value=0.5,
            status=Status.ESTIMATED,
            low=0.4,
            high=0.6,
            n=100,
            note=text,
        ),
        Estimate(
            wave=wave,
            value=0.7,
            status=Status.ESTIMATED,
            low=0.6,
            high=0.8,
            n=100,
            low_base=True,
            note=text,
        ),
    ]
    change = Change(
        value=0.2,
        status=Status.ESTIMATED,
        low=0.05,
        high=0.35,
        method=text,
        paired=False,
        significant=True,
        note=text,
    )
    row = ReportRow(
        group=text,
        item=text,
        estimates=estimates,
        changes=[change],
        among=text,
        note=text,
    )
    return Report(
        title=text,
        source=text,
        before_wave="2010",
        after_wave=wave,
        rows=[row, _plain_row(row, "uses")],
        grouping=text,
        confidence=0.95,
        notes=[text],
        findings=[Finding(text, topic=text)],
        description=text,
    )


def _plain_row(row: ReportRow, item: str) -> ReportRow:
    return ReportRow(
        group=row.group,
        item=item,
        estimates=row.estimates,
        changes=row.changes,
        note=row.note,
    )


def _table_lines(rendered: str, report: Report) -> list[str]:
    """Return the header, rule and row lines of the text format's table."""
    lines = rendered.split("\n")
    assert lines[1] == ""
    table = lines[2 : 4 + len(report.rows)]
    assert lines[4 + len(report.rows)] == "", "a table row broke onto two lines"
    return table


# -- the escape itself -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x07", "\\x07"),
        ("\x00", "\\x00"),
        ("\t", "\\t"),
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\x7f", "\\x7f"),
        ("\x85", "\\x85"),
        ("\x9b", "\\x9b"),
        ("\u202e", "\\u202e"),
        ("\u202a", "\\u202a"),
        ("\u2066", "\\u2066"),
        ("\u2069", "\\u2069"),
        ("\u200e", "\\u200e"),
        ("\u200f", "\\u200f"),
        ("\u061c", "\\u061c"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        ("\ud800", "\\ud800"),
        ("\udfff", "\\udfff"),
    ],
)
def test_S1_printable_shows_each_unsafe_character_as_an_escape(  # noqa: N802
    raw: str, shown: str
) -> None:
    assert printable(f"a{raw}b") == f"a{shown}b"


def test_S1_printable_keeps_legitimate_text_and_is_idempotent() -> None:  # noqa: N802
    assert printable(CLEAN) == CLEAN
    for text in HOSTILE:
        once = printable(text)
        assert not UNSAFE.search(once)
        assert printable(once) == once
        once.encode("utf-8")


# -- S1: the text format, through the command line --------------------------------


def test_S1_text_format_shows_escapes_and_keeps_rows_on_one_line(  # noqa: N802
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _copy(tmp_path, "hostile_ansi.csv")
    code, out, err = _run(
        capsys, "report", "--source", str(source), "--register", "none", "--by", "grp"
    )
    assert code == 0, err
    assert "\x1b" not in out
    assert not UNSAFE_BUT_NEWLINE.search(out)
    assert "\\x1b]0;PWNED-title\\x07x" in out
    assert "\\x1b[2J\\x1b[31mRED\\x1b[0m" in out
    assert "\\x1b]8;;http://evil.example/\\x1b\\click me\\x1b]8;;\\x1b\\" in out
    assert "back\\x08\\x08\\x08\\x08space" in out
    assert "multi\\nline\\ngroup" in out
    lines = out.split("\n")
    # title, blank, header, rule, one line per group (five), blank
    table = lines[2:9]
    assert lines[9] == ""
    assert all("use social media" in line for line in table[2:])
    assert len({line.index("use social media") for line in table[2:]}) == 1


def test_S1_sentences_format_shows_escapes(  # noqa: N802
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _copy(tmp_path, "hostile_ansi.csv")
    code, out, err = _run(
        capsys,
        "report",
        "--source",
        str(source),
        "--register",
        "none",
        "--by",
        "grp",
        "--format",
        "sentences",
    )
    assert code == 0, err
    assert not UNSAFE_BUT_NEWLINE.search(out)
    assert "\\x1b]0;PWNED-title\\x07x" in out
    assert "multi\\nline\\ngroup" in out


def test_S1_error_known_list_is_escaped(  # noqa: N802
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _copy(tmp_path, "ansi_header.csv")
    code, out, err = _run(capsys, "report", "--source", str(source), "--by", "nosuch")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.endswith("\n")
    assert not UNSAFE.search(err[:-1])
    assert "known: \\x1b[31mRED\\x1b[0m, county" in err


def test_S1_a_hostile_file_name_in_an_error_is_escaped(  # noqa: N802
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = tmp_path / "evil\x1b]0;title\x07\nname.csv"
    code, _, err = _run(capsys, "report", "--source", str(name))
    assert code != 0
    assert err.count("\n") == 1
    assert not UNSAFE.search(err[:-1])
    assert "evil\\x1b]0;title\\x07\\nname.csv" in err


# -- S1: every error message -------------------------------------------------------


@pytest.mark.parametrize("payload", HOSTILE)
def test_S1_every_error_class_escapes_its_message(payload: str) -> None:  # noqa: N802
    errors: list[Exception] = [
        UnknownNameError("attribute", payload, [payload, "county", "wave"]),
        UnknownNameError("format", "x", [f"n{i}{payload}" for i in range(50)]),
        DataError(f"bad value {payload}", Location(payload, 3, payload, payload)),
        DataError(payload, Location(value=object())),
        UsageError(f"cannot {payload}"),
        InvalidArgumentError(payload),
        MissingExtraError(payload, payload, payload),
        PluginError(f"the plugin {payload} failed"),
    ]
    for error in errors:
        message = str(error)
        assert not UNSAFE.search(message), (type(error).__name__, message)
        message.encode("utf-8")
    known = str(errors[0]).partition("; known: ")[2].split(", ")
    assert known == [printable(k) for k in sorted([payload, "county", "wave"])]
    assert not UNSAFE.search(str(Location(payload, 1, payload, payload)))


def test_S1_an_error_group_keeps_only_its_own_line_breaks() -> None:  # noqa: N802
    problems = [
        DataError("bad\nvalue", Location("a\u2028b.csv", line, "uses", "x\x1b[2J"))
        for line in (2, 3)
    ]
    lines = str(DataErrorGroup(problems, total=5)).split("\n")
    assert len(lines) == 3
    assert lines[0] == "5 problems in a\\u2028b.csv (the first 2 shown):"
    assert lines[1] == (
        "  a\\u2028b.csv, line 2, column 'uses', value 'x\\x1b[2J': bad\\nvalue"
    )
    assert all(not UNSAFE.search(line) for line in lines)


def test_S1_error_messages_keep_legitimate_text() -> None:  # noqa: N802
    error = UnknownNameError("county", "Vastra", [CLEAN, "Örebro län"])
    assert str(error) == f"unknown county 'Vastra'; known: {CLEAN}, Örebro län"
    assert str(DataError(CLEAN)) == CLEAN


# -- S1: every human-readable format of a constructed report -----------------------


@pytest.mark.parametrize("payload", HOSTILE)
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_S1_text_and_sentences_escape_every_field(payload: str, lang: str) -> None:  # noqa: N802
    report = _report(payload)
    for fmt in (TextFormat(), SentencesFormat()):
        rendered = fmt.render(report, lang=lang)
        assert not UNSAFE_BUT_NEWLINE.search(rendered), (fmt.name, rendered)
        assert printable(payload) in rendered
        rendered.encode("utf-8")
    table = _table_lines(TextFormat().render(report, lang=lang), report)
    assert all(line.strip() for line in table)


@pytest.mark.parametrize("payload", HOSTILE)
def test_S1_markdown_keeps_one_line_per_row_and_escapes(payload: str) -> None:  # noqa: N802
    report = _report(payload)
    rendered = MarkdownFormat().render(report)
    assert not UNSAFE_BUT_NEWLINE.search(rendered)
    table = [line for line in rendered.splitlines() if line.startswith("|")]
    assert len(table) == len(report.rows) + 2
    counts = {line.replace("\\|", "").count("|") for line in table}
    assert counts == {len(headers(report)) + 1}
    # A control character's escape shows its backslash: Markdown's own is doubled.
    if "\x1b" in payload:
        assert "\\\\x1b" in rendered


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: list[str] = []

    def handle_data(self, data: str) -> None:
        self.data.append(data)


@pytest.mark.parametrize("payload", HOSTILE)
def test_S1_html_escapes_every_field(payload: str) -> None:  # noqa: N802
    page = sm.render(_report(payload), "html")
    assert isinstance(page, str)
    assert not UNSAFE_BUT_NEWLINE.search(page)
    parser = _Text()
    parser.feed(page)
    parser.close()
    shown = "".join(parser.data)
    assert not UNSAFE_BUT_NEWLINE.search(shown)
    assert printable(payload).strip() in shown


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "sentences"])
def test_S1_legitimate_text_is_kept(fmt: str) -> None:  # noqa: N802
    rendered = sm.render(_report(CLEAN), fmt, lang="sv")
    assert isinstance(rendered, str)
    assert CLEAN in rendered


# -- the property: arbitrary text in every field -----------------------------------

_characters = st.one_of(
    st.sampled_from("".join(HOSTILE)),
    st.characters(exclude_categories=()),  # every code point, surrogates too
)
_texts = st.text(_characters, max_size=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    group=_texts,
    item=_texts,
    title=_texts,
    source=_texts,
    note=_texts,
    wave=_texts,
    lang=st.sampled_from(["en", "sv"]),
)
def test_S1_text_format_of_arbitrary_text_is_terminal_safe(  # noqa: N802
    group: str, item: str, title: str, source: str, note: str, wave: str, lang: str
) -> None:
    if wave == "2010":
        wave = "2012"
    base = _report(note, wave=wave)
    row = base.rows[0]
    rows = [
        ReportRow(
            group=group,
            item=item,
            estimates=row.estimates,
            changes=row.changes,
            among=note,
            note=Text(note, title),
        ),
        _plain_row(row, "uses"),
    ]
    report = Report(
        title=Text(title, source),
        source=Text(source, title),
        before_wave="2010",
        after_wave=wave,
        rows=rows,
        confidence=0.95,
        notes=[note],
        findings=[Finding(Text(group, item))],
        description=Text(item, group),
    )
    rendered = TextFormat().render(report, lang=lang)
    assert not UNSAFE_BUT_NEWLINE.search(rendered)
    assert rendered.endswith("\n")
    rendered.encode("utf-8")
    table = _table_lines(rendered, report)
    assert all(line.strip() for line in table)
    sentences = SentencesFormat().render(report, lang=lang)
    assert not UNSAFE_BUT_NEWLINE.search(sentences)


# -- S2: no GitHub autolinks in markdown -------------------------------------------

#: What GFM's extended autolinks start with: "www." and a scheme's "://"
#: (the markdown format escapes them as "www\." and "http\://").
AUTOLINK = re.compile(r"(?i)www\.|(?:https?|ftp)://")

URLS = [
    "http://evil.example/login",
    "https://evil.example/a?b=c",
    "HTTPS://EVIL.EXAMPLE",
    "ftp://evil.example/file",
    "www.evil.example",
    "WWW.evil.example/x",
    "see (www.evil.example) or *http://evil.example*",
]


def test_S2_markdown_autolink_csv_has_no_autolink(  # noqa: N802
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _copy(tmp_path, "markdown_autolink.csv")
    code, out, err = _run(
        capsys,
        "report",
        "--source",
        str(source),
        "--register",
        "none",
        "--by",
        "org_code",
        "--format",
        "markdown",
    )
    assert code == 0, err
    assert not AUTOLINK.search(out)
    assert "| http\\://evil.example/login |" in out
    assert "| www\\.evil.example |" in out


@pytest.mark.parametrize("url", URLS)
def test_S2_no_field_becomes_an_autolink(url: str) -> None:  # noqa: N802
    rendered = MarkdownFormat().render(_report(url))
    assert not AUTOLINK.search(rendered), rendered
    # The escapes are backslashes before punctuation: the text reads the same.
    escaped = escape_markdown(url)
    assert re.sub(r"\\(.)", r"\1", escaped) == url
    assert escaped in rendered


def test_S2_ordinary_colons_and_dots_are_left_alone() -> None:  # noqa: N802
    assert escape_markdown("Intervals: 95 %. See 2010–2012.") == (
        "Intervals: 95 %. See 2010–2012."
    )


# -- C3: lone surrogates -----------------------------------------------------------

FORMATS = ["text", "markdown", "csv", "json", "html", "chart", "chart-svg", "sentences"]


@pytest.mark.filterwarnings("ignore:Glyph .* missing from:UserWarning")
@pytest.mark.parametrize("fmt", FORMATS)
def test_C3_lone_surrogates_render_in_every_format(fmt: str) -> None:  # noqa: N802
    report = _report("a\ud800b\udc00c")
    rendered = sm.render(report, fmt)
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    assert data
    if isinstance(rendered, str) and fmt != "chart-svg":
        assert "\\ud800" in rendered or "\\\\ud800" in rendered
        assert not re.search("[\ud800-\udfff]", rendered)


def test_C3_json_and_csv_keep_every_other_character() -> None:  # noqa: N802
    report = _report("a\ud800\x1b\u202eå")
    document = json.loads(sm.render(report, "json"))
    assert document["title"] == "a\\ud800\x1b\u202eå"
    assert document["rows"][0]["group"] == "a\\ud800\x1b\u202eå"
    csv_text = sm.render(report, "csv")
    assert isinstance(csv_text, str)
    assert "a\\ud800\x1b\u202eå" in csv_text


def test_C3_surrogates_from_columns_render() -> None:  # noqa: N802
    survey = sm.Survey.from_columns(
        {
            "wave": ["2010", "2012", "2010", "2012"],
            "org_code": ["a\ud800", "a\ud800", "b", "b"],
            "uses": [1, 0, 1, 1],
        },
        register="none",
    )
    report = sm.report_from_survey(survey, by="org_code")
    for fmt in ("text", "csv", "json"):
        rendered = sm.render(report, fmt)
        assert isinstance(rendered, str)
        rendered.encode("utf-8")
        if fmt == "json":
            groups = [row["group"] for row in json.loads(rendered)["rows"]]
            assert "a\\ud800" in groups
        else:
            assert "a\\ud800" in rendered


@pytest.mark.filterwarnings("ignore:Glyph .* missing from:UserWarning")
@pytest.mark.parametrize("fmt", FORMATS)
def test_C3_surrogate_json_through_the_command_line(  # noqa: N802
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _copy(tmp_path, "surrogate.json")
    args = ["report", "--source", str(source), "--register", "none"]
    args += ["--by", "org_code", "--format", fmt]
    output = tmp_path / f"out.{fmt}"
    code, out, err = _run(capsys, *args, "--output", str(output))
    assert code == 0, err
    assert "Traceback" not in err
    assert output.stat().st_size > 0
    if fmt in ("text", "markdown", "sentences", "json", "csv", "html"):
        assert b"\\ud800" in output.read_bytes()
    if fmt in ("text", "sentences"):
        code, out, err = _run(capsys, *args)
        assert code == 0, err
        assert "a\\ud800" in out
