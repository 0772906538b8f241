"""The drawing shared by :func:`skl_socialmedia.plot` and the chart formats.

A chart (:class:`Chart`) is a list of :class:`Line` s — one row each: a
label, a mark per wave with its interval, texts at the right such as the
change in percentage points — under a heading per group, all on one
matplotlib ``Axes`` (:func:`draw`). Everything around the rows (the title,
the legend, the key of bold figures, the head of the right-hand columns, the
page number, the notes at the foot) is placed relative to the ``Axes`` in
inches, so the same drawing fits a figure made for it (:meth:`Chart.size`)
and an ``Axes`` a user made. What a report's rows make is in
:mod:`skl_socialmedia.formats.chart_report`.

matplotlib is imported only inside the functions that draw.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import attrs

from skl_socialmedia.formats._common import finite, one_line
from skl_socialmedia.formats.chart_layout import (
    CHANGE_COLUMN,
    CHANGE_PAD,
    LEFT,
    MARKERS,
    NOTE_COLOUR,
    SOURCE_LINE,
    WIDTH,
    legend_row_count,
)
from skl_socialmedia.formats.chart_rows import WaveStyle, bold_key
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import format_pp

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.transforms import Transform

__all__ = [
    "HEADING",
    "LABELS",
    "Chart",
    "Line",
    "Mark",
    "draw",
    "two_line_label",
]

#: Inches from the left of the Axes to the left of the title, legend and notes
#: (the room the row labels take).
LABELS = LEFT * WIDTH - 0.18
#: The height of a group's heading, in rows.
HEADING = 0.85
_GROUP_GAP = 0.45  # rows between one group's last row and the next heading
_PAD_TOP = 0.1
_PAD_BOTTOM = 0.15
_LABEL_GAP = 0.13  # inches between a row's label and the Axes
_GRID = "#d5dade"
_STRIPE = "#f3f5f7"
_FONT = 9.0  # the labels' and right-hand texts' size, which the layout is made for


class Mark(NamedTuple):
    """One wave's estimate in a row: value and interval (fractions, or None).

    ``filled`` overrides whether the wave's style fills the mark.
    """

    value: float | None
    low: float | None = None
    high: float | None = None
    low_base: bool = False
    filled: bool | None = None


class Line(NamedTuple):
    """One row of a chart: its group, label, marks and right-hand texts.

    ``marks`` has one :class:`Mark` per wave (lane); ``columns`` one
    ``(text, bold)`` per right-hand column.
    """

    group: str
    label: str
    marks: tuple[Mark, ...]
    columns: tuple[tuple[str, bool], ...] = ()


def two_line_label(first: str, second: str) -> str:
    """Return a row label: ``first`` and ``second`` each cut to one short line."""
    lines = textwrap.wrap(one_line(first), 44, max_lines=1, placeholder=" …")
    lines += textwrap.wrap(one_line(second), 48, max_lines=1, placeholder=" …")
    return "\n".join(lines)


@attrs.frozen(kw_only=True)
class Chart:
    """Everything one chart draws, and where (see :func:`draw`).

    ``scale`` is ``"share"`` (0–100 %) or ``"pp"`` (changes, with a zero
    line); ``headings`` maps each group to its heading (no heading when the
    group is missing); ``columns`` are the right-hand columns' heads and
    ``column_head`` the words above them (two lines when ``columns`` is
    ``[""]``); ``legend`` the legend's handles and labels; ``footer`` the
    notes at the foot with their SVG ids.
    """

    lines: Sequence[Line]
    styles: Sequence[WaveStyle]
    lanes: Sequence[float]
    row: float
    lang: Language
    scale: Literal["share", "pp"] = "share"
    headings: dict[str, str] = attrs.field(factory=dict)
    columns: Sequence[str] = ()
    column_head: str = ""
    dumbbell: bool = True
    intervals: bool = True
    title: str = ""
    page_label: str = ""
    legend: tuple[list[Any], list[str]] = ([], [])
    bold_key: bool = False
    footer: Sequence[tuple[str, str]] = ()
    x_label: str = ""

    def groups(self) -> list[tuple[str, list[Line]]]:
        """Return the lines by group, groups in order of first appearance."""
        by_group: dict[str, list[Line]] = {}
        for line in self.lines:
            by_group.setdefault(line.group, []).append(line)
        return list(by_group.items())

    def ordered(self) -> list[Line]:
        """Return the lines in the order they are drawn: by group (:meth:`groups`)."""
        return [line for _, lines in self.groups() for line in lines]

    def positions(self) -> tuple[list[tuple[float, float, float]], list[float], float]:
        """Return each group's (heading, top, bottom), each line's centre, the foot.

        In rows from the top of the Axes (the y axis points down).
        """
        spans, centres, y = [], [], 0.0
        for index, (group, lines) in enumerate(self.groups()):
            y += _GROUP_GAP if index else 0.0
            heading = y
            if group in self.headings or (index == 0 and self.columns):
                y += HEADING
            top = y
            for _ in lines:
                centres.append(y + 0.5)
                y += 1.0
            spans.append((heading, top, y))
        return spans, centres, y + _PAD_BOTTOM

    def _legend_rows(self) -> int:
        return legend_row_count(self.legend[1]) if self.legend[0] else 0

    def above(self) -> tuple[float, float, float, float]:
        """Return, in inches above the Axes: bold key, legend top, title, total."""
        y = 0.12
        key = y
        if self.bold_key:
            y += 0.16
        legend = y + 0.2 * self._legend_rows()
        y = legend
        title = y + 0.22 if self.title or self.page_label else y
        return key, legend, title, title + 0.12

    def below(self) -> tuple[float, float]:
        """Return, in inches below the Axes: the first note's foot, and total."""
        first = 0.53 + (0.2 if self.x_label else 0.0)
        if not self.footer:
            return first, first - 0.13
        return first, first + SOURCE_LINE * (len(self.footer) - 1) + 0.1

    def right(self) -> float:
        """Return the inches right of the Axes that the right-hand columns take."""
        if not self.columns:
            return 0.35
        return CHANGE_PAD + CHANGE_COLUMN * len(self.columns) + 0.43

    def size(self) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
        """Return the figure size (inches) and the Axes' rectangle (fractions)."""
        _, _, foot = self.positions()
        height_axes = (foot + _PAD_TOP) * self.row
        top, bottom = self.above()[3], self.below()[1]
        height = top + height_axes + bottom
        left = LEFT * WIDTH
        width_axes = max(0.2 * WIDTH, WIDTH - left - self.right())
        return (WIDTH, height), (
            left / WIDTH,
            bottom / height,
            width_axes / WIDTH,
            height_axes / height,
        )


