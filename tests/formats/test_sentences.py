"""The sentences format: findings a communicator can paste into a press release."""

from __future__ import annotations

import csv
from pathlib import Path

import attrs
import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.formats._common import PressOptions
from skl_socialmedia.formats.sentences import (
    SentencesFormat,
    render_sentences,
    row_sentence,
)
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Finding,
    Report,
    ReportRow,
    RowBase,
    Status,
)
from skl_socialmedia.sources import load_survey

ROOT = Path(__file__).resolve().parents[2]
PANEL = ROOT / "examples" / "data" / "synthetic_panel.csv"
NBSP = "\u00a0"
MINUS = "\u2212"


def lines(report: Report, lang: str, **options: object) -> list[str]:
    text = SentencesFormat().render(report, lang=lang, **options)
    assert isinstance(text, str)
    return text.splitlines()


def panel_rows() -> list[dict[str, str]]:
    """The synthetic panel's data lines, read without the library."""
    text = PANEL.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in text if not line.startswith("#")))


def count(wave: str, kind: str, uses: str, item: str) -> int:
    """Organisations of ``kind`` in ``wave`` answering ``uses`` and ``item``."""
    return sum(
        1
        for r in panel_rows()
        if r["wave"] == wave
        and r["org_kind"] == kind
        and r["uses"] == uses
        and r[item] != ""
    )


ANSWERED = RowBase("answered")


def estimated_row(
    before: float,
    after: float,
    low: float,
    high: float,
    *,
    group: str = "municipality",
    item: str = "uses",
    low_base: bool = False,
    base: RowBase = ANSWERED,
    n: tuple[int | None, int | None] = (None, None),
) -> ReportRow:
    return ReportRow(
        group=group,
        item=item,
        estimates=[
            Estimate(wave="2010", value=before, status=Status.ESTIMATED, n=n[0]),
            Estimate(
                wave="2012",
                value=after,
                status=Status.ESTIMATED,
                low_base=low_base,
                n=n[1],
            ),
        ],
        changes=[
            Change(
                value=after - before,
                low=low,
                high=high,
                status=Status.ESTIMATED,
                significant=low > 0 or high < 0,
                before_wave="2010",
                after_wave="2012",
            )
        ],
        base=base,
    )


def report_of(*rows: ReportRow, **fields: object) -> Report:
    return Report(
        title="t",
        source=str(fields.pop("source", "")),
        before_wave="2010",
        after_wave="2012",
        rows=rows,
        confidence=0.95,
        **fields,  # type: ignore[arg-type]
    )


ONE_DECIMAL = PressOptions(decimals=1)


# --- every sentence names its base ------------------------------------------


@pytest.fixture(scope="module")
def panel() -> Report:
    items = ["uses", "channel.facebook", "purpose.recruitment", "reason.resources"]
    return report_from_survey(load_survey(PANEL), items=items)


def sentence_of(report: Report, group: str, item: str, lang: str) -> str:
    row = next(r for r in report if r.group == group and r.item == item)
    sentence = row_sentence(row, report, "sv" if lang == "sv" else "en")
    assert sentence is not None
    return sentence


