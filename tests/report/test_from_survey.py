"""The report built from microdata."""

from __future__ import annotations

from pathlib import Path

import pytest

from skl_socialmedia.errors import UsageError
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Status
from skl_socialmedia.sources import load_survey
from skl_socialmedia.survey import Survey

PANEL = Path(__file__).parents[2] / "examples" / "data" / "synthetic_panel.csv"


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(PANEL)


def test_report_on_the_synthetic_panel(survey: Survey) -> None:
    report = report_from_survey(survey, items=["uses", "purpose.recruitment"])
    assert (report.before_wave, report.after_wave) == ("2010", "2012")
    assert report.grouping == "org_kind"
    assert report.confidence == 0.95
    assert [(r.group, r.item) for r in report] == [
        ("municipality", "uses"),
        ("municipality", "purpose.recruitment"),
        ("county_council", "uses"),
        ("county_council", "purpose.recruitment"),
    ]
    municipalities, _, councils, recruitment = report.rows
    # Calibrated to the published margins (shares of respondents).
    assert round(100 * municipalities.before.value) == 61
    assert round(100 * municipalities.after.value) == 76
    assert round(100 * councils.before.value) == 63
    assert round(100 * councils.after.value) == 87
    assert round(100 * recruitment.before.value) == 30
    assert round(100 * recruitment.after.value) == 69
    assert municipalities.before.status is Status.ESTIMATED
    assert municipalities.before.successes == 177
    assert municipalities.before.total == 290
    assert municipalities.change.paired is True
    assert municipalities.change.significant is True
    assert municipalities.change.method == "newcombe"
    assert municipalities.change.p_value < 0.001
    assert councils.change.paired is False
    assert councils.change.note is not None
    assert "14 organisations answered in both" in councils.change.note.en
    assert "14 organisationer svarade i båda" in councils.change.note.sv
    assert councils.before.low_base
    assert councils.after.low_base
    assert not municipalities.before.low_base


def test_report_options(survey: Survey) -> None:
    report = report_from_survey(
        survey,
        before="2010",
        after=2012,
        by=None,
        items=["channel.facebook"],
        among="uses",
        title="Facebook",
        source="synthetic",
    )
    assert len(report) == 1
    row = report.rows[0]
    assert (row.group, row.item, row.among) == ("all", "channel.facebook", "uses")
    assert report.title.en == "Facebook"
    assert str(report.source) == "synthetic"
    by_county = report_from_survey(survey, by="county", items=["uses"])
    assert len(by_county) == 21


def test_report_without_org_kind_uses_one_group() -> None:
    survey = Survey.from_columns(
        {"wave": [1, 1, 2, 2], "org_code": ["a", "b", "a", "b"], "uses": [1, 0, 1, 1]},
        register=None,
    )
    report = report_from_survey(survey)
    assert [r.group for r in report] == ["all"]
    assert any("org_kind" in note.en for note in report.notes)


def test_report_needs_two_waves() -> None:
    survey = Survey.from_columns(
        {"wave": [1], "org_code": ["a"], "uses": [1]}, register=None
    )
    with pytest.raises(UsageError, match="two waves"):
        report_from_survey(survey)
    two = Survey.from_columns(
        {"wave": [1, 2], "org_code": ["a", "a"], "uses": [1, ""]}, register=None
    )
    with pytest.raises(UsageError, match="itself"):
        report_from_survey(two, before=1, after=1)
    row = report_from_survey(two).rows[0]
    assert row.after.value is None
    assert row.after.note is not None
    assert row.after.note.en == "no answers in this wave"
    assert row.change.value is None
    assert row.change.significant is None


def test_report_renders_as_text(survey: Survey) -> None:
    text_format = pytest.importorskip("skl_socialmedia.formats.text")
    report = report_from_survey(survey, items=["uses"])
    text = text_format.render_text(report, lang="sv")
    assert "kommuner" in text
    assert "procentenheter" in text
