"""Display helpers: percentages and percentage points in English or Swedish.

Rounding is half up (``76.5`` → ``77``), not Python's banker's rounding, and
Swedish output uses a decimal comma. Rounded parts need not add up to the
rounded total.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.model.localized import Text
from skl_socialmedia.model.organisations import OrgKind, group_label
from skl_socialmedia.model.vocabulary import CHANNELS, PURPOSES, REASONS, Language
from skl_socialmedia.published.cube import Dimension
from skl_socialmedia.report.model import RowBase
from skl_socialmedia.statistics import round_half_up

__all__ = [
    "LANGUAGES",
    "MINUS",
    "NBSP",
    "base_label",
    "base_phrase",
    "check_language",
    "format_number",
    "format_percent",
    "format_pp",
    "group_label",
    "is_place",
    "item_phrase",
    "population_noun",
    "population_rest",
]

#: The minus sign of Swedish output (U+2212).
MINUS = "\u2212"
#: The no-break space Swedish typography puts before % and units (U+00A0).
NBSP = "\u00a0"

#: The languages output can be written in.
LANGUAGES: tuple[Language, ...] = ("en", "sv")


def check_language(lang: str) -> Language:
    """Return ``lang`` if it is a supported output language, else raise."""
    if lang == "en":
        return "en"
    if lang == "sv":
        return "sv"
    raise UnknownNameError("language", lang, LANGUAGES)


def format_number(x: float, decimals: int = 0, lang: Language = "en") -> str:
    """Format ``x`` rounded half up to ``decimals``, with ``lang``'s marks.

    Swedish uses a decimal comma and the minus sign U+2212 (``−1,5``), as
    Swedish typography does; English a point and the ASCII hyphen-minus.
    """
    rounded = float(round_half_up(x, decimals))
    text = f"{rounded:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    if lang == "sv":
        return text.replace(".", ",").replace("-", MINUS)
    return text


def format_percent(value: float, decimals: int = 0, lang: Language = "en") -> str:
    """Format a fraction as a percentage: ``0.611`` → ``61.1 %`` (``61,1 %``).

    Swedish puts a no-break space before the per cent sign.
    """
    space = NBSP if lang == "sv" else " "
    return f"{format_number(100.0 * value, decimals, lang)}{space}%"


def format_pp(
    value: float, decimals: int = 0, lang: Language = "en", *, unit: bool = True
) -> str:
    """Format a fractional change in percentage points, always signed.

    ``0.15`` → ``+15 pp`` in English, ``+15 procentenheter`` in Swedish (with
    a no-break space before the unit).
    """
    text = format_number(100.0 * value, decimals, lang)
    if float(round_half_up(100.0 * value, decimals)) > 0:
        text = "+" + text
    if not unit:
        return text
    if lang == "sv":
        return f"{text}{NBSP}procentenheter"
    return f"{text} pp"


_USES = {"en": "use social media", "sv": "använder sociala medier"}


def item_phrase(item: str, lang: Language = "en") -> str:
    """Return a verb phrase for an item: ``"use social media for recruitment"``."""
    if item == "uses":
        return _USES[lang]
    prefix, _, name = item.partition(".")
    if prefix == "channel" and name in CHANNELS:
        label = CHANNELS.get(name).label(lang)
        return f"använder {label}" if lang == "sv" else f"use {label}"
    if prefix == "purpose" and name in PURPOSES:
        purpose = PURPOSES.get(name)
        label = purpose.label(lang)
        if purpose.id == "news":
            label = "som nyhetskanal" if lang == "sv" else "as a news channel"
        else:
            label = f"för {label}" if lang == "sv" else f"for {label}"
        return (
            f"använder sociala medier {label}"
            if lang == "sv"
            else f"use social media {label}"
        )
    if prefix == "reason" and name in REASONS:
        label = REASONS.get(name).label(lang)
        return f"anger skälet: {label}" if lang == "sv" else f"give the reason: {label}"
    return item


_KIND_NOUN = {"en": "organisations", "sv": "organisationer"}
_NOT_USES = {"en": "do not use social media", "sv": "inte använder sociala medier"}


def _noun(group: str, lang: Language) -> str:
    """Return the plural noun of a group's members: municipalities, organisations."""
    try:
        return OrgKind.parse(group).label(lang, plural=True)
    except UnknownNameError:
        return _KIND_NOUN[lang]


def _among_phrase(item: str | None, answer: bool, lang: Language) -> str:
    if item == "uses" and not answer:
        return _NOT_USES[lang]
    phrase = item_phrase(item or "", lang)
    if answer:
        return phrase
    return f"do not {phrase}" if lang == "en" else f"inte {phrase}"


