"""The json format: the versioned schema (version 2), shipped and validated."""

from __future__ import annotations

import copy
import csv
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.formats.json_format import (
    SCHEMA,
    SCHEMA_FILE,
    SCHEMA_FILES,
    SCHEMA_V1,
    JsonFormat,
    report_document,
    report_schema,
)
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Status
from skl_socialmedia.sources import load_survey
from tests.report.test_waves_and_bases import three_waves

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[2]
PANEL = ROOT / "examples" / "data" / "synthetic_panel.csv"


def microdata_report() -> Report:
    return report_from_survey(load_survey(PANEL))


def validator(version: int = 2) -> Any:
    return jsonschema.Draft202012Validator(report_schema(version))


def rendered(report: Report, **options: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(JsonFormat().render(report, **options))
    return document


def find(document: dict[str, Any], group: str, item: str) -> dict[str, Any]:
    (row,) = [r for r in document["rows"] if (r["group"], r["item"]) == (group, item)]
    return row


def test_the_schema_is_a_valid_draft_2020_12_schema_shipped_in_the_package() -> None:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema"]["const"] == SCHEMA
    assert SCHEMA == "skl-socialmedia/report/2"
    assert schema["$id"].endswith("/report-v2.schema.json")
    shipped = resources.files("skl_socialmedia").joinpath(SCHEMA_FILE)
    assert shipped.is_file()


def test_the_version_1_schema_stays_shipped() -> None:
    assert report_schema(2) == report_schema()
    old = report_schema(1)
    jsonschema.Draft202012Validator.check_schema(old)
    assert old["properties"]["schema"]["const"] == SCHEMA_V1
    assert old["$id"].endswith("/report-v1.schema.json")
    assert resources.files("skl_socialmedia").joinpath(SCHEMA_FILES[1]).is_file()
    with pytest.raises(InvalidArgumentError, match="no report schema version 3"):
        report_schema(3)


#: A document as version 1 wrote it (the embedded report's first row).
V1_DOCUMENT: dict[str, Any] = {
    "schema": "skl-socialmedia/report/1",
    "lang": "en",
    "title": "Social media in Swedish municipalities and county councils",
    "source": "SKL press release, 2012",
    "before_wave": "2010",
    "after_wave": "2012",
    "grouping": "org_kind",
    "confidence": None,
    "notes": ["Changes between published figures are differences."],
    "rows": [
        {
            "group": "municipality",
            "group_label": "municipalities",
            "item": "uses",
            "item_label": "use social media",
            "among": None,
            "among_label": None,
            "before": {
                "wave": "2010",
                "value": 0.61,
                "low": None,
                "high": None,
                "successes": None,
                "total": None,
                "effective_n": None,
                "low_base": False,
                "decimals": 0,
                "status": "published",
                "note": None,
            },
            "after": {
                "wave": "2012",
                "value": 0.76,
                "low": None,
                "high": None,
                "successes": None,
                "total": None,
                "effective_n": None,
                "low_base": False,
                "decimals": 0,
                "status": "published",
                "note": None,
            },
            "change": {
                "value": 0.15000000000000002,
                "low": None,
                "high": None,
                "method": None,
                "paired": None,
                "construction": None,
                "p_value": None,
                "significant": None,
                "status": "computed",
                "note": None,
            },
            "note": None,
        }
    ],
}


def test_a_version_1_document_still_validates_against_version_1_only() -> None:
    validator(1).validate(V1_DOCUMENT)
    with pytest.raises(jsonschema.ValidationError):
        validator(2).validate(V1_DOCUMENT)
    broken = copy.deepcopy(V1_DOCUMENT)
    del broken["rows"][0]["before"]
    with pytest.raises(jsonschema.ValidationError):
        validator(1).validate(broken)
    # and a version-2 document is not a version-1 one
    with pytest.raises(jsonschema.ValidationError):
        validator(1).validate(rendered(report_from_published(embedded_figures())))


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_embedded_report_validates(lang: str) -> None:
    report = report_from_published(embedded_figures())
    document = rendered(report, lang=lang)
    validator().validate(document)
    assert document["schema"] == "skl-socialmedia/report/2"
    assert document["lang"] == lang
    assert document["confidence"] is None
    assert document["waves"] == ["2010", "2012"]
    assert document["description"] is None
    assert document["weighted"] is False
    first = document["rows"][0]
    assert first["group"] == "municipality"
    before, after = first["estimates"]
    assert (before["wave"], before["value"], after["value"]) == ("2010", 0.61, 0.76)
    assert before["low"] is None
    assert before["n"] is None
    assert before["status"] == "published"
    (change,) = first["changes"]
    assert (change["before_wave"], change["after_wave"]) == ("2010", "2012")
    assert change["value"] == pytest.approx(0.15)
    assert change["status"] == "computed"
    assert change["significant"] is None
    assert first["base"]["kind"] == "published"
    assert (first["base"]["item"], first["base"]["answer"]) == (None, None)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_embedded_report_has_its_findings(lang: str) -> None:
    report = report_from_published(embedded_figures())
    assert report.findings
    findings = rendered(report, lang=lang)["findings"]
    assert [f["text"] for f in findings] == [f.text.get(lang) for f in report.findings]
    assert [f["topic"] for f in findings] == [f.topic for f in report.findings]
    assert {f["status"] for f in findings} == {"published"}
    assert {"channels", "purposes", "reasons"} <= {f["topic"] for f in findings}


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_microdata_report_validates(lang: str) -> None:
    document = rendered(microdata_report(), lang=lang)
    validator().validate(document)
    assert document["confidence"] == 0.95
    assert document["description"].startswith("SYNTHETIC DATA - not real survey")
    first = document["rows"][0]
    before = first["estimates"][0]
    assert 0 <= before["low"] < before["value"]
    assert before["n"] == 290
    assert first["changes"][0]["paired"] in (True, False)
    assert isinstance(first["changes"][0]["significant"], bool)
    assert any(e["low_base"] for row in document["rows"] for e in row["estimates"])


def test_a_three_wave_report_keeps_its_middle_wave() -> None:
    report = report_from_survey(three_waves())
    document = rendered(report)
    validator().validate(document)
    assert document["waves"] == ["2010", "2012", "2014"]
    for row, original in zip(document["rows"], report.rows, strict=True):
        assert [e["wave"] for e in row["estimates"]] == ["2010", "2012", "2014"]
        middle = row["estimates"][1]
        assert middle["value"] == original.estimate("2012").value
        assert middle["n"] == original.estimate("2012").n
        assert middle["low"] <= middle["value"] <= middle["high"]
        assert middle["low"] < middle["high"]
        (change,) = row["changes"]
        assert (change["before_wave"], change["after_wave"]) == ("2010", "2014")


def test_consecutive_changes_are_two() -> None:
    report = report_from_survey(three_waves(), changes="consecutive")
    document = rendered(report)
    validator().validate(document)
    for row in document["rows"]:
        first, second = row["changes"]
        assert (first["before_wave"], first["after_wave"]) == ("2010", "2012")
        assert (second["before_wave"], second["after_wave"]) == ("2012", "2014")
        values = [e["value"] for e in row["estimates"]]
        assert first["value"] == pytest.approx(values[1] - values[0])
        assert second["value"] == pytest.approx(values[2] - values[1])


def test_routed_rows_name_their_base_with_its_number() -> None:
    document = rendered(microdata_report())
    facebook = find(document, "municipality", "channel.facebook")
    assert facebook["base"] == {
        "kind": "routed",
        "item": "uses",
        "answer": True,
        "label": "users of social media",
        "phrase": "the municipalities that use social media",
    }
    # by hand from the data file: municipalities in 2010 that use social
    # media and answered the Facebook question
    with PANEL.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(line for line in handle if line[0] != "#"))
    asked = [
        line
        for line in lines
        if (line["wave"], line["org_kind"], line["uses"])
        == ("2010", "municipality", "1")
        and line["channel.facebook"] != ""
    ]
    assert facebook["estimates"][0]["n"] == len(asked)
    reason = find(document, "municipality", "reason.resources")
    assert (reason["base"]["kind"], reason["base"]["answer"]) == ("routed", False)
    assert reason["base"]["label"] == "non-users of social media"
    swedish = find(rendered(microdata_report(), lang="sv"), "municipality", "uses")
    assert swedish["base"]["phrase"] == "de kommuner som svarade"
    assert swedish["base"]["kind"] == "answered"


