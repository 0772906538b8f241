"""The ``text`` output format: an aligned table for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from skl_socialmedia.formats._common import (
    language,
    legend_lines,
    notes,
    row_notes,
    source_label,
)
from skl_socialmedia.formats.table import headers, row_cells
from skl_socialmedia.report.display import check_language
from skl_socialmedia.report.model import Report

__all__ = ["TextFormat", "render_text"]


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
    rows = [row_cells(row, language) for row in report.rows]
    lines = [report.title.get(language), ""]
    lines += _table(headers(report, language), rows)
    lines.append("")
    lines += legend_lines(report, language)
    lines += notes(report, language)
    lines += [f"- {label}: {note}" for label, note in row_notes(report, language)]
    source = report.source.get(language)
    if source:
        lines.append(f"{source_label(language)}: {source}")
    return "\n".join(lines) + "\n"


class TextFormat:
    """The ``text`` output format: an aligned table for the terminal (default)."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)
    media_type: ClassVar[str] = "text/plain; charset=utf-8"
    description: ClassVar[str] = "an aligned plain-text table (the default)"

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; ``lang`` selects English or Swedish."""
        return render_text(report, language(options))
