"""The ``sentences`` output format: findings as sentences for a press release.

One sentence per report row, in English or Swedish, e.g. "Andelen kommuner
som använder sociala medier ökade från 61 till 76 procent, en ökning med 15
procentenheter." A change is called an increase or a decrease:

- for estimates with an interval, only when the interval excludes zero;
  otherwise the sentence says the change is not statistically significant;
- for published figures (no bases, so no interval), in the direction of the
  published figures, and a closing sentence says that they are published
  shares of respondents for which no margin of error can be given.

The sentences are followed by what a reader must know about the figures (how
they were made, the report's notes) and the source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.formats._common import (
    decimals,
    finite,
    language,
    notes,
    one_line,
    row_notes,
    source_label,
)
from skl_socialmedia.model.organisations import OrgKind
from skl_socialmedia.model.vocabulary import REASONS, Language
from skl_socialmedia.report.display import (
    format_number,
    format_pp,
    group_label,
    item_phrase,
)
from skl_socialmedia.report.model import Report, ReportRow, Status

__all__ = ["SentencesFormat", "render_sentences", "row_sentence"]

_WORDS = {
    "en": {
        "percent": "percent",
        "points": "percentage points",
        "share": "The share of {group} that {phrase}",
        "share_any": "the share of organisations that {phrase}",
        "lead": "In the group {group},",
        "all": "all organisations",
        "among": ", among those that {phrase},",
        "yes_to": "answer yes to {item}",
        "reason": "give the reason “{label}”",
        "rose": "rose from {a} to {b} {percent}, an increase of {d} {points}",
        "fell": "fell from {a} to {b} {percent}, a decrease of {d} {points}",
        "same": "was unchanged at {a} {percent}",
        "went": "went from {a} to {b} {percent}",
        "not_significant": "but the change is not statistically significant",
        "no_interval": "no margin of error could be computed",
        "interval": "{conf}confidence interval: {lo} to {hi} {points}",
        "only": "was {b} {percent} in {after}; there is no figure for {before}",
        "low_base": "The base is small, so interpret the figures with care.",
        "none": "The report contains no figures.",
        "published": (
            "The figures for {before} and {after} are published shares of the "
            "respondents; the numbers of respondents were not published, so no "
            "margin of error can be given."
        ),
        "estimated": (
            "The figures are estimated from the survey responses of {before} and "
            "{after}; a change is called an increase or a decrease only when its "
            "{conf}confidence interval excludes zero."
        ),
    },
    "sv": {
        "percent": "procent",
        "points": "procentenheter",
        "share": "Andelen {group} som {phrase}",
        "share_any": "andelen organisationer som {phrase}",
        "lead": "I gruppen {group}",
        "all": "av samtliga organisationer",
        "among": ", bland dem som {phrase},",
        "yes_to": "svarar ja på {item}",
        "reason": "anger skälet ”{label}”",
        "rose": "ökade från {a} till {b} {percent}, en ökning med {d} {points}",
        "fell": "minskade från {a} till {b} {percent}, en minskning med {d} {points}",
        "same": "var oförändrad, {a} {percent}",
        "went": "gick från {a} till {b} {percent}",
        "not_significant": "men förändringen är inte statistiskt säkerställd",
        "no_interval": "ingen felmarginal kunde beräknas",
        "interval": "{conf}konfidensintervall: {lo} till {hi} {points}",
        "only": "var {b} {percent} {after}; för {before} finns ingen uppgift",
        "low_base": "Underlaget är litet, så siffrorna ska tolkas med försiktighet.",
        "none": "Rapporten innehåller inga siffror.",
        "published": (
            "Siffrorna för {before} och {after} är publicerade andelar av de "
            "svarande; antalet svarande har inte publicerats, så ingen "
            "felmarginal kan anges."
        ),
        "estimated": (
            "Siffrorna är skattade från enkätsvaren {before} och {after}; en "
            "förändring kallas ökning eller minskning bara när dess "
            "{conf}konfidensintervall inte innehåller noll."
        ),
    },
}


def _phrase(item: str, lang: Language) -> str:
    """Return the verb phrase of an item (the reason items reworded)."""
    words = _WORDS[lang]
    prefix, _, name = item.partition(".")
    if prefix == "reason" and name in REASONS:
        return words["reason"].format(label=REASONS.get(name).label(lang))
    phrase = item_phrase(item, lang)
    if phrase == item:
        quoted = f"”{item}”" if lang == "sv" else f"“{item}”"
        return words["yes_to"].format(item=quoted)
    return phrase


def _is_kind(group: str) -> bool:
    try:
        OrgKind.parse(group)
    except UnknownNameError:
        return False
    return True


@attrs.frozen
class _Subject:
    """The subject of a sentence, with an optional leading adverbial."""

    lead: str | None
    subject: str

    def sentence(self, verb_phrase: str, lang: Language) -> str:
        """Join subject and predicate with the word order of ``lang``."""
        if self.lead is None:
            return f"{self.subject} {verb_phrase}."
        if lang == "sv":
            # Swedish puts the finite verb second: "I gruppen X ökade andelen …".
            verb, _, rest = verb_phrase.partition(" ")
            return f"{self.lead} {verb} {self.subject} {rest}."
        return f"{self.lead} {self.subject} {verb_phrase}."


def _subject(row: ReportRow, lang: Language) -> _Subject:
    words = _WORDS[lang]
    phrase = _phrase(row.item, lang)
    if row.among is not None:
        phrase += words["among"].format(phrase=_phrase(row.among, lang))
    if row.group == "all":
        return _Subject(None, words["share"].format(group=words["all"], phrase=phrase))
    if _is_kind(row.group):
        label = group_label(row.group, lang)
        return _Subject(None, words["share"].format(group=label, phrase=phrase))
    lead = words["lead"].format(group=one_line(row.group))
    return _Subject(lead, words["share_any"].format(phrase=phrase))


def _interval_text(
    interval: tuple[float, float],
    places: int,
    conf: str,
    lang: Language,
    *,
    magnitude: bool,
) -> str:
    """Say the interval; ``magnitude`` gives the size of a decrease, unsigned."""
    low, high = interval
    if magnitude:
        low, high = sorted((abs(low), abs(high)))
        lo = format_number(100 * low, places, lang)
        hi = format_number(100 * high, places, lang)
    else:
        lo = format_pp(low, places, lang, unit=False)
        hi = format_pp(high, places, lang, unit=False)
    words = _WORDS[lang]
    return words["interval"].format(conf=conf, lo=lo, hi=hi, points=words["points"])


def _interval(row: ReportRow) -> tuple[float, float] | None:
    low, high = finite(row.change.low), finite(row.change.high)
    return None if low is None or high is None else (low, high)


def _confidence(report: Report, lang: Language) -> str:
    level = finite(report.confidence)
    return "" if level is None else f"{format_number(100 * level, 0, lang)} % "


def _only_one(row: ReportRow, lang: Language) -> str:
    """Predicate for a row with a figure in one wave only."""
    words = _WORDS[lang]
    present, missing = row.after, row.before
    if finite(present.value) is None:
        present, missing = missing, present
    b = format_number(100 * (finite(present.value) or 0.0), decimals(present), lang)
    return words["only"].format(
        b=b,
        after=present.wave,
        before=missing.wave,
        percent=words["percent"],
    )


def _predicate(row: ReportRow, report: Report, lang: Language) -> str:
    words = _WORDS[lang]
    before, after = finite(row.before.value), finite(row.after.value)
    if before is None or after is None:
        return _only_one(row, lang)
    places = max(decimals(row.before), decimals(row.after))
    fill = {"percent": words["percent"], "points": words["points"]}
    a = format_number(100 * before, decimals(row.before), lang)
    b = format_number(100 * after, decimals(row.after), lang)
    change = finite(row.change.value)
    delta = after - before if change is None else change
    d = format_number(100 * abs(delta), places, lang)
    shown_zero = float(d.replace(",", ".")) == 0
    interval = _interval(row)
    conf = _confidence(report, lang)
    if a == b:
        text = words["same"].format(a=a, **fill)
        if interval is not None:
            said = _interval_text(interval, places, conf, lang, magnitude=False)
            text += f" ({said})"
        return text
    went = words["went"].format(a=a, b=b, **fill)
    if interval is not None:
        low, high = interval
        if (low > 0 or high < 0) and not shown_zero:
            key = "rose" if delta > 0 else "fell"
            said = _interval_text(interval, places, conf, lang, magnitude=True)
            return words[key].format(a=a, b=b, d=d, **fill) + f" ({said})"
        said = _interval_text(interval, places, conf, lang, magnitude=False)
        return f"{went}, {words['not_significant']} ({said})"
    if row.change.status in (Status.PUBLISHED, Status.COMPUTED) and not shown_zero:
        key = "rose" if delta > 0 else "fell"
        return words[key].format(a=a, b=b, d=d, **fill)
    return f"{went}; {words['no_interval']}"


def row_sentence(row: ReportRow, report: Report, lang: Language = "en") -> str | None:
    """Return the sentence for one row, or ``None`` if it has no figure at all."""
    if finite(row.before.value) is None and finite(row.after.value) is None:
        return None
    sentence = _subject(row, lang).sentence(_predicate(row, report, lang), lang)
    if row.before.low_base or row.after.low_base:
        sentence += " " + _WORDS[lang]["low_base"]
    return sentence


def _closing(report: Report, rows: Sequence[ReportRow], lang: Language) -> list[str]:
    words = _WORDS[lang]
    waves = {"before": report.before_wave, "after": report.after_wave}
    with_interval = [r for r in rows if finite(r.change.low) is not None]
    published = [
        r
        for r in rows
        if finite(r.change.low) is None
        and {r.before.status, r.after.status} & {Status.PUBLISHED, Status.COMPUTED}
    ]
    out = []
    if published:
        out.append(words["published"].format(**waves))
    if with_interval:
        conf = _confidence(report, lang)
        out.append(words["estimated"].format(conf=conf, **waves))
    return [one_line(line) for line in out]


def _capitalised(text: str) -> str:
    text = one_line(text)
    return text[:1].upper() + text[1:]


def render_sentences(report: Report, lang: Language = "en") -> str:
    """Render ``report`` as sentences in ``lang``, then its caveats and source."""
    sentences = [row_sentence(row, report, lang) for row in report.rows]
    lines = [one_line(s) for s in sentences if s is not None]
    if not lines:
        lines = [_WORDS[lang]["none"]]
    about = _closing(report, report.rows, lang)
    about += [one_line(note) for note in notes(report, lang)]
    about += [_capitalised(f"{k}: {v}") for k, v in row_notes(report, lang)]
    if about:
        lines += ["", *about]
    source = one_line(report.source.get(lang)).strip()
    if source:
        lines += ["", f"{source_label(lang)}: {source}"]
    return "\n".join(lines) + "\n"


class SentencesFormat:
    """The ``sentences`` output format: findings as sentences for a press release."""

    name: ClassVar[str] = "sentences"
    suffixes: ClassVar[tuple[str, ...]] = (".sentences.txt",)
    media_type: ClassVar[str] = "text/plain; charset=utf-8"
    description: ClassVar[str] = (
        "the findings as plain sentences for a press release (en or sv)"
    )

    def render(self, report: Report, **options: Any) -> str:
        """Render ``report``; ``lang`` selects English or Swedish sentences."""
        return render_sentences(report, language(options))
