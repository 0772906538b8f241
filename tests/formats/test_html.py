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
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import (
    Change,
    Estimate,
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
