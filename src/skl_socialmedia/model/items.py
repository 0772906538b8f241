"""Item names: ``uses``, ``channel.<id>``, ``purpose.<id>``, ``reason.<id>``.

Canonical item names are checked against the vocabularies of
:mod:`skl_socialmedia.model.vocabulary`, resolving aliases (``channel.x`` is
``channel.twitter``). Surveys whose items follow other names (Eurostat
question codes, ``q1`` … ``q40``) name them explicitly with ``items=`` and are
kept verbatim: :func:`custom_item` checks only that such a name is usable.
"""

from __future__ import annotations

from collections.abc import Iterable

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.routing import AskedAmong
from skl_socialmedia.model.vocabulary import (
    CHANNELS,
    PURPOSES,
    REASONS,
    Channel,
    Language,
    NonUseReason,
    Purpose,
    Term,
    Vocabulary,
)

__all__ = [
    "USES",
    "custom_item",
    "default_routing",
    "is_item_name",
    "item_label",
    "item_term",
    "parse_item",
]

#: The filter item: whether the organisation uses social media at all.
USES = "uses"

_VOCABULARIES: dict[
    str, Vocabulary[Channel] | Vocabulary[Purpose] | Vocabulary[NonUseReason]
] = {"channel": CHANNELS, "purpose": PURPOSES, "reason": REASONS}

_USES_LABEL = {"en": "uses social media", "sv": "använder sociala medier"}
_PATTERNS = {
    "channel": {"en": "uses {}", "sv": "använder {}"},
    "purpose": {"en": "purpose: {}", "sv": "syfte: {}"},
    "reason": {"en": "reason for non-use: {}", "sv": "skäl att avstå: {}"},
}


def _known_names() -> list[str]:
    names = [USES]
    for prefix, vocabulary in _VOCABULARIES.items():
        names.extend(f"{prefix}.{term_id}" for term_id in vocabulary.ids)
    return names


def is_item_name(name: str) -> bool:
    """Return whether ``name`` is shaped like a canonical item name.

    That is ``uses`` or any name with a dot (``channel.tiktok`` is shaped like
    one even though the channel is unknown; :func:`parse_item` tells).
    """
    key = name.strip().lower()
    return key == USES or "." in key


def parse_item(name: str) -> str:
    """Return the canonical form of item ``name`` (``channel.X`` → ``channel.twitter``).

    Raises :class:`~skl_socialmedia.errors.UnknownNameError`, listing the known
    item names, when the prefix or the vocabulary id is unknown.
    """
    key = name.strip().lower()
    if key == USES:
        return USES
    prefix, dot, term = key.partition(".")
    vocabulary = _VOCABULARIES.get(prefix)
    if not dot or vocabulary is None or term not in vocabulary:
        raise UnknownNameError("item", name, _known_names())
    return f"{prefix}.{vocabulary.get(term).id}"


def item_term(item: str) -> Term | None:
    """Return the vocabulary term of a canonical item (``None``: ``uses``, custom)."""
    prefix, dot, term = item.partition(".")
    vocabulary = _VOCABULARIES.get(prefix)
    if not dot or vocabulary is None or term not in vocabulary:
        return None
    return vocabulary.get(term)


def item_label(item: str, lang: Language = "en") -> str:
    """Return a short display label: ``"uses Facebook"``, ``"syfte: rekrytering"``.

    A custom item (not in the vocabularies) is its own label.
    """
    if lang not in ("en", "sv"):
        raise UnknownNameError("language", lang, ("en", "sv"))
    if item == USES:
        return _USES_LABEL[lang]
    term = item_term(item)
    if term is None:
        return item
    return _PATTERNS[item.partition(".")[0]][lang].format(term.label(lang))


def default_routing(items: Iterable[str]) -> dict[str, AskedAmong]:
    """Return the vocabularies' routing of canonical ``items`` (custom: none)."""
    routing = {}
    for item in items:
        prefix, dot, term = item.partition(".")
        vocabulary = _VOCABULARIES.get(prefix)
        asked = None if vocabulary is None else vocabulary.asked_among
        if dot and vocabulary is not None and asked is not None and term in vocabulary:
            routing[item] = asked
    return routing


def custom_item(name: object) -> str:
    """Check an explicitly named item (``items=``) and return it unchanged.

    Any non-empty string without surrounding spaces will do; canonical names
    are resolved (``channel.x`` → ``channel.twitter``) so that the labels apply.
    """
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        raise InvalidArgumentError(
            f"item name {name!r} must be a non-empty string without surrounding spaces"
        )
    try:
        return parse_item(name)
    except UnknownNameError:
        return name
