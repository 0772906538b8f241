"""The json format: the versioned schema, shipped and validated."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.formats.json_format import (
    SCHEMA,
    SCHEMA_FILE,
    JsonFormat,
    report_document,
    report_schema,
)
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Report
from skl_socialmedia.sources import load_survey

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[2]


def microdata_report() -> Report:
    return report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))


def validator() -> Any:
    return jsonschema.Draft202012Validator(report_schema())


def test_the_schema_is_a_valid_draft_2020_12_schema_shipped_in_the_package() -> None:
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema"]["const"] == SCHEMA
    shipped = resources.files("skl_socialmedia").joinpath(SCHEMA_FILE)
    assert shipped.is_file()


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_embedded_report_validates(lang: str) -> None:
    document = json.loads(
        JsonFormat().render(report_from_published(embedded_figures()), lang=lang)
    )
    validator().validate(document)
    assert document["schema"] == "skl-socialmedia/report/1"
    assert document["lang"] == lang
    assert document["confidence"] is None
    first = document["rows"][0]
    assert first["group"] == "municipality"
    assert first["before"]["value"] == 0.61
    assert first["before"]["low"] is None
    assert first["before"]["status"] == "published"
    assert first["change"]["value"] == pytest.approx(0.15)
    assert first["change"]["status"] == "computed"
    assert first["change"]["significant"] is None


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_microdata_report_validates(lang: str) -> None:
    report = microdata_report()
    document = json.loads(JsonFormat().render(report, lang=lang))
    validator().validate(document)
    assert document["confidence"] == 0.95
    first = document["rows"][0]
    assert 0 <= first["before"]["low"] < first["before"]["value"]
    assert first["change"]["paired"] in (True, False)
    assert isinstance(first["change"]["significant"], bool)
    assert any(r["before"]["low_base"] for r in document["rows"])


def test_a_document_that_breaks_the_schema_is_caught() -> None:
    document = report_document(report_from_published(embedded_figures()))
    document["rows"][0]["before"]["status"] = "guessed"
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(document)
    document = report_document(report_from_published(embedded_figures()))
    document["schema"] = "skl-socialmedia/report/2"
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(document)


def _properties(schema: dict[str, Any], node: dict[str, Any]) -> set[str]:
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return set(node.get("properties", {}))


def test_every_field_written_is_in_the_schema_and_required() -> None:
    # The schema allows unknown fields (so version 1 can grow); this test keeps
    # the writer and the schema in step instead.
    schema = report_schema()
    document = report_document(microdata_report())
    assert set(document) == _properties(schema, schema) == set(schema["required"])
    row_schema = schema["$defs"]["row"]
    for row in document["rows"]:
        assert (
            set(row) == _properties(schema, row_schema) == set(row_schema["required"])
        )
        for part in ("before", "after", "change"):
            node = row_schema["properties"][part]
            definition = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
            assert set(row[part]) == _properties(schema, node)
            assert set(row[part]) == set(definition["required"])


def test_every_field_is_documented_in_docs_formats_md() -> None:
    schema = report_schema()
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    fields = set(schema["properties"])
    for definition in ("row", "estimate", "change"):
        fields |= set(schema["$defs"][definition]["properties"])
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE))
    assert fields <= documented, fields - documented


def test_output_is_strict_json_without_nan() -> None:
    text = JsonFormat().render(microdata_report())
    assert "NaN" not in text
    assert "Infinity" not in text
    json.loads(text, parse_constant=lambda name: pytest.fail(name))
