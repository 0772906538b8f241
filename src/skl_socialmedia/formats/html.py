"""The ``html`` output format: one self-contained page with the table and charts.

The page loads nothing: its CSS is inline, its charts are inline SVG (drawn by
:mod:`skl_socialmedia.formats.dumbbell_svg`, no plotting library needed), and
a Content-Security-Policy forbids any fetch. Every string from the report is
escaped with :func:`html.escape`; the ``lang`` attribute is set.

The table fits a slide: each group heads its rows (a ``tbody`` each), a
figure's interval and a base's sizes go on a second, smaller line, the unit
of the changes is in their header, and where each row's figures come from
and its notes are numbered footnotes under the table.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar

import attrs

from skl_socialmedia.formats._common import (
    PressOptions,
    notes,
    one_line,
    press_options,
    source_line,
)
from skl_socialmedia.formats.dumbbell_svg import chart_note, dumbbell_svg, groups
from skl_socialmedia.formats.table import (
    BaseCell,
    FigureCell,
    TableRow,
    column_kinds,
    findings_heading,
    findings_lines,
    headers,
    mark_legend,
    pp_unit,
    selection_note,
    table_rows,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.model import Report

__all__ = ["HtmlFormat", "render_html"]

_HEADINGS = {
    "en": {
        "charts": "Charts",
        "notes": "Notes",
        "table": "Table",
        "footnotes": "Figures: where they come from, and notes on rows",
    },
    "sv": {
        "charts": "Diagram",
        "notes": "Anmärkningar",
        "table": "Tabell",
        "footnotes": "Uppgifter: varifrån siffrorna kommer, och anmärkningar",
    },
}

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #ffffff; color: #1b1f23;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 20px 40px;
  box-sizing: border-box; }
h1 { font-size: 1.5rem; margin: 0 0 16px; }
h2 { font-size: 1.15rem; margin: 28px 0 10px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #d5dade;
  vertical-align: top; }
thead th { border-bottom: 2px solid #1b1f23; white-space: nowrap;
  vertical-align: bottom; }
th div, td div { color: #4b555e; font-size: 0.85em; font-weight: normal; }
tbody th { font-weight: normal; min-width: 14em; }
tbody tr.group th { font-weight: 600; padding-top: 10px; background: #ffffff;
  border-bottom: 1px solid #1b1f23; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.base { min-width: 12em; }
td.base div { white-space: nowrap; }
td.fn { color: #4b555e; font-size: 0.85em; white-space: nowrap; }
.footnotes { color: #4b555e; font-size: 0.9em; }
.footnotes ul { list-style: none; padding-left: 0; margin: 8px 0 0; }
figure { margin: 0 0 20px; overflow-x: auto; }
svg { max-width: 100%; height: auto; }
.notes li, .findings li, .footnotes li { margin-bottom: 4px; }
.source { color: #4b555e; }
""".strip()


def _esc(text: str) -> str:
    return html.escape(one_line(text), quote=True)


def _figure(cell: FigureCell) -> str:
    value = cell.bare or cell.value
    text = _esc(value + (f" {cell.mark}" if cell.mark else ""))
    if cell.interval:
        text += f"<div>{_esc(cell.interval)}</div>"
    return f'<td class="num">{text}</td>'


def _base(cell: BaseCell) -> str:
    text = _esc(cell.label)
    for part in (cell.counts, cell.effective):
        if part:
            text += f"<div>{_esc(part)}</div>"
    return f'<td class="base">{text}</td>'


def _footnotes(rows: list[TableRow]) -> tuple[list[list[int]], list[str]]:
    """Return the footnote numbers of each row and the footnote texts, numbered."""
    numbers: dict[str, int] = {}
    texts: list[str] = []
    marks = []
    for row in rows:
        own = []
        for text in (row.provenance, row.note):
            if text is None or not text.strip():
                continue
            if text not in numbers:
                texts.append(text)
                numbers[text] = len(texts)
            own.append(numbers[text])
        marks.append(own)
    return marks, texts


