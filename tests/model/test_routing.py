"""The routing model: whom items are asked of, defaults and overrides."""

from __future__ import annotations

import pytest

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.model import (
    CHANNELS,
    PURPOSES,
    REASONS,
    AskedAmong,
    default_routing,
)
from skl_socialmedia.model.routing import resolve_routing

ITEMS = ("uses", "channel.facebook", "purpose.news", "reason.resources", "q1")


def test_the_vocabularies_route_their_items() -> None:
    assert CHANNELS.asked_among == PURPOSES.asked_among == AskedAmong("uses", True)
    assert REASONS.asked_among == AskedAmong("uses", False)
    assert default_routing(ITEMS) == {
        "channel.facebook": AskedAmong("uses"),
        "purpose.news": AskedAmong("uses"),
        "reason.resources": AskedAmong("uses", False),
    }


def test_resolving_keeps_only_items_whose_router_is_there() -> None:
    defaults = default_routing(ITEMS)
    assert resolve_routing(ITEMS[1:], defaults) == {}  # no `uses` item
    assert resolve_routing(ITEMS, defaults, False) == {}
    resolved = resolve_routing(ITEMS, defaults, {"q1": "uses=ja", "purpose.news": None})
    assert resolved["q1"] == AskedAmong("uses", True)
    assert "purpose.news" not in resolved
    with pytest.raises(InvalidArgumentError, match="mapping"):
        resolve_routing(ITEMS, defaults, "uses")  # type: ignore[arg-type]