def _shifted(axes: Axes, base: Transform, dx: float, dy: float) -> Transform:
    """Return ``base`` moved by (dx, dy) inches."""
    from matplotlib.transforms import ScaledTranslation

    return base + ScaledTranslation(dx, dy, axes.figure.dpi_scale_trans)


def _scale(axes: Axes, chart: Chart) -> None:
    if chart.scale == "share":
        axes.set_xlim(0, 1)
        axes.set_xticks(
            [0, 0.25, 0.5, 0.75, 1], labels=["0 %", "25 %", "50 %", "75 %", "100 %"]
        )
        return
    found = []
    for line in chart.lines:
        for mark in line.marks:
            ends = (mark.low, mark.high) if chart.intervals else ()
            found += [abs(v) for v in (mark.value, *ends) if finite(v) is not None]
    extent = max([*found, 0.05])
    step = next(s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5) if extent / s <= 4)
    count = math.ceil(extent / step - 1e-9)
    ticks = [step * i for i in range(-count, count + 1)]
    axes.set_xlim(-step * count - step / 4, step * count + step / 4)
    labels = [format_pp(t, 0, chart.lang, unit=False) for t in ticks]
    axes.set_xticks(ticks, labels=labels)
    if chart.x_label:
        axes.set_xlabel(chart.x_label, fontsize=9, parse_math=False)


def _intervals(axes: Axes, chart: Chart, lane: int, ys: Sequence[float]) -> None:
    """Draw one wave's intervals, in its lane: a fixed distance from the marks."""
    from matplotlib.collections import LineCollection

    colour = chart.styles[lane].colour
    solid: list[list[tuple[float, float]]] = []
    dashed: list[list[tuple[float, float]]] = []
    for line, y in zip(chart.ordered(), ys, strict=True):
        mark = line.marks[lane] if lane < len(line.marks) else Mark(None)
        low, high = finite(mark.low), finite(mark.high)
        if low is None or high is None:
            continue
        (dashed if mark.low_base else solid).append([(low, y), (high, y)])
    # the lane's offset in inches, so that it does not grow with the Axes
    shift = _shifted(axes, axes.transData, 0.0, chart.lanes[lane] * chart.row)
    for segments, style in ((solid, "-"), (dashed, (0, (2, 1.5)))):
        if segments:
            axes.add_collection(
                LineCollection(
                    segments,
                    colors=colour,
                    alpha=0.6,
                    linewidths=2,
                    linestyles=[style],
                    capstyle="butt",
                    zorder=2,
                    transform=shift,
                    label=f"_intervals-wave{lane}",
                )
            )