def test_the_panel_sentences_name_their_base_in_english(panel: Report) -> None:
    uses = sentence_of(panel, "municipality", "uses", "en")
    municipalities = sum(
        1
        for r in panel_rows()
        if r["wave"] == "2010" and r["org_kind"] == "municipality"
    )
    assert municipalities == 290
    assert uses.startswith(
        f"Of the {municipalities} municipalities that answered, the share using "
        "social media rose from 61 to 76 per cent between 2010 and 2012"
    )
    facebook = sentence_of(panel, "municipality", "channel.facebook", "en")
    n = (
        count("2010", "municipality", "1", "channel.facebook"),
        count("2012", "municipality", "1", "channel.facebook"),
    )
    assert n == (171, 212)
    assert facebook.startswith(
        f"Among the municipalities that use social media ({n[0]} in 2010 and "
        f"{n[1]} in 2012), the share using Facebook rose from 83 to 89 per cent "
        "between 2010 and 2012, an increase of 6 percentage points"
    )
    recruitment = sentence_of(panel, "municipality", "purpose.recruitment", "en")
    m = (
        count("2010", "municipality", "1", "purpose.recruitment"),
        count("2012", "municipality", "1", "purpose.recruitment"),
    )
    assert recruitment.startswith(
        f"Among the municipalities that use social media ({m[0]} in 2010 and "
        f"{m[1]} in 2012), the share using social media for recruitment rose from "
        "23 to 38 per cent"
    )
    reason = sentence_of(panel, "municipality", "reason.resources", "en")
    k = (
        count("2010", "municipality", "0", "reason.resources"),
        count("2012", "municipality", "0", "reason.resources"),
    )
    assert reason.startswith(
        f"Among the municipalities that do not use social media ({k[0]} in 2010 "
        f"and {k[1]} in 2012), the share giving the reason “lack of resources” "
        "went from 63 to 67 per cent between 2010 and 2012, but the change is not "
        "statistically significant"
    )


def test_the_panel_sentences_name_their_base_in_swedish(panel: Report) -> None:
    n = (
        count("2010", "municipality", "1", "channel.facebook"),
        count("2012", "municipality", "1", "channel.facebook"),
    )
    facebook = sentence_of(panel, "municipality", "channel.facebook", "sv")
    assert facebook.startswith(
        f"Bland de kommuner som använder sociala medier ({n[0]} år 2010 och "
        f"{n[1]} år 2012) ökade andelen som använder Facebook från 83 till "
        f"89{NBSP}procent mellan 2010 och 2012, en ökning med 6{NBSP}procentenheter "
        f"(95{NBSP}% konfidensintervall: 1 till 12{NBSP}procentenheter)"
    )
    m = (
        count("2010", "municipality", "1", "purpose.recruitment"),
        count("2012", "municipality", "1", "purpose.recruitment"),
    )
    recruitment = sentence_of(panel, "municipality", "purpose.recruitment", "sv")
    assert recruitment.startswith(
        f"Bland de kommuner som använder sociala medier ({m[0]} år 2010 och "
        f"{m[1]} år 2012) ökade andelen som använder sociala medier för rekrytering"
    )
    k = (
        count("2010", "county_council", "0", "reason.resources"),
        count("2012", "county_council", "0", "reason.resources"),
    )
    reason = sentence_of(panel, "county_council", "reason.resources", "sv")
    assert reason.startswith(
        f"Bland de landsting som inte använder sociala medier ({k[0]} år 2010 och "
        f"{k[1]} år 2012) gick andelen som anger skälet ”brist på resurser” från "
    )
    assert f"konfidensintervall: {MINUS}" in reason
    uses = sentence_of(panel, "municipality", "uses", "sv")
    assert uses.startswith("Bland de 290 kommuner som svarade ökade andelen som ")


def test_one_base_size_is_given_once_when_it_is_the_same_in_every_wave() -> None:
    row = estimated_row(
        0.5, 0.6, 0.02, 0.18, base=RowBase("routed", "uses"), n=(171, 171)
    )
    assert row_sentence(row, report_of(row), "en") == (
        "Among the 171 municipalities that use social media, the share using "
        "social media rose from 50 to 60 per cent between 2010 and 2012, an "
        "increase of 10 percentage points (95 % confidence interval: 2 to 18 "
        "percentage points)."
    )
    assert row_sentence(row, report_of(row), "sv") == (
        "Bland de 171 kommuner som använder sociala medier ökade andelen som "
        f"använder sociala medier från 50 till 60{NBSP}procent mellan 2010 och "
        f"2012, en ökning med 10{NBSP}procentenheter (95{NBSP}% "
        f"konfidensintervall: 2 till 18{NBSP}procentenheter)."
    )


