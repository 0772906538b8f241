"""Routing (skip logic): whom each question of a survey is asked of.

Questionnaires route their questions: the channels and purposes are asked of
organisations that use social media, the reasons for non-use of those that do
not. :class:`AskedAmong` says whom an item is asked of — those answering yes
(or no) to another item; the vocabularies declare each item's default
(:attr:`Vocabulary.asked_among <skl_socialmedia.model.vocabulary.Vocabulary>`),
and a survey or source may override it item by item (``routing=``).

A blank answer from an organisation an item was not asked of is *not asked*:
neither "no" nor item non-response. By default an item's figures are shares
of those it was asked of (the *routed base*); ``base="all"`` counts the
not-asked as no, giving shares of all respondents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import attrs

from skl_socialmedia.errors import InvalidArgumentError

__all__ = [
    "BASES",
    "AskedAmong",
    "Base",
    "Routing",
    "RoutingOverrides",
    "resolve_routing",
]

#: Whom a figure is a share of: ``"routed"`` (those the item was asked of,
#: the default) or ``"all"`` (every respondent, not-asked counted as no).
Base = Literal["routed", "all"]
BASES: tuple[Base, ...] = ("routed", "all")


@attrs.frozen
class AskedAmong:
    """An item is asked of the organisations answering ``answer`` to ``item``.

    ``AskedAmong("uses", True)``: asked of those that use social media;
    ``AskedAmong("uses", False)``: of those that do not.
    """

    item: str
    answer: bool = True

    def __str__(self) -> str:
        return f"{self.item}={'yes' if self.answer else 'no'}"


#: A survey's resolved routing: routed item → whom it is asked of.
Routing = Mapping[str, AskedAmong]
#: What a user may pass as ``routing=``: ``None`` (the vocabularies'
#: defaults), ``False`` (no routing: every item asked of everyone), or a
#: mapping item → :class:`AskedAmong`, ``"ITEM=yes"``/``"ITEM=no"`` or
#: ``None`` (that item asked of everyone), overriding the defaults.
RoutingOverrides = Mapping[str, "AskedAmong | str | None"] | Literal[False] | None


def _asked_among(item: str, value: AskedAmong | str | None) -> AskedAmong | None:
    if value is None or isinstance(value, AskedAmong):
        return value
    if isinstance(value, str):
        router, sep, answer = value.partition("=")
        answers = {"yes": True, "ja": True, "1": True, "no": False, "nej": False}
        key = answer.strip().lower()
        if sep and router.strip() and key in answers:
            return AskedAmong(router.strip(), answers[key])
    raise InvalidArgumentError(
        f"routing of {item!r} must be AskedAmong, 'ITEM=yes', 'ITEM=no' or None, "
        f"not {value!r}"
    )


def resolve_routing(
    items: Sequence[str],
    defaults: Mapping[str, AskedAmong],
    overrides: RoutingOverrides = None,
) -> dict[str, AskedAmong]:
    """Return the routing of a survey's ``items``: item → whom it is asked of.

    ``defaults`` are the vocabularies' (see
    :func:`~skl_socialmedia.model.items.default_routing`); ``overrides``
    replace them item by item, ``False`` drops them all. Only items whose
    router is itself an item of the survey are routed; an override naming an
    item or a router the survey lacks is an error.
    """
    if overrides is False:
        return {}
    routing = dict(defaults)
    if overrides is not None:
        if not isinstance(overrides, Mapping):
            raise InvalidArgumentError(
                f"routing must be a mapping item → whom it is asked of, False or "
                f"None, not {overrides!r}"
            )
        for item, value in overrides.items():
            if item not in items:
                raise InvalidArgumentError(
                    f"routing names {item!r}, which is not an item of the survey"
                )
            asked = _asked_among(item, value)
            if asked is None:
                routing.pop(item, None)
                continue
            if asked.item not in items:
                raise InvalidArgumentError(
                    f"routing asks {item!r} among answers to {asked.item!r}, "
                    "which is not an item of the survey"
                )
            routing[item] = asked
    result = {
        item: asked
        for item, asked in routing.items()
        if item in items and asked.item in items and asked.item != item
    }
    for item, asked in result.items():
        if asked.item in result:
            raise InvalidArgumentError(
                f"routing asks {item!r} among answers to {asked.item!r}, itself "
                "routed; route both among the same item"
            )
    return result
