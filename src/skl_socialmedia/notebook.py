"""Notebook display: a short ``repr()`` and capped, escaped HTML for results.

Jupyter, IPython, VS Code and other notebooks show an object's
``_repr_html_()`` where it has one, and its ``repr()`` otherwise. The
survey, a rate, a change, the rate and change tables and the report all
render here: a summary and their main columns, never their arrays, and at
most :data:`MAX_ROWS` rows (:data:`REPR_ROWS` in a ``repr()``), followed by
"… N more rows".

Every string from the data goes through :func:`escape`: first
:func:`~skl_socialmedia.errors.printable` (control characters such as ESC,
the bidirectional marks and overrides such as U+202E, line feeds and the
line separators shown as visible escapes, as the ``text`` format does), then
:func:`html.escape` (``<``, ``>``, ``&`` and both quotes, as the ``html``
format does). A group called ``<script>`` or an item label with ESC or
U+202E in it can neither inject markup nor break or reorder a row. A
``repr()`` uses :func:`~skl_socialmedia.errors.printable` alone.

This module sits in the lowest layer and knows the results only by the
attributes it reads, so every layer can display through it. The limits are
read on every call: ``skl_socialmedia.notebook.MAX_ROWS = 50`` shows more.
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError, printable

__all__ = [
    "MAX_ROWS",
    "REPR_ROWS",
    "count_cell",
    "delta_html",
    "delta_repr",
    "escape",
    "first_names",
    "html_table",
    "interval_cell",
    "level_text",
    "p_value_cell",
    "percent_cell",
    "points_cell",
    "rate_html",
    "rate_repr",
    "rows_text",
    "table_html",
    "table_repr",
    "text_table",
]

#: The most rows a ``_repr_html_`` table shows before "… N more rows".
MAX_ROWS = 20
#: The most rows a ``repr()`` shows before "… N more rows".
REPR_ROWS = 5

Array = npt.NDArray[Any]
Row = Sequence[str]


class _Flags(Protocol):
    @property
    def reasons(self) -> tuple[str, ...]: ...


class _Interval(Protocol):
    """What a rate and a change share: the estimate, its interval and method."""

    @property
    def value(self) -> float: ...
    @property
    def low(self) -> float: ...
    @property
    def high(self) -> float: ...
    @property
    def method(self) -> str: ...
    @property
    def confidence(self) -> float: ...


class _Rate(_Interval, Protocol):
    @property
    def successes(self) -> float: ...
    @property
    def total(self) -> float: ...
    @property
    def design(self) -> str: ...
    @property
    def effective_n(self) -> float: ...
    @property
    def flags(self) -> _Flags: ...


class _Delta(_Interval, Protocol):
    @property
    def p_value(self) -> float: ...
    @property
    def before(self) -> float: ...
    @property
    def after(self) -> float: ...
    @property
    def construction(self) -> str: ...
    @property
    def significant(self) -> bool: ...


class _Table(Protocol):
    @property
    def columns(self) -> Mapping[str, Array]: ...
    def __len__(self) -> int: ...


# -- text of one cell ----------------------------------------------------------


def escape(value: object) -> str:
    r"""Return ``str(value)`` safe in HTML text and quoted attributes, on one line.

    >>> escape('<b title="x">a & b</b>\x1b\u202e\n')
    '&lt;b title=&quot;x&quot;&gt;a &amp; b&lt;/b&gt;\\x1b\\u202e\\n'
    """
    return html.escape(printable(str(value)), quote=True)


def _number(x: object) -> float | None:
    """Return ``x`` as a float if it is a finite real number, else ``None``."""
    if isinstance(x, numbers.Real) and math.isfinite(float(x)):
        return float(x)
    return None


def percent_cell(x: object) -> str:
    """Return a fraction in percent with one decimal (``"75.9"``); "–" for none."""
    value = _number(x)
    return "–" if value is None else f"{100.0 * value:.1f}"


def points_cell(x: object) -> str:
    """Return a change in signed percentage points (``"+15.0"``); "–" for none."""
    value = _number(x)
    return "–" if value is None else f"{100.0 * value:+.1f}"


def count_cell(x: object) -> str:
    """Return a count without decimals, a weighted sum with one; "–" for none."""
    value = _number(x)
    if value is None:
        return "–"
    return f"{value:.0f}" if value == round(value) else f"{value:.1f}"


def p_value_cell(x: object) -> str:
    """Return a p-value with three decimals, ``"< 0.001"`` below; "–" for none."""
    value = _number(x)
    if value is None:
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def interval_cell(low: object, high: object, points: bool = False) -> str:
    """Return an interval in percent (``"70.6–80.4"``) or ``points``; "–" for none."""
    if _number(low) is None or _number(high) is None:
        return "–"
    if points:
        return f"{points_cell(low)} to {points_cell(high)}"
    return f"{percent_cell(low)}–{percent_cell(high)}"


def level_text(confidence: object) -> str:
    """Return a confidence level in percent (``"95 %"``)."""
    value = _number(confidence)
    return "? %" if value is None else f"{100.0 * value:g} %"


def first_names(values: Sequence[object], limit: int) -> str:
    """Return the first ``limit`` values joined by commas, "… N more" after them."""
    shown = ", ".join(str(v) for v in values[:limit])
    more = len(values) - limit
    return f"{shown}, … {more} more" if more > 0 else shown


def rows_text(count: int) -> str:
    """Return the number of rows in words: ``"1 row"``, ``"2 rows"``."""
    return f"{count} row{'' if count == 1 else 's'}"


def _more(count: int) -> str:
    return f"… {count} more row{'' if count == 1 else 's'}"


# -- tables of text --------------------------------------------------------------


def html_table(
    header: Row,
    rows: Sequence[Row],
    *,
    total: int | None = None,
    caption: str | None = None,
    numeric: Sequence[int] = (),
    note: str | None = None,
    row_headers: bool = False,
) -> str:
    """Return an escaped HTML table of ``rows``, with "… N more rows" where cut.

    ``rows`` are the rows shown, as plain text (escaped here); ``total`` is
    the number of rows in all (default: those shown), so a table showing 20
    of 10,000 says "… 9980 more rows" in its footer. ``numeric`` are the
    column positions aligned right; ``header`` may be empty (no ``thead``);
    ``caption`` heads the table and ``note`` follows it (plain text too);
    with ``row_headers`` each row's first cell is its header (``th``).
    """
    total = len(rows) if total is None else total
    width = max([1, len(header), *(len(row) for row in rows)])
    right = set(numeric)

    def cell(j: int, text: str, tag: str) -> str:
        tag = "th" if row_headers and j == 0 else tag
        align = "right" if j in right else "left"
        return f'<{tag} style="text-align: {align}">{escape(text)}</{tag}>'

    def cells(row: Row, tag: str) -> str:
        return "".join(cell(j, text, tag) for j, text in enumerate(row))

    parts = ['<div class="skl-socialmedia">', "<table>"]
    if caption:
        parts.append(f'<caption style="text-align: left">{escape(caption)}</caption>')
    if header:
        parts.append(f"<thead><tr>{cells(header, 'th')}</tr></thead>")
    parts.append("<tbody>")
    parts.extend(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    parts.append("</tbody>")
    if total > len(rows):
        more = _more(total - len(rows))
        parts.append(f'<tfoot><tr><td colspan="{width}">{more}</td></tr></tfoot>')
    parts.append("</table>")
    if note:
        parts.append(f"<p>{escape(note)}</p>")
    parts.append("</div>")
    return "\n".join(parts)


def text_table(
    header: Row, rows: Sequence[Row], *, total: int | None = None, indent: str = "  "
) -> list[str]:
    """Return ``rows`` as aligned lines of terminal-safe text, "… N more rows" last.

    The first line is the header; ``total`` (default: the rows given) is the
    number of rows in all.
    """
    table = [[printable(text) for text in row] for row in [header, *rows]]
    widths = [
        max(len(row[j]) for row in table if j < len(row)) for j in range(len(header))
    ]
    lines = [
        indent + "  ".join(text.ljust(w) for text, w in zip(row, widths, strict=False))
        for row in table
    ]
    lines = [line.rstrip() for line in lines]
    total = len(rows) if total is None else total
    if total > len(rows):
        lines.append(f"{indent}{_more(total - len(rows))}")
    return lines


# -- a rate and a change ------------------------------------------------------------


def rate_repr(rate: _Rate) -> str:
    """Return a one-line summary of a rate: percent, interval, counts, method.

    >>> from skl_socialmedia import rate
    >>> rate_repr(rate(220, 290))
    '<Rate: 75.9 % [70.6–80.4], 220 of 290, wilson 95 %>'
    """
    design = "" if rate.design == "binomial" else f", {rate.design}"
    estimate = "–"  # no answers: no estimate
    if _number(rate.value) is not None:
        estimate = (
            f"{percent_cell(rate.value)} % [{interval_cell(rate.low, rate.high)}]"
        )
    return printable(
        f"<Rate: {estimate}, {count_cell(rate.successes)} of {count_cell(rate.total)}, "
        f"{rate.method} {level_text(rate.confidence)}{design}>"
    )


def _flags(rate: _Rate) -> str:
    """Return the rate's low-base flags in words ("no answers" without a value)."""
    if _number(rate.value) is None:
        return "no answers" if rate.total == 0 else ""
    try:
        return "; ".join(rate.flags.reasons)
    except InvalidArgumentError:  # a hand-made rate out of range: shown, not judged
        return ""


