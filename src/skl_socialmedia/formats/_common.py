"""Helpers shared by the built-in output formats (not part of the public API)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from skl_socialmedia.errors import InvalidArgumentError, printable
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import check_language, format_number, group_label
from skl_socialmedia.report.display import item_phrase as _item_phrase
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Status

__all__ = [
    "COMMON_OPTIONS",
    "PressOptions",
    "change_waves",
    "choice_option",
    "decimals",
    "encodable",
    "finite",
    "language",
    "legend_lines",
    "marks_legend",
    "notes",
    "one_line",
    "press_options",
    "published_decimals",
    "report_group",
    "report_item",
    "row_label",
    "row_notes",
    "shown_rows",
    "source_label",
    "source_line",
]

#: The options every built-in format takes, besides its own: ``lang``,
#: ``decimals`` (of percentages; default: the format's), ``only_significant``
#: (only rows with a significant change) and ``intervals`` (show them).
COMMON_OPTIONS = ("lang", "decimals", "only_significant", "intervals")


@attrs.frozen
class PressOptions:
    """The options of :data:`COMMON_OPTIONS`, checked."""

    lang: Language = "en"
    decimals: int | None = None
    only_significant: bool = False
    intervals: bool = True


def _flag_option(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "on"):
        return True
    if text in ("false", "no", "0", "off"):
        return False
    raise InvalidArgumentError(f"option {name}={value!r} must be true or false")


def press_options(
    fmt: str, options: Mapping[str, Any], own: Sequence[str] = ()
) -> PressOptions:
    """Return the common options of ``options``; an option ``fmt`` lacks is an error.

    ``own`` are the format's own options (checked by the format).
    """
    known = (*COMMON_OPTIONS, *own)
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise InvalidArgumentError(
            f"the {fmt} format takes no option {', '.join(unknown)}; "
            f"it takes {', '.join(known)}"
        )
    places = options.get("decimals")
    if places is not None:
        try:
            places = int(str(places))
        except ValueError:
            places = -1
        if not 0 <= places <= 3:
            raise InvalidArgumentError(
                f"option decimals={options['decimals']!r} must be 0, 1, 2 or 3"
            )
    return PressOptions(
        lang=language(options),
        decimals=places,
        only_significant=_flag_option(
            "only_significant", options.get("only_significant", False)
        ),
        intervals=_flag_option("intervals", options.get("intervals", True)),
    )


def shown_rows(report: Report, press: PressOptions) -> list[ReportRow]:
    """Return the rows to show: all, or those with a significant change."""
    if not press.only_significant:
        return list(report.rows)
    return [r for r in report.rows if any(c.significant for c in r.changes)]


_LEGEND = {
    "en": {
        "interval": "Intervals: {conf} % confidence intervals.",
        "significant": "* the interval of the change excludes zero.",
        "low_base": "! low base (NCHS 2017 standards): interpret with care.",
        "source": "Source",
    },
    "sv": {
        "interval": "Intervall: {conf}\u00a0% konfidensintervall.",
        "significant": "* förändringens intervall utesluter noll.",
        "low_base": "! låg bas (NCHS 2017): tolka med försiktighet.",
        "source": "Källa",
    },
}

# Lone surrogates: a str may hold them (JSON's "\ud800", any str given to
# Survey.from_columns), UTF-8 cannot encode them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def language(options: Mapping[str, Any]) -> Language:
    """Return the ``lang`` option (default ``"en"``), checked."""
    return check_language(str(options.get("lang", "en")))


def choice_option(
    options: Mapping[str, Any], name: str, choices: tuple[str, ...], default: str
) -> str:
    """Return option ``name`` if it is one of ``choices``, else raise."""
    value = options.get(name, default)
    if value not in choices:
        raise InvalidArgumentError(
            f"option {name}={value!r} is not one of {', '.join(choices)}"
        )
    return str(value)


def one_line(text: str) -> str:
    r"""Return ``text`` on one line, safe on a terminal, every character kept visible.

    Control characters (C0 with tab, line feed and carriage return, DEL, C1),
    the bidirectional marks, overrides and isolates, the line and paragraph
    separators and lone surrogates are shown as escapes (``\x1b``, ``\n``,
    ``\u202e``, ``\ud800``; :func:`skl_socialmedia.errors.printable`), so a
    string from the data can neither act on a terminal nor break a table row,
    and nothing is silently dropped. Other text (``å``, U+00A0, U+2212) is
    kept as it is.
    """
    return printable(text)


def encodable(text: str) -> str:
    r"""Return ``text`` with each lone surrogate shown as an escape (``\ud800``).

    For the machine-readable formats (csv, json), which keep every other
    character as it is: a lone surrogate cannot be written as UTF-8, so it
    is written as the six characters of its escape, as the other formats
    show it.
    """
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def finite(value: float | None) -> float | None:
    """Return ``value`` as a float, or ``None`` if absent or not finite."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def decimals(
    estimate: Estimate,
    press: PressOptions | None = None,
    published: int | None = None,
    default: int = 1,
) -> int:
    """Return the decimals to show an estimate with.

    A published figure keeps its own; otherwise ``press.decimals`` if given;
    a computed figure among published ones takes their precision
    (``published``, see :func:`published_decimals`) so that "61" does not
    stand beside "77,0"; an estimate gets ``default`` (1 in tables, 0 in
    sentences).
    """
    if estimate.status is Status.PUBLISHED and estimate.decimals is not None:
        return estimate.decimals
    if press is not None and press.decimals is not None:
        return press.decimals
    if estimate.status is Status.COMPUTED and published is not None:
        return published
    if estimate.decimals is not None:
        return estimate.decimals
    return default if estimate.status is Status.ESTIMATED else 0


