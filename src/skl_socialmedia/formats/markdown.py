"""The ``markdown`` output format: a GitHub-flavoured Markdown table with notes."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from skl_socialmedia.formats._common import (
    language,
    legend_lines,
    notes,
    one_line,
    row_notes,
    source_label,
)
from skl_socialmedia.formats.table import headers, row_cells
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.model import Report

__all__ = ["MarkdownFormat", "escape_markdown", "render_markdown"]

# Characters with a meaning anywhere in a line of GitHub-flavoured Markdown
# (tables, inline HTML, entities, math), and what starts a block at a line start.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_BLOCK_START = re.compile(r"^[#+=-]")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
# Columns with figures are right-aligned.
_ALIGN = ("---", "---", "--:", "--:", "--:", "---")


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    r"""Escape ``text`` so Markdown shows it literally, on one line.

    Every punctuation character that Markdown or inline HTML could give a
    meaning inline (``* _ [ ] < > | & $ …``) is backslash-escaped, as is a
    leading ``# + - =`` or list number, which CommonMark allows for any ASCII
    punctuation; line breaks and control characters become spaces, so a cell
    cannot break its table row. ``line_start=False`` (for table cells, which
    cannot start a block) leaves a leading sign or number alone.
    """
    escaped = _SPECIAL.sub(r"\\\1", one_line(text).strip())
    if not line_start:
        return escaped
    escaped = _BLOCK_START.sub(r"\\\g<0>", escaped)
    return _LIST_NUMBER.sub(r"\1\\\2", escaped)


def _cell(text: str) -> str:
    return escape_markdown(text, line_start=False) or " "


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render_markdown(report: Report, lang: Language = "en") -> str:
    """Render ``report`` as a Markdown document in ``lang``."""
    lines = [f"# {escape_markdown(report.title.get(lang))}", ""]
    lines.append(_row(headers(report, lang)))
    lines.append("|" + "|".join(_ALIGN) + "|")
    lines += [_row(row_cells(row, lang)) for row in report.rows]
    extra = [escape_markdown(line) for line in legend_lines(report, lang)]
    extra += [escape_markdown(note) for note in notes(report, lang)]
    extra += [
        f"{escape_markdown(label)}: {escape_markdown(note)}"
        for label, note in row_notes(report, lang)
    ]
    if extra:
        lines.append("")
        lines += [f"- {line}" for line in extra]
    source = report.source.get(lang)
    if source.strip():
        lines += ["", f"{source_label(lang)}: {escape_markdown(source)}"]
    return "\n".join(lines) + "\n"


class MarkdownFormat:
    """The ``markdown`` output format: a GitHub table, notes and source."""

    name: ClassVar[str] = "markdown"
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown")
    media_type: ClassVar[str] = "text/markdown; charset=utf-8"
    description: ClassVar[str] = "a GitHub-flavoured Markdown table with notes"

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; ``lang`` selects English or Swedish."""
        return render_markdown(report, language(options))