def test_base_all_rows() -> None:
    survey = load_survey(PANEL)
    report = report_from_survey(survey, items=["channel.facebook"], base="all")
    document = rendered(report)
    validator().validate(document)
    for row in document["rows"]:
        assert row["base"]["kind"] == "all"
        assert row["base"]["item"] is row["base"]["answer"] is None
        assert row["base"]["label"] == "all respondents"
    municipalities = find(document, "municipality", "channel.facebook")
    assert municipalities["base"]["phrase"] == "all responding municipalities"
    routed = report_from_survey(survey, items=["channel.facebook"])
    narrower = find(rendered(routed), "municipality", "channel.facebook")
    assert narrower["estimates"][0]["n"] < municipalities["estimates"][0]["n"]


def test_a_weighted_report_says_so() -> None:
    document = rendered(report_from_survey(three_waves(weighted=True)))
    validator().validate(document)
    assert document["weighted"] is True
    estimate = document["rows"][0]["estimates"][0]
    assert isinstance(estimate["n"], int)
    assert estimate["total"] != estimate["n"]


def test_a_change_without_waves_gets_the_reports() -> None:
    row = ReportRow(
        group="municipality",
        item="uses",
        estimates=[
            Estimate(wave="2010", value=0.5, status=Status.ESTIMATED),
            Estimate(wave="2012", value=0.4, status=Status.ESTIMATED),
        ],
        changes=[Change(value=-0.1, status=Status.ESTIMATED)],
    )
    document = rendered(Report("t", "s", "2010", "2012", [row]))
    validator().validate(document)
    (change,) = document["rows"][0]["changes"]
    assert (change["before_wave"], change["after_wave"]) == ("2010", "2012")


