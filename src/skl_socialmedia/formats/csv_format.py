"""The ``csv`` output format: one machine-readable row per report row.

The layout is the same in both languages, so scripts can read either: comma
delimiter, ``.`` as the decimal mark, UTF-8, a header line of fixed English
column names, fractions (not percent) in the figure columns, ``true``/``false``
for flags and an empty cell where a figure is absent. ``lang`` translates only
the label and note columns.

Text cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return are prefixed with a single quote (the OWASP advice against CSV formula
injection), so a spreadsheet shows them as text instead of running them. A
text cell that itself begins with ``'`` is prefixed too, so the rule can be
undone exactly: remove one leading ``'`` from a text cell if there is one
(spreadsheets hide that quote, and show the original text). Figure columns
are written by this module from numbers only, never from input text, and are
left as they are: a change of ``-0.05`` stays a number. A NUL character in
a text cell is written as U+FFFD (the replacement character).
"""

from __future__ import annotations

import csv
import io
from typing import Any, ClassVar

from skl_socialmedia.formats._common import finite, language
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import group_label, item_phrase
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Text

__all__ = ["COLUMNS", "CsvFormat", "neutralise", "render_csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(text: str) -> str:
    """Prefix ``text`` with ``'`` if a spreadsheet could read it as a formula.

    Text that begins with ``'`` is prefixed as well, so that removing one
    leading ``'`` always gives the original text back. A NUL character, which
    CSV readers (and Python 3.10's writer) cannot handle, becomes U+FFFD.
    """
    text = text.replace("\x00", "\ufffd")
    return "'" + text if text.startswith(_FORMULA_START) else text


def _number(value: float | None) -> str:
    number = finite(value)
    return "" if number is None else format(number, ".12g")


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _text(value: str | None) -> str:
    return "" if value is None else neutralise(value)


def _note(note: Text | None, lang: Language) -> str:
    return "" if note is None else neutralise(note.get(lang))


def _estimate(estimate: Estimate, lang: Language) -> list[str]:
    return [
        _text(estimate.wave),
        _number(estimate.value),
        _number(estimate.low),
        _number(estimate.high),
        _number(estimate.successes),
        _number(estimate.total),
        _number(estimate.effective_n),
        _flag(estimate.low_base),
        _text(estimate.status.value),
        _note(estimate.note, lang),
    ]


def _change(change: Change, lang: Language) -> list[str]:
    return [
        _number(change.value),
        _number(change.low),
        _number(change.high),
        _text(change.method),
        _flag(change.paired),
        _text(change.construction),
        _number(change.p_value),
        _flag(change.significant),
        _text(change.status.value),
        _note(change.note, lang),
    ]


_ESTIMATE_FIELDS = (
    "wave",
    "value",
    "low",
    "high",
    "successes",
    "total",
    "effective_n",
    "low_base",
    "status",
    "note",
)
_CHANGE_FIELDS = (
    "value",
    "low",
    "high",
    "method",
    "paired",
    "construction",
    "p_value",
    "significant",
    "status",
    "note",
)

#: The column names, in order; the same in every language.
COLUMNS: tuple[str, ...] = (
    "group",
    "group_label",
    "item",
    "item_label",
    "among",
    "among_label",
    *(f"before_{f}" for f in _ESTIMATE_FIELDS),
    *(f"after_{f}" for f in _ESTIMATE_FIELDS),
    *(f"change_{f}" for f in _CHANGE_FIELDS),
    "note",
)


def _row(row: ReportRow, lang: Language) -> list[str]:
    return [
        _text(row.group),
        _text(group_label(row.group, lang)),
        _text(row.item),
        _text(item_phrase(row.item, lang)),
        _text(row.among),
        _text(None if row.among is None else item_phrase(row.among, lang)),
        *_estimate(row.before, lang),
        *_estimate(row.after, lang),
        *_change(row.change, lang),
        _note(row.note, lang),
    ]


def render_csv(report: Report, lang: Language = "en") -> str:
    """Render ``report`` as CSV text (RFC 4180, CRLF line ends) in ``lang``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(row, lang) for row in report.rows)
    return buffer.getvalue()


class CsvFormat:
    """The ``csv`` output format: one row per report row, figures as fractions."""

    name: ClassVar[str] = "csv"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)
    media_type: ClassVar[str] = "text/csv; charset=utf-8; header=present"
    description: ClassVar[str] = (
        "one machine-readable row per report row (comma, '.', fractions)"
    )

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; ``lang`` translates the label and note columns."""
        return render_csv(report, language(options))
