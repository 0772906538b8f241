"""The chart formats: dumbbell charts with matplotlib, an optional extra.

The drawing tests skip only when matplotlib is not installed and the ``CI``
environment variable is unset: CI installs the ``plot`` extra, so there they
must run (and fail loudly if matplotlib is missing).
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError
from skl_socialmedia.formats.chart import CHART_ROWS, ChartFormat, ChartSvgFormat
from skl_socialmedia.formats.dumbbell_svg import group_rows
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Report
from skl_socialmedia.sources import load_survey
from tests.report.test_waves_and_bases import three_waves

ROOT = Path(__file__).resolve().parents[2]
needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None and not os.environ.get("CI"),
    reason="matplotlib is not installed (pip install 'skl-socialmedia[plot]')",
)


def microdata_report() -> Report:
    return report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))


def many_rows(count: int) -> Report:
    """A report of ``count`` rows: the embedded report's rows, renamed."""
    report = report_from_published(embedded_figures())
    rows = [
        attrs.evolve(report.rows[i % len(report.rows)], group=f"g{i // 3}")
        for i in range(count)
    ]
    return attrs.evolve(report, rows=rows)


SVG = "{http://www.w3.org/2000/svg}"


def wave_marks(svg: str) -> dict[tuple[int, int], int]:
    """Return the number of marks of each (wave, panel) in a chart's SVG."""
    root = ET.fromstring(svg.encode("utf-8"))
    counts = {}
    for group in root.iter(f"{SVG}g"):
        match = re.fullmatch(r"wave(\d+)-panel(\d+)", group.get("id") or "")
        if match:
            key = (int(match[1]), int(match[2]))
            counts[key] = len(group.findall(f".//{SVG}use"))
    return counts


def drawn_text(svg: str) -> str:
    """Return the texts matplotlib drew (as paths, each after its comment)."""
    return "\n".join(re.findall(r"<!-- (.*?) -->", svg, flags=re.S))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@needs_matplotlib
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_png_of_the_embedded_report(lang: str) -> None:
    png = ChartFormat().render(report_from_published(embedded_figures()), lang=lang)
    assert isinstance(png, bytes)
    width, height = png_size(png)
    assert width == 1350
    assert 500 < height < 1500


@needs_matplotlib
def test_svg_of_the_microdata_report_is_well_formed_and_deterministic() -> None:
    report = microdata_report()
    svg = ChartSvgFormat().render(report, lang="sv")
    assert isinstance(svg, str)
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<dc:date>" not in svg
    assert svg == ChartSvgFormat().render(report, lang="sv")
    assert svg != ChartSvgFormat().render(report, lang="en")


@needs_matplotlib
def test_png_is_deterministic_and_the_image_option_switches_to_svg() -> None:
    report = report_from_published(embedded_figures())
    assert ChartFormat().render(report) == ChartFormat().render(report)
    svg = ChartFormat().render(report, image="svg")
    assert isinstance(svg, str)
    assert svg.lstrip().startswith("<?xml")
    assert isinstance(ChartSvgFormat().render(report, image="png"), bytes)


@needs_matplotlib
def test_dollar_signs_are_not_read_as_mathtext() -> None:
    report = report_from_published(embedded_figures())
    odd = Report(
        title="$unbalanced \\frac{",
        source="",
        before_wave="$2010",
        after_wave="2012$",
        rows=[attrs.evolve(row, group="$x^2$", item="$") for row in report.rows],
    )
    assert isinstance(ChartFormat().render(odd), bytes)


@needs_matplotlib
def test_an_empty_report_still_draws() -> None:
    report = report_from_published(embedded_figures())
    empty = Report(title="empty", source="", before_wave="a", after_wave="b", rows=[])
    assert png_size(ChartFormat().render(empty))[0] == 1350
    assert report.rows  # the embedded report itself is not empty


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    report = report_from_published(embedded_figures())
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[plot\]") as info:
        ChartFormat().render(report)
    assert info.value.extra == "plot"
    assert info.value.module == "matplotlib"
    assert isinstance(info.value, ImportError)
    with pytest.raises(MissingExtraError):
        ChartSvgFormat().render(report)


