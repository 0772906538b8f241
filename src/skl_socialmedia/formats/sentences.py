"""The ``sentences`` output format: findings as sentences for a press release.

One sentence per report row, in English or Swedish, and every sentence names
whom its figures are shares of, with the number in that base, e.g. "Bland de
171 kommuner som använder sociala medier ökade andelen som använder Facebook
från 83 till 89 procent mellan 2010 och 2012, en ökning med 6
procentenheter …". When the base differs between waves the numbers are given
per wave ("… (171 år 2010 och 212 år 2012)"). A change is called an increase
or a decrease:

- for estimates with an interval, only when the interval excludes zero;
  otherwise the sentence says the change is not statistically significant;
- for published figures (no bases, so no interval), in the direction of the
  published figures, and a closing sentence says that they are published
  shares of respondents for which no margin of error can be given.

Over more than two waves the sentence gives the first to the last change and,
when the figures did not move in one direction, says where they turned; with
consecutive changes each change gets its own statement.

The sentences are followed by what the source states in words (marked as
such), what a reader must know about the figures (how they were made, whether
they are weighted, the report's notes) and the source with the data's
description. Percentages are whole by default (``decimals=N`` for more);
published figures keep their own precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from skl_socialmedia.formats._common import (
    PressOptions,
    decimals,
    finite,
    notes,
    one_line,
    press_options,
    published_decimals,
    row_notes,
    shown_rows,
    source_line,
)
from skl_socialmedia.formats.sentence_parts import (
    WORDS,
    base_lead,
    capitalised,
    clause,
    flag_sentences,
    is_kind,
    listed,
    share,
    table_sentence,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.report.display import NBSP, format_number, format_pp
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Status

__all__ = ["SentencesFormat", "render_sentences", "row_sentence"]

#: The decimals of percentages in sentences unless ``decimals=`` says otherwise.
DEFAULT_DECIMALS = 0


@attrs.frozen
class _Style:
    """What every number of a report is written with: language and precision."""

    report: Report
    press: PressOptions
    published: int | None

    @property
    def lang(self) -> Language:
        return self.press.lang

    def places(self, estimate: Estimate) -> int:
        """Return the decimals ``estimate`` is shown with."""
        return decimals(estimate, self.press, self.published, DEFAULT_DECIMALS)

    def percent(self, estimate: Estimate) -> str:
        """Return the estimate's percentage as shown (without the unit)."""
        value = finite(estimate.value) or 0.0
        return format_number(100 * value, self.places(estimate), self.lang)

    def confidence(self) -> str:
        """Return "95 % " (the level and a space), or "" if no level is known."""
        level = finite(self.report.confidence)
        if level is None:
            return ""
        space = NBSP if self.lang == "sv" else " "
        return f"{format_number(100 * level, 0, self.lang)}{space}% "


def _as_number(text: str) -> float:
    """Return the value of a number as shown (decimal comma, minus sign)."""
    return float(text.replace(",", ".").replace("\u2212", "-"))


def _interval_text(
    interval: tuple[float, float], places: int, style: _Style, *, magnitude: bool
) -> str:
    """Say the interval; ``magnitude`` gives the size of a change, unsigned."""
    lang = style.lang
    low, high = interval
    if magnitude:
        low, high = sorted((abs(low), abs(high)))
        lo = format_number(100 * low, places, lang)
        hi = format_number(100 * high, places, lang)
    else:
        lo = format_pp(low, places, lang, unit=False)
        hi = format_pp(high, places, lang, unit=False)
    words = WORDS[lang]
    return words["interval"].format(
        conf=style.confidence(), lo=lo, hi=hi, points=words["points"]
    )


def _interval(change: Change) -> tuple[float, float] | None:
    low, high = finite(change.low), finite(change.high)
    return None if low is None or high is None else (low, high)


def _ends(row: ReportRow, change: Change) -> tuple[Estimate, Estimate]:
    """Return the estimates a change is between (first and last if unnamed)."""
    waves = [e.wave for e in row.estimates]
    before, after = change.before_wave, change.after_wave
    if before is None or after is None or before == after:
        return row.before, row.after
    if before not in waves or after not in waves:
        return row.before, row.after
    return row.estimate(before), row.estimate(after)


def _only_one(present: Estimate, missing: Estimate, style: _Style) -> str:
    """Predicate for a change with a figure in one of its waves only."""
    words = WORDS[style.lang]
    return words["only"].format(
        b=style.percent(present),
        after=present.wave,
        before=missing.wave,
        percent=words["percent"],
    )