def _header(report: Report, lang: Language) -> list[str]:
    """Return the header cells: the group heads its rows, so it has no column."""
    out = []
    kinds = column_kinds(report)
    for kind, text in zip(kinds[1:], headers(report, lang)[1:], strict=True):
        if kind == "change":
            unit = _esc(pp_unit(lang))
            out.append(
                f'<th scope="col" class="num">{_esc(text)}<div>{unit}</div></th>'
            )
        elif kind == "estimate":
            out.append(f'<th scope="col" class="num">{_esc(text)}</th>')
        else:
            out.append(f'<th scope="col">{_esc(text)}</th>')
    return out


def _table(report: Report, rows: list[TableRow], lang: Language) -> list[str]:
    header = _header(report, lang)
    out = ['<div class="scroll"><table>', "<thead><tr>", *header, "</tr></thead>"]
    marks, texts = _footnotes(rows)
    group = None
    for row, own in zip(rows, marks, strict=True):
        if group is None or row.group != group:
            if group is not None:
                out.append("</tbody>")
            group = row.group
            out.append("<tbody>")
            out.append(
                f'<tr class="group"><th scope="rowgroup" colspan="{len(header)}">'
                f"{_esc(row.group)}</th></tr>"
            )
        cells = [f'<th scope="row">{_esc(row.item)}</th>']
        cells += [_figure(cell) for cell in row.estimates]
        cells += [_figure(cell) for cell in row.changes]
        cells.append(_base(row.base))
        refs = " ".join(f"[{number}]" for number in own)
        cells.append(f'<td class="fn">{refs}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    if group is not None:
        out.append("</tbody>")
    out.append("</table></div>")
    if texts:
        label = _HEADINGS[lang]["footnotes"]
        out += [f'<section class="footnotes" aria-label="{label}">', "<ul>"]
        out += [
            f"<li><strong>[{number}]</strong> {_esc(text)}</li>"
            for number, text in enumerate(texts, start=1)
        ]
        out += ["</ul>", "</section>"]
    return out


def _notes(report: Report, rows: list[TableRow], press: PressOptions) -> list[str]:
    lang = press.lang
    items = [_esc(line) for line in selection_note(report, rows, press)]
    items += [_esc(line) for line in mark_legend(report, rows, press)]
    items += [_esc(note) for note in notes(report, lang)]
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


def _findings(report: Report, lang: Language) -> list[str]:
    findings = findings_lines(report, lang)
    if not findings:
        return []
    out = [
        '<section class="findings">',
        f"<h2>{_esc(findings_heading(lang))}</h2>",
        "<ul>",
    ]
    out += [f"<li>{_esc(finding)}</li>" for finding in findings]
    out += ["</ul>", "</section>"]
    return out


def render_html(
    report: Report, lang: Language = "en", *, press: PressOptions | None = None
) -> str:
    """Render ``report`` as one self-contained HTML page in ``lang``.

    ``press`` are the common options (decimals, only significant rows,
    intervals); its language is ``lang``. Cells stay short: where each
    row's figures come from, and its notes, are numbered footnotes under
    the table.
    """
    press = attrs.evolve(PressOptions() if press is None else press, lang=lang)
    rows = table_rows(report, press)
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
    ]
    if report.description is not None:  # what the data are: synthetic, say
        out.append(f'<p class="description">{_esc(report.description.get(lang))}</p>')
    out += [
        f'<section class="table" aria-label="{_HEADINGS[lang]["table"]}">',
    ]
    out += _table(report, rows, lang)
    out.append("</section>")
    charts = groups(report, press=press)
    if charts:
        out.append('<section class="charts">')
        out.append(f"<h2>{_HEADINGS[lang]['charts']}</h2>")
        capped = chart_note(report, lang, press=press)
        if capped is not None:
            out.append(f"<p>{_esc(capped)}</p>")
        for group, group_rows in charts:
            out += [
                "<figure>",
                dumbbell_svg(report, group, group_rows, lang, press=press),
                "</figure>",
            ]
        out.append("</section>")
    out += _notes(report, rows, press)
    out += _findings(report, lang)
    source = source_line(report, lang)
    if source:
        out.append(f'<p class="source">{_esc(source)}</p>')
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
        """Render ``report``; takes the common options (``lang`` sets the attribute)."""
        press = press_options(self.name, options)
        return render_html(report, press.lang, press=press)
