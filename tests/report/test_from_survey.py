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


def test_a_stratified_design_adds_the_whole_population_row(survey: Survey) -> None:
    from skl_socialmedia.survey import Design

    sizes = {"municipality": 400, "county_council": 30}
    design = survey.with_design(Design(strata="org_kind", population=sizes))
    report = report_from_survey(design, items=["uses"])
    assert [r.group for r in report] == ["municipality", "county_council", "all"]
    whole = report.rows[-1]
    # R: svymean(~uses, subset(design, wave == 2010)) on the stratified design
    expected = design.rate("uses", wave=2010)
    assert whole.before.value == pytest.approx(expected.value)
    assert whole.before.low == pytest.approx(expected.low)
    # each respondent weighs N_h / n_h, n_h the stratum's organisations in any
    # wave (R's long data): the strata in proportion to their populations
    by_kind = {r.group: r.before.value for r in report.rows[:2]}
    weights = {}
    for kind in sizes:
        part = survey.where(org_kind=kind)
        answered = part.rate("uses", wave=2010).total
        weights[kind] = sizes[kind] / len(part.organisations) * answered
    assert whole.before.value == pytest.approx(
        sum(weights[k] * by_kind[k] for k in sizes) / sum(weights.values())
    )
    pooled = survey.rate("uses", wave=2010).value
    assert whole.before.value != pytest.approx(pooled, abs=1e-6)
    assert any("whole population" in note.en for note in report.notes)
    # without strata there is no such row
    plain = report_from_survey(survey, items=["uses"])
    assert [r.group for r in plain] == ["municipality", "county_council"]