def base_phrase(
    base: RowBase, group: str, lang: Language = "en", n: int | None = None
) -> str:
    """Return whom a row's figures are shares of, as a noun phrase.

    ``"the 171 municipalities that use social media"`` / ``"de 171 kommuner
    som använder sociala medier"``; ``n`` (the number in the base) is left
    out when ``None``. For sentences such as "Among {phrase}, …".
    """
    noun = _noun(group, lang)
    count = "" if n is None else f"{n} "
    the = "de" if lang == "sv" else "the"
    that = "som" if lang == "sv" else "that"
    if base.kind in ("routed", "among"):
        return (
            f"{the} {count}{noun} {that} {_among_phrase(base.item, base.answer, lang)}"
        )
    if base.kind == "all":
        if lang == "sv":
            return f"samtliga {count}svarande {noun}"
        return f"all {count}responding {noun}"
    if base.kind == "published" and base.table:
        if base.population is not None:
            return f"{the} {base.population.get(lang)} ({_NOT_PUBLISHED[lang]})"
        return f"{_AS_PUBLISHED[lang]} ({_NOT_PUBLISHED[lang]})"
    if base.kind == "published":
        if lang == "sv":
            return f"de svarande {noun} (baserna ej publicerade)"
        return f"the responding {noun} (bases not published)"
    if lang == "sv":
        return f"de {count}{noun} som svarade"
    return f"the {count}{noun} that answered"


_NOT_PUBLISHED = {"en": "bases not published", "sv": "baserna ej publicerade"}
_AS_PUBLISHED = {"en": "the figures as published", "sv": "siffrorna enligt tabellen"}
_AS_PUBLISHED_SHORT = {"en": "as published", "sv": "enligt tabellen"}

_SHORT = {
    "en": {
        "all": "all respondents",
        "answered": "those who answered",
        "published": "respondents; bases not published",
        "users": "users of social media",
        "non-users": "non-users of social media",
        "among": "those who {phrase}",
    },
    "sv": {
        "all": "samtliga svarande",
        "answered": "de som svarade",
        "published": "svarande; baserna ej publicerade",
        "users": "användare av sociala medier",
        "non-users": "de som inte använder sociala medier",
        "among": "de som {phrase}",
    },
}


def base_label(base: RowBase, lang: Language = "en") -> str:
    """Return a short label of a base, for a table column (users of social media)."""
    short = _SHORT[lang]
    if base.kind == "published" and base.table:
        whom = base.population
        said = _AS_PUBLISHED_SHORT[lang] if whom is None else whom.get(lang)
        return f"{said}; {_NOT_PUBLISHED[lang]}"
    if base.kind in ("routed", "among"):
        if base.item == "uses":
            return short["users" if base.answer else "non-users"]
        return short["among"].format(phrase=_among_phrase(base.item, base.answer, lang))
    return short[base.kind]


#: The populations a published table's figures can be shares of: the words
#: that name them (English and Swedish stems) and their plural nouns.
_POPULATIONS = (
    (
        ("enterprise", "business", "firm", "compan", "företag"),
        Text("enterprises", "företag"),
    ),
    (("household", "hushåll"), Text("households", "hushåll")),
    (("inhabitant", "resident", "invånare"), Text("inhabitants", "invånare")),
    (("individual", "person", "people", "individer"), Text("individuals", "personer")),
)
_POPULATION_WORDS = re.compile(
    r"(?<!\w)(" + "|".join(w for words, _ in _POPULATIONS for w in words) + ")",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"(?<![^\W_])(geo\w*|ref_area|region\w*|countr\w*|land|län|kommun\w*|"
    r"count(?:y|ies)|municipalit\w*|nuts\w*|area)(?![^\W_])",
    re.IGNORECASE,
)


def population_noun(texts: Iterable[str]) -> Text | None:
    """Return the plural noun of what a table's figures are shares of, if said.

    ``texts`` are what the table says of its figures, most telling first
    (the unit, then the indicators' labels, then the title): the first that
    names a population decides, by the word it names first —
    ``"Percentage of enterprises"`` gives enterprises / företag; households,
    inhabitants and individuals (personer) likewise. ``None`` if none does.
    """
    for text in texts:
        found = _POPULATION_WORDS.search(text)
        if found is None:
            continue
        word = found.group(1).casefold()
        for words, noun in _POPULATIONS:
            if word in words:
                return noun
    return None


def population_rest(label: str) -> str | None:
    """Return what a label says of its population, after the population's word.

    ``"Enterprises using social media"`` → ``"using social media"``,
    ``"Företag som använder sociala medier"`` → ``"som använder sociala
    medier"``; ``None`` when the label does not begin with a population's
    word followed by lower-case words.
    """
    text = label.strip()
    found = _POPULATION_WORDS.match(text)
    if found is None:
        return None
    _, _, rest = text.partition(" ")
    rest = rest.strip()
    if not rest or not rest[0].islower():
        return None
    return rest


def is_place(dimension: Dimension) -> bool:
    """Return whether a table's dimension holds places (countries, regions).

    Its role is ``"geo"`` (JSON-stat), or its id or label names a place:
    ``geo``, ``REF_AREA``, ``region``, ``country``, ``land``, ``län``,
    ``kommun``, ``county``, ``municipality``, ``NUTS``, ``area``.
    """
    if dimension.role == "geo":
        return True
    names = (dimension.id, dimension.label.en, dimension.label.sv)
    return any(_PLACE.search(name) for name in names)