def test_base_all_gives_the_share_of_all_respondents() -> None:
    survey = load_survey(PANEL)
    report = report_from_survey(survey, items=["channel.facebook"], base="all")
    row = next(r for r in report if r.group == "municipality")
    # Written out: in 2010, 142 municipalities used Facebook, of 284 that said
    # whether they did (the 119 non-users count as no; 6 users left it blank).
    yes, everyone = 142, 284
    data = [r for r in panel_rows() if r["wave"] == "2010"]
    data = [r for r in data if r["org_kind"] == "municipality"]
    assert yes == sum(1 for r in data if r["channel.facebook"] == "1")
    assert everyone == sum(
        1 for r in data if r["uses"] == "0" or r["channel.facebook"] != ""
    )
    english = row_sentence(row, report, "en")
    assert english is not None
    assert english.startswith(
        f"Of all responding municipalities ({everyone} in 2010 and "
        f"{row.after.n} in 2012), the share using Facebook rose from "
        f"{round(100 * yes / everyone)} to 67 per cent between 2010 and 2012"
    )
    swedish = row_sentence(row, report, "sv")
    assert swedish is not None
    assert swedish.startswith(
        f"Bland samtliga svarande kommuner ({everyone} år 2010 och "
        f"{row.after.n} år 2012) ökade andelen som använder Facebook från 50 till "
    )


def test_published_figures_name_their_base_as_published() -> None:
    report = report_from_published(embedded_figures())
    swedish = lines(report, "sv")
    assert swedish[0] == (
        "Bland de svarande kommunerna (baserna ej publicerade) ökade andelen som "
        f"använder sociala medier från 61 till 76{NBSP}procent mellan 2010 och "
        f"2012, en ökning med 15{NBSP}procentenheter."
    )
    assert swedish[1].startswith("Bland de svarande landstingen (baserna ej ")
    # the computed 2010 total takes the published precision: no "61,1" by "77"
    assert swedish[2] == (
        "Bland de svarande organisationerna (baserna ej publicerade) ökade "
        f"andelen som använder sociala medier från 61 till 77{NBSP}procent mellan "
        f"2010 och 2012, en ökning med 16{NBSP}procentenheter."
    )
    english = lines(report, "en")
    assert english[0] == (
        "Of the responding municipalities (bases not published), the share using "
        "social media rose from 61 to 76 per cent between 2010 and 2012, an "
        "increase of 15 percentage points."
    )
    assert any(
        line.startswith("The figures for 2010 and 2012 are published shares")
        for line in english
    )
    assert swedish[-1].startswith("Källa: SKL:s")


# --- the interval rule ------------------------------------------------------


def test_an_increase_whose_interval_excludes_zero() -> None:
    row = estimated_row(0.61034, 0.75862, 0.10141, 0.19459)
    report = report_of(row)
    assert row_sentence(row, report, "sv", ONE_DECIMAL) == (
        "Bland de kommuner som svarade ökade andelen som använder sociala medier "
        f"från 61,0 till 75,9{NBSP}procent mellan 2010 och 2012, en ökning med "
        f"14,8{NBSP}procentenheter (95{NBSP}% konfidensintervall: 10,1 till "
        f"19,5{NBSP}procentenheter)."
    )
    assert row_sentence(row, report, "en") == (
        "Of the municipalities that answered, the share using social media rose "
        "from 61 to 76 per cent between 2010 and 2012, an increase of 15 "
        "percentage points (95 % confidence interval: 10 to 19 percentage points)."
    )


def test_a_decrease_gives_the_size_of_the_decrease() -> None:
    row = estimated_row(0.40, 0.30, -0.17, -0.03, group="county_council")
    assert row_sentence(row, report_of(row), "sv") == (
        "Bland de landsting som svarade minskade andelen som använder sociala "
        f"medier från 40 till 30{NBSP}procent mellan 2010 och 2012, en minskning "
        f"med 10{NBSP}procentenheter (95{NBSP}% konfidensintervall: 3 till "
        f"17{NBSP}procentenheter)."
    )
    english = row_sentence(row, report_of(row), "en")
    assert english is not None
    assert "fell from 40 to 30 per cent between 2010 and 2012, a decrease of 10 " in (
        english
    )


