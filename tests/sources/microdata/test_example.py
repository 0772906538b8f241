"""The synthetic example survey in the package: the source ``example``."""

from __future__ import annotations

from pathlib import Path

import pytest

import skl_socialmedia as sm
from skl_socialmedia.errors import UsageError
from skl_socialmedia.sources.microdata.example import ExampleSource, example_path
from skl_socialmedia.testing import check_data_source

ROOT = Path(__file__).resolve().parents[3]
CHECKOUT_COPY = ROOT / "examples" / "data" / "synthetic_panel.csv"


def test_the_packaged_file_is_the_examples_file() -> None:
    with example_path() as packaged:
        assert packaged.read_bytes() == CHECKOUT_COPY.read_bytes()


def test_the_example_survey_is_the_synthetic_panel() -> None:
    survey = sm.example_survey()
    assert survey.waves == ("2010", "2012")
    assert survey.description is not None
    assert survey.description.startswith("SYNTHETIC DATA - not real survey responses")
    rate = survey.where(org_kind="municipality").rate("uses", wave="2012")
    assert (rate.successes, rate.total) == (220, 290)


def test_the_example_survey_takes_the_csv_options() -> None:
    survey = sm.example_survey(items=["uses"], waves=["2012"])
    assert survey.items == ("uses",)
    assert survey.waves == ("2012",)
    with pytest.raises(UsageError, match="the example source takes no option sheet"):
        sm.example_survey(sheet="x")


def test_it_meets_the_source_contract() -> None:
    loaded = check_data_source(ExampleSource, sample="example")
    assert isinstance(loaded, sm.Survey)


def test_load_finds_it_by_name() -> None:
    loaded = sm.load("example")
    assert isinstance(loaded, sm.Survey)
    assert loaded.items == sm.example_survey().items


@pytest.mark.parametrize(
    "name", ["text", "markdown", "html", "json", "csv", "sentences", "chart-svg"]
)
def test_every_format_says_the_data_are_synthetic(name: str) -> None:
    report = sm.report_from_survey(sm.example_survey(), source="example")
    for lang in ("en", "sv"):
        rendered = sm.render(report, name, lang=lang)
        assert isinstance(rendered, str)
        assert "SYNTHETIC DATA" in rendered


def test_the_chart_says_the_data_are_synthetic() -> None:
    report = sm.report_from_survey(sm.example_survey(), source="example")
    png = sm.render(report, "chart")
    assert isinstance(png, bytes)
    axes = sm.plot(report)
    texts = [
        t.get_text()
        for t in axes.figure.findobj(match=lambda a: hasattr(a, "get_text"))
    ]
    assert any("SYNTHETIC DATA" in text for text in texts)
    assert png.startswith(b"\x89PNG")


def test_the_web_page_says_synthetic_under_its_title() -> None:
    report = sm.report_from_survey(sm.example_survey(), source="example")
    page = sm.render(report, "html")
    assert isinstance(page, str)
    top = page.index('<p class="description">SYNTHETIC DATA')
    assert page.index("</h1>") < top < page.index("<table")
