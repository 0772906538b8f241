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
from skl_socialmedia.published.flags import MISSING_FLAGS, WARNING_FLAGS, Flag
from skl_socialmedia.report.display import (
    NBSP,
    base_phrase,
    item_phrase,
    population_rest,
)
from skl_socialmedia.report.model import Estimate, Report, ReportRow, RowBase

__all__ = [
    "WORDS",
    "base_lead",
    "capitalised",
    "clause",
    "flag_sentences",
    "is_kind",
    "listed",
    "share",
    "table_sentence",
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
        "in_place": "in {group}",
        "in_the_group": "in the group {group}",
        "share_of": "the share of {noun}",
        "the_share": "the share",
        "table_published": (
            "The figures for {waves} are published shares{of}; the bases were "
            "not published, so no margin of error can be given."
        ),
        "of_noun": " of {noun}",
        "not_comparable": "The change is not comparable: break in series ({waves}).",
        "flagged": "The figure for {wave} is flagged: {flags}.",
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
        "in_place": "i {group}",
        "in_the_group": "i gruppen {group}",
        "share_of": "andelen {noun}",
        "the_share": "andelen",
        "table_published": (
            "Siffrorna för {waves} är publicerade andelar{of}; baserna har inte "
            "publicerats, så ingen felmarginal kan anges."
        ),
        "of_noun": " för {noun}",
        "not_comparable": ("Förändringen är ej jämförbar: tidsseriebrott ({waves})."),
        "flagged": "Uppgiften för {wave} är flaggad: {flags}.",
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


# The words a label's rest may begin with to follow "the share of enterprises".
_CONNECTORS = {
    "en": ("with", "without", "that", "who", "which", "in", "for", "having"),
    "sv": ("som", "med", "utan", "i", "för", "där"),
}


def _table_what(row: ReportRow, report: Report, lang: Language) -> tuple[str, bool]:
    """Say what a table row's share is of: "using social media", "som …".

    The library's items by their phrase; a table's indicator by its label
    after the population's word ("Enterprises using …" → "using …") when
    that reads on in ``lang``. Otherwise the label quoted, and ``False``:
    the label is the sentence's subject.
    """
    item = row.item
    if item_phrase(item, lang) != item or item.startswith("reason."):
        return share(item, lang).removeprefix(WORDS[lang]["the_share"] + " "), True
    label = report.item_labels.get(item)
    text = item if label is None else one_line(label.get(lang))
    rest = population_rest(text)
    if rest is not None:
        first = rest.split()[0].casefold()
        if first in _CONNECTORS[lang] or (lang == "en" and first.endswith("ing")):
            return rest, True
    return (f"”{text}”" if lang == "sv" else f"“{text}”"), False


def _where(row: ReportRow, report: Report, lang: Language) -> str:
    """Say where a table row's figures are: "in Denmark", "i gruppen …", ""."""
    if row.group == "all":
        return ""
    label = report.group_labels.get(row.group)
    text = one_line(row.group if label is None else label.get(lang))
    key = "in_place" if row.group in report.places else "in_the_group"
    return WORDS[lang][key].format(group=text)


def table_sentence(
    row: ReportRow, report: Report, predicate: str, lang: Language
) -> str:
    """Return the sentence of a published table's row, its predicate given.

    "Andelen företag i Danmark som använder sociala medier ökade från 49 till
    75 procent …" / "The share of enterprises in Denmark using social media
    rose …" when the table says whom its figures are shares of; otherwise
    "I Danmark ökade andelen som …" / "In Denmark, the share using … rose …".
    An indicator whose label does not read on is the subject, quoted: "In
    Denmark, “Internet use” rose …".
    """
    words = WORDS[lang]
    where = _where(row, report, lang)
    what, reads_on = _table_what(row, report, lang)
    noun = row.base.population
    if not reads_on:
        if not where:
            return capitalised(f"{what} {predicate}.")
        return clause(capitalised(where), what, predicate, lang)
    if noun is not None:
        subject = words["share_of"].format(noun=noun.get(lang))
        return capitalised(
            f"{' '.join(p for p in (subject, where, what) if p)} {predicate}."
        )
    subject = f"{words['the_share']} {what}"
    if not where:
        return capitalised(f"{subject} {predicate}.")
    return clause(capitalised(where), subject, predicate, lang)


def _flagged(estimate: Estimate) -> list[Flag]:
    return [f for f in estimate.flags if f in WARNING_FLAGS or f in MISSING_FLAGS]


def flag_sentences(
    row: ReportRow, first: Estimate, last: Estimate, lang: Language
) -> list[str]:
    """Say what the flags of a sentence's figures and change say.

    A change across a break in series is not comparable ("The change is not
    comparable: break in series (2019).", the wording of the other
    formats' notes); a figure flagged low reliability, estimated, … or
    missing as confidential, not available, … is flagged ("The figure for
    2013 is flagged: low reliability.").
    """
    words = WORDS[lang]
    out = []
    waves = [e.wave for e in row.estimates]
    if first.wave in waves and last.wave in waves:
        span = row.estimates[waves.index(first.wave) + 1 : waves.index(last.wave) + 1]
        broken = [e.wave for e in span if Flag.BREAK in e.flags]
        if broken:
            out.append(words["not_comparable"].format(waves=", ".join(broken)))
    for estimate in dict.fromkeys((first, last)):
        flags = _flagged(estimate)
        if flags:
            said = "; ".join(f.label.get(lang) for f in flags)
            out.append(words["flagged"].format(wave=estimate.wave, flags=said))
    return out
