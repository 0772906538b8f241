"""The ``json`` output format: the report in the versioned schema ``report/1``.

The document is described by the JSON Schema (draft 2020-12) shipped with the
package, :func:`report_schema`; ``docs/formats.md`` documents it field by field
with its version policy. Figures are fractions, absent figures ``null``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, ClassVar

from skl_socialmedia.formats._common import finite, language
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import group_label, item_phrase
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Text

__all__ = [
    "SCHEMA",
    "SCHEMA_FILE",
    "JsonFormat",
    "report_document",
    "report_schema",
]

#: The value of the ``schema`` field: the name and major version of the layout.
SCHEMA = "skl-socialmedia/report/1"
#: The JSON Schema file of :data:`SCHEMA`, inside the package.
SCHEMA_FILE = "data/schema/report-v1.schema.json"


def report_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the ``json`` format's output."""
    path = resources.files("skl_socialmedia").joinpath(SCHEMA_FILE)
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _note(note: Text | None, lang: Language) -> str | None:
    return None if note is None else note.get(lang)


def _estimate(estimate: Estimate, lang: Language) -> dict[str, Any]:
    return {
        "wave": estimate.wave,
        "value": finite(estimate.value),
        "low": finite(estimate.low),
        "high": finite(estimate.high),
        "successes": finite(estimate.successes),
        "total": finite(estimate.total),
        "effective_n": finite(estimate.effective_n),
        "low_base": bool(estimate.low_base),
        "decimals": estimate.decimals,
        "status": estimate.status.value,
        "note": _note(estimate.note, lang),
    }


def _change(change: Change, lang: Language) -> dict[str, Any]:
    return {
        "value": finite(change.value),
        "low": finite(change.low),
        "high": finite(change.high),
        "method": change.method,
        "paired": change.paired,
        "construction": change.construction,
        "p_value": finite(change.p_value),
        "significant": change.significant,
        "status": change.status.value,
        "note": _note(change.note, lang),
    }


def _row(row: ReportRow, lang: Language) -> dict[str, Any]:
    return {
        "group": row.group,
        "group_label": group_label(row.group, lang),
        "item": row.item,
        "item_label": item_phrase(row.item, lang),
        "among": row.among,
        "among_label": None if row.among is None else item_phrase(row.among, lang),
        "before": _estimate(row.before, lang),
        "after": _estimate(row.after, lang),
        "change": _change(row.change, lang),
        "note": _note(row.note, lang),
    }


def report_document(report: Report, lang: Language = "en") -> dict[str, Any]:
    """Return ``report`` as the JSON-ready dictionary of schema :data:`SCHEMA`."""
    return {
        "schema": SCHEMA,
        "lang": lang,
        "title": report.title.get(lang),
        "source": report.source.get(lang),
        "before_wave": report.before_wave,
        "after_wave": report.after_wave,
        "grouping": report.grouping,
        "confidence": finite(report.confidence),
        "notes": [note.get(lang) for note in report.notes],
        "rows": [_row(row, lang) for row in report.rows],
    }


class JsonFormat:
    """The ``json`` output format: the documented, versioned ``report/1`` schema."""

    name: ClassVar[str] = "json"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    media_type: ClassVar[str] = "application/json"
    description: ClassVar[str] = f"JSON in the versioned schema {SCHEMA!r}"

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; ``lang`` selects the language of labels and notes."""
        document = report_document(report, language(options))
        text = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=2)
        return text + "\n"
