"""Reports over any number of waves, and whom every row's figures are shares of."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from skl_socialmedia.errors import DataErrorGroup, InvalidArgumentError, UsageError
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import RowBase
from skl_socialmedia.sources import load_survey
from skl_socialmedia.survey import Design, Survey

PANEL = Path(__file__).parents[2] / "examples" / "data" / "synthetic_panel.csv"


def three_waves(weighted: bool = False) -> Survey:
    """120 organisations in 2010, 2012, 2014, routed as the questionnaire is."""
    rng = np.random.default_rng(13)
    n = 120
    columns: dict[str, list[object]] = {
        "wave": [], "org_code": [], "org_kind": [], "uses": [],
        "channel.facebook": [], "reason.resources": [], "weight": [],
    }  # fmt: skip
    for k, wave in enumerate((2010, 2012, 2014)):
        uses = rng.random(n) < 0.5 + 0.15 * k
        for i in range(n):
            columns["wave"].append(wave)
            columns["org_code"].append(f"o{i:03d}")
            columns["org_kind"].append("municipality" if i < 100 else "county_council")
            columns["uses"].append(float(uses[i]))
            facebook = float(rng.random() < 0.7) if uses[i] else np.nan
            reason = np.nan if uses[i] else float(rng.random() < 0.6)
            columns["channel.facebook"].append(facebook)
            columns["reason.resources"].append(reason)
            columns["weight"].append(1.0 + (i % 3))
    if not weighted:
        del columns["weight"]
    return Survey.from_columns(columns, register=None)


def test_every_wave_is_shown_with_the_first_to_last_change() -> None:
    report = report_from_survey(three_waves())
    assert report.waves == ("2010", "2012", "2014")
    assert (report.before_wave, report.after_wave) == ("2010", "2014")
    for row in report:
        assert [e.wave for e in row.estimates] == ["2010", "2012", "2014"]
        assert [(c.before_wave, c.after_wave) for c in row.changes] == [
            ("2010", "2014")
        ]
    consecutive = report_from_survey(three_waves(), changes="consecutive")
    for row in consecutive:
        assert [(c.before_wave, c.after_wave) for c in row.changes] == [
            ("2010", "2012"),
            ("2012", "2014"),
        ]
    two = report_from_survey(three_waves(), before=2012, after=2014)
    assert two.waves == ("2012", "2014")
    with pytest.raises(UsageError, match="changes must be"):
        report_from_survey(three_waves(), changes="all")


def test_rows_name_their_routed_base() -> None:
    survey = load_survey(PANEL)
    report = report_from_survey(survey, items=["uses", "channel.facebook"])
    bases = {row.item: row.base for row in report}
    assert bases["uses"] == RowBase("answered")
    assert bases["channel.facebook"] == RowBase("routed", "uses", True)
    facebook = next(r for r in report if r.item == "channel.facebook")
    # of the municipalities that use social media and answered
    users = survey.where(org_kind="municipality").rate("uses", wave=2010).successes
    assert facebook.before.n <= users
    reasons = report_from_survey(survey, items=["reason.resources"])
    assert reasons.rows[0].base == RowBase("routed", "uses", False)


def test_base_all_is_the_share_of_all_respondents() -> None:
    survey = load_survey(PANEL)
    routed = report_from_survey(survey, items=["channel.facebook"], by=None)
    everyone = report_from_survey(
        survey, items=["channel.facebook"], by=None, base="all"
    )
    assert everyone.rows[0].base == RowBase("all")
    # by hand: Facebook users over every respondent, non-users (not asked)
    # counted as no; a user that left Facebook blank is still item non-response
    uses = survey.column("uses")
    facebook = survey.column("channel.facebook")
    in_2010 = survey.column("wave") == "2010"
    yes = int(np.sum(in_2010 & (facebook == 1)))
    base = int(np.sum(in_2010 & ((uses == 0) | (facebook >= 0))))
    assert base < int(np.sum(in_2010 & (uses >= 0)))  # item non-response exists
    first = everyone.rows[0].before
    assert (first.successes, first.n) == (yes, base)
    assert routed.rows[0].before.successes == yes
    assert routed.rows[0].before.n < base


def test_answers_where_an_item_was_not_asked_are_reported(tmp_path: Path) -> None:
    text = PANEL.read_text(encoding="utf-8").splitlines()
    # a non-user (uses = 0) given a Facebook answer on its data line
    line = next(i for i, t in enumerate(text) if t.startswith("2010,0115,"))
    cells = text[line].split(",")
    cells[4] = "1"
    text[line] = ",".join(cells)
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataErrorGroup) as caught:
        load_survey(broken)
    message = str(caught.value)
    assert f"line {line + 1}" in message
    assert "'channel.facebook'" in message
    assert "asked only of organisations answering yes to uses" in message
    relaxed = load_survey(broken, routing={"channel.facebook": None})
    assert "channel.facebook" not in relaxed.routing


def test_a_weighted_report_says_so_and_the_description_is_kept() -> None:
    report = report_from_survey(three_waves(weighted=True))
    assert report.weighted
    assert any("Weighted estimates" in note.en for note in report.notes)
    assert not report_from_survey(three_waves()).weighted
    panel = report_from_survey(load_survey(PANEL))
    assert panel.description is not None
    assert "SYNTHETIC DATA" in panel.description.en


def test_a_stratified_design_keeps_its_whole_population_row_over_three_waves() -> None:
    survey = three_waves().with_design(
        Design(
            strata="org_kind", population={"municipality": 290, "county_council": 21}
        )
    )
    report = report_from_survey(survey, items=["uses"])
    assert [r.group for r in report] == ["municipality", "county_council", "all"]
    assert all(len(r.estimates) == 3 for r in report)


def test_the_notes_say_only_what_was_used() -> None:
    survey = load_survey(PANEL)
    independent = report_from_survey(survey, items=["uses"], paired=False)
    text = " ".join(note.en for note in independent.notes)
    assert "McNemar" not in text
    assert "independent" in text
    paired = report_from_survey(survey, items=["uses"], by=None)
    assert "McNemar" not in " ".join(n.en for n in paired.notes)  # an overlap only
    municipalities = report_from_survey(survey.where(org_kind="municipality"))
    assert "McNemar" in " ".join(n.en for n in municipalities.notes)


def test_w9_a_report_is_not_grouped_by_wave_and_items_are_not_repeated() -> None:
    survey = load_survey(PANEL)
    with pytest.raises(UsageError, match="cannot be grouped by wave"):
        report_from_survey(survey, by="wave")
    with pytest.raises(UsageError, match="cannot be grouped by wave"):
        report_from_survey(survey, by=["org_kind", "wave"])
    with pytest.raises(InvalidArgumentError, match="named twice"):
        report_from_survey(survey, items=["uses", "uses"])