def _predicate(
    change: Change, first: Estimate, last: Estimate, style: _Style, *, span: bool
) -> str:
    """Return the predicate of a change, beginning with its finite verb.

    ``span`` adds the waves ("between 2010 and 2012").
    """
    lang = style.lang
    words = WORDS[lang]
    before, after = finite(first.value), finite(last.value)
    if before is None and after is None:
        return words["no_figure"].format(before=first.wave, after=last.wave)
    if before is None:
        return _only_one(last, first, style)
    if after is None:
        return _only_one(first, last, style)
    places = max(style.places(first), style.places(last))
    fill = {
        "percent": words["percent"],
        "points": words["points"],
        "span": (
            words["span"].format(before=first.wave, after=last.wave) if span else ""
        ),
    }
    a, b = style.percent(first), style.percent(last)
    value = finite(change.value)
    delta = after - before if value is None else value
    d = format_number(100 * abs(delta), places, lang)
    shown_zero = _as_number(d) == 0
    if d == "1":  # "an increase of 1 percentage point", "1 procentenhet"
        fill["points"] = words["points"].removesuffix("s").removesuffix("er")
    interval = _interval(change)
    shown = style.press.intervals and interval is not None

    def said(magnitude: bool) -> str:
        if not shown or interval is None:
            return ""
        text = _interval_text(interval, places, style, magnitude=magnitude)
        return f" ({text})"

    if a == b:
        return words["same"].format(a=a, **fill) + said(False)
    went = words["went"].format(a=a, b=b, **fill)
    if interval is not None:
        low, high = interval
        if (low > 0 or high < 0) and not shown_zero:
            key = "rose" if delta > 0 else "fell"
            return words[key].format(a=a, b=b, d=d, **fill) + said(True)
        return f"{went}, {words['not_significant']}{said(False)}"
    if change.status in (Status.PUBLISHED, Status.COMPUTED) and not shown_zero:
        key = "rose" if delta > 0 else "fell"
        return words[key].format(a=a, b=b, d=d, **fill)
    return f"{went}; {words['no_interval']}"


def _turns(row: ReportRow, first: Estimate, last: Estimate, style: _Style) -> str:
    """Say where the figures between ``first`` and ``last`` turned, if they did.

    The figures are compared as shown, and only as figures: no change between
    them is claimed (it has no interval of its own).
    """
    words = WORDS[style.lang]
    start = next(i for i, e in enumerate(row.estimates) if e is first)
    end = next(i for i, e in enumerate(row.estimates) if e is last)
    path = [e for e in row.estimates[start : end + 1] if finite(e.value) is not None]
    if len(path) < 3:
        return ""
    shown = [(e, style.percent(e)) for e in path]
    values = [_as_number(text) for _, text in shown]
    overall = values[-1] - values[0]
    percent = words["percent"]
    if overall == 0:
        figures = [
            words["figure_in"].format(v=text, wave=e.wave, percent=percent)
            for (e, text), v in zip(shown[1:-1], values[1:-1], strict=True)
            if v != values[0]
        ]
        if not figures:
            return ""
        return words["in_between"].format(figures=listed(figures, style.lang))
    steps = []
    for (one, v1), (two, v2), x1, x2 in zip(
        shown, shown[1:], values, values[1:], strict=False
    ):
        if (x2 - x1) * overall < 0:
            key = "higher" if overall > 0 else "lower"
            steps.append(
                words[key].format(
                    w1=one.wave, v1=v1, w2=two.wave, v2=v2, percent=percent
                )
            )
    if not steps:
        return ""
    return words["turned"].format(steps=listed(steps, style.lang))


def _first_sentence(
    row: ReportRow, style: _Style, first: Estimate, last: Estimate
) -> str:
    lang = style.lang
    predicate = _predicate(row.changes[0], first, last, style, span=True)
    if row.base.kind == "published" and row.base.table:
        return table_sentence(row, style.report, predicate, lang)
    lead = base_lead(row, lang)
    if row.group != "all" and not is_kind(row.group):
        group = WORDS[lang]["in_group"].format(group=one_line(row.group))
        lead = f"{group}, {lead[:1].lower()}{lead[1:]},"
        if lang == "en":
            lead = lead.removesuffix(",")
    return clause(lead, share(row.item, lang), predicate, lang)


