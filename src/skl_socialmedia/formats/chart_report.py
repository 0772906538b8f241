"""What the chart formats and :func:`skl_socialmedia.plot` make of a report.

:func:`report_chart` turns a report's rows into the
:class:`~skl_socialmedia.formats.chart_drawing.Chart` that
:func:`~skl_socialmedia.formats.chart_drawing.draw` draws: a heading per
group, a row per item labelled with its base, a mark per wave, the changes at
the right, the legend, the source's findings and the source line. A row whose
figures carry status flags (:func:`flag_marks`: low reliability, missing,
a change across a break in series) gets a footnote number on its label — and
on its change when that is not comparable — and the note at the foot, in the
words of the other formats' notes; a missing figure has no mark.
:func:`chart_page` picks one page of at most :data:`CHART_ROWS` rows (of a
report or a table), or refuses more; :func:`require_matplotlib` raises the
error that names the extra ``plot``.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TypeVar

from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError
from skl_socialmedia.formats._common import (
    PressOptions,
    one_line,
    report_group,
    source_line,
)
from skl_socialmedia.formats.chart_drawing import (
    Chart,
    Line,
    Mark,
    two_line_label,
)
from skl_socialmedia.formats.chart_layout import (
    SOURCE_CHARS,
    TEXT,
    ChartLayout,
    findings_lines,
    legend_entries,
)
from skl_socialmedia.formats.chart_rows import (
    CHART_ROWS,
    change_label,
    group_rows,
    has_bold_key,
    row_label,
    wave_style,
)
from skl_socialmedia.model.localized import Text
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.published.flags import MISSING_FLAGS, WARNING_FLAGS, Flag
from skl_socialmedia.report.model import Report, ReportRow

__all__ = ["chart_page", "flag_marks", "report_chart", "require_matplotlib"]

T = TypeVar("T")


def require_matplotlib(feature: str) -> None:
    """Import matplotlib, or raise :class:`MissingExtraError` naming ``plot``."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as error:
        raise MissingExtraError(feature, "plot", "matplotlib") from error


def _page_number(value: object, pages: int) -> int:
    if isinstance(value, bool):
        number = -1
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = -1
    if not 1 <= number <= pages:
        raise InvalidArgumentError(
            f"option page={value!r} must be a whole number from 1 to {pages}"
            f" (the chart has {pages} page{'s' if pages != 1 else ''}"
            f" of at most {CHART_ROWS} rows)"
        )
    return number


def chart_page(
    rows: Sequence[T], page: object, advice: str, what: str = "groups × items"
) -> tuple[list[T], int, int]:
    """Return the rows one chart shows, the page number and the number of pages.

    Without ``page`` every row, and more than :data:`CHART_ROWS` rows are
    refused (:class:`InvalidArgumentError`: "the chart would have N rows
    (``what``) …", then ``advice``, which must name ``page=N``); with
    ``page=N`` (1, 2, …) the rows ``CHART_ROWS·(N−1)+1`` to ``CHART_ROWS·N``.
    """
    pages = max(1, math.ceil(len(rows) / CHART_ROWS))
    if page is None:
        if len(rows) > CHART_ROWS:
            raise InvalidArgumentError(
                f"the chart would have {len(rows)} rows ({what}), more than "
                f"the {CHART_ROWS} one chart shows; {advice} (N from 1 to {pages})"
            )
        return list(rows), 1, pages
    number = _page_number(page, pages)
    start = CHART_ROWS * (number - 1)
    return list(rows[start : start + CHART_ROWS]), number, pages


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SHOWN_FLAGS = WARNING_FLAGS | MISSING_FLAGS | {Flag.BREAK}
_NOT_COMPARABLE = Text(
    "Not comparable: break in series", "Ej jämförbar: tidsseriebrott"
)


def _flagged(row: ReportRow) -> bool:
    return any(f in _SHOWN_FLAGS for e in row.estimates for f in e.flags) or any(
        Flag.BREAK in c.flags for c in row.changes
    )


def _flag_note(row: ReportRow, lang: Language) -> str:
    """Return what a flagged row's footnote says: its note, else its flags."""
    if row.note is not None:
        return one_line(row.note.get(lang))
    parts = []
    for estimate in row.estimates:
        shown = [f.label.get(lang) for f in estimate.flags if f in _SHOWN_FLAGS]
        if shown:
            parts.append(f"{estimate.wave}: {'; '.join(shown)}.")
    for change in row.changes:
        if Flag.BREAK in change.flags:
            parts.append(
                f"{_NOT_COMPARABLE.get(lang)} ({change.before_wave}–"
                f"{change.after_wave})."
            )
    return " ".join(parts)


