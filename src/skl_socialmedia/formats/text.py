"""The ``text`` output format: an aligned table for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from skl_socialmedia.formats._common import (
    PressOptions,
    notes,
    one_line,
    press_options,
    source_line,
)
from skl_socialmedia.formats.table import (
    findings_heading,
    findings_lines,
    headers,
    mark_legend,
    selection_note,
    table_rows,
)
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


def render_text(
    report: Report, lang: str = "en", *, press: PressOptions | None = None
) -> str:
    """Render ``report`` as an aligned plain-text table in ``lang``.

    ``press`` are the common options (decimals, only significant rows,
    intervals); its language is ``lang``.
    """
    language = check_language(lang)
    press = attrs.evolve(PressOptions() if press is None else press, lang=language)
    rows = table_rows(report, press)
    cells = [[one_line(c) for c in row.cells()] for row in rows]
    header = [one_line(h) for h in headers(report, language)]
    lines = [one_line(report.title.get(language)), ""]
    lines += _table(header, cells)
    lines.append("")
    lines += selection_note(report, rows, press)
    lines += mark_legend(report, rows, press)
    lines += [one_line(note) for note in notes(report, language)]
    lines += [f"- {row.label}: {row.note}" for row in rows if row.note is not None]
    findings = findings_lines(report, language)
    if findings:
        lines += ["", f"{findings_heading(language)}:"]
        lines += [f"- {finding}" for finding in findings]
        lines.append("")
    source = source_line(report, language)
    if source:
        lines.append(source)
    return "\n".join(lines) + "\n"


class TextFormat:
    """The ``text`` output format: an aligned table for the terminal (default)."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)
    media_type: ClassVar[str] = "text/plain; charset=utf-8"
    description: ClassVar[str] = "an aligned plain-text table (the default)"

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; takes the common options (``lang``, ``decimals``, …)."""
        press = press_options(self.name, options)
        return render_text(report, press.lang, press=press)
