"""The html format: one self-contained, escaped page with table and charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.formats.dumbbell_svg import dumbbell_svg, groups
from skl_socialmedia.formats.html import HtmlFormat
from skl_socialmedia.formats.table import provenance_cell
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Finding,
    Report,
    ReportRow,
    Status,
    Text,
)
from skl_socialmedia.sources import load_survey

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('x')</script>"


def hostile_report() -> Report:
    row = ReportRow(
        group=SCRIPT,
        item='uses" onmouseover="alert(1)',
        estimates=[
            Estimate(
                wave="2010", value=0.5, status=Status.ESTIMATED, low=0.4, high=0.6
            ),
            Estimate(
                wave="2012", value=0.7, status=Status.ESTIMATED, low=0.6, high=0.8
            ),
        ],
        changes=[Change(value=0.2, low=0.05, high=0.35, status=Status.ESTIMATED)],
        note=Text(SCRIPT, SCRIPT),
    )
    return Report(
        title=f"Title {SCRIPT}",
        source=f"<img src=x onerror=alert(1)> & {SCRIPT}",
        before_wave="2010",
        after_wave="2012</title><script>x()</script>",
        rows=[row],
        confidence=0.95,
        notes=[SCRIPT],
        description=f"{SCRIPT} synthetic",
        findings=[Finding(text=f"<b onclick=x()>{SCRIPT}</b>")],
    )


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.starts: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    tags.close()
    return tags


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_embedded_report_page(lang: str) -> None:
    page = HtmlFormat().render(report_from_published(embedded_figures()), lang=lang)
    assert page.startswith("<!DOCTYPE html>\n")
    assert f'<html lang="{lang}">' in page
    tags = parse(page)
    names = [tag for tag, _ in tags.starts]
    assert names.count("svg") == 3  # municipalities, county councils, all
    assert names.count("table") == 1
    assert ("61\u00a0%" if lang == "sv" else "61 %") in page
    heading = "Diagram" if lang == "sv" else "Charts"
    assert f"<h2>{heading}</h2>" in page


def test_script_in_a_name_is_escaped() -> None:
    page = HtmlFormat().render(hostile_report())
    tags = parse(page)
    assert [t for t, _ in tags.starts].count("script") == 0
    assert not any(t == "img" for t, _ in tags.starts)
    assert not any(name.startswith("on") for _, attrs in tags.starts for name in attrs)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<script" not in page
    assert "<b " not in page
    # the description on the source line, the finding in its section
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; synthetic</p>" in page
    assert "<li>&lt;b onclick=x()&gt;&lt;script&gt;" in page


def test_the_page_loads_nothing_from_outside() -> None:
    report = report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))
    page = HtmlFormat().render(report)
    tags = parse(page)
    for tag, attrs in tags.starts:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("data:"), (tag, name, value)
    urls = set(re.findall(r"https?://[^\"' )]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}
    assert "default-src 'none'" in page
    assert "@import" not in page
    assert "url(" not in page


def test_each_chart_is_well_formed_svg() -> None:
    report = report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))
    for group, rows in groups(report):
        svg = dumbbell_svg(report, group, rows, "sv")
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        circles = root.findall(".//{http://www.w3.org/2000/svg}circle")
        assert len(circles) >= 2 * len(rows)
    hostile = hostile_report()
    ((group, rows),) = groups(hostile)
    ET.fromstring(dumbbell_svg(hostile, group, rows, "en"))


def test_low_base_and_significance_are_marked_in_the_chart() -> None:
    report = report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))
    svg = "".join(dumbbell_svg(report, g, rows, "en") for g, rows in groups(report))
    assert 'stroke-dasharray="3 2"' in svg
    assert 'font-weight="bold">+14.8</text>' in svg
    assert "95 % interval" in svg


class Table(HTMLParser):
    """The table's rows: (class, [(tag, attributes, text)]), and the footnotes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str | None, list[tuple[str, dict[str, str | None], str]]]]
        self.rows = []
        self.footnotes: list[str] = []
        self._section: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self._section = found.get("class")
        if tag == "tr":
            self.rows.append((found.get("class"), []))
        elif tag in ("td", "th") and self.rows:
            self.rows[-1][1].append((tag, found, ""))
        elif tag == "li" and self._section == "footnotes":
            self.footnotes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._section = None

    def handle_data(self, data: str) -> None:
        if self._section == "footnotes" and self.footnotes:
            self.footnotes[-1] = (self.footnotes[-1] + data).strip()
        elif self._section == "table" and self.rows and self.rows[-1][1]:
            tag, found, text = self.rows[-1][1][-1]
            self.rows[-1][1][-1] = (tag, found, (text + data).strip())


def read_table(page: str) -> Table:
    table = Table()
    table.feed(page)
    table.close()
    return table


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_cells_are_short_and_provenance_and_notes_are_footnotes(lang: str) -> None:
    report = report_from_published(embedded_figures())
    table = read_table(HtmlFormat().render(report, lang=lang))
    body = [(kind, cells) for kind, cells in table.rows[1:] if kind != "group"]
    assert len(body) == len(report.rows)
    footnotes = {}
    for text in table.footnotes:
        number, _, rest = text.partition("] ")
        footnotes[int(number.removeprefix("["))] = rest
    for (_, cells), row in zip(body, report.rows, strict=True):
        assert all(len(text) <= 45 for _, _, text in cells), cells
        marks = [int(m) for m in re.findall(r"\[(\d+)\]", cells[-1][2])]
        texts = [footnotes[m] for m in marks]
        assert provenance_cell(row, lang) in texts
        if row.note is not None:
            assert row.note.get(lang) in texts
        else:
            assert len(texts) == 1
    # one footnote per distinct text: the four rows share two provenances
    assert len(footnotes) == len(set(footnotes.values())) == 4


def test_each_group_heads_its_rows() -> None:
    report = report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))
    table = read_table(HtmlFormat().render(report))
    header, *rows = table.rows
    heads = [cells[0][2] for kind, cells in rows if kind == "group"]
    assert heads == ["municipalities", "county councils"]
    page = HtmlFormat().render(report)
    assert page.count("<tbody>") == page.count("</tbody>") == 2
    for kind, cells in rows:
        if kind == "group":
            (cell,) = cells
            assert cell[1] == {"scope": "rowgroup", "colspan": str(len(header[1]))}
        else:
            assert len(cells) == len(header[1])
            assert cells[0][:2] == ("th", {"scope": "row"})
    columns = [text for _, _, text in header[1]]
    assert columns == ["Item", "2010", "2012", "Changepp", "Base", "Figures"]


def test_the_findings_section() -> None:
    report = report_from_published(embedded_figures())
    page = HtmlFormat().render(report, lang="sv")
    section = page[page.index('<section class="findings">') :]
    section = section[: section.index("</section>")]
    assert "<h2>Slutsatser enligt källan (ej beräknade)</h2>" in section
    assert section.count("<li>") == len(report.findings)
    assert f"<li>{report.findings[0].text.sv}</li>" in section
