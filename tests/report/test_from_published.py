"""The main job: the report of the embedded figures, in English and Swedish."""

from __future__ import annotations

import re

import pytest

from skl_socialmedia.errors import UsageError
from skl_socialmedia.formats.text import render_text
from skl_socialmedia.published import embedded_figures
from skl_socialmedia.report import Report, Status
from skl_socialmedia.report.from_published import report_from_published


@pytest.fixture(scope="module")
def report() -> Report:
    return report_from_published(embedded_figures())


def _row(report: Report, group: str, item: str = "uses") -> tuple[object, ...]:
    (row,) = [r for r in report if (r.group, r.item) == (group, item)]
    return row  # type: ignore[return-value]


def test_rows_and_numbers(report: Report) -> None:
    assert (report.before_wave, report.after_wave) == ("2010", "2012")
    assert [(r.group, r.item) for r in report] == [
        ("municipality", "uses"),
        ("county_council", "uses"),
        ("all", "uses"),
        ("county_council", "purpose.recruitment"),
    ]
    expected = {
        ("municipality", "uses"): (0.61, 0.76, 0.15),
        ("county_council", "uses"): (0.63, 0.87, 0.24),
        ("county_council", "purpose.recruitment"): (0.30, 0.69, 0.39),
    }
    for row in report:
        if (row.group, row.item) in expected:
            before, after, change = expected[(row.group, row.item)]
            assert row.before.value == pytest.approx(before)
            assert row.after.value == pytest.approx(after)
            assert row.change.value == pytest.approx(change)
            assert row.before.status is Status.PUBLISHED
            assert row.after.status is Status.PUBLISHED
            assert row.change.status is Status.COMPUTED
            assert row.before.low is None  # no bases, no interval


def test_combined_2010_is_computed_from_strata_weighted_by_population(
    report: Report,
) -> None:
    row = next(r for r in report if r.group == "all")
    # (290 * 61 % + 20 * 63 %) / 310 = 61.129 %
    assert row.before.value == pytest.approx((290 * 0.61 + 20 * 0.63) / 310)
    assert row.before.status is Status.COMPUTED
    assert row.after.value == pytest.approx(0.77)
    assert row.after.status is Status.PUBLISHED
    assert row.change.value == pytest.approx(0.77 - (290 * 0.61 + 20 * 0.63) / 310)


def test_english_text(report: Report) -> None:
    text = render_text(report, "en")
    lines = text.splitlines()
    municipality = next(line for line in lines if line.startswith("municipalities"))
    assert "61 %" in municipality
    assert "76 %" in municipality
    assert "+15 pp" in municipality
    assert "2010, 2012 published; change computed" in municipality
    councils = next(
        line
        for line in lines
        if re.match(r"county councils +use social media +6", line) is not None
    )
    assert "63 %" in councils
    assert "87 %" in councils
    assert "+24 pp" in councils
    combined = next(line for line in lines if line.startswith("all organisations"))
    # computed among published whole percents: whole percent too, and marked
    assert "61 %" in combined
    assert "77 %" in combined
    assert "+16 pp" in combined
    assert "2010 computed" in combined
    assert "2012 published" in combined
    recruitment = next(line for line in lines if "recruitment" in line)
    assert "30 %" in recruitment
    assert "69 %" in recruitment
    assert "+39 pp" in recruitment
    assert "Source: The SKL press text" in text


def test_swedish_text(report: Report) -> None:
    text = render_text(report, "sv")
    lines = text.splitlines()
    assert lines[0] == "Sociala medier i kommuner och landsting 2010 och 2012"
    municipality = next(line for line in lines if line.startswith("kommuner"))
    assert "61\u00a0%" in municipality  # a no-break space, as Swedish typography
    assert "+15\u00a0procentenheter" in municipality
    assert "publicerad" in municipality
    combined = next(line for line in lines if line.startswith("samtliga"))
    assert "61\u00a0%" in combined
    assert "+16\u00a0procentenheter" in combined
    assert "beräknad" in combined
    assert "rekrytering" in text
    assert "+39\u00a0procentenheter" in text
    assert "Källa: SKL:s presstext" in text
    assert "." not in combined.split("  ")[2]  # decimal comma, not point


def test_unknown_language(report: Report) -> None:
    with pytest.raises(LookupError, match="language"):
        render_text(report, "de")


def test_waves_must_differ() -> None:
    with pytest.raises(UsageError, match="itself"):
        report_from_published(embedded_figures(), before=2012, after="2012")
