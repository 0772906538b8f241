"""The sentences format over more than two waves: trends, turns, each change."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from skl_socialmedia.formats.sentences import SentencesFormat, row_sentence
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Report,
    ReportRow,
    RowBase,
    Status,
)
from tests.report.test_waves_and_bases import three_waves

NBSP = "\u00a0"
WAVES = ("2010", "2012", "2014")


def change(before: str, after: str, value: float, low: float, high: float) -> Change:
    return Change(
        value=value,
        status=Status.ESTIMATED,
        low=low,
        high=high,
        significant=low > 0 or high < 0,
        before_wave=before,
        after_wave=after,
    )


def row_of(values: tuple[float, float, float], *changes: Change) -> ReportRow:
    return ReportRow(
        group="municipality",
        item="channel.facebook",
        estimates=[
            Estimate(wave=w, value=v, status=Status.ESTIMATED, n=100)
            for w, v in zip(WAVES, values, strict=True)
        ],
        changes=changes,
        base=RowBase("routed", "uses"),
    )


def report_of(row: ReportRow) -> Report:
    return Report(
        title="t",
        source="",
        before_wave="2010",
        after_wave="2014",
        rows=[row],
        confidence=0.95,
        waves=WAVES,
    )


def sentence(row: ReportRow, lang: str = "en") -> str:
    text = row_sentence(row, report_of(row), "sv" if lang == "sv" else "en")
    assert text is not None
    return text


def test_the_first_to_last_change_and_where_the_trend_turned() -> None:
    row = row_of((0.50, 0.75, 0.70), change("2010", "2014", 0.20, 0.05, 0.35))
    assert sentence(row) == (
        "Among the 100 municipalities that use social media, the share using "
        "Facebook rose from 50 to 70 per cent between 2010 and 2014, an increase "
        "of 20 percentage points (95 % confidence interval: 5 to 35 percentage "
        "points). The share did not move in one direction: it was higher in 2012 "
        "(75 per cent) than in 2014 (70 per cent)."
    )
    assert sentence(row, "sv") == (
        "Bland de 100 kommuner som använder sociala medier ökade andelen som "
        f"använder Facebook från 50 till 70{NBSP}procent mellan 2010 och 2014, en "
        f"ökning med 20{NBSP}procentenheter (95{NBSP}% konfidensintervall: 5 till "
        f"35{NBSP}procentenheter). Andelen rörde sig inte i en riktning: den var "
        f"högre 2012 (75{NBSP}procent) än 2014 (70{NBSP}procent)."
    )


def test_a_fall_that_turned_and_a_steady_rise() -> None:
    fell = row_of((0.70, 0.40, 0.50), change("2010", "2014", -0.20, -0.35, -0.05))
    assert sentence(fell).endswith(
        "The share did not move in one direction: it was lower in 2012 "
        "(40 per cent) than in 2014 (50 per cent)."
    )
    assert "fell from 70 to 50 per cent between 2010 and 2014" in sentence(fell)
    steady = row_of((0.50, 0.60, 0.70), change("2010", "2014", 0.20, 0.05, 0.35))
    assert "one direction" not in sentence(steady)
    assert "2012" not in sentence(steady).replace("in 2010 and 2014", "")


def test_an_unchanged_share_that_moved_in_between() -> None:
    row = row_of((0.20, 0.30, 0.20), change("2010", "2014", 0.0, -0.1, 0.1))
    assert sentence(row).endswith(
        "was unchanged at 20 per cent between 2010 and 2014 (95 % confidence "
        "interval: -10 to +10 percentage points). In between, the share was 30 "
        "per cent in 2012."
    )
    assert sentence(row, "sv").endswith(f"Däremellan var andelen 30{NBSP}procent 2012.")


def test_consecutive_changes_give_one_statement_each() -> None:
    row = row_of(
        (0.50, 0.75, 0.70),
        change("2010", "2012", 0.25, 0.10, 0.40),
        change("2012", "2014", -0.05, -0.15, 0.05),
    )
    assert sentence(row) == (
        "Among the 100 municipalities that use social media, the share using "
        "Facebook rose from 50 to 75 per cent between 2010 and 2012, an increase "
        "of 25 percentage points (95 % confidence interval: 10 to 40 percentage "
        "points). Between 2012 and 2014, it went from 75 to 70 per cent, but the "
        "change is not statistically significant (95 % confidence interval: -15 "
        "to +5 percentage points)."
    )
    swedish = sentence(row, "sv")
    assert (
        f"Mellan 2012 och 2014 gick den från 75 till 70{NBSP}procent, men "
        "förändringen är inte statistiskt säkerställd"
    ) in swedish
    assert "minskade" not in swedish
    assert "one direction" not in sentence(row)


def counts(survey_kind: str, item: str, uses: int) -> list[int]:
    """Per wave: organisations of a kind answering ``uses`` and ``item``."""
    survey = three_waves()
    wave = survey.column("wave")
    kind = survey.column("org_kind") == survey_kind
    asked = survey.column("uses") == uses
    answered = survey.column(item) >= 0
    return [int(np.sum((wave == w) & kind & asked & answered)) for w in WAVES]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_three_waves_from_microdata(lang: str) -> None:
    report = report_from_survey(three_waves())
    text = SentencesFormat().render(report, lang=lang).splitlines()
    n = counts("municipality", "channel.facebook", 1)
    if lang == "en":
        expected = f"({n[0]} in 2010, {n[1]} in 2012 and {n[2]} in 2014)"
        span, turned = "between 2010 and 2014", "did not move in one direction"
    else:
        expected = f"({n[0]} år 2010, {n[1]} år 2012 och {n[2]} år 2014)"
        span, turned = "mellan 2010 och 2014", "rörde sig inte i en riktning"
    index = next(
        i
        for i, r in enumerate(report.rows)
        if (r.group, r.item) == ("municipality", "channel.facebook")
    )
    assert expected in text[index]
    for row, line in zip(report.rows, text, strict=False):
        assert span in line
        shown = [math.floor(100 * (e.value or 0) + 0.5) for e in row.estimates]
        overall = shown[-1] - shown[0]
        steps = [b - a for a, b in itertools.pairwise(shown)]
        reversed_ = overall != 0 and any(s * overall < 0 for s in steps)
        assert (turned in line) == reversed_, (shown, line)
    assert any(turned in line for line in text)  # the data have a turn
    closing = "2010, 2012 and 2014" if lang == "en" else "2010, 2012 och 2014"
    assert any(closing in line for line in text)


def test_three_waves_with_consecutive_changes() -> None:
    report = report_from_survey(three_waves(), changes="consecutive")
    text = SentencesFormat().render(report, lang="sv").splitlines()
    for row, line in zip(report.rows, text, strict=False):
        assert line.count("mellan 2010 och 2012") == 1
        assert line.count("Mellan 2012 och 2014 ") == 1
        first, _, second = line.partition("Mellan 2012 och 2014 ")
        for part, step in ((first, row.changes[0]), (second, row.changes[1])):
            assert step.low is not None
            assert step.high is not None
            called = "ökade" in part or "minskade" in part
            assert called == (step.low > 0 or step.high < 0), part


def test_a_weighted_three_wave_report_says_it_is_weighted() -> None:
    report = report_from_survey(three_waves(weighted=True))
    english = SentencesFormat().render(report, lang="en")
    assert "The figures are weighted; the number in each base is the unweighted" in (
        english
    )
    assert "Siffrorna är viktade;" in SentencesFormat().render(report, lang="sv")