def test_a_change_whose_interval_includes_zero_is_not_called_a_change() -> None:
    row = estimated_row(0.632, 0.867, -0.068, 0.476, low_base=True)
    swedish = row_sentence(row, report_of(row), "sv", ONE_DECIMAL)
    assert swedish == (
        "Bland de kommuner som svarade gick andelen som använder sociala medier "
        f"från 63,2 till 86,7{NBSP}procent mellan 2010 och 2012, men förändringen "
        f"är inte statistiskt säkerställd (95{NBSP}% konfidensintervall: "
        f"{MINUS}6,8 till +47,6{NBSP}procentenheter). Underlaget är litet, så "
        "siffrorna ska tolkas med försiktighet."
    )
    english = row_sentence(row, report_of(row), "en")
    assert english is not None
    assert "but the change is not statistically significant" in english
    assert "rose" not in english
    assert "increase" not in english


def test_every_microdata_sentence_follows_the_interval_rule() -> None:
    report = report_from_survey(load_survey(PANEL))
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
        0.2,
        0.5,
        0.1,
        0.5,
        group="Stockholms län",
        item="reason.resources",
        base=RowBase("routed", "uses", False),
        n=(40, 40),
    )
    assert row_sentence(row, report_of(row), "sv") == (
        "I gruppen Stockholms län, bland de 40 organisationer som inte använder "
        "sociala medier, ökade andelen som anger skälet ”brist på resurser” från "
        f"20 till 50{NBSP}procent mellan 2010 och 2012, en ökning med "
        f"30{NBSP}procentenheter (95{NBSP}% konfidensintervall: 10 till "
        f"50{NBSP}procentenheter)."
    )
    assert row_sentence(row, report_of(row), "en") == (
        "In the group Stockholms län, among the 40 organisations that do not use "
        "social media, the share giving the reason “lack of resources” rose from "
        "20 to 50 per cent between 2010 and 2012, an increase of 30 percentage "
        "points (95 % confidence interval: 10 to 50 percentage points)."
    )
    other = estimated_row(0.2, 0.2, -0.1, 0.1, group="all", item="q7")
    assert row_sentence(other, report_of(other), "en") == (
        "Of the organisations that answered, the share answering yes to “q7” was "
        "unchanged at 20 per cent between 2010 and 2012 (95 % confidence "
        "interval: -10 to +10 percentage points)."
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
        base=RowBase("published"),
    )
    assert row_sentence(row, report_of(row), "sv") == (
        "Bland de svarande kommunerna (baserna ej publicerade) var andelen som "
        f"använder Facebook 55{NBSP}procent 2012; för 2010 finns ingen uppgift."
    )


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_an_empty_report_says_so(lang: str) -> None:
    text = lines(report_of(), lang)
    assert text == [
        "The report contains no figures."
        if lang == "en"
        else "Rapporten innehåller inga siffror."
    ]


# --- press options ----------------------------------------------------------


def test_an_unknown_option_is_refused() -> None:
    report = report_from_published(embedded_figures())
    with pytest.raises(InvalidArgumentError, match="sentences format takes no"):
        SentencesFormat().render(report, width=80)
    with pytest.raises(InvalidArgumentError, match="decimals"):
        SentencesFormat().render(report, decimals=7)
    with pytest.raises(InvalidArgumentError, match="intervals"):
        render_sentences(report, "en", intervals="sometimes")


def test_decimals_are_whole_by_default_and_published_ones_keep_theirs() -> None:
    row = estimated_row(0.61034, 0.75862, 0.10141, 0.19459)
    report = report_of(row)
    assert "from 61 to 76 per cent" in lines(report, "en")[0]
    assert "from 61.0 to 75.9 per cent" in lines(report, "en", decimals=1)[0]
    assert "from 61.03 to 75.86 per cent" in lines(report, "en", decimals="2")[0]
    published = report_from_published(embedded_figures())
    two = lines(published, "sv", decimals=2)
    # published figures keep their precision; the computed total takes N
    assert f"från 61 till 76{NBSP}procent" in two[0]
    assert f"från 61,13 till 77{NBSP}procent" in two[2]


