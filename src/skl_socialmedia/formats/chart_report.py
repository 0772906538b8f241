"""What the chart formats and :func:`skl_socialmedia.plot` make of a report.

:func:`report_chart` turns a report's rows into the
:class:`~skl_socialmedia.formats.chart_drawing.Chart` that
:func:`~skl_socialmedia.formats.chart_drawing.draw` draws: a heading per
group, a row per item labelled with its base, a mark per wave, the changes at
the right, the legend, the source's findings and the source line.
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
from skl_socialmedia.formats._common import PressOptions, one_line, source_line
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
from skl_socialmedia.report.display import group_label
from skl_socialmedia.report.model import Report, ReportRow

__all__ = ["chart_page", "report_chart", "require_matplotlib"]

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
        heading = group_label(group, lang)
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
    lines = []
    for row in rows:
        label, base = row_label(row, lang, among_in_base=True)
        marks = tuple(
            Mark(e.value, e.low, e.high, e.low_base)
            for e in row.estimates[: len(layout.waves)]
        )
        columns = tuple(
            change_label(row, c, lang, layout.press, layout.published)
            for c in range(len(layout.columns))
        )
        lines.append(Line(row.group, two_line_label(label, base), marks, columns))
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
