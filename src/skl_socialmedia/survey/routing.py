"""A survey's answers on a base: the routed one as held, or all respondents.

The routed base (the default) needs nothing done: an item's not-asked rows
are blank, so its figures are shares of those it was asked of that answered.
``base="all"`` counts a not-asked row as no — a row whose answer to the
routing item skips the item, and which left the item blank — so that the
figures are shares of every respondent. A row that left the routing item
itself blank stays missing (whether it was asked is unknown).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import numpy as np

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.model.routing import BASES, AskedAmong, Base
from skl_socialmedia.survey.builder import SurveyParts

__all__ = ["check_base", "on_base"]


def check_base(base: object) -> Base:
    """Return ``base`` if it is one of :data:`~skl_socialmedia.model.routing.BASES`."""
    if base not in BASES:
        raise InvalidArgumentError(
            f"base must be one of {', '.join(BASES)}, not {base!r}"
        )
    return base


def on_base(parts: SurveyParts, routing: Mapping[str, AskedAmong]) -> SurveyParts:
    """Return ``parts`` with every not-asked answer of a routed item as no."""
    answers = np.array(parts.answers, order="F", copy=True)
    for item, asked in routing.items():
        j, r = parts.items.index(item), parts.items.index(asked.item)
        skipped = 0 if asked.answer else 1  # the router's answer that skips it
        not_asked = (answers[:, r] == skipped) & (answers[:, j] < 0)
        answers[not_asked, j] = 0
    return attrs.evolve(parts, answers=answers)