@needs_matplotlib
def test_every_wave_has_a_mark_in_every_row() -> None:
    report = report_from_survey(three_waves())
    svg = ChartSvgFormat().render(report)
    assert isinstance(svg, str)
    panels = group_rows(report.rows)
    expected = {
        (wave, panel): len(rows)
        for panel, (_, rows) in enumerate(panels)
        for wave in range(3)
    }
    assert wave_marks(svg) == expected
    text = drawn_text(svg)
    for wave in ("2010", "2012", "2014"):
        assert wave in text.splitlines()  # the wave legend
    assert "2010–2014" in text  # the change names its waves
    consecutive = report_from_survey(three_waves(), changes="consecutive")
    text = drawn_text(str(ChartSvgFormat().render(consecutive)))
    assert "2010–2012" in text
    assert "2012–2014" in text


@needs_matplotlib
def test_published_figures_without_intervals_are_dots_only() -> None:
    report = report_from_published(embedded_figures())
    svg = str(ChartSvgFormat().render(report))
    assert sum(wave_marks(svg).values()) == 2 * len(report.rows)
    text = drawn_text(svg)
    assert "interval" not in text
    assert "bold" not in text  # nothing can be bold without intervals


@needs_matplotlib
@pytest.mark.parametrize(
    ("lang", "word", "rest"),
    [
        ("en", "bold", ": the interval of the change excludes zero"),
        ("sv", "fetstil", ": förändringens intervall utesluter noll"),
    ],
)
def test_the_bold_legend(lang: str, word: str, rest: str) -> None:
    svg = str(ChartSvgFormat().render(microdata_report(), lang=lang))
    lines = drawn_text(svg).splitlines()
    assert word in lines
    assert rest in lines
    assert 'id="bold-key"' in svg


@needs_matplotlib
@pytest.mark.parametrize(("lang", "word"), [("en", "Source"), ("sv", "Källa")])
def test_the_source_line_carries_the_description(lang: str, word: str) -> None:
    report = attrs.evolve(
        microdata_report(), source="Test source $x$", description="SYNTHETIC DATA"
    )
    text = drawn_text(str(ChartSvgFormat().render(report, lang=lang)))
    assert f"{word}: Test source $x$ — SYNTHETIC DATA" in text.splitlines()
    real = drawn_text(str(ChartSvgFormat().render(microdata_report(), lang=lang)))
    assert f"{word}: SYNTHETIC DATA - not real survey responses" in real


@needs_matplotlib
@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Stated by the source (not computed):"),
        ("sv", "Enligt källan (ej beräknat):"),
    ],
)
def test_the_sources_findings_are_on_the_chart(lang: str, heading: str) -> None:
    report = report_from_published(embedded_figures())
    text = drawn_text(str(ChartSvgFormat().render(report, lang=lang)))
    assert heading in text.splitlines()
    first = report.findings[0].text.get(lang)
    assert f"• {first}" in text
    # microdata reports have none
    assert heading not in drawn_text(str(ChartSvgFormat().render(microdata_report())))


def test_more_rows_than_a_chart_shows_are_refused_before_drawing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """P3 (reliability audit): 310 groups took 162 s and 2.7 GB; now refused."""
    # refused before matplotlib is even imported: fast, whatever the size
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    report = many_rows(CHART_ROWS + 1)
    for cls in (ChartFormat, ChartSvgFormat):
        with pytest.raises(InvalidArgumentError) as info:
            cls().render(report)
        message = str(info.value)
        assert f"{CHART_ROWS + 1} rows" in message
        assert f"more than the {CHART_ROWS}" in message
        for hint in ("--items", "--by", "--only-significant", "page=N"):
            assert hint in message
    with pytest.raises(MissingExtraError):
        ChartFormat().render(many_rows(CHART_ROWS))


