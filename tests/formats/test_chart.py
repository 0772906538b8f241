"""The chart formats: dumbbell charts with matplotlib, an optional extra.

The drawing tests skip only when matplotlib is not installed and the ``CI``
environment variable is unset: CI installs the ``plot`` extra, so there they
must run (and fail loudly if matplotlib is missing).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.errors import MissingExtraError
from skl_socialmedia.formats.chart import ChartFormat, ChartSvgFormat
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Report
from skl_socialmedia.sources import load_survey

ROOT = Path(__file__).resolve().parents[2]
needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None and not os.environ.get("CI"),
    reason="matplotlib is not installed (pip install 'skl-socialmedia[plot]')",
)


def microdata_report() -> Report:
    return report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))


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
