"""Helpers shared by the built-in output formats (not part of the public API)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import check_language, format_number, group_label
from skl_socialmedia.report.display import item_phrase as _item_phrase
from skl_socialmedia.report.model import Estimate, Report, ReportRow, Status

__all__ = [
    "choice_option",
    "decimals",
    "finite",
    "language",
    "legend_lines",
    "notes",
    "one_line",
    "row_label",
    "row_notes",
    "source_label",
]

_LEGEND = {
    "en": {
        "interval": "Intervals: {conf} % confidence intervals.",
        "significant": "* the interval of the change excludes zero.",
        "low_base": "! low base (NCHS 2017 standards): interpret with care.",
        "source": "Source",
    },
    "sv": {
        "interval": "Intervall: {conf} % konfidensintervall.",
        "significant": "* förändringens intervall utesluter noll.",
        "low_base": "! låg bas (NCHS 2017): tolka med försiktighet.",
        "source": "Källa",
    },
}

# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def language(options: Mapping[str, Any]) -> Language:
    """Return the ``lang`` option (default ``"en"``), checked."""
    return check_language(str(options.get("lang", "en")))


def choice_option(
    options: Mapping[str, Any], name: str, choices: tuple[str, ...], default: str
) -> str:
    """Return option ``name`` if it is one of ``choices``, else raise."""
    value = options.get(name, default)
    if value not in choices:
        raise InvalidArgumentError(
            f"option {name}={value!r} is not one of {', '.join(choices)}"
        )
    return str(value)


def one_line(text: str) -> str:
    """Replace control characters and line breaks by one space each run."""
    return _CONTROL.sub(" ", text)


def finite(value: float | None) -> float | None:
    """Return ``value`` as a float, or ``None`` if absent or not finite."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def decimals(estimate: Estimate) -> int:
    """Decimals to show an estimate with: as published, else 1 for estimates."""
    if estimate.decimals is not None:
        return estimate.decimals
    return 1 if estimate.status is Status.ESTIMATED else 0


def row_label(row: ReportRow, lang: Language) -> str:
    """Return ``"group, item phrase"`` for a row."""
    return f"{group_label(row.group, lang)}, {_item_phrase(row.item, lang)}"


def source_label(lang: Language) -> str:
    """Return the word for "Source" in ``lang``."""
    return _LEGEND[lang]["source"]


def legend_lines(report: Report, lang: Language) -> list[str]:
    """Return the legend of the table marks that ``report`` uses."""
    legend = _LEGEND[lang]
    lines = []
    if report.confidence is not None:
        conf = format_number(100 * report.confidence, 0, lang)
        lines.append(legend["interval"].format(conf=conf))
    if any(r.change.significant for r in report.rows):
        lines.append(legend["significant"])
    if any(r.before.low_base or r.after.low_base for r in report.rows):
        lines.append(legend["low_base"])
    return lines


def notes(report: Report, lang: Language) -> list[str]:
    """Return the report's own notes in ``lang``."""
    return [note.get(lang) for note in report.notes]


def row_notes(report: Report, lang: Language) -> list[tuple[str, str]]:
    """Return ``(row label, note)`` for every row that has a note."""
    return [
        (row_label(row, lang), row.note.get(lang))
        for row in report.rows
        if row.note is not None
    ]
