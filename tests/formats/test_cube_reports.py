"""Reports over published tables in every format: sentences, chart flags, labels."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from skl_socialmedia import PublishedFigures, embedded_figures, load
from skl_socialmedia.formats._common import PressOptions
from skl_socialmedia.formats.chart import ChartSvgFormat
from skl_socialmedia.formats.chart_report import flag_marks, report_chart
from skl_socialmedia.formats.csv_format import render_csv
from skl_socialmedia.formats.json_format import JsonFormat
from skl_socialmedia.formats.sentences import render_sentences
from skl_socialmedia.formats.text import render_text
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.from_published import report_from_published
from skl_socialmedia.report.model import Report
from tests.formats.test_chart import drawn_text, needs_matplotlib

TESTS = Path(__file__).resolve().parents[1]
ENTERPRISES = TESTS / "report" / "data" / "isoc_enterprises.px"
ISOC = TESTS / "sources" / "cubes" / "data" / "isoc_social.json"


def cube_report(path: Path, **options: object) -> Report:
    loaded = load(str(path), **options)
    assert isinstance(loaded, PublishedFigures)
    return report_from_published(loaded)


@pytest.fixture(scope="module")
def enterprises() -> Report:
    return cube_report(ENTERPRISES, by="land")


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_the_issues_sentence_in_swedish() -> None:
    report = cube_report(ISOC, by="geo", items="E_SM1_GE1=uses")
    first = lines(render_sentences(report, "sv"))[0]
    assert first == (
        "Andelen företag i Danmark som använder sociala medier ökade från 49 "
        "till 75 procent mellan 2013 och 2019, en ökning med 26 "
        "procentenheter. Förändringen är ej jämförbar: tidsseriebrott (2019)."
    )


def test_two_language_table_in_swedish(enterprises: Report) -> None:
    said = lines(render_sentences(enterprises, "sv"))
    assert said[:6] == [
        "Andelen företag i Danmark som använder ett eller flera sociala medier "
        "ökade från 49 till 75 procent mellan 2013 och 2019, en ökning med 26 "
        "procentenheter. Förändringen är ej jämförbar: tidsseriebrott (2019).",
        "Andelen företag i Sverige som använder ett eller flera sociala medier "
        "ökade från 54 till 71 procent mellan 2013 och 2019, en ökning med 17 "
        "procentenheter.",
        "Andelen företag i Finland som använder ett eller flera sociala medier "
        "var 58 procent 2013; för 2019 finns ingen uppgift. Uppgiften för 2013 "
        "är flaggad: osäker uppgift. Uppgiften för 2019 är flaggad: uppgift "
        "saknas.",
        "Andelen företag i Danmark med en egen webbplats ökade från 86 till 88 "
        "procent mellan 2013 och 2019, en ökning med 2 procentenheter.",
        "Andelen företag i Sverige med en egen webbplats ökade från 89 till 90 "
        "procent mellan 2013 och 2019, en ökning med 1 procentenhet.",
        "Andelen företag i Finland med en egen webbplats ökade från 95 till 96 "
        "procent mellan 2013 och 2019, en ökning med 1 procentenhet.",
    ]
    assert (
        "Siffrorna för 2013 och 2019 är publicerade andelar för företag; baserna "
        "har inte publicerats, så ingen felmarginal kan anges."
    ) in said
    assert not any("svarande" in line for line in said)


def test_two_language_table_in_english(enterprises: Report) -> None:
    said = lines(render_sentences(enterprises, "en"))
    assert said[0] == (
        "The share of enterprises in Denmark using one or more social media "
        "rose from 49 to 75 per cent between 2013 and 2019, an increase of 26 "
        "percentage points. The change is not comparable: break in series (2019)."
    )
    assert said[4] == (
        "The share of enterprises in Sweden with a website rose from 89 to 90 "
        "per cent between 2013 and 2019, an increase of 1 percentage point."
    )
    assert (
        "The figures for 2013 and 2019 are published shares of enterprises; the "
        "bases were not published, so no margin of error can be given."
    ) in said


def test_a_label_that_does_not_read_on_is_the_subject() -> None:
    report = cube_report(ISOC, by="geo", items="E_SM1_GE1")
    assert lines(render_sentences(report, "sv"))[1] == (
        "I Sverige ökade ”Enterprises using one or more social media” från 54 "
        "till 71 procent mellan 2013 och 2019, en ökning med 17 procentenheter."
    )


def test_a_table_without_a_population_or_places(tmp_path: Path) -> None:
    from tests.report.test_from_cube import jsonstat_file

    path = jsonstat_file(
        tmp_path,
        label="Internet use",
        unit="Percent",
        item="Use of the internet",
        groups={"sex": {"M": "Men", "W": "Women"}},
    )
    said = lines(render_sentences(cube_report(path, by="sex"), "en"))
    assert said[0] == (
        "In the group Men, “Use of the internet” rose from 40 to 55 per cent "
        "between 2015 and 2020, an increase of 15 percentage points."
    )
    assert said[3] == (
        "The figures for 2015 and 2020 are published shares; the bases were not "
        "published, so no margin of error can be given."
    )
    sv = lines(render_sentences(cube_report(path, by="sex", items="I1=uses"), "sv"))
    assert sv[0] == (
        "I gruppen Men ökade andelen som använder sociala medier från 40 till 55 "
        "procent mellan 2015 och 2020, en ökning med 15 procentenheter."
    )


@pytest.mark.parametrize(
    ("lang", "group", "base"),
    [
        ("sv", "Danmark", "företag; baserna ej publicerade"),
        ("en", "Denmark", "enterprises; bases not published"),
    ],
)
def test_tables_label_groups_items_and_bases_as_the_table(
    enterprises: Report, lang: Language, group: str, base: str
) -> None:
    text = render_text(enterprises, lang)
    row = next(line for line in text.splitlines() if line.startswith(group))
    item = "Företag som använder" if lang == "sv" else "Enterprises using one"
    assert item in row
    assert base in row
    records = list(csv.reader(io.StringIO(render_csv(enterprises, lang))))
    assert any(group in record for record in records)


def test_json_names_the_grouping_and_the_labels(enterprises: Report) -> None:
    data = json.loads(JsonFormat().render(enterprises, lang="sv"))
    assert data["grouping"] == "land"
    row = data["rows"][0]
    assert (row["group"], row["group_label"]) == ("Denmark", "Danmark")
    assert row["item_label"] == "Företag som använder ett eller flera sociala medier"
    assert row["base"]["label"] == "företag; baserna ej publicerade"
    skl = json.loads(JsonFormat().render(report_from_published(embedded_figures())))
    assert skl["grouping"] == "org_kind"


def test_chart_marks_flagged_rows_and_notes_them_at_the_foot(
    enterprises: Report,
) -> None:
    chart = report_chart(enterprises, enterprises.rows, PressOptions(lang="en"))
    labels = {(line.group, line.label.split("\n")[0]): line for line in chart.lines}
    denmark = labels["Denmark", "Enterprises using one or more social media ¹"]
    assert denmark.columns == (("+26 ¹", False),)
    finland = labels["Finland", "Enterprises using one or more social media ²"]
    assert finland.marks[1].value is None  # missing: no mark
    assert finland.columns == (("–", False),)
    plain = [line for line in chart.lines if "¹" not in line.label]
    assert len(plain) == 5
    assert not any("²" in line.label for line in plain if line is not finland)
    footer = [text for text, _ in chart.footer]
    assert footer == [
        "¹ 2019: break in series (b). Not comparable: break in series (2019).",
        "² 2013: low reliability (u). 2019: not available (..).",
        "Source: Eurostat-shaped test table (values made up for the tests)",
    ]
    assert [gid for _, gid in chart.footer][:2] == ["flag-0", "flag-1"]


def test_chart_notes_in_swedish_and_none_without_flags(enterprises: Report) -> None:
    chart = report_chart(enterprises, enterprises.rows, PressOptions(lang="sv"))
    assert chart.footer[0][0] == (
        "¹ 2019: tidsseriebrott (b). Ej jämförbar: tidsseriebrott (2019)."
    )
    assert chart.headings["Denmark"] == "Danmark"
    skl = report_from_published(embedded_figures())
    assert flag_marks(skl.rows, "en") == {}
    footer = report_chart(skl, skl.rows, PressOptions()).footer
    assert not any(gid.startswith("flag") for _, gid in footer)


@needs_matplotlib
def test_the_drawn_chart_shows_the_markers_and_notes(enterprises: Report) -> None:
    svg = ChartSvgFormat().render(enterprises, lang="en")
    assert isinstance(svg, str)
    drawn = drawn_text(svg)
    assert "2019: break in series (b). Not comparable: break in series (2019)." in (
        drawn
    )
    assert "+26 ¹" in drawn


def test_chart_footnotes_are_numbered_in_the_order_drawn() -> None:
    report = cube_report(ISOC, by="geo")
    assert [r.group for r in report][:2] == ["Denmark", "Sweden"]  # by item first
    chart = report_chart(report, report.rows, PressOptions(lang="en"))
    drawn = [line.label.split("\n")[0][-1] for line in chart.ordered()]
    assert drawn == ["¹", "²", "a", "³", "⁴", "⁵"]
    assert [text[:1] for text, gid in chart.footer if gid.startswith("flag")] == [
        "¹",
        "²",
        "³",
        "⁴",
        "⁵",
    ]
    assert chart.footer[1][0] == "² 2013: low reliability (u)."


def test_a_row_without_a_note_is_footnoted_from_its_flags() -> None:
    from skl_socialmedia.published.flags import Flag
    from skl_socialmedia.report.model import Change, Estimate, ReportRow, Status

    row = ReportRow(
        group="all",
        item="uses",
        estimates=[
            Estimate("2019", None, Status.NOT_PUBLISHED, flags=[Flag.CONFIDENTIAL]),
            Estimate("2020", 0.5, Status.PUBLISHED, flags=[Flag.BREAK]),
        ],
        changes=[
            Change(None, Status.NOT_PUBLISHED, flags=[Flag.BREAK], before_wave="2019",
                   after_wave="2020"),
        ],
    )  # fmt: skip
    assert flag_marks([row], "sv") == {
        0: ("¹", "2019: sekretess. 2020: tidsseriebrott. Ej jämförbar: "
            "tidsseriebrott (2019–2020).")
    }  # fmt: skip