def flag_marks(rows: Sequence[ReportRow], lang: Language) -> dict[int, tuple[str, str]]:
    """Return the footnote of every flagged row: its marker and its note.

    Keyed by the row's position in ``rows``; the markers are superscript
    numbers (¹, ², …) in the order the chart draws the rows (by group). A
    row is flagged when an estimate carries a warning flag (low reliability,
    estimated, provisional, …), a missing flag (confidential, not
    applicable, not available) or a break in series, or a change is not
    comparable; the note is the row's note (which says
    the flags in words, as the text, HTML and sentences formats do).
    """
    first: dict[str, int] = {}
    for index, row in enumerate(rows):
        first.setdefault(row.group, index)
    shown = sorted(range(len(rows)), key=lambda i: first[rows[i].group])
    marks: dict[int, tuple[str, str]] = {}
    for index in shown:  # numbered as drawn: by group, groups in order
        row = rows[index]
        if _flagged(row):
            marker = str(len(marks) + 1).translate(_SUPERSCRIPTS)
            marks[index] = (marker, _flag_note(row, lang))
    return marks


def report_chart(
    report: Report,
    rows: Sequence[ReportRow],
    press: PressOptions,
    *,
    page: tuple[int, int, frozenset[str]] = (1, 1, frozenset()),
    title: str | None = None,
    legend: bool = True,
    notes: bool = True,
) -> Chart:
    """Return the chart of ``rows`` of ``report``: what the chart formats draw.

    ``page`` is (number, pages, the groups begun on earlier pages); ``title``
    replaces the report's title (``""``: none); ``legend`` and ``notes``
    switch off the legend (with the key of bold figures) and the notes at the
    foot (the source's findings and the source line).
    """
    lang = press.lang
    number, pages, earlier = page
    layout = ChartLayout(report, rows, press)
    headings = {}
    for index, (group, _) in enumerate(group_rows(rows)):
        heading = report_group(report, group, lang)
        if index == 0 and group in earlier:
            heading += f" {TEXT[lang]['continued']}"
        headings[group] = one_line(heading)
    if title is None:
        wrapped = textwrap.wrap(
            one_line(report.title.get(lang)), 80 if pages > 1 else 95
        )
        title = wrapped[0] + (" …" if len(wrapped) > 1 else "") if wrapped else ""
    footer: list[tuple[str, str]] = []
    if notes:
        footer += [
            (line, f"finding-{i}")
            for i, line in enumerate(findings_lines(report, lang))
        ]
        source = textwrap.wrap(
            source_line(report, lang), SOURCE_CHARS, break_on_hyphens=False
        )
        footer += [(line, f"source-{i}") for i, line in enumerate(source)]
    flagged = flag_marks(rows, lang)
    if notes and flagged:
        noted = [
            line
            for marker, note in flagged.values()
            for line in textwrap.wrap(
                f"{marker} {note}", SOURCE_CHARS, break_on_hyphens=False
            )
        ]
        at = len(footer) - len([gid for _, gid in footer if gid.startswith("source")])
        footer[at:at] = [(line, f"flag-{i}") for i, line in enumerate(noted)]
    lines = []
    for index, row in enumerate(rows):
        label, base = row_label(row, lang, among_in_base=True, report=report)
        marks = tuple(
            Mark(e.value, e.low, e.high, e.low_base)
            for e in row.estimates[: len(layout.waves)]
        )
        columns = tuple(
            change_label(row, c, lang, layout.press, layout.published)
            for c in range(len(layout.columns))
        )
        text = two_line_label(label, base)
        if index in flagged:
            marker = flagged[index][0]
            first, newline, rest = text.partition("\n")
            text = f"{first} {marker}{newline}{rest}"
            columns = tuple(
                (f"{said} {marker}", bold)
                if c < len(row.changes) and Flag.BREAK in row.changes[c].flags
                else (said, bold)
                for c, (said, bold) in enumerate(columns)
            )
        lines.append(Line(row.group, text, marks, columns))
    waves = len(layout.waves)
    return Chart(
        lines=lines,
        styles=[wave_style(i, waves) for i in range(waves)],
        lanes=layout.lanes,
        row=layout.row,
        lang=lang,
        headings=headings,
        columns=layout.columns if layout.pairs else [""],
        column_head=TEXT[lang]["change"]
        if not layout.pairs
        else TEXT[lang]["change_line"],
        intervals=press.intervals,
        title=title,
        page_label=TEXT[lang]["page"].format(page=number, pages=pages)
        if pages > 1
        else "",
        legend=legend_entries(report, rows, lang, layout) if legend else ([], []),
        bold_key=legend and has_bold_key(rows),
        footer=footer,
    )
