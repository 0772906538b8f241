"""The ``text`` output format: an aligned table for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from skl_socialmedia.display import (
    check_language,
    format_number,
    group_label,
    item_phrase,
)
from skl_socialmedia.formats.table import headers, row_cells
from skl_socialmedia.report.model import Report

__all__ = ["TextFormat", "render_text"]

_LEGEND = {
    "en": {
        "source": "Source",
        "interval": "Intervals: {conf} % confidence intervals.",
        "significant": "* the interval of the change excludes zero.",
        "low_base": "! low base (NCHS 2017 standards): interpret with care.",
    },
    "sv": {
        "source": "Källa",
        "interval": "Intervall: {conf} % konfidensintervall.",
        "significant": "* förändringens intervall utesluter noll.",
        "low_base": "! låg bas (NCHS 2017): tolka med försiktighet.",
    },
}


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = []
    for cells in (header, *rows):
        line = "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
        lines.append(line.rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def render_text(report: Report, lang: str = "en") -> str:
    """Render ``report`` as an aligned plain-text table in ``lang``."""
    language = check_language(lang)
    legend = _LEGEND[language]
    rows = [row_cells(row, language) for row in report.rows]
    lines = [report.title.get(language), ""]
    lines += _table(headers(report, language), rows)
    lines.append("")
    if report.confidence is not None:
        conf = format_number(100 * report.confidence, 0, language)
        lines.append(legend["interval"].format(conf=conf))
    if any(r.change.significant for r in report.rows):
        lines.append(legend["significant"])
    if any(r.before.low_base or r.after.low_base for r in report.rows):
        lines.append(legend["low_base"])
    for note in report.notes:
        lines.append(note.get(language))
    for row in report.rows:
        if row.note is not None:
            label = (
                f"{group_label(row.group, language)}, {item_phrase(row.item, language)}"
            )
            lines.append(f"- {label}: {row.note.get(language)}")
    source = report.source.get(language)
    if source:
        lines.append(f"{legend['source']}: {source}")
    return "\n".join(lines) + "\n"


class TextFormat:
    """The ``text`` output format: an aligned table for the terminal (default)."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)
    media_type: ClassVar[str] = "text/plain; charset=utf-8"
    description: ClassVar[str] = "an aligned plain-text table (the default)"

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; ``lang`` selects English or Swedish."""
        return render_text(report, str(options.get("lang", "en")))
