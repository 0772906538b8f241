"""The sentences format: findings a communicator can paste into a press release."""

from __future__ import annotations

from pathlib import Path

import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.formats.sentences import SentencesFormat, row_sentence
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Status
from skl_socialmedia.sources import load_survey

ROOT = Path(__file__).resolve().parents[2]


def lines(report: Report, lang: str) -> list[str]:
    text = SentencesFormat().render(report, lang=lang)
    assert isinstance(text, str)
    return text.splitlines()


def estimated_row(
    before: float,
    after: float,
    low: float,
    high: float,
    *,
    group: str = "municipality",
    item: str = "uses",
    low_base: bool = False,
) -> ReportRow:
    return ReportRow(
        group=group,
        item=item,
        estimates=[
            Estimate(wave="2010", value=before, status=Status.ESTIMATED),
            Estimate(
                wave="2012", value=after, status=Status.ESTIMATED, low_base=low_base
            ),
        ],
        changes=[
            Change(value=after - before, low=low, high=high, status=Status.ESTIMATED)
        ],
    )


def report_of(*rows: ReportRow) -> Report:
    return Report(
        title="t",
        source="",
        before_wave="2010",
        after_wave="2012",
        rows=rows,
        confidence=0.95,
    )


def test_the_example_sentence_of_the_issue() -> None:
    first = lines(report_from_published(embedded_figures()), "sv")[0]
    assert first == (
        "Andelen kommuner som använder sociala medier ökade från 61 till 76 "
        "procent, en ökning med 15 procentenheter."
    )


def test_published_figures_in_swedish() -> None:
    text = lines(report_from_published(embedded_figures()), "sv")
    assert text[1] == (
        "Andelen landsting som använder sociala medier ökade från 63 till 87 "
        "procent, en ökning med 24 procentenheter."
    )
    assert text[2] == (
        "Andelen av samtliga organisationer som använder sociala medier ökade "
        "från 61,1 till 77 procent, en ökning med 15,9 procentenheter."
    )
    assert text[3] == (
        "Andelen landsting som använder sociala medier för rekrytering ökade "
        "från 30 till 69 procent, en ökning med 39 procentenheter."
    )
    assert text[4] == ""
    assert text[5] == (
        "Siffrorna för 2010 och 2012 är publicerade andelar av de svarande; "
        "antalet svarande har inte publicerats, så ingen felmarginal kan anges."
    )
    assert text[-1].startswith("Källa: SKL:s pressmeddelande")


def test_published_figures_in_english() -> None:
    text = lines(report_from_published(embedded_figures()), "en")
    assert text[0] == (
        "The share of municipalities that use social media rose from 61 to 76 "
        "percent, an increase of 15 percentage points."
    )
    assert text[5].startswith("The figures for 2010 and 2012 are published shares")


def test_an_increase_whose_interval_excludes_zero() -> None:
    row = estimated_row(0.61034, 0.75862, 0.10141, 0.19459)
    assert row_sentence(row, report_of(row), "sv") == (
        "Andelen kommuner som använder sociala medier ökade från 61,0 till 75,9 "
        "procent, en ökning med 14,8 procentenheter (95 % konfidensintervall: "
        "10,1 till 19,5 procentenheter)."
    )
    assert row_sentence(row, report_of(row), "en") == (
        "The share of municipalities that use social media rose from 61.0 to "
        "75.9 percent, an increase of 14.8 percentage points (95 % confidence "
        "interval: 10.1 to 19.5 percentage points)."
    )


def test_a_decrease_gives_the_size_of_the_decrease() -> None:
    row = estimated_row(0.40, 0.30, -0.17, -0.03, group="county_council")
    assert row_sentence(row, report_of(row), "sv") == (
        "Andelen landsting som använder sociala medier minskade från 40,0 till "
        "30,0 procent, en minskning med 10,0 procentenheter (95 % "
        "konfidensintervall: 3,0 till 17,0 procentenheter)."
    )
    assert row_sentence(row, report_of(row), "en") == (
        "The share of county councils that use social media fell from 40.0 to "
        "30.0 percent, a decrease of 10.0 percentage points (95 % confidence "
        "interval: 3.0 to 17.0 percentage points)."
    )


def test_a_change_whose_interval_includes_zero_is_not_called_a_change() -> None:
    row = estimated_row(0.632, 0.867, -0.068, 0.476, low_base=True)
    swedish = row_sentence(row, report_of(row), "sv")
    assert swedish == (
        "Andelen kommuner som använder sociala medier gick från 63,2 till 86,7 "
        "procent, men förändringen är inte statistiskt säkerställd (95 % "
        "konfidensintervall: \u22126,8 till +47,6 procentenheter). Underlaget är "
        "litet, så siffrorna ska tolkas med försiktighet."
    )
    english = row_sentence(row, report_of(row), "en")
    assert english is not None
    assert "but the change is not statistically significant" in english
    assert "rose" not in english
    assert "increase" not in english


def test_every_microdata_sentence_follows_the_interval_rule() -> None:
    report = report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))
    for row in report.rows:
        sentence = row_sentence(row, report, "sv")
        assert sentence is not None
        assert row.change.low is not None
        assert row.change.high is not None
        excludes_zero = row.change.low > 0 or row.change.high < 0
        called = " ökade " in sentence or " minskade " in sentence
        assert called == excludes_zero, sentence
    text = lines(report, "sv")
    assert any(
        line.startswith("Siffrorna är skattade från enkätsvaren") for line in text
    )


def test_other_groups_and_items_read_as_sentences() -> None:
    row = estimated_row(
        0.2, 0.5, 0.1, 0.5, group="Stockholms län", item="reason.resources"
    )
    assert row_sentence(row, report_of(row), "sv") == (
        "I gruppen Stockholms län ökade andelen organisationer som anger skälet "
        "”brist på resurser” från 20,0 till 50,0 procent, en ökning med 30,0 "
        "procentenheter (95 % konfidensintervall: 10,0 till 50,0 procentenheter)."
    )
    other = estimated_row(0.2, 0.2, -0.1, 0.1, group="all", item="q7")
    assert row_sentence(other, report_of(other), "en") == (
        "The share of all organisations that answer yes to “q7” was unchanged at "
        "20.0 percent (95 % confidence interval: -10.0 to +10.0 percentage "
        "points)."
    )


def test_a_figure_in_one_wave_only() -> None:
    row = ReportRow(
        group="municipality",
        item="channel.facebook",
        estimates=[
            Estimate(wave="2010", value=None, status=Status.NOT_PUBLISHED),
            Estimate(wave="2012", value=0.55, status=Status.PUBLISHED, decimals=0),
        ],
        changes=[Change(value=None, status=Status.NOT_PUBLISHED)],
    )
    assert row_sentence(row, report_of(row), "sv") == (
        "Andelen kommuner som använder Facebook var 55 procent 2012; för 2010 "
        "finns ingen uppgift."
    )


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_an_empty_report_says_so(lang: str) -> None:
    text = lines(report_of(), lang)
    assert text == [
        "The report contains no figures."
        if lang == "en"
        else "Rapporten innehåller inga siffror."
    ]
