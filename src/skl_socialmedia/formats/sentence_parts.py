"""The parts of the ``sentences`` format's sentences: words, subject and lead.

What :mod:`skl_socialmedia.formats.sentences` builds its sentences from: the
words in English and Swedish (:data:`WORDS`), the subject ("the share using
Facebook", :func:`share`), the adverbial naming the base ("Among the 171
municipalities …", :func:`base_lead`), lists ("a, b and c", :func:`listed`)
and the joining of a clause in each language's word order (:func:`clause`).
"""

from __future__ import annotations

from collections.abc import Sequence

from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.formats._common import one_line
from skl_socialmedia.model.organisations import OrgKind
from skl_socialmedia.model.vocabulary import REASONS, Language
from skl_socialmedia.report.display import NBSP, base_phrase, item_phrase
from skl_socialmedia.report.model import ReportRow, RowBase

__all__ = [
    "WORDS",
    "base_lead",
    "capitalised",
    "clause",
    "is_kind",
    "listed",
    "share",
]

#: The words of the sentences, by language.
WORDS = {
    "en": {
        "percent": " per cent",
        "points": " percentage points",
        "and": "and",
        "among": "Among",
        "of": "Of",
        "in_group": "In the group {group}",
        "share": "the share {phrase}",
        "it": "it",
        "between": "Between {before} and {after}",
        "span": " between {before} and {after}",
        "n_in": "{n} in {wave}",
        "yes_to": "answer yes to {item}",
        "reason": "give the reason “{label}”",
        "rose": "rose from {a} to {b}{percent}{span}, an increase of {d}{points}",
        "fell": "fell from {a} to {b}{percent}{span}, a decrease of {d}{points}",
        "same": "was unchanged at {a}{percent}{span}",
        "went": "went from {a} to {b}{percent}{span}",
        "not_significant": "but the change is not statistically significant",
        "no_interval": "no margin of error could be computed",
        "interval": "{conf}confidence interval: {lo} to {hi}{points}",
        "only": "was {b}{percent} in {after}; there is no figure for {before}",
        "no_figure": "has no figure for {before} or {after}",
        "turned": "The share did not move in one direction: it was {steps}.",
        "higher": "higher in {w1} ({v1}{percent}) than in {w2} ({v2}{percent})",
        "lower": "lower in {w1} ({v1}{percent}) than in {w2} ({v2}{percent})",
        "in_between": "In between, the share was {figures}.",
        "figure_in": "{v}{percent} in {wave}",
        "low_base": "The base is small, so interpret the figures with care.",
        "none": "The report contains no figures.",
        "none_significant": "No change in the report is statistically significant.",
        "none_testable": (
            "No change in the report can be tested statistically, as the figures "
            "have no margin of error."
        ),
        "states": "The source states:",
        "published": (
            "The figures for {waves} are published shares of the respondents; "
            "the numbers of respondents were not published, so no margin of "
            "error can be given."
        ),
        "estimated": (
            "The figures are estimated from the survey responses of {waves}; a "
            "change is called an increase or a decrease only when its "
            "{conf}confidence interval excludes zero."
        ),
        "counted": (
            "The number in each base counts the organisations that answered the "
            "question in that wave."
        ),
        "weighted": (
            "The figures are weighted; the number in each base is the unweighted "
            "count of the organisations that answered the question in that wave."
        ),
    },
    "sv": {
        "percent": f"{NBSP}procent",
        "points": f"{NBSP}procentenheter",
        "and": "och",
        "among": "Bland",
        "of": "Bland",
        "in_group": "I gruppen {group}",
        "share": "andelen som {phrase}",
        "it": "den",
        "between": "Mellan {before} och {after}",
        "span": " mellan {before} och {after}",
        "n_in": "{n} år {wave}",
        "yes_to": "svarar ja på {item}",
        "reason": "anger skälet ”{label}”",
        "rose": ("ökade från {a} till {b}{percent}{span}, en ökning med {d}{points}"),
        "fell": (
            "minskade från {a} till {b}{percent}{span}, en minskning med {d}{points}"
        ),
        "same": "var oförändrad på {a}{percent}{span}",
        "went": "gick från {a} till {b}{percent}{span}",
        "not_significant": "men förändringen är inte statistiskt säkerställd",
        "no_interval": "ingen felmarginal kunde beräknas",
        "interval": "{conf}konfidensintervall: {lo} till {hi}{points}",
        "only": "var {b}{percent} {after}; för {before} finns ingen uppgift",
        "no_figure": "saknar uppgift för {before} och {after}",
        "turned": "Andelen rörde sig inte i en riktning: den var {steps}.",
        "higher": "högre {w1} ({v1}{percent}) än {w2} ({v2}{percent})",
        "lower": "lägre {w1} ({v1}{percent}) än {w2} ({v2}{percent})",
        "in_between": "Däremellan var andelen {figures}.",
        "figure_in": "{v}{percent} {wave}",
        "low_base": "Underlaget är litet, så siffrorna ska tolkas med försiktighet.",
        "none": "Rapporten innehåller inga siffror.",
        "none_significant": "Ingen förändring i rapporten är statistiskt säkerställd.",
        "none_testable": (
            "Ingen förändring i rapporten kan prövas statistiskt, eftersom "
            "siffrorna saknar felmarginal."
        ),
        "states": "Källan konstaterar:",
        "published": (
            "Siffrorna för {waves} är publicerade andelar av de svarande; "
            "antalet svarande har inte publicerats, så ingen felmarginal kan "
            "anges."
        ),
        "estimated": (
            "Siffrorna är skattade från enkätsvaren {waves}; en förändring "
            "kallas ökning eller minskning bara när dess {conf}konfidensintervall "
            "inte innehåller noll."
        ),
        "counted": (
            "Antalet i varje bas är de organisationer som besvarade frågan i "
            "respektive omgång."
        ),
        "weighted": (
            "Siffrorna är viktade; antalet i varje bas är det oviktade antalet "
            "organisationer som besvarade frågan i respektive omgång."
        ),
    },
}