def test_the_common_options() -> None:
    report = microdata_report()
    plain = JsonFormat().render(report)
    assert JsonFormat().render(report, decimals=1) == plain
    bare = rendered(report, intervals=False)
    validator().validate(bare)
    for row in bare["rows"]:
        for part in (*row["estimates"], *row["changes"]):
            assert part["low"] is part["high"] is None
        assert row["estimates"][0]["value"] is not None
    significant = rendered(report, only_significant=True)["rows"]
    assert 0 < len(significant) < len(report.rows)
    assert all(any(c["significant"] for c in r["changes"]) for r in significant)
    with pytest.raises(InvalidArgumentError, match="no option colour"):
        JsonFormat().render(report, colour="red")


def test_a_document_that_breaks_the_schema_is_caught() -> None:
    document = report_document(report_from_published(embedded_figures()))
    document["rows"][0]["estimates"][0]["status"] = "guessed"
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(document)
    document = report_document(report_from_published(embedded_figures()))
    document["schema"] = "skl-socialmedia/report/1"
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(document)
    document = report_document(report_from_published(embedded_figures()))
    document["rows"][0]["base"]["kind"] = "guessed"
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(document)


def _definition(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a ``$ref`` (of a node or of an array's items) to its definition."""
    if node.get("type") == "array":
        node = node["items"]
    if "$ref" in node:
        definition: dict[str, Any] = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        return definition
    return node


def _check(schema: dict[str, Any], node: dict[str, Any], written: Any) -> None:
    """Every field written is in the schema and required, recursively."""
    definition = _definition(schema, node)
    if "properties" not in definition:
        return
    for part in written if isinstance(written, list) else [written]:
        assert set(part) == set(definition["properties"])
        assert set(part) == set(definition["required"])
        for key, value in part.items():
            if isinstance(value, dict | list) and value:
                _check(schema, definition["properties"][key], value)


def test_every_field_written_is_in_the_schema_and_required() -> None:
    # The schema allows unknown fields (so version 2 can grow); this test keeps
    # the writer and the schema in step instead.
    schema = report_schema()
    for report in (
        microdata_report(),
        report_from_published(embedded_figures()),
        report_from_survey(three_waves(), changes="consecutive"),
    ):
        document = report_document(report)
        assert set(document) == set(schema["properties"]) == set(schema["required"])
        _check(schema, schema, document)
    # the walk reaches every definition with fields
    document = report_document(report_from_published(embedded_figures()))
    assert document["findings"]
    assert document["rows"][0]["estimates"]
    assert {"finding", "base", "row", "estimate", "change"} <= {
        name for name, d in schema["$defs"].items() if "properties" in d
    }


def test_every_field_is_documented_in_docs_formats_md() -> None:
    schema = report_schema()
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    fields = set(schema["properties"])
    for definition in schema["$defs"].values():
        fields |= set(definition.get("properties", {}))
    assert {"estimates", "changes", "base", "findings", "phrase", "n"} <= fields
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE))
    assert fields <= documented, fields - documented


def test_output_is_strict_json_without_nan() -> None:
    text = JsonFormat().render(microdata_report())
    assert "NaN" not in text
    assert "Infinity" not in text
    json.loads(text, parse_constant=lambda name: pytest.fail(name))
