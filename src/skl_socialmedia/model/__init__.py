"""The domain model: vocabularies, organisations, waves, items and registers.

Everything here is plain data (attrs classes, frozen and slotted) with no
statistics and no I/O beyond reading the embedded register.
"""

from __future__ import annotations

from skl_socialmedia.model.items import USES, default_routing, item_label, parse_item
from skl_socialmedia.model.localized import Text
from skl_socialmedia.model.organisations import Organisation, OrgKind
from skl_socialmedia.model.register import (
    County,
    Register,
    get_register,
    swedish_register,
)
from skl_socialmedia.model.routing import AskedAmong, Base
from skl_socialmedia.model.vocabulary import (
    CHANNELS,
    PURPOSES,
    REASONS,
    Channel,
    NonUseReason,
    Purpose,
    Term,
    Vocabulary,
)
from skl_socialmedia.model.waves import Answer, Response, Wave

__all__ = [
    "CHANNELS",
    "PURPOSES",
    "REASONS",
    "USES",
    "Answer",
    "AskedAmong",
    "Base",
    "Channel",
    "County",
    "NonUseReason",
    "OrgKind",
    "Organisation",
    "Purpose",
    "Register",
    "Response",
    "Term",
    "Text",
    "Vocabulary",
    "Wave",
    "default_routing",
    "get_register",
    "item_label",
    "parse_item",
    "swedish_register",
]