def _rows(axes: Axes, chart: Chart, spans: Sequence[Any], ys: Sequence[float]) -> None:
    """Draw the headings, stripes, grid lines, labels and right-hand texts."""
    from matplotlib.collections import LineCollection

    share = chart.scale == "share"
    ticks = [float(t) for t in axes.get_xticks() if share or abs(t) > 1e-12]
    label_at = _shifted(axes, axes.get_yaxis_transform(), -_LABEL_GAP, 0)
    grid: list[list[tuple[float, float]]] = []
    zero: list[list[tuple[float, float]]] = []
    index = 0
    for panel, ((group, lines), (heading, top, bottom)) in enumerate(
        zip(chart.groups(), spans, strict=True)
    ):
        if group in chart.headings:
            axes.text(
                0,
                heading + HEADING * 0.55,
                chart.headings[group],
                transform=axes.get_yaxis_transform(),
                ha="left",
                va="center",
                fontsize=11,
                fontweight="bold",
                gid=f"heading{panel}",
            )
        grid += [[(t, top), (t, bottom)] for t in ticks]
        zero.append([(0.0, top), (0.0, bottom)])
        for number, line in enumerate(lines):
            y = ys[index]
            if number % 2 == 0:
                axes.axhspan(y - 0.5, y + 0.5, color=_STRIPE, zorder=0, lw=0)
            axes.text(
                0,
                y,
                line.label,
                transform=label_at,
                ha="right",
                va="center",
                fontsize=_FONT,
                gid=f"row{index}",
            )
            for column, (text, bold) in enumerate(line.columns):
                if text:
                    axes.text(
                        1,
                        y,
                        text,
                        transform=_column_at(axes, column, 0.0),
                        ha="left",
                        va="center",
                        fontsize=_FONT,
                        fontweight="bold" if bold else "normal",
                        gid=f"row{index}-column{column}",
                    )
            index += 1
    axes.add_collection(
        LineCollection(grid, colors=_GRID, linewidths=0.8, zorder=0.5, label="_grid")
    )
    if not share:
        axes.add_collection(
            LineCollection(
                zero, colors=NOTE_COLOUR, linewidths=1.0, zorder=1.2, label="_zero"
            )
        )


def _column_at(axes: Axes, column: int, dy: float) -> Transform:
    """Return where right-hand column ``column`` is: inches right of the Axes."""
    offset = CHANGE_PAD + CHANGE_COLUMN * column
    return _shifted(axes, axes.get_yaxis_transform(), offset, dy)


def _marks(axes: Axes, chart: Chart, ys: Sequence[float]) -> None:
    from matplotlib.collections import LineCollection

    waves = len(chart.styles)
    ranges = []
    for line, y in zip(chart.ordered(), ys, strict=True):
        values = [v for m in line.marks if (v := finite(m.value)) is not None]
        if len(values) >= 2:
            ranges.append([(min(values), y), (max(values), y)])
    if ranges and chart.dumbbell:
        axes.add_collection(
            LineCollection(
                ranges,
                colors="#9aa5ae",
                linewidths=3 if waves <= 2 else 1.5,
                zorder=1.5 if waves > 2 else 3,
                label="_ranges",
            )
        )
    for lane in range(waves):
        style = chart.styles[lane]
        if chart.intervals:
            _intervals(axes, chart, lane, ys)
        start = 0
        for panel, (_, lines) in enumerate(chart.groups()):
            points = [
                (value, ys[start + i], style.filled if m.filled is None else m.filled)
                for i, line in enumerate(lines)
                if lane < len(line.marks)
                and (value := finite((m := line.marks[lane]).value)) is not None
            ]
            start += len(lines)
            if not points:
                continue
            faces = [style.colour if p[2] else "white" for p in points]
            collection = axes.scatter(
                [p[0] for p in points],
                [p[1] for p in points],
                s=40 if style.shape == "circle" else 30,
                marker=MARKERS[style.shape],
                facecolor=faces[0] if len(set(faces)) == 1 else faces,
                edgecolor=style.colour,
                linewidth=1.6,
                zorder=4 + lane,
                clip_on=False,
            )
            collection.set_gid(f"wave{lane}-panel{panel}")


