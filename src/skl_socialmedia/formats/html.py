"""The ``html`` output format: one self-contained page with the table and charts.

The page loads nothing: its CSS is inline, its charts are inline SVG (drawn by
:mod:`skl_socialmedia.formats.dumbbell_svg`, no plotting library needed), and
a Content-Security-Policy forbids any fetch. Every string from the report is
escaped with :func:`html.escape`; the ``lang`` attribute is set.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar

from skl_socialmedia.formats._common import (
    language,
    legend_lines,
    notes,
    one_line,
    row_notes,
    source_label,
)
from skl_socialmedia.formats.dumbbell_svg import dumbbell_svg, groups
from skl_socialmedia.formats.table import headers, row_cells
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.model import Report

__all__ = ["HtmlFormat", "render_html"]

_NUMERIC_COLUMNS = frozenset({2, 3, 4})

_HEADINGS = {
    "en": {"charts": "Charts", "notes": "Notes", "table": "Table"},
    "sv": {"charts": "Diagram", "notes": "Anmärkningar", "table": "Tabell"},
}

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #ffffff; color: #1b1f23;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 40px; }
h1 { font-size: 1.5rem; margin: 0 0 16px; }
h2 { font-size: 1.15rem; margin: 28px 0 10px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #d5dade;
  vertical-align: top; }
thead th { border-bottom: 2px solid #1b1f23; white-space: nowrap; }
tbody tr:nth-child(even) { background: #f3f5f7; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.src { color: #4b555e; font-size: 0.9em; }
figure { margin: 0 0 20px; overflow-x: auto; }
svg { max-width: 100%; height: auto; }
.notes li { margin-bottom: 4px; }
.source { color: #4b555e; }
""".strip()


def _esc(text: str) -> str:
    return html.escape(one_line(text), quote=True)


def _table(report: Report, lang: Language) -> list[str]:
    out = ['<div class="scroll"><table>', "<thead><tr>"]
    out += [f'<th scope="col">{_esc(h)}</th>' for h in headers(report, lang)]
    out.append("</tr></thead>")
    out.append("<tbody>")
    for row in report.rows:
        cells = []
        for index, cell in enumerate(row_cells(row, lang)):
            if index == 0:
                cells.append(f'<th scope="row">{_esc(cell)}</th>')
            elif index in _NUMERIC_COLUMNS:
                cells.append(f'<td class="num">{_esc(cell)}</td>')
            elif index == 5:
                cells.append(f'<td class="src">{_esc(cell)}</td>')
            else:
                cells.append(f"<td>{_esc(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return out


def _notes(report: Report, lang: Language) -> list[str]:
    items = [_esc(line) for line in legend_lines(report, lang)]
    items += [_esc(note) for note in notes(report, lang)]
    items += [
        f"<strong>{_esc(label)}</strong>: {_esc(note)}"
        for label, note in row_notes(report, lang)
    ]
    if not items:
        return []
    out = [
        '<section class="notes">',
        f"<h2>{_HEADINGS[lang]['notes']}</h2>",
        "<ul>",
    ]
    out += [f"<li>{item}</li>" for item in items]
    out += ["</ul>", "</section>"]
    return out


def render_html(report: Report, lang: Language = "en") -> str:
    """Render ``report`` as one self-contained HTML page in ``lang``."""
    title = _esc(report.title.get(lang))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<link rel="icon" href="data:,">',
        f"<title>{title}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{title}</h1>",
        f'<section class="table" aria-label="{_HEADINGS[lang]["table"]}">',
    ]
    out += _table(report, lang)
    out.append("</section>")
    charts = groups(report)
    if charts:
        out.append('<section class="charts">')
        out.append(f"<h2>{_HEADINGS[lang]['charts']}</h2>")
        for group, rows in charts:
            out += ["<figure>", dumbbell_svg(report, group, rows, lang), "</figure>"]
        out.append("</section>")
    out += _notes(report, lang)
    source = report.source.get(lang)
    if source.strip():
        out.append(f'<p class="source">{source_label(lang)}: {_esc(source)}</p>')
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


class HtmlFormat:
    """The ``html`` output format: a self-contained page with table and charts."""

    name: ClassVar[str] = "html"
    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm")
    media_type: ClassVar[str] = "text/html; charset=utf-8"
    description: ClassVar[str] = (
        "one self-contained HTML page with the table and dumbbell charts"
    )

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; ``lang`` sets the language and the ``lang`` attribute."""
        return render_html(report, language(options))
