r"""The ``csv`` output format: one machine-readable line per report row.

The layout is *wide*: one line per (group, item), with a block of columns per
wave (``value_2010``, ``low_2010`` … ``note_2010``, then ``value_2012`` …, in
the order of ``report.waves``) and a block per change
(``change_value_2010_2012`` …), so a report of three waves keeps its middle
wave and a report of consecutive changes keeps each. The column names depend
only on the report's waves and changes: the same waves give the same header.
After the rows, one line per finding of the source (``record`` is
``finding``). Every line carries the report's ``source`` and ``description``
(what the data are, e.g. that they are synthetic), so the warning travels
with any line copied out of the file.

The layout is the same in both languages, so scripts can read either: comma
delimiter, ``.`` as the decimal mark, UTF-8, a header line of English column
names, fractions (not percent) in the figure columns, ``true``/``false`` for
flags and an empty cell where a figure is absent. ``lang`` translates only
the label, note, finding and description columns.

Options: ``lang``; ``only_significant`` keeps the rows with a significant
change; ``intervals=False`` leaves the interval limits empty; ``decimals`` is
accepted and ignored (figures are written at full precision, up to 12
significant digits).

Text cells that begin with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return are prefixed with a single quote (the OWASP advice against CSV formula
injection), so a spreadsheet shows them as text instead of running them. A
text cell that itself begins with ``'`` is prefixed too, so the rule can be
undone exactly: remove one leading ``'`` from a text cell if there is one
(spreadsheets hide that quote, and show the original text). Figure columns
are written by this module from numbers only, never from input text, and are
left as they are: a change of ``-0.05`` stays a number. A NUL character in
a text cell is written as U+FFFD (the replacement character), a lone
surrogate (which UTF-8 cannot encode) as its escape, the six characters
``\ud800``; every other character is written as it is. Column names
begin with a fixed English stem (``value_``, ``change_``), so a wave label
never starts a header cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, ClassVar, NoReturn

import attrs

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.formats._common import (
    PressOptions,
    change_waves,
    encodable,
    finite,
    press_options,
    report_group,
    report_item,
    shown_rows,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import base_label, item_phrase
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Finding,
    Report,
    ReportRow,
    Text,
)

__all__ = [
    "CHANGE_FIELDS",
    "COLUMNS",
    "ESTIMATE_FIELDS",
    "LEADING_COLUMNS",
    "TRAILING_COLUMNS",
    "CsvFormat",
    "columns",
    "neutralise",
    "render_csv",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(text: str) -> str:
    r"""Prefix ``text`` with ``'`` if a spreadsheet could read it as a formula.

    Text that begins with ``'`` is prefixed as well, so that removing one
    leading ``'`` always gives the original text back. A NUL character, which
    CSV readers (and Python 3.10's writer) cannot handle, becomes U+FFFD; a
    lone surrogate, which UTF-8 cannot encode, its escape (``\ud800``).
    """
    text = encodable(text.replace("\x00", "\ufffd"))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _number(value: float | None) -> str:
    number = finite(value)
    return "" if number is None else format(number, ".12g")


def _count(value: int | None) -> str:
    return "" if value is None else str(int(value))


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _text(value: str | None) -> str:
    return "" if value is None else neutralise(value)


def _note(note: Text | None, lang: Language) -> str:
    return "" if note is None else neutralise(note.get(lang))


#: The fields of an estimate, each a column ``<field>_<wave>`` per wave.
ESTIMATE_FIELDS: tuple[str, ...] = (
    "value",
    "low",
    "high",
    "successes",
    "total",
    "n",
    "effective_n",
    "low_base",
    "decimals",
    "status",
    "note",
)
#: The fields of a change, each a column ``change_<field>_<before>_<after>``.
CHANGE_FIELDS: tuple[str, ...] = (
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

#: The columns before the per-wave and per-change blocks, in order.
LEADING_COLUMNS: tuple[str, ...] = (
    "record",
    "group",
    "group_label",
    "item",
    "item_label",
    "among",
    "among_label",
    "base_kind",
    "base_item",
    "base_answer",
    "base_label",
)
#: The columns after the per-wave and per-change blocks, in order.
TRAILING_COLUMNS: tuple[str, ...] = (
    "row_note",
    "finding_topic",
    "finding_text",
    "finding_status",
    "source",
    "description",
    "confidence",
    "weighted",
)
#: The columns every file has, whatever its waves (leading, then trailing).
COLUMNS: tuple[str, ...] = (*LEADING_COLUMNS, *TRAILING_COLUMNS)


def _label(wave: str) -> str:
    return encodable(wave.replace("\x00", "\ufffd"))


@attrs.frozen
class _Layout:
    """The waves and the change pairs that get a block of columns."""

    waves: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return (
            *LEADING_COLUMNS,
            *(f"{f}_{_label(w)}" for w in self.waves for f in ESTIMATE_FIELDS),
            *(
                f"change_{f}_{_label(b)}_{_label(a)}"
                for b, a in self.pairs
                for f in CHANGE_FIELDS
            ),
            *TRAILING_COLUMNS,
        )


def _clash(waves: Sequence[str]) -> NoReturn:
    raise InvalidArgumentError(
        "the csv format names its columns by wave, and the waves "
        f"{', '.join(map(repr, waves))} give clashing column names; "
        "give the waves distinct labels"
    )


def _layout(report: Report) -> _Layout:
    """Return the report's waves and change pairs; raise if columns would clash.

    The waves are ``report.waves`` (then any other wave a row has), the pairs
    every row's changes in order of appearance; all rows count, shown or not,
    so that filtering rows never changes the header.
    """
    if len(set(report.waves)) != len(report.waves):
        _clash(report.waves)
    waves = list(report.waves)
    pairs: list[tuple[str, str]] = []
    for row in report.rows:
        row_waves = [e.wave for e in row.estimates]
        row_pairs = [change_waves(c, report) for c in row.changes]
        if len(set(row_waves)) != len(row_waves) or len(set(row_pairs)) != len(
            row_pairs
        ):
            raise InvalidArgumentError(
                f"the csv format needs one estimate per wave and one change per "
                f"pair of waves; the row {row.group!r}, {row.item!r} repeats one"
            )
        waves += [w for w in row_waves if w not in waves]
        pairs += [p for p in row_pairs if p not in pairs]
    if not pairs:
        pairs = [(report.before_wave, report.after_wave)]
    layout = _Layout(tuple(waves), tuple(pairs))
    names = layout.columns
    if len(set(names)) != len(names):
        _clash(waves)
    return layout


def _estimate(estimate: Estimate | None, lang: Language, intervals: bool) -> list[str]:
    if estimate is None:
        return [""] * len(ESTIMATE_FIELDS)
    return [
        _number(estimate.value),
        _number(estimate.low) if intervals else "",
        _number(estimate.high) if intervals else "",
        _number(estimate.successes),
        _number(estimate.total),
        _count(estimate.n),
        _number(estimate.effective_n),
        _flag(estimate.low_base),
        _count(estimate.decimals),
        _text(estimate.status.value),
        _note(estimate.note, lang),
    ]


def _change(change: Change | None, lang: Language, intervals: bool) -> list[str]:
    if change is None:
        return [""] * len(CHANGE_FIELDS)
    return [
        _number(change.value),
        _number(change.low) if intervals else "",
        _number(change.high) if intervals else "",
        _text(change.method),
        _flag(change.paired),
        _text(change.construction),
        _number(change.p_value),
        _flag(change.significant),
        _text(change.status.value),
        _note(change.note, lang),
    ]


def _report_cells(report: Report, lang: Language) -> list[str]:
    return [
        _note(report.source, lang),
        _note(report.description, lang),
        _number(report.confidence),
        _flag(report.weighted),
    ]


def _row(
    row: ReportRow,
    report: Report,
    layout: _Layout,
    lang: Language,
    intervals: bool,
) -> list[str]:
    base = row.base
    estimates = {e.wave: e for e in row.estimates}
    changes = {change_waves(c, report): c for c in row.changes}
    return [
        "row",
        _text(row.group),
        _text(report_group(report, row.group, lang)),
        _text(row.item),
        _text(report_item(report, row.item, lang)),
        _text(row.among),
        _text(None if row.among is None else item_phrase(row.among, lang)),
        _text(base.kind),
        _text(base.item),
        _flag(None if base.item is None else base.answer),
        _text(base_label(base, lang)),
        *(
            cell
            for wave in layout.waves
            for cell in _estimate(estimates.get(wave), lang, intervals)
        ),
        *(
            cell
            for pair in layout.pairs
            for cell in _change(changes.get(pair), lang, intervals)
        ),
        _note(row.note, lang),
        "",
        "",
        "",
        *_report_cells(report, lang),
    ]


def _finding(finding: Finding, report: Report, width: int, lang: Language) -> list[str]:
    middle = width - len(LEADING_COLUMNS) - len(TRAILING_COLUMNS)
    return [
        "finding",
        *([""] * (len(LEADING_COLUMNS) - 1 + middle)),
        "",
        _text(finding.topic),
        _note(finding.text, lang),
        _text(finding.status.value),
        *_report_cells(report, lang),
    ]


def columns(report: Report) -> tuple[str, ...]:
    """Return the header of ``report``'s CSV: the columns, in order."""
    return _layout(report).columns


def render_csv(
    report: Report, lang: Language = "en", *, press: PressOptions | None = None
) -> str:
    """Render ``report`` as CSV text (RFC 4180, CRLF line ends) in ``lang``.

    ``press`` (the checked common options; its ``lang`` then wins) selects
    the rows and whether interval limits are written.
    """
    if press is None:
        press = PressOptions(lang=lang)
    layout = _layout(report)
    header = layout.columns
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(
        _row(row, report, layout, press.lang, press.intervals)
        for row in shown_rows(report, press)
    )
    writer.writerows(
        _finding(f, report, len(header), press.lang) for f in report.findings
    )
    return buffer.getvalue()


class CsvFormat:
    """The ``csv`` output format: one line per report row, a column block per wave."""

    name: ClassVar[str] = "csv"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)
    media_type: ClassVar[str] = "text/csv; charset=utf-8; header=present"
    description: ClassVar[str] = (
        "one machine-readable row per report row (comma, '.', fractions)"
    )

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; ``lang`` translates the label and note columns.

        ``only_significant`` keeps the rows with a significant change,
        ``intervals=False`` leaves interval limits empty, ``decimals`` is
        ignored (full precision); any other option is an error.
        """
        return render_csv(report, press=press_options(self.name, options))
