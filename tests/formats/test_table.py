"""The shared table: every wave, every change, the base of every row, press options.

The behaviour tests run on all three table formats (text, markdown, html):
:func:`body_rows` reads the body rows back out of each rendering as plain text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.formats._common import PressOptions
from skl_socialmedia.formats.html import HtmlFormat
from skl_socialmedia.formats.markdown import MarkdownFormat
from skl_socialmedia.formats.table import (
    base_cell,
    change_pairs,
    column_kinds,
    headers,
    provenance_cell,
    table_rows,
)
from skl_socialmedia.formats.text import TextFormat
from skl_socialmedia.report.display import format_percent, format_pp
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Report
from skl_socialmedia.sources import load_survey
from tests.report.test_waves_and_bases import three_waves

ROOT = Path(__file__).resolve().parents[2]
PANEL = ROOT / "examples" / "data" / "synthetic_panel.csv"
FORMATS = {"text": TextFormat, "markdown": MarkdownFormat, "html": HtmlFormat}
NBSP = "\u00a0"


class _Rows(HTMLParser):
    """Collect the header and body rows of the html table as plain cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self._cells: list[str] | None = None
        self._group = False
        self._in_table = False
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._in_table = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._in_table:
            self._group = ("class", "group") in attrs
            self._cells = []
        elif tag in ("td", "th") and self._cells is not None:
            self._cells.append("")
        elif tag == "div" and self._cells:
            self._cells[-1] += " "

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag == "thead":
            self._in_head = False
        elif tag == "tr" and self._cells is not None:
            cells = [" ".join(c.split()) for c in self._cells]
            if self._in_head:
                self.header = cells
            elif not self._group:
                self.rows.append(cells)
            self._cells = None

    def handle_data(self, data: str) -> None:
        if self._cells:
            self._cells[-1] += data


def _unescape_markdown(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell).strip()


def _markdown_cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line)[1:-1]
    return [_unescape_markdown(c) for c in cells]


def table(name: str, report: Report, **options: Any) -> tuple[list[str], list[str]]:
    """Return the header and the body rows (cells joined by `` | ``) of a rendering.

    html puts the group in a heading row over its rows, so its body rows
    have no group cell.
    """
    rendered = FORMATS[name]().render(report, **options)
    if name == "html":
        parser = _Rows()
        parser.feed(rendered)
        parser.close()
        return parser.header, [" | ".join(r) for r in parser.rows]
    lines = rendered.splitlines()
    if name == "markdown":
        cells = [line for line in lines if line.startswith("|")]
        header = _markdown_cells(cells[0])
        return header, [" | ".join(_markdown_cells(c)) for c in cells[2:]]
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    end = lines.index("", rule)
    header = re.split(r" {2,}", lines[rule - 1])
    rows = [" | ".join(re.split(r" {2,}", line)) for line in lines[rule + 1 : end]]
    return header, rows


def body_rows(name: str, report: Report, **options: Any) -> list[str]:
    """Return one plain-text line per body row of the table of ``name``."""
    return table(name, report, **options)[1]


def text_of(name: str, report: Report, **options: Any) -> str:
    """Return the rendering as plain text (html: tags dropped, unescaped)."""
    rendered = FORMATS[name]().render(report, **options)
    if name == "html":
        rendered = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    elif name == "markdown":
        rendered = _unescape_markdown(rendered)
    return " ".join(rendered.split())


@pytest.fixture(scope="module")
def panel() -> Report:
    return report_from_survey(load_survey(PANEL), source="synthetic_panel.csv")


@pytest.fixture(scope="module")
def embedded() -> Report:
    return report_from_published(embedded_figures())


# -- every wave, every change -------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_three_waves_show_the_middle_wave(name: str) -> None:
    report = report_from_survey(three_waves())
    header, rows = table(name, report)
    columns = [header.index(wave) for wave in ("2010", "2012", "2014")]
    assert columns == sorted(columns)
    assert len(rows) == len(report.rows)
    for line, row in zip(rows, report.rows, strict=True):
        assert [e.wave for e in row.estimates] == ["2010", "2012", "2014"]
        cells = line.split(" | ")
        for column, estimate in zip(columns, row.estimates, strict=True):
            assert cells[column].startswith(format_percent(estimate.value or 0, 1))
        assert row.estimates[1].value != row.estimates[0].value


@pytest.mark.parametrize("name", FORMATS)
def test_consecutive_changes_have_a_column_each(name: str) -> None:
    report = report_from_survey(three_waves(), changes="consecutive")
    header, rows = table(name, report)
    # html puts the unit under the waves: "2010→2012 pp"
    heads = [h.split()[0] for h in header]
    columns = [heads.index("2010→2012"), heads.index("2012→2014")]
    assert not any("Change" in h for h in header)
    for line, row in zip(rows, report.rows, strict=True):
        cells = line.split(" | ")
        assert len(row.changes) == 2
        for column, change in zip(columns, row.changes, strict=True):
            number = format_pp(change.value or 0.0, 1, unit=name != "html")
            assert cells[column].startswith(number), (number, cells[column])


