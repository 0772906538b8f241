"""The ``markdown`` output format: a GitHub-flavoured Markdown table with notes."""

from __future__ import annotations

import re
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
    column_kinds,
    findings_heading,
    findings_lines,
    headers,
    mark_legend,
    selection_note,
    table_rows,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.model import Report

__all__ = ["MarkdownFormat", "escape_markdown", "render_markdown"]

# Characters with a meaning anywhere in a line of GitHub-flavoured Markdown
# (tables, inline HTML, entities, math), and what starts a block at a line start.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
_BLOCK_START = re.compile(r"^[#+=-]")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
# What starts one of GFM's extended autolinks: the "://" after a scheme
# (http, https, ftp; any case) and the dot of "www."; a backslash before the
# colon or the dot keeps the text as it is shown and makes it no link.
_AUTOLINK = re.compile(r"(?i):(?=//)|(?<=www)\.")


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    r"""Escape ``text`` so Markdown shows it literally, on one line.

    Every punctuation character that Markdown or inline HTML could give a
    meaning inline (``* _ [ ] < > | & $ …``) is backslash-escaped, as is a
    leading ``# + - =`` or list number, which CommonMark allows for any ASCII
    punctuation; line breaks, control characters and the other characters
    unsafe on a terminal are shown as escapes (``\n``, ``\x1b``, ``\u202e``;
    see :func:`~skl_socialmedia.errors.printable`), so a cell cannot
    break its table row. The colon of ``http://`` (any scheme) and the dot of
    ``www.`` are escaped too, so that GitHub does not turn a name into a link
    (GFM's autolinks); an e-mail address cannot be kept from GitHub's
    autolinker by escapes, and becomes a ``mailto:`` link showing the address.
    ``line_start=False`` (for table cells, which cannot start a block) leaves
    a leading sign or number alone.
    """
    escaped = _SPECIAL.sub(r"\\\1", one_line(text).strip())
    escaped = _AUTOLINK.sub(r"\\\g<0>", escaped)
    if not line_start:
        return escaped
    escaped = _BLOCK_START.sub(r"\\\g<0>", escaped)
    return _LIST_NUMBER.sub(r"\1\\\2", escaped)


def _cell(text: str) -> str:
    return escape_markdown(text, line_start=False) or " "


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


# Columns with figures are right-aligned.
_ALIGN = {"estimate": "--:", "change": "--:"}


def render_markdown(
    report: Report, lang: Language = "en", *, press: PressOptions | None = None
) -> str:
    """Render ``report`` as a Markdown document in ``lang``.

    ``press`` are the common options (decimals, only significant rows,
    intervals); its language is ``lang``.
    """
    press = attrs.evolve(PressOptions() if press is None else press, lang=lang)
    rows = table_rows(report, press)
    lines = [f"# {escape_markdown(report.title.get(lang))}", ""]
    lines.append(_row(headers(report, lang)))
    lines.append(
        "|" + "|".join(_ALIGN.get(k, "---") for k in column_kinds(report)) + "|"
    )
    lines += [_row(row.cells()) for row in rows]
    extra = [escape_markdown(line) for line in selection_note(report, rows, press)]
    extra += [escape_markdown(line) for line in mark_legend(report, rows, press)]
    extra += [escape_markdown(note) for note in notes(report, lang)]
    extra += [
        f"{escape_markdown(row.label)}: {escape_markdown(row.note)}"
        for row in rows
        if row.note is not None
    ]
    if extra:
        lines.append("")
        lines += [f"- {line}" for line in extra]
    findings = findings_lines(report, lang)
    if findings:
        lines += ["", f"## {escape_markdown(findings_heading(lang))}", ""]
        lines += [f"- {escape_markdown(finding)}" for finding in findings]
    source = source_line(report, lang)
    if source:
        lines += ["", escape_markdown(source)]
    return "\n".join(lines) + "\n"


class MarkdownFormat:
    """The ``markdown`` output format: a GitHub table, notes and source."""

    name: ClassVar[str] = "markdown"
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".markdown")
    media_type: ClassVar[str] = "text/markdown; charset=utf-8"
    description: ClassVar[str] = "a GitHub-flavoured Markdown table with notes"

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; takes the common options (``lang``, ``decimals``, …)."""
        press = press_options(self.name, options)
        return render_markdown(report, press.lang, press=press)
