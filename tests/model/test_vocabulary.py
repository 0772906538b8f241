"""Vocabularies: required terms, aliases, extension, validation of terms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.vocabulary import (
    CHANNELS,
    PURPOSES,
    REASONS,
    Channel,
    Purpose,
    Vocabulary,
)


def test_required_vocabulary_ids() -> None:
    assert set(CHANNELS.ids) >= {
        "facebook",
        "twitter",
        "youtube",
        "instagram",
        "linkedin",
        "flickr",
        "blog",
        "web_tv",
        "web_radio",
    }
    assert set(PURPOSES.ids) >= {
        "citizen_communication",
        "news",
        "crisis_communication",
        "brand_building",
        "recruitment",
    }
    assert set(REASONS.ids) >= {"resources", "legal_uncertainty", "no_benefit"}
    for vocabulary in (CHANNELS, PURPOSES, REASONS):
        for term in vocabulary:
            assert term.label("en")
            assert term.label("sv")


@given(st.sampled_from(["x", "X", " x ", "twitter", "Twitter"]))
def test_aliases_resolve(name: str) -> None:
    assert CHANNELS.get(name).id == "twitter"
    assert name in CHANNELS


@given(
    st.sampled_from([t.id for t in CHANNELS] + [a for t in CHANNELS for a in t.aliases])
)
def test_every_id_and_alias_resolves_to_its_term(name: str) -> None:
    term = CHANNELS.get(name)
    assert name in (term.id, *term.aliases)


def test_unknown_id_lists_the_known_ones() -> None:
    with pytest.raises(UnknownNameError) as info:
        CHANNELS.get("myspace")
    message = str(info.value)
    assert "myspace" in message
    assert "facebook" in message
    assert "youtube" in message


def test_vocabulary_is_extensible_without_editing_the_package() -> None:
    vocabulary: Vocabulary[Channel] = Vocabulary("channel", "channel", list(CHANNELS))
    vocabulary.add(Channel("tiktok", en="TikTok", sv="TikTok", aliases=("tt",)))
    assert vocabulary.get("TT").id == "tiktok"
    with pytest.raises(InvalidArgumentError, match="already taken"):
        vocabulary.add(Channel("x", en="X", sv="X"))
    assert "tiktok" not in CHANNELS


@pytest.mark.parametrize("bad", ["Face Book", "1st", "", "FB"])
def test_term_ids_are_validated(bad: str) -> None:
    with pytest.raises(InvalidArgumentError):
        Purpose(bad, en="a", sv="b")


def test_term_labels_must_not_be_empty() -> None:
    with pytest.raises(InvalidArgumentError):
        Purpose("ok", en=" ", sv="b")
