"""Extensible vocabularies: channels, purposes and reasons for non-use.

Each term has a stable ``id`` (used in item names such as ``channel.facebook``),
an English and a Swedish label, and optional aliases (``x`` for ``twitter``).
Users and plugins extend a vocabulary with :meth:`Vocabulary.add`, without
editing the package::

    from skl_socialmedia import CHANNELS, Channel
    CHANNELS.add(Channel("tiktok", en="TikTok", sv="TikTok"))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Generic, Literal, TypeVar

import attrs

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.routing import AskedAmong

__all__ = [
    "CHANNELS",
    "PURPOSES",
    "REASONS",
    "Channel",
    "Language",
    "NonUseReason",
    "Purpose",
    "Term",
    "Vocabulary",
]

#: The languages every label exists in.
Language = Literal["en", "sv"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_id(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _ID.match(value):
        raise InvalidArgumentError(
            f"{attribute.name} {value!r} is not a valid id: use lower-case letters, "
            "digits and underscores, starting with a letter"
        )


def _check_label(
    _instance: object, attribute: attrs.Attribute[str], value: str
) -> None:
    if not value.strip():
        raise InvalidArgumentError(f"label {attribute.name!r} must not be empty")


def _lower_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v.strip().lower() for v in values)


@attrs.frozen
class Term:
    """A term of a vocabulary: stable id, English and Swedish labels, aliases."""

    id: str = attrs.field(validator=_check_id)
    en: str = attrs.field(kw_only=True, validator=_check_label)
    sv: str = attrs.field(kw_only=True, validator=_check_label)
    aliases: tuple[str, ...] = attrs.field(
        kw_only=True, default=(), converter=_lower_tuple
    )

    def label(self, lang: Language = "en") -> str:
        """Return the label in ``lang`` (``"en"`` or ``"sv"``)."""
        if lang == "sv":
            return self.sv
        if lang == "en":
            return self.en
        raise UnknownNameError("language", lang, ("en", "sv"))


@attrs.frozen
class Channel(Term):
    """A social-media channel (Facebook, Twitter/X, YouTube, blogs, web TV …)."""


@attrs.frozen
class Purpose(Term):
    """A purpose of use (citizen communication, news, crisis communication …)."""


@attrs.frozen
class NonUseReason(Term):
    """A reason given by organisations that do not use social media."""


T = TypeVar("T", bound=Term)


class Vocabulary(Generic[T]):
    """An ordered, extensible set of terms, looked up by id or alias.

    ``prefix`` is the item-name prefix of the vocabulary (``"channel"`` for
    ``channel.facebook``); ``asked_among`` whom its items are asked of by
    default (see :mod:`skl_socialmedia.model.routing`; ``None``: everyone).
    """

    def __init__(
        self,
        kind: str,
        prefix: str,
        terms: Iterable[T] = (),
        *,
        asked_among: AskedAmong | None = None,
    ) -> None:
        self.kind = kind
        self.prefix = prefix
        self.asked_among = asked_among
        self._terms: dict[str, T] = {}
        self._names: dict[str, str] = {}
        for term in terms:
            self.add(term)

    def add(self, term: T) -> T:
        """Add ``term``; its id and aliases must not be taken already."""
        for name in (term.id, *term.aliases):
            if name in self._names:
                raise InvalidArgumentError(
                    f"{self.kind} name {name!r} is already taken by "
                    f"{self._names[name]!r}"
                )
        self._terms[term.id] = term
        self._names[term.id] = term.id
        for alias in term.aliases:
            self._names[alias] = term.id
        return term

    def get(self, name: str) -> T:
        """Return the term with id or alias ``name`` (case-insensitive)."""
        key = name.strip().lower()
        try:
            return self._terms[self._names[key]]
        except KeyError:
            raise UnknownNameError(self.kind, name, self._names) from None

    __getitem__ = get

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.strip().lower() in self._names

    def __iter__(self) -> Iterator[T]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids, in the order the terms were added."""
        return tuple(self._terms)

    def __repr__(self) -> str:
        return f"Vocabulary({self.kind!r}, {list(self._terms)!r})"


#: Social-media channels.
CHANNELS: Vocabulary[Channel] = Vocabulary(
    "channel",
    "channel",
    [
        Channel("facebook", en="Facebook", sv="Facebook"),
        Channel("twitter", en="Twitter/X", sv="Twitter/X", aliases=("x",)),
        Channel("youtube", en="YouTube", sv="Youtube"),
        Channel("instagram", en="Instagram", sv="Instagram"),
        Channel("linkedin", en="LinkedIn", sv="Linkedin"),
        Channel("flickr", en="Flickr", sv="Flickr"),
        Channel("blog", en="blogs", sv="bloggar", aliases=("blogs",)),
        Channel("web_tv", en="web TV", sv="webb-tv", aliases=("webtv",)),
        Channel("web_radio", en="web radio", sv="webbradio", aliases=("webradio",)),
    ],
    asked_among=AskedAmong("uses", True),
)

#: Purposes of social-media use.
PURPOSES: Vocabulary[Purpose] = Vocabulary(
    "purpose",
    "purpose",
    [
        Purpose(
            "citizen_communication",
            en="communication with citizens",
            sv="kommunikation med medborgarna",
        ),
        Purpose("news", en="news channel", sv="nyhetskanal"),
        Purpose(
            "crisis_communication", en="crisis communication", sv="kriskommunikation"
        ),
        Purpose("brand_building", en="brand building", sv="varumärkesbyggande"),
        Purpose("recruitment", en="recruitment", sv="rekrytering"),
    ],
    asked_among=AskedAmong("uses", True),
)

#: Reasons for not using social media.
REASONS: Vocabulary[NonUseReason] = Vocabulary(
    "non-use reason",
    "reason",
    [
        NonUseReason("resources", en="lack of resources", sv="brist på resurser"),
        NonUseReason(
            "legal_uncertainty", en="unclear legal situation", sv="oklart rättsläge"
        ),
        NonUseReason("no_benefit", en="no perceived benefit", sv="ser ingen nytta"),
    ],
    asked_among=AskedAmong("uses", False),
)
