"""``sm.plot``: matplotlib figures of a report or a table, to customise.

:func:`plot` draws a :class:`~skl_socialmedia.report.Report` (what the
``chart`` format draws: a row per group and item, a mark per wave with its
interval, the changes at the right), a :class:`~skl_socialmedia.tally.RateTable`
(each row's rates per wave with their intervals) or a
:class:`~skl_socialmedia.tally.DeltaTable` (the changes in percentage points
with their intervals and a zero line) on one matplotlib ``Axes``, and returns
it, for the user to go on with: ``ax.set_title(...)``, ``ax.figure.savefig(...)``.

The module is called ``plotting`` so that ``skl_socialmedia.plot`` stays the
function. matplotlib is an optional dependency (the extra ``plot``), imported
only when something is drawn; without it :func:`plot` raises
:class:`~skl_socialmedia.errors.MissingExtraError`. The ``chart`` and
``chart-svg`` formats are :func:`plot` saved as PNG or SVG (in matplotlib's
default style; :func:`plot` itself draws in the current one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.formats._common import (
    PressOptions,
    one_line,
    press_options,
    shown_rows,
)
from skl_socialmedia.formats.chart_drawing import (
    Chart,
    Line,
    Mark,
    draw,
    two_line_label,
)
from skl_socialmedia.formats.chart_layout import (
    DPI,
    MARKERS,
    TEXT,
    row_height,
    wave_lanes,
)
from skl_socialmedia.formats.chart_report import (
    chart_page,
    report_chart,
    require_matplotlib,
)
from skl_socialmedia.formats.chart_rows import (
    AFTER_COLOUR,
    CHART_ROWS,
    WaveStyle,
    wave_style,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import (
    format_number,
    format_pp,
    group_label,
    item_phrase,
)
from skl_socialmedia.report.model import Report

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from skl_socialmedia.tally.tables import DeltaTable, RateTable

__all__ = ["PLOT_ROWS", "plot"]

#: The most rows (groups × items, or changes) one plot shows; more need ``page=``.
PLOT_ROWS = CHART_ROWS

_ADVICE = (
    "narrow it (fewer items or groups, or only_significant=True), "
    "or draw it page by page with page=N"
)
_WORDS = {
    "en": {
        "among": "among those who",
        "excludes": "interval excludes zero",
        "includes": "interval includes zero",
    },
    "sv": {
        "among": "bland dem som",
        "excludes": "intervallet utesluter noll",
        "includes": "intervallet innehåller noll",
    },
}


def plot(
    data: Report | RateTable | DeltaTable,
    ax: Axes | None = None,
    *,
    lang: Language = "en",
    title: str | None = None,
    intervals: bool = True,
    decimals: int | None = None,
    only_significant: bool = False,
    legend: bool = True,
    notes: bool = True,
    page: int | None = None,
) -> Axes:
    """Draw ``data`` with matplotlib and return the ``Axes`` it is drawn on.

    ``data`` is a :class:`~skl_socialmedia.report.Report` (drawn as the
    ``chart`` format draws it: a heading per group, a row per item with a
    mark per wave and its interval, the changes in percentage points at the
    right, bold when their interval excludes zero, the legend, the source's
    findings and the source line at the foot), a
    :class:`~skl_socialmedia.tally.RateTable` (a row per group and item, its
    rate in every wave with the interval) or a
    :class:`~skl_socialmedia.tally.DeltaTable` (a row per change, in
    percentage points with its interval, a zero line, the change at the
    right).

    Draws on ``ax`` when given (the row labels take about 3.3 inches left of
    it, the changes about 1.3 inches right of it, the title and legend room
    above: make the figure with ``layout="constrained"`` or leave margins),
    else on the ``Axes`` of a new :class:`matplotlib.figure.Figure` sized
    for the rows (not registered with pyplot: save it with
    ``ax.figure.savefig(path)``, or show it in a notebook by ending a cell
    with ``ax.figure``). Either way returns the ``Axes``; ``ax.figure`` is
    its figure. Drawn in the current matplotlib style, with every text as
    text (never mathtext).

    Options: ``lang`` (``"en"`` or ``"sv"``) for every label; ``title``
    (default: the report's title, none for a table; ``""``: none);
    ``intervals=False`` leaves the intervals out; ``decimals`` (0–3) of the
    changes at the right; ``only_significant`` keeps the rows with a
    significant change (not for a ``RateTable``); ``legend=False`` leaves out
    the legend and the key of bold figures, ``notes=False`` a report's notes
    at the foot (the source's findings and the source line). The texts carry
    ids (``text.get_gid()``: ``"title"``, ``"heading0"``, ``"row0"``,
    ``"row0-column0"`` …; see :func:`~skl_socialmedia.formats.chart_drawing.draw`).

    At most :data:`PLOT_ROWS` (40) rows: more are refused with an
    :class:`~skl_socialmedia.errors.InvalidArgumentError`, unless ``page=N``
    asks for rows ``40·(N−1)+1`` to ``40·N`` ("page N of M" on the chart).
    Needs the extra ``plot`` (matplotlib), else raises
    :class:`~skl_socialmedia.errors.MissingExtraError`.
    """
    options: dict[str, Any] = {"lang": lang, "intervals": intervals}
    options["only_significant"] = only_significant
    if decimals is not None:
        options["decimals"] = decimals
    press = press_options("plot", options)
    if title is not None and not isinstance(title, str):
        raise InvalidArgumentError(f"title must be a string, not {title!r}")
    # imported here: the tally package imports the survey package, which
    # skl_socialmedia/__init__.py imports after this module
    from skl_socialmedia.tally.tables import DeltaTable, RateTable

    if isinstance(data, Report):
        rows = shown_rows(data, press)
        picked, number, pages = chart_page(rows, page, _ADVICE)
        earlier = frozenset(row.group for row in rows[: CHART_ROWS * (number - 1)])
        require_matplotlib("sm.plot")
        chart = report_chart(
            data,
            picked,
            press,
            page=(number, pages, earlier),
            title=title,
            legend=legend,
            notes=notes,
        )
    elif isinstance(data, RateTable):
        if only_significant:
            raise InvalidArgumentError(
                "only_significant=True needs changes: plot a Report or a DeltaTable"
            )
        chart = _rate_chart(data, page, press, title or "", legend)
    elif isinstance(data, DeltaTable):
        chart = _delta_chart(data, page, press, title or "", legend)
    else:
        raise InvalidArgumentError(
            "plot() draws a Report, a RateTable or a DeltaTable, "
            f"not {type(data).__name__}"
        )
    if ax is None:
        from matplotlib.figure import Figure

        size, rect = chart.size()
        figure = Figure(figsize=size, dpi=DPI)
        ax = figure.add_axes(rect)
    draw(ax, chart)
    return ax


def _order(*columns: Any) -> list[tuple[str, ...]]:
    """Return the distinct tuples of ``columns``, in order of first appearance."""
    seen: dict[tuple[str, ...], None] = {}
    for key in zip(*(c.tolist() for c in columns), strict=True):
        seen.setdefault(tuple(str(k) for k in key), None)
    return list(seen)


def _among(item: str, among: str | None, lang: Language) -> str:
    phrase = item_phrase(item, lang)
    if among is None:
        return phrase
    return f"{phrase} ({_WORDS[lang]['among']} {item_phrase(among, lang)})"


def _headings(
    groups: Sequence[str], grouping: str | None, lang: Language
) -> dict[str, str]:
    """Return each group's heading; none for a table of all organisations."""
    if grouping is None and set(groups) == {"all"}:
        return {}
    return {group: one_line(group_label(group, lang)) for group in groups}


def _interval_handles(
    confidence: float, lang: Language, low_base: bool
) -> tuple[list[Any], list[str]]:
    from matplotlib.lines import Line2D

    text = TEXT[lang]
    handles: list[Any] = [Line2D([], [], color=AFTER_COLOUR, alpha=0.6, linewidth=2)]
    labels = [text["interval"].format(conf=format_number(100 * confidence, 0, lang))]
    if low_base:
        handles.append(
            Line2D(
                [],
                [],
                color=AFTER_COLOUR,
                alpha=0.6,
                linewidth=2,
                linestyle=(0, (2, 1.5)),
            )
        )
        labels.append(f"{text['low']} (!)")
    return handles, labels


def _marker(colour: str, shape: str, filled: bool) -> Any:
    from matplotlib.lines import Line2D

    return Line2D(
        [],
        [],
        linestyle="",
        marker=MARKERS[shape],
        markersize=6.5 if shape == "circle" else 5.5,
        markerfacecolor=colour if filled else "white",
        markeredgecolor=colour,
        markeredgewidth=1.6,
    )


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _rate_chart(
    table: RateTable, page: int | None, press: PressOptions, title: str, legend: bool
) -> Chart:
    """Return the chart of a rate table: a row per (group, item), a mark per wave."""
    lang, intervals = press.lang, press.intervals
    waves = [w for (w,) in _order(table.wave)]
    keys = _order(table.group, table.item)
    picked, number, pages = chart_page(keys, page, _ADVICE)
    require_matplotlib("sm.plot")
    where = {
        (str(g), str(i), str(w)): k
        for k, (g, i, w) in enumerate(
            zip(
                table.group.tolist(),
                table.item.tolist(),
                table.wave.tolist(),
                strict=True,
            )
        )
    }
    lines = []
    for group, item in picked:
        marks, sizes = [], []
        for wave in waves:
            k = where.get((group, item, wave))
            if k is None:
                marks.append(Mark(None))
                continue
            marks.append(
                Mark(
                    _finite(table.value[k]),
                    _finite(table.low[k]),
                    _finite(table.high[k]),
                    bool(table.low_base[k]),
                )
            )
            sizes.append(str(int(table.n[k])))
        label = two_line_label(
            _among(item, table.among, lang), f"n = {' / '.join(sizes)}"
        )
        lines.append(Line(group, label, tuple(marks)))
    styles = [wave_style(i, len(waves)) for i in range(len(waves))]
    handles: list[Any] = []
    labels: list[str] = []
    if legend:
        handles = [_marker(s.colour, s.shape, s.filled) for s in styles]
        labels = [one_line(wave) for wave in waves]
        shown = [m for line in lines for m in line.marks]
        if intervals and any(m.low is not None for m in shown):
            more = _interval_handles(
                table.confidence, lang, any(m.low_base for m in shown)
            )
            handles += more[0]
            labels += more[1]
    return Chart(
        lines=lines,
        styles=styles,
        lanes=wave_lanes(len(waves)),
        row=row_height(len(waves)),
        lang=lang,
        headings=_headings([g for g, _ in picked], table.grouping, lang),
        intervals=intervals,
        title=title,
        page_label=_page_label(number, pages, lang),
        legend=(handles, labels),
    )


def _page_label(number: int, pages: int, lang: Language) -> str:
    return TEXT[lang]["page"].format(page=number, pages=pages) if pages > 1 else ""


def _delta_chart(
    table: DeltaTable, page: int | None, press: PressOptions, title: str, legend: bool
) -> Chart:
    """Return the chart of a delta table: a row per change, in pp, a zero line."""
    lang = press.lang
    indices = list(range(len(table)))
    if press.only_significant:
        indices = [k for k in indices if bool(table.significant[k])]
    picked, number, pages = chart_page(
        list(indices), page, _ADVICE, "wave pairs × groups × items"
    )
    require_matplotlib("sm.plot")
    places = 1 if press.decimals is None else press.decimals
    lines = []
    for k in picked:
        value = _finite(table.value[k])
        low, high = _finite(table.low[k]), _finite(table.high[k])
        excludes = low is not None and high is not None and (low > 0 or high < 0)
        text = "–" if value is None else format_pp(value, places, lang, unit=False)
        waves = f"{table.before_wave[k]}–{table.after_wave[k]}"
        label = two_line_label(
            _among(str(table.item[k]), table.among, lang),
            f"{waves}, n = {int(table.n_before[k])} / {int(table.n_after[k])}",
        )
        mark = Mark(value, low, high, filled=excludes)
        lines.append(Line(str(table.group[k]), label, (mark,), ((text, excludes),)))
    shown = [line.marks[0] for line in lines]
    with_intervals = any(m.low is not None for m in shown)
    handles: list[Any] = []
    labels: list[str] = []
    if legend:
        words = _WORDS[lang]
        handles = [_marker(AFTER_COLOUR, "circle", True)]
        handles.append(_marker(AFTER_COLOUR, "circle", False))
        labels = [words["excludes"], words["includes"]]
        if press.intervals and with_intervals:
            more = _interval_handles(table.confidence, lang, low_base=False)
            handles += more[0]
            labels += more[1]
    groups = list(dict.fromkeys(line.group for line in lines))
    return Chart(
        lines=lines,
        styles=[WaveStyle(AFTER_COLOUR, "circle", filled=True)],
        lanes=[0.0],
        row=row_height(1),
        lang=lang,
        scale="pp",
        headings=_headings(groups, table.grouping, lang),
        columns=[""],
        column_head=TEXT[lang]["change"],
        dumbbell=False,
        intervals=press.intervals,
        title=title,
        page_label=_page_label(number, pages, lang),
        legend=(handles, labels),
        bold_key=legend and with_intervals,
        x_label=TEXT[lang]["change_line"],
    )