def rate_html(rate: _Rate) -> str:
    """Return a rate as a one-row HTML table (percent, interval, counts, flags)."""
    header = ["%", f"{level_text(rate.confidence)} interval", "successes", "total"]
    header += ["effective n", "method", "design", "flags"]
    row = [
        percent_cell(rate.value),
        interval_cell(rate.low, rate.high),
        count_cell(rate.successes),
        count_cell(rate.total),
        count_cell(rate.effective_n),
        rate.method,
        rate.design,
        _flags(rate),
    ]
    return html_table(header, [row], caption="Rate", numeric=range(5))


def delta_repr(delta: _Delta) -> str:
    """Return a one-line summary of a change: points, interval, the two rates.

    >>> from skl_socialmedia import pp_delta, rate
    >>> delta_repr(pp_delta(rate(100, 200), rate(220, 290)))
    '<Delta: +25.9 pp [+17.2 to +34.1], 50.0 % → 75.9 %, newcombe 95 %, ...>'
    """
    p = p_value_cell(delta.p_value)
    test = "" if p == "–" else f", p {p}" if p.startswith("<") else f", p = {p}"
    change = "–"  # no estimate
    if _number(delta.value) is not None:
        interval = interval_cell(delta.low, delta.high, True)
        change = f"{points_cell(delta.value)} pp [{interval}]"
    return printable(
        f"<Delta: {change},"
        f" {percent_cell(delta.before)} % → {percent_cell(delta.after)} %, "
        f"{delta.method} {level_text(delta.confidence)}, {delta.construction}{test}>"
    )


