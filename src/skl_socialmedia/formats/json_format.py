r"""The ``json`` output format: the report in the versioned schema ``report/2``.

The document is described by the JSON Schema (draft 2020-12) shipped with the
package, :func:`report_schema`; ``docs/formats.md`` documents it field by field
with its version policy. Figures are fractions at full precision, absent
figures ``null``. Every row has its estimate in every wave (``estimates``, in
the order of the document's ``waves``), its changes (``changes``, each naming
its waves) and its base (``base``: whom the figures are shares of).

Options: ``lang`` (labels, notes, findings); ``only_significant`` keeps the
rows with a significant change; ``intervals=False`` writes every interval
limit as ``null``; ``decimals`` is accepted and ignored (figures keep full
precision; an estimate's ``decimals`` field is its published precision).

Strings are written as they are (JSON escapes the control characters), except
a lone surrogate, which UTF-8 cannot encode: it is written as the six
characters of its escape, ``\ud800``, as every other format shows it.

The schema of version 1 (:data:`SCHEMA_V1`) stays in the package for
validating stored documents: ``report_schema(1)``; version 1 is no longer
written.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, ClassVar

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.formats._common import (
    PressOptions,
    change_waves,
    encodable,
    finite,
    press_options,
    report_group,
    report_item,
    shown_rows,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import (
    base_label,
    base_phrase,
    item_phrase,
)
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Finding,
    Report,
    ReportRow,
    RowBase,
    Text,
)

__all__ = [
    "SCHEMA",
    "SCHEMA_FILE",
    "SCHEMA_FILES",
    "SCHEMA_V1",
    "JsonFormat",
    "report_document",
    "report_schema",
]

#: The value of the ``schema`` field: the name and major version of the layout.
SCHEMA = "skl-socialmedia/report/2"
#: The JSON Schema file of :data:`SCHEMA`, inside the package.
SCHEMA_FILE = "data/schema/report-v2.schema.json"
#: The ``schema`` value of version 1 (no longer written; its schema is kept).
SCHEMA_V1 = "skl-socialmedia/report/1"
#: The JSON Schema file of every major version, inside the package.
SCHEMA_FILES: dict[int, str] = {
    1: "data/schema/report-v1.schema.json",
    2: SCHEMA_FILE,
}


def report_schema(version: int = 2) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of major ``version`` (default: 2).

    Version 2 is what the ``json`` format writes; version 1 is kept for
    validating documents written by earlier releases.
    """
    try:
        name = SCHEMA_FILES[version]
    except KeyError:
        raise InvalidArgumentError(
            f"there is no report schema version {version!r}; "
            f"versions: {', '.join(map(str, SCHEMA_FILES))}"
        ) from None
    path = resources.files("skl_socialmedia").joinpath(name)
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _encodable(value: Any) -> Any:
    """Return ``value`` with every string in it passed through :func:`encodable`."""
    if isinstance(value, str):
        return encodable(value)
    if isinstance(value, dict):
        return {key: _encodable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encodable(item) for item in value]
    return value


def _note(note: Text | None, lang: Language) -> str | None:
    return None if note is None else note.get(lang)


def _flag(value: bool | None) -> bool | None:
    return None if value is None else bool(value)


def _estimate(estimate: Estimate, lang: Language, intervals: bool) -> dict[str, Any]:
    return {
        "wave": estimate.wave,
        "value": finite(estimate.value),
        "low": finite(estimate.low) if intervals else None,
        "high": finite(estimate.high) if intervals else None,
        "successes": finite(estimate.successes),
        "total": finite(estimate.total),
        "n": None if estimate.n is None else int(estimate.n),
        "effective_n": finite(estimate.effective_n),
        "low_base": bool(estimate.low_base),
        "decimals": estimate.decimals,
        "status": estimate.status.value,
        "note": _note(estimate.note, lang),
    }


def _change(
    change: Change, report: Report, lang: Language, intervals: bool
) -> dict[str, Any]:
    before_wave, after_wave = change_waves(change, report)
    return {
        "before_wave": before_wave,
        "after_wave": after_wave,
        "value": finite(change.value),
        "low": finite(change.low) if intervals else None,
        "high": finite(change.high) if intervals else None,
        "method": change.method,
        "paired": _flag(change.paired),
        "construction": change.construction,
        "p_value": finite(change.p_value),
        "significant": _flag(change.significant),
        "status": change.status.value,
        "note": _note(change.note, lang),
    }


def _base(base: RowBase, group: str, lang: Language) -> dict[str, Any]:
    return {
        "kind": base.kind,
        "item": base.item,
        "answer": None if base.item is None else bool(base.answer),
        "label": base_label(base, lang),
        "phrase": base_phrase(base, group, lang),
    }


def _row(
    row: ReportRow, report: Report, lang: Language, intervals: bool
) -> dict[str, Any]:
    return {
        "group": row.group,
        "group_label": report_group(report, row.group, lang),
        "item": row.item,
        "item_label": report_item(report, row.item, lang),
        "among": row.among,
        "among_label": None if row.among is None else item_phrase(row.among, lang),
        "base": _base(row.base, row.group, lang),
        "estimates": [_estimate(e, lang, intervals) for e in row.estimates],
        "changes": [_change(c, report, lang, intervals) for c in row.changes],
        "note": _note(row.note, lang),
    }


def _finding(finding: Finding, lang: Language) -> dict[str, Any]:
    return {
        "text": finding.text.get(lang),
        "topic": finding.topic,
        "status": finding.status.value,
    }


def report_document(
    report: Report, lang: Language = "en", press: PressOptions | None = None
) -> dict[str, Any]:
    r"""Return ``report`` as the JSON-ready dictionary of schema :data:`SCHEMA`.

    ``press`` (the checked common options) selects the rows
    (``only_significant``) and whether interval limits are written; by
    default every row with its intervals, in ``lang``. A lone surrogate in a
    string is written as its escape (``\ud800``), so the document can be
    encoded as UTF-8.
    """
    if press is None:
        press = PressOptions(lang=lang)
    lang = press.lang
    document = {
        "schema": SCHEMA,
        "lang": lang,
        "title": report.title.get(lang),
        "source": report.source.get(lang),
        "description": _note(report.description, lang),
        "waves": list(report.waves),
        "before_wave": report.before_wave,
        "after_wave": report.after_wave,
        "grouping": report.grouping,
        "confidence": finite(report.confidence),
        "weighted": bool(report.weighted),
        "notes": [note.get(lang) for note in report.notes],
        "findings": [_finding(f, lang) for f in report.findings],
        "rows": [
            _row(row, report, lang, press.intervals)
            for row in shown_rows(report, press)
        ],
    }
    result: dict[str, Any] = _encodable(document)
    return result


class JsonFormat:
    """The ``json`` output format: the documented, versioned ``report/2`` schema."""

    name: ClassVar[str] = "json"
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    media_type: ClassVar[str] = "application/json"
    description: ClassVar[str] = f"JSON in the versioned schema {SCHEMA!r}"

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; ``lang`` selects the language of labels and notes.

        ``only_significant`` keeps the rows with a significant change,
        ``intervals=False`` writes interval limits as null, ``decimals`` is
        ignored (full precision); any other option is an error.
        """
        press = press_options(self.name, options)
        document = report_document(report, press=press)
        text = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=2)
        return text + "\n"