def test_intervals_can_be_left_out() -> None:
    row = estimated_row(0.632, 0.867, -0.068, 0.476)
    report = report_of(row, row)
    without = lines(report, "sv", intervals=False)
    assert "konfidensintervall:" not in without[0]
    assert without[0].endswith(
        "mellan 2010 och 2012, men förändringen är inte statistiskt säkerställd."
    )
    assert "konfidensintervall:" in lines(report, "sv")[0]


def test_only_significant_keeps_the_rows_with_a_significant_change() -> None:
    kept = estimated_row(0.40, 0.60, 0.05, 0.35)
    dropped = estimated_row(0.40, 0.45, -0.05, 0.15, group="county_council")
    report = report_of(kept, dropped)
    assert len([s for s in lines(report, "en") if s.startswith("Of the")]) == 2
    only = lines(report, "en", only_significant=True)
    assert [s for s in only if s.startswith("Of the")] == [
        row_sentence(kept, report, "en")
    ]
    none = lines(report_of(dropped), "sv", only_significant="yes")
    assert none[0] == "Ingen förändring i rapporten är statistiskt säkerställd."
    published = lines(
        report_from_published(embedded_figures()), "en", only_significant=True
    )
    assert published[0].startswith("No change in the report can be tested")


def test_swedish_typography() -> None:
    row = estimated_row(0.40, 0.30, -0.17, -0.03)
    wide = estimated_row(0.30, 0.25, -0.12, 0.02)
    text = "\n".join(lines(report_of(row, wide), "sv"))
    assert f"30{NBSP}procent" in text
    assert f"10{NBSP}procentenheter" in text
    assert f"95{NBSP}% konfidensintervall" in text
    assert f"{MINUS}12 till +2{NBSP}procentenheter" in text
    assert " procentenheter" not in text
    assert "-" not in text
    english = "\n".join(lines(report_of(row, wide), "en"))
    assert NBSP not in english
    assert MINUS not in english


# --- what the source says, and where the figures come from ------------------


def test_findings_are_marked_as_the_sources_words() -> None:
    report = report_from_published(embedded_figures())
    english = lines(report, "en")
    stated = [s for s in english if s.startswith("The source states: ")]
    assert len(stated) == 1
    assert "Facebook is the most common channel." in stated[0]
    assert not any("SKL press text states" in s for s in english)
    swedish = lines(report, "sv")
    assert any(
        s.startswith("Källan konstaterar: Facebook är den vanligaste kanalen.")
        for s in swedish
    )
    # after the sentences, before the notes
    assert english.index(stated[0]) > 3
    row = estimated_row(0.4, 0.6, 0.05, 0.35)
    invented = report_of(row, findings=[Finding("Use grew.")])
    assert "The source states: Use grew." in lines(invented, "en")


def test_the_description_is_on_the_source_line() -> None:
    panel = report_from_survey(load_survey(PANEL), items=["uses"])
    report = attrs.evolve(panel, source="examples/data/synthetic_panel.csv")
    for lang, label in (("en", "Source: "), ("sv", "Källa: ")):
        last = lines(report, lang)[-1]
        assert last.startswith(f"{label}examples/data/synthetic_panel.csv — ")
        assert "SYNTHETIC DATA - not real survey responses" in last
        assert "SYNTHETIC DATA" in lines(panel, lang)[-1]
    row = estimated_row(0.4, 0.6, 0.05, 0.35)
    only_description = report_of(row, description="Made up.")
    assert lines(only_description, "en")[-1] == "Source: Made up."


def test_a_weighted_report_says_its_figures_are_weighted() -> None:
    row = estimated_row(0.4, 0.6, 0.05, 0.35, n=(10, 12))
    weighted = lines(report_of(row, weighted=True), "en")
    assert any(s.startswith("The figures are weighted; ") for s in weighted)
    assert any(
        s.startswith("Siffrorna är viktade; ")
        for s in lines(report_of(row, weighted=True), "sv")
    )
    plain = lines(report_of(row), "en")
    assert not any("weighted" in s for s in plain)
    assert any(s.startswith("The number in each base counts") for s in plain)