# English verb phrases as participles: "use Facebook" → "using Facebook".
_GERUNDS = {"use": "using", "give": "giving", "answer": "answering"}

# Swedish definite plurals, for "de svarande kommunerna".
_DEFINITE = {
    "kommuner": "kommunerna",
    "landsting": "landstingen",
    "organisationer": "organisationerna",
}


def _phrase(item: str, lang: Language) -> str:
    """Return the verb phrase of an item (the reason items reworded)."""
    words = WORDS[lang]
    prefix, _, name = item.partition(".")
    if prefix == "reason" and name in REASONS:
        return words["reason"].format(label=REASONS.get(name).label(lang))
    phrase = item_phrase(item, lang)
    if phrase == item:
        quoted = f"”{item}”" if lang == "sv" else f"“{item}”"
        return words["yes_to"].format(item=quoted)
    return phrase


def share(item: str, lang: Language) -> str:
    """Return "the share using Facebook" / "andelen som använder Facebook"."""
    phrase = _phrase(item, lang)
    if lang == "en":
        verb, _, rest = phrase.partition(" ")
        gerund = _GERUNDS.get(verb)
        phrase = f"that {phrase}" if gerund is None else f"{gerund} {rest}"
    return WORDS[lang]["share"].format(phrase=phrase)


def is_kind(group: str) -> bool:
    """Return whether ``group`` names a kind of organisation ("municipality")."""
    try:
        OrgKind.parse(group)
    except UnknownNameError:
        return False
    return True


def listed(parts: Sequence[str], lang: Language) -> str:
    """Join ``parts`` as a list: "a, b and c" / "a, b och c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {WORDS[lang]['and']} {parts[-1]}"


def _row_base(row: ReportRow) -> RowBase:
    """Return the row's base; a hand-made row with ``among`` is among those."""
    if row.among is not None and row.base.kind == "answered":
        return RowBase("among", row.among)
    return row.base


def _published_base(group: str, lang: Language) -> str:
    """Return "the responding municipalities (bases not published)"."""
    phrase = base_phrase(RowBase("published"), group, lang)
    if lang != "sv":
        return phrase
    noun = phrase.removeprefix("de svarande ").partition(" (")[0]
    if noun not in _DEFINITE:
        return phrase
    return f"de svarande {_DEFINITE[noun]} (baserna ej publicerade)"


def base_lead(row: ReportRow, lang: Language) -> str:
    """Return the adverbial naming the base: "Among the 171 municipalities …"."""
    words = WORDS[lang]
    base = _row_base(row)
    group = row.group
    if base.kind == "published":
        phrase = _published_base(group, lang)
    else:
        counts = [(e.wave, e.n) for e in row.estimates if e.n is not None]
        sizes = {n for _, n in counts}
        if len(sizes) == 1 and len(counts) == len(row.estimates):
            phrase = base_phrase(base, group, lang, sizes.pop())
        else:
            phrase = base_phrase(base, group, lang)
            if counts:
                each = [words["n_in"].format(n=n, wave=w) for w, n in counts]
                phrase += f" ({listed(each, lang)})"
    preposition = words["among" if base.kind in ("routed", "among") else "of"]
    return f"{preposition} {one_line(phrase)}"


def clause(lead: str, subject: str, predicate: str, lang: Language) -> str:
    """Join an adverbial lead, subject and predicate in ``lang``'s word order."""
    if lang == "sv":
        # Swedish puts the finite verb second: "Bland de … ökade andelen …".
        verb, _, rest = predicate.partition(" ")
        return f"{lead} {verb} {subject} {rest}."
    return f"{lead}, {subject} {predicate}."


def capitalised(text: str) -> str:
    """Return ``text`` on one line, its first letter upper case."""
    text = one_line(text)
    return text[:1].upper() + text[1:]