def delta_html(delta: _Delta) -> str:
    """Return a change as a one-row HTML table (points, interval, rates, test)."""
    header = ["before %", "after %", "change (pp)"]
    header += [f"{level_text(delta.confidence)} interval (pp)", "p", "method"]
    header += ["construction", "significant"]
    row = [
        percent_cell(delta.before),
        percent_cell(delta.after),
        points_cell(delta.value),
        interval_cell(delta.low, delta.high, True),
        p_value_cell(delta.p_value),
        delta.method,
        delta.construction,
        "yes" if delta.significant else "no",
    ]
    return html_table(header, [row], caption="Delta", numeric=range(5))


# -- whole tables -------------------------------------------------------------------

#: A shown column: its header, the table columns it reads, how a row is written.
_View = tuple[str, tuple[str, ...], Callable[..., str]]

_RATE_VIEW: tuple[_View, ...] = (
    ("wave", ("wave",), str),
    ("group", ("group",), str),
    ("item", ("item",), str),
    ("%", ("value",), percent_cell),
    ("interval", ("low", "high"), interval_cell),
    ("successes", ("successes",), count_cell),
    ("total", ("total",), count_cell),
    ("n", ("n",), count_cell),
    ("flags", ("low_base", "n"), lambda low, n: "no answers" if n == 0 else (
        "low base" if low else ""
    )),
)  # fmt: skip

