"""The HTML page's dumbbell charts (inline SVG, no plotting library).

Every wave is drawn, the legend says what bold means, the source line with
the report's description is on every chart, and a report of hundreds of
groups is charted for its first rows only, saying so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.formats._common import PressOptions
from skl_socialmedia.formats.dumbbell_svg import (
    CHART_ROWS,
    chart_note,
    dumbbell_svg,
    groups,
)
from skl_socialmedia.formats.html import HtmlFormat
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Report
from skl_socialmedia.sources import load_survey
from tests.report.test_waves_and_bases import three_waves

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def panel_report() -> Report:
    return report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))


def many_rows(count: int) -> Report:
    """A report of ``count`` rows: the embedded report's rows, renamed."""
    report = report_from_published(embedded_figures())
    rows = [
        attrs.evolve(report.rows[i % len(report.rows)], group=f"g{i // 3}")
        for i in range(count)
    ]
    return attrs.evolve(report, rows=rows)


def charts(report: Report, lang: Language = "en") -> list[ET.Element]:
    return [
        ET.fromstring(dumbbell_svg(report, group, rows, lang))
        for group, rows in groups(report)
    ]


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def all_text(element: ET.Element) -> str:
    return "".join(element.itertext())


def test_every_wave_has_a_mark_in_every_row() -> None:
    report = report_from_survey(three_waves())
    assert report.waves == ("2010", "2012", "2014")
    roots = charts(report)
    assert roots
    for (_, rows), root in zip(groups(report), roots, strict=True):
        marks = with_class(root, "mark")
        assert len(marks) == 3 * len(rows)
        for wave in range(3):
            assert len(with_class(root, f"wave-{wave}")) == len(rows)
        # the middle wave is told apart by shape and named in the legend
        assert {m.tag for m in with_class(root, "wave-1")} == {f"{SVG}rect"}
        legend = [t.text for t in root.iter(f"{SVG}text")]
        assert {"2010", "2012", "2014"} <= set(legend)


def test_each_change_is_labelled_with_its_waves() -> None:
    report = report_from_survey(three_waves(), changes="consecutive")
    root = charts(report)[0]
    rows = groups(report)[0][1]
    changes = with_class(root, "change")
    assert len(changes) == 2 * len(rows)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2010–2012" in texts
    assert "2012–2014" in texts
    first_last = charts(report_from_survey(three_waves()))[0]
    assert "2010–2014" in [t.text for t in first_last.iter(f"{SVG}text")]
    assert len(with_class(first_last, "change")) == len(rows)


def test_published_figures_are_dots_only() -> None:
    report = report_from_published(embedded_figures())
    for root in charts(report):
        intervals = [
            line
            for line in root.iter(f"{SVG}line")
            if line.get("stroke-opacity") == "0.55"
        ]
        assert intervals == []
        assert with_class(root, "mark")
        assert with_class(root, "bold-key") == []  # nothing can be bold


def test_the_bold_legend_in_english_and_swedish() -> None:
    report = panel_report()
    keys: list[tuple[Language, str]] = [
        ("en", "bold: the interval of the change excludes zero"),
        ("sv", "fetstil: förändringens intervall utesluter noll"),
    ]
    for lang, expected in keys:
        for root in charts(report, lang):
            (key,) = with_class(root, "bold-key")
            assert all_text(key) == expected
            (word,) = key.iter(f"{SVG}tspan")
            assert word.get("font-weight") == "bold"
    svg = dumbbell_svg(report, *groups(report)[0], "en")
    assert 'font-weight="bold">+14.8</text>' in svg


@pytest.mark.parametrize(("lang", "word"), [("en", "Source"), ("sv", "Källa")])
def test_the_source_line_carries_the_description(lang: Language, word: str) -> None:
    report = attrs.evolve(
        panel_report(), source="The test source <b>", description="SYNTHETIC DATA"
    )
    for root in charts(report, lang):
        source = " ".join(all_text(t) for t in with_class(root, "source"))
        assert source == f"{word}: The test source <b> — SYNTHETIC DATA"
    real = panel_report()
    assert real.description is not None
    root = charts(real, lang)[0]
    assert "SYNTHETIC DATA - not real survey responses" in " ".join(
        all_text(t) for t in with_class(root, "source")
    )


def test_hostile_source_and_description_are_escaped() -> None:
    report = attrs.evolve(
        report_from_survey(three_waves()),
        source="<script>x()</script>",
        description='"><script>y()</script>',
    )
    for group, rows in groups(report):
        svg = dumbbell_svg(report, group, rows)
        assert "<script" not in svg
        ET.fromstring(svg)


def test_press_options_reach_the_chart() -> None:
    report = panel_report()
    group, rows = groups(report)[0]
    plain = dumbbell_svg(report, group, rows, press=PressOptions(intervals=False))
    assert 'stroke-opacity="0.55"' not in plain
    assert 'stroke-opacity="0.55"' in dumbbell_svg(report, group, rows)
    whole = dumbbell_svg(report, group, rows, press=PressOptions(decimals=0))
    assert 'font-weight="bold">+15</text>' in whole
    significant = PressOptions(only_significant=True)
    shown = sum(len(rows) for _, rows in groups(report, press=significant))
    assert 0 < shown < len(report.rows)


def test_many_rows_are_charted_up_to_the_limit_and_the_page_says_so() -> None:
    report = many_rows(CHART_ROWS + 7)
    charted = groups(report)
    assert sum(len(rows) for _, rows in charted) == CHART_ROWS
    assert sum(len(rows) for _, rows in groups(report, limit=None)) == CHART_ROWS + 7
    note = chart_note(report, "en")
    assert note is not None
    assert f"first {CHART_ROWS} of {CHART_ROWS + 7} rows" in note
    assert chart_note(many_rows(CHART_ROWS), "en") is None
    assert "av 47 raderna" in (chart_note(report, "sv") or "")
    feet = [
        " ".join(all_text(t) for t in with_class(root, "source"))
        for root in charts(report)
    ]
    assert [note in foot for foot in feet] == [False] * (len(feet) - 1) + [True]
    page = HtmlFormat().render(report)
    assert page.count("<svg") == len(charted)
    assert page.count('class="mark wave-0"') == CHART_ROWS
    assert f"The charts show the first {CHART_ROWS} of {CHART_ROWS + 7} rows" in page


def test_a_report_of_hundreds_of_groups_is_charted_in_bounded_time() -> None:
    survey = load_survey(ROOT / "examples/data/synthetic_panel.csv")
    report = report_from_survey(survey, by="org_code")
    assert len({row.group for row in report}) > 300
    charted = groups(report)
    assert sum(len(rows) for _, rows in charted) == CHART_ROWS
    assert len(charted) <= CHART_ROWS


@pytest.mark.parametrize(
    ("lang", "users", "non_users"),
    [
        ("en", "users of social media", "non-users of social media"),
        ("sv", "användare av sociala medier", "de som inte använder sociala medier"),
    ],
)
def test_every_row_names_its_base(lang: Language, users: str, non_users: str) -> None:
    report = report_from_survey(
        load_survey(ROOT / "examples/data/synthetic_panel.csv"),
        items=["channel.facebook", "reason.resources"],
    )
    text = " ".join(all_text(svg) for svg in charts(report, lang))
    facebook, reason = report.rows[0], report.rows[1]
    sizes = " / ".join(str(e.n) for e in facebook.estimates)
    assert f"{users}, n = {sizes}" in text
    sizes = " / ".join(str(e.n) for e in reason.estimates)
    assert f"{non_users}, n = {sizes}" in text
