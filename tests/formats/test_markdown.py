"""The markdown format: a GitHub table, notes and source, escaped."""

from __future__ import annotations

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.formats.markdown import MarkdownFormat, escape_markdown
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Finding,
    Report,
    ReportRow,
    Status,
)
from tests.report.test_waves_and_bases import three_waves


def test_embedded_report_in_english() -> None:
    text = MarkdownFormat().render(report_from_published(embedded_figures()))
    lines = text.splitlines()
    assert lines[0].startswith("# Social media in Swedish municipalities")
    assert lines[2] == "| Group | Item | 2010 | 2012 | Change | Base | Figures |"
    assert lines[3] == "|---|---|--:|--:|--:|---|---|"
    assert lines[4] == (
        "| municipalities | use social media | 61 % | 76 % | +15 pp | "
        "respondents; bases not published | 2010, 2012 published; change computed |"
    )
    # the computed combined figure takes the published figures' precision
    assert lines[6] == (
        "| all organisations | use social media | 61 % | 77 % | +16 pp | "
        "respondents; bases not published | "
        "2010 computed; 2012 published; change computed |"
    )
    assert any(line.startswith("- Changes between published figures") for line in lines)
    assert lines[-1].startswith("Source: The SKL press text")


def test_embedded_report_in_swedish() -> None:
    text = MarkdownFormat().render(report_from_published(embedded_figures()), lang="sv")
    # Swedish typography: no-break spaces before % and procentenheter
    assert "| samtliga | använder sociala medier | 61\u00a0% | 77\u00a0% |" in text
    assert "+16\u00a0procentenheter | svarande; baserna ej publicerade |" in text
    assert "| Grupp | Fråga | 2010 | 2012 | Förändring | Bas | Uppgifter |" in text
    assert "\nKälla: SKL:s presstext" in text


def test_findings_are_a_section_of_their_own() -> None:
    report = report_from_published(embedded_figures())
    lines = MarkdownFormat().render(report).splitlines()
    start = lines.index("## Findings stated by the source (not computed)")
    assert lines[start + 1] == ""
    assert lines[start + 2 : start + 2 + len(report.findings)] == [
        f"- {escape_markdown(f.text.en)}" for f in report.findings
    ]
    swedish = MarkdownFormat().render(report, lang="sv")
    assert "\n## Slutsatser enligt källan (ej beräknade)\n" in swedish


def test_every_wave_and_change_has_a_column() -> None:
    report = report_from_survey(three_waves(), changes="consecutive")
    lines = MarkdownFormat().render(report).splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert table[0] == (
        "| Group | Item | 2010 | 2012 | 2014 | 2010→2012 | 2012→2014 | Base | Figures |"
    )
    assert table[1] == "|---|---|--:|--:|--:|--:|--:|---|---|"
    assert len(table) == 2 + len(report.rows)
    assert {line.replace("\\|", "").count("|") for line in table} == {10}


def test_the_description_is_escaped_on_the_source_line() -> None:
    report = Report(
        title="T",
        source="a|b",
        before_wave="2010",
        after_wave="2012",
        rows=[],
        description="*not* <real>\ndata",
        findings=[Finding(text="# _stated_ | here")],
    )
    lines = MarkdownFormat().render(report).splitlines()
    # The line break is shown as an escape (its backslash escaped for Markdown).
    assert lines[-1] == "Source: a\\|b — \\*not\\* \\<real\\>\\\\ndata"
    assert "- \\# \\_stated\\_ \\| here" in lines


def test_escaping_keeps_cells_and_lines_intact() -> None:
    assert escape_markdown("a|b") == "a\\|b"
    assert escape_markdown("<script>") == "\\<script\\>"
    assert escape_markdown("two\nlines") == "two\\\\nlines"  # shows two\nlines
    assert escape_markdown("# heading") == "\\# heading"
    assert escape_markdown("1. item") == "1\\. item"
    assert escape_markdown("- item") == "\\- item"
    assert escape_markdown("+15 pp", line_start=False) == "+15 pp"
    assert escape_markdown("*x* _y_ `z` [a](b) $m$ ~s~ &amp;") == (
        "\\*x\\* \\_y\\_ \\`z\\` \\[a\\](b) \\$m\\$ \\~s\\~ \\&amp;"
    )


def test_a_hostile_group_name_stays_in_its_cell() -> None:
    estimate = Estimate(wave="2010", value=0.5, status=Status.ESTIMATED)
    row = ReportRow(
        group="x | y\n| injected |",
        item="uses",
        estimates=[estimate, Estimate(wave="2012", value=0.6, status=Status.ESTIMATED)],
        changes=[Change(value=0.1, status=Status.ESTIMATED)],
    )
    report = Report(
        title="T", source="", before_wave="2010", after_wave="2012", rows=[row]
    )
    lines = MarkdownFormat().render(report).splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 3
    assert table[2].startswith("| x \\| y\\\\n\\| injected \\| | use social media |")
    assert not any(line.startswith("Source") for line in lines)