def test_hundreds_of_groups_fail_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    survey = load_survey(ROOT / "examples/data/synthetic_panel.csv")
    report = report_from_survey(survey, by="org_code")
    assert len({row.group for row in report}) > 300
    start = time.perf_counter()
    with pytest.raises(InvalidArgumentError, match=f"{len(report.rows)} rows"):
        ChartFormat().render(report)
    assert time.perf_counter() - start < 2


@needs_matplotlib
def test_a_page_of_a_large_report() -> None:
    report = many_rows(CHART_ROWS + 2)
    first = str(ChartSvgFormat().render(report, page=1))
    second = str(ChartSvgFormat().render(report, page="2"))
    assert sum(wave_marks(first).values()) == 2 * CHART_ROWS
    assert sum(wave_marks(second).values()) == 2 * 2
    assert "page 1 of 2" in drawn_text(first).splitlines()
    assert "page 2 of 2" in drawn_text(second).splitlines()
    # the last group began on page 1 and goes on on page 2
    assert "g13 (continued)" in drawn_text(second).splitlines()
    sv = drawn_text(str(ChartSvgFormat().render(report, page=2, lang="sv")))
    assert "sida 2 av 2" in sv.splitlines()
    assert "page 1 of 1" not in drawn_text(
        str(ChartSvgFormat().render(many_rows(3), page=1))
    )
    for bad in (0, 3, "two", True):
        with pytest.raises(InvalidArgumentError, match="from 1 to 2"):
            ChartFormat().render(report, page=bad)


def test_an_unknown_option_is_refused() -> None:
    report = report_from_published(embedded_figures())
    for cls in (ChartFormat, ChartSvgFormat):
        with pytest.raises(InvalidArgumentError, match="takes no option colour"):
            cls().render(report, colour="red")
    with pytest.raises(InvalidArgumentError, match="decimals"):
        ChartFormat().render(report, decimals=7)


@needs_matplotlib
def test_the_common_options_reach_the_chart() -> None:
    report = microdata_report()
    plain = drawn_text(str(ChartSvgFormat().render(report, intervals=False)))
    assert "95 % interval" not in plain
    assert "95 % interval" in drawn_text(str(ChartSvgFormat().render(report)))
    whole = drawn_text(str(ChartSvgFormat().render(report, decimals=0))).splitlines()
    assert "+15" in whole
    assert "+14.8" not in whole
    assert "+14.8" in drawn_text(str(ChartSvgFormat().render(report))).splitlines()
    significant = ChartSvgFormat().render(report, only_significant=True)
    marks = sum(wave_marks(str(significant)).values())
    assert 0 < marks < 2 * len(report.rows)
    # pages count the rows shown: none of these is significant, so one page
    big = many_rows(CHART_ROWS + 1)
    with pytest.raises(InvalidArgumentError, match="from 1 to 1"):
        ChartFormat().render(big, only_significant=True, page=2)


@needs_matplotlib
def test_dollar_signs_in_three_waves_are_not_read_as_mathtext() -> None:
    report = report_from_survey(three_waves(), changes="consecutive")
    odd = attrs.evolve(
        report,
        title="$\\frac{",
        waves=("$a", "b$", "$c^2$"),
        description="$desc$",
        rows=[attrs.evolve(row, group="$x^2$", item="$") for row in report.rows],
    )
    assert isinstance(ChartFormat().render(odd), bytes)
    text = drawn_text(str(ChartSvgFormat().render(odd)))
    assert "$c^2$" in text.splitlines()


@needs_matplotlib
def test_every_row_names_its_base() -> None:
    report = report_from_survey(
        load_survey(ROOT / "examples" / "data" / "synthetic_panel.csv"),
        items=["channel.facebook", "reason.resources"],
    )
    text = drawn_text(str(ChartSvgFormat().render(report)))
    for row in report.rows:
        sizes = " / ".join(str(e.n) for e in row.estimates)
        assert f", n = {sizes}" in text
    assert "users of social media" in text
    assert "non-users of social media" in text