def _sentences(row: ReportRow, style: _Style) -> list[str]:
    lang = style.lang
    words = WORDS[lang]
    first, last = _ends(row, row.changes[0])
    out = [_first_sentence(row, style, first, last)]
    out += flag_sentences(row, first, last, lang)
    if len(row.changes) == 1:
        if finite(first.value) is not None and finite(last.value) is not None:
            turned = _turns(row, first, last, style)
            if turned:
                out.append(turned)
        return out
    it = words["it"]
    for change in row.changes[1:]:
        one, two = _ends(row, change)
        if finite(one.value) is None and finite(two.value) is None:
            continue
        predicate = _predicate(change, one, two, style, span=False)
        if finite(one.value) is None or finite(two.value) is None:
            out.append(capitalised(f"{it} {predicate}."))
            continue
        between = words["between"].format(before=one.wave, after=two.wave)
        out.append(clause(between, it, predicate, lang))
    return out


def row_sentence(
    row: ReportRow,
    report: Report,
    lang: Language = "en",
    press: PressOptions | None = None,
) -> str | None:
    """Return the sentences for one row, or ``None`` if it has no figure at all.

    ``press`` gives the decimals and whether intervals are shown (default:
    whole percent, with intervals); its language is ``lang``.
    """
    if all(finite(e.value) is None for e in row.estimates):
        return None
    press = PressOptions(lang=lang) if press is None else attrs.evolve(press, lang=lang)
    style = _Style(report, press, published_decimals(report))
    out = _sentences(row, style)
    if any(e.low_base for e in row.estimates):
        out.append(WORDS[lang]["low_base"])
    return " ".join(out)


def _closing(report: Report, rows: Sequence[ReportRow], lang: Language) -> list[str]:
    words = WORDS[lang]
    waves = listed(list(dict.fromkeys(report.waves)), lang)
    with_interval = [
        r for r in rows if any(_interval(c) is not None for c in r.changes)
    ]
    published = [
        r
        for r in rows
        if all(_interval(c) is None for c in r.changes)
        and {e.status for e in r.estimates} & {Status.PUBLISHED, Status.COMPUTED}
    ]
    counted = any(
        e.n is not None and r.base.kind != "published"
        for r in rows
        for e in r.estimates
    )
    out = []
    tables = [r for r in published if r.base.kind == "published" and r.base.table]
    if len(tables) < len(published):
        out.append(words["published"].format(waves=waves))
    if tables:
        nouns = {r.base.population for r in tables}
        noun = nouns.pop() if len(nouns) == 1 else None
        of = "" if noun is None else words["of_noun"].format(noun=noun.get(lang))
        out.append(words["table_published"].format(waves=waves, of=of))
    if with_interval:
        conf = _Style(report, PressOptions(lang=lang), None).confidence()
        out.append(words["estimated"].format(conf=conf, waves=waves))
    if report.weighted:
        out.append(words["weighted"])
    elif counted:
        out.append(words["counted"])
    return [one_line(line) for line in out]


def _findings(report: Report, lang: Language) -> list[str]:
    """Return what the source states in words, marked as the source's."""
    stated = [one_line(f.text.get(lang)).strip() for f in report.findings]
    stated = [s for s in stated if s]
    if not stated:
        return []
    return [" ".join([WORDS[lang]["states"], *stated])]


def _render(report: Report, press: PressOptions) -> str:
    lang = press.lang
    rows = shown_rows(report, press)
    shown = attrs.evolve(report, rows=rows)
    sentences = [row_sentence(row, report, lang, press) for row in rows]
    lines = [one_line(s) for s in sentences if s is not None]
    if not lines:
        empty = "none"
        if report.rows and not rows:
            testable = any(_interval(c) for r in report.rows for c in r.changes)
            empty = "none_significant" if testable else "none_testable"
        lines = [WORDS[lang][empty]]
    stated = _findings(report, lang)
    if stated:
        lines += ["", *stated]
    about = _closing(report, rows, lang)
    about += [one_line(note) for note in notes(report, lang)]
    about += [capitalised(f"{k}: {v}") for k, v in row_notes(shown, lang)]
    if about:
        lines += ["", *about]
    source = source_line(report, lang)
    if source:
        lines += ["", source]
    return "\n".join(lines) + "\n"


def render_sentences(report: Report, lang: Language = "en", **options: Any) -> str:
    """Render ``report`` as sentences in ``lang``, then its caveats and source.

    ``options`` are those of the format (``decimals``, ``only_significant``,
    ``intervals``).
    """
    return _render(report, press_options("sentences", {**options, "lang": lang}))


class SentencesFormat:
    """The ``sentences`` output format: findings as sentences for a press release."""

    name: ClassVar[str] = "sentences"
    suffixes: ClassVar[tuple[str, ...]] = (".sentences.txt",)
    media_type: ClassVar[str] = "text/plain; charset=utf-8"
    description: ClassVar[str] = (
        "the findings as plain sentences for a press release (en or sv)"
    )

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report`` with the common options (lang, decimals, …)."""
        return _render(report, press_options(self.name, options))
