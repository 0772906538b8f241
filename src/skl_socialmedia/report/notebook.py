"""How a :class:`~skl_socialmedia.report.Report` shows itself in a notebook.

``repr(report)`` is one line (title, rows, waves, grouping);
``report._repr_html_()`` its rows as an escaped HTML table — the estimate in
every wave, the changes in points, at most
:data:`~skl_socialmedia.notebook.MAX_ROWS` rows and then "… N more rows" —
built with :mod:`skl_socialmedia.notebook` like every other result's display.
The report is read only through the attributes below, so this module needs
nothing of :mod:`skl_socialmedia.report.model`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from skl_socialmedia import notebook
from skl_socialmedia.errors import printable
from skl_socialmedia.notebook import (
    html_table,
    interval_cell,
    level_text,
    points_cell,
    rows_text,
)

__all__ = ["report_html", "report_repr"]


class _Figure(Protocol):
    """What an estimate and a change share: value, status and interval."""

    @property
    def value(self) -> float | None: ...
    @property
    def status(self) -> object: ...
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...


class _Estimate(_Figure, Protocol):
    @property
    def decimals(self) -> int | None: ...


class _Change(_Figure, Protocol):
    @property
    def significant(self) -> bool | None: ...
    @property
    def before_wave(self) -> str | None: ...
    @property
    def after_wave(self) -> str | None: ...


class _ReportRow(Protocol):
    @property
    def group(self) -> str: ...
    @property
    def item(self) -> str: ...
    @property
    def estimates(self) -> Sequence[_Estimate]: ...
    @property
    def changes(self) -> Sequence[_Change]: ...


class _Report(Protocol):
    @property
    def title(self) -> object: ...
    @property
    def source(self) -> object: ...
    @property
    def waves(self) -> Sequence[str]: ...
    @property
    def rows(self) -> Sequence[_ReportRow]: ...
    @property
    def grouping(self) -> str: ...
    @property
    def confidence(self) -> float | None: ...
    @property
    def weighted(self) -> bool: ...


def _computed(figure: _Estimate | _Change) -> str:
    """Return " (computed)" for a figure computed from published ones, else ""."""
    status = getattr(figure.status, "value", figure.status)
    return " (computed)" if status == "computed" else ""


def _estimate(estimate: _Estimate) -> str:
    """Return an estimate as published (its decimals) or with its interval."""
    if estimate.value is None:
        return "–"
    decimals = 1 if estimate.decimals is None else estimate.decimals
    text = f"{100.0 * estimate.value:.{decimals}f}"
    if estimate.low is not None and estimate.high is not None:
        text += f" [{interval_cell(estimate.low, estimate.high)}]"
    return text + _computed(estimate)


def _change(change: _Change) -> str:
    """Return a change in points, with its interval and a star where significant."""
    if change.value is None:
        return "–"
    text = points_cell(change.value)
    if change.low is not None and change.high is not None:
        text += f" [{interval_cell(change.low, change.high, True)}]"
    return text + (" *" if change.significant else "") + _computed(change)


def _report_caption(report: _Report) -> str:
    """Return what a report is: title, rows, waves, grouping."""
    waves = " → ".join(report.waves) if len(report.waves) <= 4 else (
        f"{report.waves[0]} → … → {report.waves[-1]} ({len(report.waves)} waves)"
    )  # fmt: skip
    rows = rows_text(len(report.rows))
    return f"{report.title}: {rows}, {waves}, by {report.grouping}"


def report_repr(report: _Report) -> str:
    """Return a one-line summary of a report: its title, rows, waves, grouping.

    >>> from skl_socialmedia.report import Change, Estimate, Report, ReportRow, Status
    >>> row = ReportRow(
    ...     "all", "uses", [Estimate("2012", 0.77, Status.PUBLISHED)],
    ...     [Change(None, Status.NOT_PUBLISHED)])
    >>> report_repr(Report("Social media", "SKL", "2010", "2012", [row]))
    '<Report: Social media: 1 row, 2010 → 2012, by org_kind>'
    """
    return f"<Report: {printable(_report_caption(report))}>"


def report_html(report: _Report) -> str:
    """Return a report's rows as HTML (percent per wave, changes in points).

    At most :data:`~skl_socialmedia.notebook.MAX_ROWS` rows; intervals in
    brackets, a star marks a change whose interval excludes 0, "(computed)" a
    figure computed from published ones (not published itself); the source
    and the confidence follow.
    """
    rows = report.rows
    changes = max((len(row.changes) for row in rows), default=0)
    first = next((row for row in rows if len(row.changes) == changes), None)
    header = ["group", "item", *(f"{wave} %" for wave in report.waves)]
    for change in first.changes if first is not None else ():
        before, after = change.before_wave, change.after_wave
        pair = f"{before} → {after} " if before and after else ""
        header.append(f"{pair}change (pp)")
    body = []
    for row in rows[: notebook.MAX_ROWS]:
        cells = [row.group, row.item, *(_estimate(e) for e in row.estimates)]
        cells += [""] * (len(report.waves) + 2 - len(cells))
        cells += [_change(c) for c in row.changes]
        body.append(cells + [""] * (len(header) - len(cells)))
    note = [f"Source: {report.source}"]
    if report.confidence is not None:
        note.append(f"{level_text(report.confidence)} intervals in brackets")
    if report.weighted:
        note.append("weighted")
    return html_table(
        header,
        body,
        total=len(rows),
        caption=_report_caption(report),
        numeric=range(2, len(header)),
        note=" · ".join(note),
    )
