"""Item names: canonical forms, aliases, labels, custom items."""

from __future__ import annotations

import pytest

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.items import (
    custom_item,
    is_item_name,
    item_label,
    item_term,
    parse_item,
)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("uses", "uses"),
        (" USES ", "uses"),
        ("channel.x", "channel.twitter"),
        ("Channel.Facebook", "channel.facebook"),
        ("channel.blogs", "channel.blog"),
        ("purpose.recruitment", "purpose.recruitment"),
        ("reason.resources", "reason.resources"),
    ],
)
def test_parse_item(name: str, canonical: str) -> None:
    assert parse_item(name) == canonical


@pytest.mark.parametrize(
    "name", ["channel.tiktok", "purposes.news", "channel", "reason.", "use"]
)
def test_unknown_items_list_the_known(name: str) -> None:
    with pytest.raises(UnknownNameError, match=r"channel\.facebook"):
        parse_item(name)


def test_shapes() -> None:
    assert is_item_name("uses")
    assert is_item_name("chanel.facebook")
    assert not is_item_name("kommungrupp")


def test_labels() -> None:
    assert item_label("uses") == "uses social media"
    assert item_label("uses", "sv") == "använder sociala medier"
    assert item_label("channel.facebook") == "uses Facebook"
    assert item_label("channel.facebook", "sv") == "använder Facebook"
    assert item_label("purpose.recruitment", "sv") == "syfte: rekrytering"
    assert item_label("reason.resources") == "reason for non-use: lack of resources"
    assert item_label("q17") == "q17"
    with pytest.raises(UnknownNameError):
        item_label("uses", "de")  # type: ignore[arg-type]


def test_item_term() -> None:
    term = item_term("channel.twitter")
    assert term is not None
    assert term.id == "twitter"
    assert item_term("uses") is None
    assert item_term("q1") is None


def test_custom_items() -> None:
    assert custom_item("E_SM_PURPOSE_RECRUIT") == "E_SM_PURPOSE_RECRUIT"
    assert custom_item("channel.x") == "channel.twitter"
    for bad in ["", " q1", 3]:
        with pytest.raises(InvalidArgumentError):
            custom_item(bad)