_DELTA_VIEW: tuple[_View, ...] = (
    ("waves", ("before_wave", "after_wave"), lambda a, b: f"{a} → {b}"),
    ("group", ("group",), str),
    ("item", ("item",), str),
    ("before %", ("before",), percent_cell),
    ("after %", ("after",), percent_cell),
    ("change (pp)", ("value",), points_cell),
    ("interval (pp)", ("low", "high"), lambda lo, hi: interval_cell(lo, hi, True)),
    ("p", ("p_value",), p_value_cell),
    ("n before", ("n_before",), count_cell),
    ("n after", ("n_after",), count_cell),
    ("n pairs", ("n_pairs",), count_cell),
    ("construction", ("construction",), str),
    ("flags", ("significant",), lambda s: "significant" if s else ""),
)

_LEFT = ("wave", "waves", "group", "item", "construction", "flags")


def _view(columns: Mapping[str, Array]) -> tuple[_View, ...]:
    """Return the columns to show: a rate or change table's, else every column."""
    for view in (_RATE_VIEW, _DELTA_VIEW):
        if all(name in columns for _, names, _ in view for name in names):
            return view
    return tuple((name, (name,), str) for name in columns)


def _rows(table: _Table, limit: int) -> tuple[list[str], list[list[str]], list[int]]:
    """Return the header, the first ``limit`` rows as text and the numeric columns."""
    columns = table.columns
    view = _view(columns)
    header = [title for title, _, _ in view]
    head = {
        name: columns[name][:limit].tolist() for _, names, _ in view for name in names
    }
    shown = min(limit, len(table))
    rows = [
        [write(*(head[name][i] for name in names)) for _, names, write in view]
        for i in range(shown)
    ]
    numeric = [j for j, title in enumerate(header) if title not in _LEFT]
    return header, rows, numeric


def _describe(table: _Table) -> str:
    """Return what a table is: rows, interval method and level, grouping, base."""
    name = type(table).__name__
    parts = [f"{name}: {rows_text(len(table))}"]
    method = getattr(table, "method", None)
    if not isinstance(method, str):
        methods = table.columns.get("method")
        names = [] if methods is None else np.unique(methods).tolist()
        method = ", ".join(str(name) for name in names if name)
    confidence = getattr(table, "confidence", None)
    if method or confidence is not None:
        level = "" if confidence is None else level_text(confidence)
        parts.append(f"{method or ''} {level}".strip())
    design = getattr(table, "design", None)
    if isinstance(design, str) and design != "binomial":
        parts.append(design)
    for label, attribute in (("by", "grouping"), ("among", "among")):
        value = getattr(table, attribute, None)
        if value:
            parts.append(f"{label} {value}")
    return " · ".join(parts)


def table_repr(table: _Table) -> str:
    """Return a short ``repr`` of a table: its size, columns and first rows."""
    names = list(table.columns)
    shown = first_names(names, 6)
    first = f"<{printable(_describe(table))}; {len(names)} columns: {shown}>"
    header, rows, _ = _rows(table, REPR_ROWS)
    return "\n".join([first, *text_table(header, rows, total=len(table))])


def table_html(table: _Table) -> str:
    """Return a table's main columns as HTML, at most :data:`MAX_ROWS` rows."""
    header, rows, numeric = _rows(table, MAX_ROWS)
    return html_table(
        header, rows, total=len(table), caption=_describe(table), numeric=numeric
    )