def test_one_change_over_three_waves_names_its_waves() -> None:
    report = report_from_survey(three_waves())
    assert headers(report, "en")[5] == "Change 2010→2014"
    assert headers(report, "sv")[5] == "Förändring 2010→2014"
    consecutive = report_from_survey(three_waves(), changes="consecutive")
    assert headers(consecutive, "en")[2:7] == (
        "2010",
        "2012",
        "2014",
        "2010→2012",
        "2012→2014",
    )
    assert column_kinds(consecutive) == (
        "group",
        "item",
        "estimate",
        "estimate",
        "estimate",
        "change",
        "change",
        "base",
        "figures",
    )
    assert change_pairs(consecutive) == [("2010", "2012"), ("2012", "2014")]


def test_two_waves_keep_the_plain_change_header(panel: Report) -> None:
    assert headers(panel, "en") == (
        "Group",
        "Item",
        "2010",
        "2012",
        "Change",
        "Base",
        "Figures",
    )
    assert headers(panel, "sv") == (
        "Grupp",
        "Fråga",
        "2010",
        "2012",
        "Förändring",
        "Bas",
        "Uppgifter",
    )


# -- the base of every row ------------------------------------------------------

_BASES = {
    "en": {
        "uses": "those who answered",
        "channel": "users of social media",
        "purpose": "users of social media",
        "reason": "non-users of social media",
    },
    "sv": {
        "uses": "de som svarade",
        "channel": "användare av sociala medier",
        "purpose": "användare av sociala medier",
        "reason": "de som inte använder sociala medier",
    },
}


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("name", FORMATS)
def test_every_row_of_the_panel_names_its_base(
    name: str, lang: str, panel: Report
) -> None:
    rows = body_rows(name, panel, lang=lang)
    assert len(rows) == len(panel.rows)
    kinds = set()
    for line, row in zip(rows, panel.rows, strict=True):
        kind = row.item.partition(".")[0]
        kinds.add(kind)
        label = _BASES[lang][kind]
        sizes = "n = " + " / ".join(str(e.n) for e in row.estimates)
        if name == "html":
            assert f" | {label} {sizes} | " in line, line
        else:
            assert f" | {label} ({sizes}) | " in line, line
    assert kinds == {"uses", "channel", "purpose", "reason"}


@pytest.mark.parametrize("name", FORMATS)
def test_base_all_says_all_respondents(name: str) -> None:
    report = report_from_survey(
        load_survey(PANEL), items=["channel.facebook", "reason.resources"], base="all"
    )
    for lang, label in (("en", "all respondents"), ("sv", "samtliga svarande")):
        rows = body_rows(name, report, lang=lang)
        for line, row in zip(rows, report.rows, strict=True):
            sizes = "n = " + " / ".join(str(e.n) for e in row.estimates)
            assert label in line
            assert sizes in line


@pytest.mark.parametrize("name", FORMATS)
def test_published_rows_say_their_bases_are_not_published(
    name: str, embedded: Report
) -> None:
    for lang, label in (
        ("en", "respondents; bases not published"),
        ("sv", "svarande; baserna ej publicerade"),
    ):
        rows = body_rows(name, embedded, lang=lang)
        assert len(rows) == len(embedded.rows)
        assert all(label in line and "n =" not in line for line in rows)


@pytest.mark.parametrize("name", FORMATS)
def test_a_weighted_report_shows_effective_sizes(name: str) -> None:
    weighted = report_from_survey(three_waves(weighted=True))
    for line, row in zip(body_rows(name, weighted), weighted.rows, strict=True):
        n = " / ".join(str(e.n) for e in row.estimates)
        effective = " / ".join(str(round(e.effective_n or 0)) for e in row.estimates)
        assert f"n = {n}" in line
        assert f"effective {effective}" in line
        assert any(e.effective_n != e.n for e in row.estimates)
    sv = body_rows(name, weighted, lang="sv")
    assert all("effektivt" in line for line in sv)
    unweighted = report_from_survey(three_waves())
    assert not any("effective" in line for line in body_rows(name, unweighted))


def test_base_cell_parts() -> None:
    weighted = report_from_survey(three_waves(weighted=True))
    row = weighted.rows[1]
    cell = base_cell(row, row.estimates, "en", weighted=True)
    assert cell.label == "users of social media"
    assert cell.counts == "n = 43 / 63 / 82"
    assert cell.effective.startswith("effective 37 / 52 / ")
    assert cell.text() == f"users of social media ({cell.counts}, {cell.effective})"
    assert base_cell(row, row.estimates, "en").effective == ""


# -- notes that are true ---------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_the_description_reaches_the_source_line(name: str, panel: Report) -> None:
    assert panel.description is not None
    for lang, word in (("en", "Source"), ("sv", "Källa")):
        text = text_of(name, panel, lang=lang)
        assert (
            f"{word}: synthetic_panel.csv — SYNTHETIC DATA - not real survey "
            "responses." in text
        )