def _column_head(axes: Axes, chart: Chart, top: float) -> None:
    """Draw the words above the right-hand columns, their foot at row ``top``."""
    if not chart.columns:
        return
    at = _column_at(axes, 0, 0.03)
    if list(chart.columns) == [""]:
        axes.text(
            1, top, chart.column_head, transform=at, ha="left", va="bottom", fontsize=8
        )
        return
    for index, label in enumerate(chart.columns):
        axes.text(
            1,
            top,
            label,
            transform=_column_at(axes, index, 0.03),
            ha="left",
            va="bottom",
            fontsize=8,
        )
    axes.annotate(
        one_line(chart.column_head),
        xy=(1, top),
        xycoords=at,
        xytext=(0, 11),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=8,
        annotation_clip=False,
    )


def _around(axes: Axes, chart: Chart) -> None:
    """Draw the title, page number, legend, bold key and notes."""
    key, legend_top, title, _ = chart.above()
    if chart.title:
        axes.text(
            0,
            1,
            chart.title,
            transform=_shifted(axes, axes.transAxes, -LABELS, title),
            ha="left",
            va="top",
            fontsize=12,
            fontweight="bold",
        ).set_gid("title")
    if chart.page_label:
        axes.text(
            1,
            1,
            chart.page_label,
            transform=_shifted(axes, axes.transAxes, chart.right() - 0.18, title),
            ha="right",
            va="top",
            fontsize=9,
            color=NOTE_COLOUR,
        ).set_gid("page")
    handles, labels = chart.legend
    if handles:
        rows = chart._legend_rows()
        legend = axes.legend(
            handles,
            labels,
            loc="upper left",
            bbox_to_anchor=(0, 1),
            bbox_transform=_shifted(axes, axes.transAxes, -LABELS - 0.09, legend_top),
            ncols=math.ceil(len(handles) / rows),
            frameon=False,
            fontsize=9,
            borderaxespad=0,
        )
        for item in legend.get_texts():
            item.set_parse_math(False)
    if chart.bold_key:
        word, rest = bold_key(chart.lang)
        first = axes.text(
            0,
            1,
            word,
            transform=_shifted(axes, axes.transAxes, -LABELS, key),
            ha="left",
            va="bottom",
            fontsize=8.5,
            fontweight="bold",
        )
        first.set_gid("bold-key")
        axes.annotate(
            rest,
            xy=(1, 0),
            xycoords=first,
            ha="left",
            va="bottom",
            fontsize=8.5,
            annotation_clip=False,
        )
    first_note, _ = chart.below()
    for index, (line, gid) in enumerate(chart.footer):
        axes.text(
            0,
            0,
            line,
            transform=_shifted(
                axes, axes.transAxes, -LABELS, -first_note - SOURCE_LINE * index
            ),
            ha="left",
            va="bottom",
            fontsize=7.5,
            color=NOTE_COLOUR,
        ).set_gid(gid)


def draw(axes: Axes, chart: Chart) -> None:
    """Draw ``chart`` on ``axes`` (its y axis turned to point down, rows from 0).

    Texts carry ids (``Artist.get_gid``, and ids in SVG): ``"title"``,
    ``"page"``, ``"heading{i}"``, ``"row{i}"`` (row labels, drawn order),
    ``"row{i}-column{c}"`` (the right-hand texts), ``"bold-key"``,
    ``"finding-{i}"`` and ``"source-{i}"``; the marks of wave ``w`` in
    group ``g`` are the collection ``"wave{w}-panel{g}"``; the intervals of
    wave ``w`` the line collections labelled ``"_intervals-wave{w}"``, the
    zero line of a chart of changes ``"_zero"``.
    """
    import matplotlib

    with matplotlib.rc_context({"text.parse_math": False}):
        spans, ys, foot = chart.positions()
        axes.set_ylim(foot, -_PAD_TOP)
        axes.set_yticks([])
        for side in ("top", "right", "left"):
            axes.spines[side].set_visible(False)
        _scale(axes, chart)
        _rows(axes, chart, spans, ys)
        _marks(axes, chart, ys)
        if spans:
            _column_head(axes, chart, spans[0][1])
        _around(axes, chart)