def published_decimals(report: Report) -> int | None:
    """Return the precision of the report's published figures (None: none)."""
    places = [
        e.decimals
        for row in report.rows
        for e in row.estimates
        if e.status is Status.PUBLISHED and e.decimals is not None
    ]
    return max(places) if places else None


def report_group(report: Report | None, group: str, lang: Language) -> str:
    """Return a group's label: the report's own (a table's category), else its name.

    A published table's categories carry labels in both languages
    (:attr:`Report.group_labels <skl_socialmedia.report.model.Report>`);
    other groups are labelled by :func:`~skl_socialmedia.report.display.group_label`.
    """
    label = None if report is None else report.group_labels.get(group)
    return group_label(group, lang) if label is None else label.get(lang)


def report_item(report: Report | None, item: str, lang: Language) -> str:
    """Return an item's label: its phrase, else the report's label, else the item.

    The library's items have phrases ("use social media"); a published
    table's indicators keep their label in the table
    (:attr:`Report.item_labels <skl_socialmedia.report.model.Report>`).
    """
    phrase = _item_phrase(item, lang)
    label = None if report is None else report.item_labels.get(item)
    if phrase != item or label is None:
        return phrase
    return label.get(lang)


def row_label(row: ReportRow, lang: Language, report: Report | None = None) -> str:
    """Return ``"group, item phrase"`` for a row (labelled as ``report`` says)."""
    group = report_group(report, row.group, lang)
    return f"{group}, {report_item(report, row.item, lang)}"


def source_label(lang: Language) -> str:
    """Return the word for "Source" in ``lang``."""
    return _LEGEND[lang]["source"]


def source_line(report: Report, lang: Language) -> str:
    """Return ``"Source: <source> — <description>"`` on one line ("" if neither).

    The description says what the data are (e.g. that they are synthetic), so
    it travels with the source wherever a chart or table is copied.
    """
    parts = [
        one_line(text.get(lang)).strip()
        for text in (report.source, report.description)
        if text is not None
    ]
    parts = [part for part in parts if part]
    if not parts:
        return ""
    return f"{source_label(lang)}: {' — '.join(parts)}"


def legend_lines(report: Report, lang: Language) -> list[str]:
    """Return the legend of the table marks that ``report`` uses."""
    legend = _LEGEND[lang]
    lines = []
    if report.confidence is not None:
        conf = format_number(100 * report.confidence, 0, lang)
        lines.append(legend["interval"].format(conf=conf))
    if any(r.change.significant for r in report.rows):
        lines.append(legend["significant"])
    if any(r.before.low_base or r.after.low_base for r in report.rows):
        lines.append(legend["low_base"])
    return lines


def notes(report: Report, lang: Language) -> list[str]:
    """Return the report's own notes in ``lang``."""
    return [note.get(lang) for note in report.notes]


def row_notes(report: Report, lang: Language) -> list[tuple[str, str]]:
    """Return ``(row label, note)`` for every row that has a note."""
    return [
        (row_label(row, lang, report), row.note.get(lang))
        for row in report.rows
        if row.note is not None
    ]


def marks_legend(
    lang: Language,
    *,
    confidence: float | None = None,
    significant: bool = False,
    low_base: bool = False,
) -> list[str]:
    """Return the legend lines of the marks a table shows.

    The interval line when intervals are shown (``confidence`` given), the
    ``*`` line when a change is marked significant, the ``!`` line when an
    estimate is marked as resting on a low base — as :func:`legend_lines`,
    for a caller that knows which rows and cells it shows.
    """
    legend = _LEGEND[lang]
    lines = []
    if confidence is not None:
        conf = format_number(100 * confidence, 0, lang)
        lines.append(legend["interval"].format(conf=conf))
    if significant:
        lines.append(legend["significant"])
    if low_base:
        lines.append(legend["low_base"])
    return lines


def change_waves(change: Change, report: Report) -> tuple[str, str]:
    """Return the waves of ``change``: its own, else the report's main pair."""
    before = report.before_wave if change.before_wave is None else change.before_wave
    after = report.after_wave if change.after_wave is None else change.after_wave
    return before, after