@pytest.mark.parametrize("name", FORMATS)
def test_the_embedded_report_shows_the_findings_of_its_source(
    name: str, embedded: Report
) -> None:
    assert embedded.findings
    for lang, heading in (
        ("en", "Findings stated by the source (not computed)"),
        ("sv", "Slutsatser enligt källan (ej beräknade)"),
    ):
        text = text_of(name, embedded, lang=lang)
        assert heading in text
        after = text[text.index(heading) :]
        for finding in embedded.findings:
            assert finding.text.get(lang) in after
    panel = report_from_survey(load_survey(PANEL))
    assert "Findings stated" not in text_of(name, panel)


@pytest.mark.parametrize("name", FORMATS)
def test_row_notes_and_report_notes_are_kept(name: str, embedded: Report) -> None:
    text = text_of(name, embedded)
    assert "Changes between published figures are differences" in text
    noted = [row for row in embedded.rows if row.note is not None]
    assert noted
    for row in noted:
        assert row.note is not None
        assert " ".join(row.note.en.split()) in text


# -- press options ------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_only_significant_rows(name: str, panel: Report) -> None:
    rows = body_rows(name, panel, only_significant=True)
    significant = [r for r in panel.rows if any(c.significant for c in r.changes)]
    assert 0 < len(significant) < len(panel.rows)
    assert len(rows) == len(significant)
    assert all("*" in line for line in rows)
    text = text_of(name, panel, only_significant=True)
    assert (
        f"Only rows with a significant change are shown: {len(significant)} of "
        f"{len(panel.rows)}." in text
    )
    assert "Only rows" not in text_of(name, panel)


@pytest.mark.parametrize("name", FORMATS)
def test_intervals_can_be_left_out(name: str, panel: Report) -> None:
    with_intervals = text_of(name, panel)
    assert "55.3–66.5" in with_intervals
    assert "Intervals: 95 % confidence intervals." in with_intervals
    text = text_of(name, panel, intervals=False)
    assert "55.3–66.5" not in text
    assert " to " not in " ".join(body_rows(name, panel, intervals=False))
    assert "Intervals:" not in text
    assert "* the interval of the change excludes zero." in text
    assert "61.0 %" in text


@pytest.mark.parametrize("name", FORMATS)
def test_decimals(name: str, panel: Report, embedded: Report) -> None:
    # the table's figures (html's charts have their own precision)
    assert "| 61.0 % " in " ".join(body_rows(name, panel))  # one decimal by default
    none = " ".join(body_rows(name, panel, decimals=0))
    assert "| 61 % " in none
    # the change and its interval too: +14.8 (+10.1 to +19.5) becomes +15 (+10 to +20)
    first = body_rows(name, panel, decimals=0)[0]
    assert "+14.8" not in first
    assert "+15" in first
    assert "+10 to +20" in first or "+10 to +19" in first
    assert "61.0 %" not in none
    assert "75.9 %" not in none
    assert "76 % " in none
    # published figures keep their precision; the computed 2010 figure for all
    # organisations takes theirs (61 % beside the published 77 %)
    published = body_rows(name, embedded)
    combined = published[2]
    assert "61 % | 77 %" in combined
    assert "+16" in combined
    two = body_rows(name, embedded, decimals=2)
    assert "61.13 % | 77 % |" in two[2]
    assert "61 % | 76 % |" in two[0]


@pytest.mark.parametrize("name", FORMATS)
def test_an_unknown_option_is_refused(name: str, panel: Report) -> None:
    with pytest.raises(InvalidArgumentError, match="takes no option colour"):
        FORMATS[name]().render(panel, colour="red")
    with pytest.raises(InvalidArgumentError, match="decimals"):
        FORMATS[name]().render(panel, decimals=7)


def test_table_rows_take_the_press_options(panel: Report) -> None:
    default = table_rows(panel)[0]
    assert default.estimates[0].value == "61.0 %"
    assert default.estimates[0].interval == "55.3–66.5"
    assert default.changes[0].text() == "+14.8 pp (+10.1 to +19.5) *"
    rows = table_rows(panel, PressOptions(decimals=2, intervals=False))
    assert len(rows) == len(panel.rows)
    first = rows[0]
    assert re.fullmatch(r"6\d\.\d\d %", first.estimates[0].value)
    assert first.estimates[0].interval == ""
    assert first.changes[0].interval == ""
    assert first.changes[0].mark == "*"
    assert first.changes[0].value == first.changes[0].bare + " pp"
    swedish = table_rows(panel, PressOptions(lang="sv", only_significant=True))
    assert swedish[0].changes[0].text() == (
        f"+14,8{NBSP}procentenheter (+10,1 till +19,5) *"
    )
    assert all(r.changes[0].mark == "*" for r in swedish)


def test_provenance_names_the_waves_of_changes_that_differ() -> None:
    report = report_from_survey(three_waves(), changes="consecutive")
    texts = {provenance_cell(row, "en", report) for row in report.rows}
    assert any("changes estimated" in t for t in texts)
    differing = [t for t in texts if "2010→2012 estimated" in t]
    assert differing
    assert all("2012→2014 estimated" in t for t in differing)
    assert all(t.startswith("2010, 2012, 2014 estimated; ") for t in texts)
