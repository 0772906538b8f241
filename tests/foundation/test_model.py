"""Domain model: validation, immutability, hashing, vocabularies."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.organisations import Organisation, OrgKind
from skl_socialmedia.vocabulary import (
    CHANNELS,
    PURPOSES,
    REASONS,
    Channel,
    Purpose,
    Vocabulary,
)
from skl_socialmedia.waves import Response, Wave

codes = st.from_regex(r"[0-9A-Za-z]{1,12}", fullmatch=True)
names = st.text(min_size=1, max_size=30).filter(lambda s: s.strip() != "")
kinds = st.sampled_from(list(OrgKind))


@given(code=codes, name=names, kind=kinds, county=st.none() | codes)
def test_organisation_round_trips_and_hashes(
    code: str, name: str, kind: OrgKind, county: str | None
) -> None:
    org = Organisation(code=code, name=name, kind=kind, county=county)
    again = Organisation(**attrs.asdict(org, recurse=False))
    assert again == org
    assert hash(again) == hash(org)
    assert org.code == code
    assert {org: 1}[again] == 1


@given(kind=kinds)
def test_kind_parses_its_own_labels(kind: OrgKind) -> None:
    for lang in ("en", "sv"):
        assert OrgKind.parse(kind.label(lang)) is kind
        assert OrgKind.parse(kind.label(lang, plural=True).upper()) is kind
    assert OrgKind.parse(kind.value) is kind


def test_region_is_read_as_county_council() -> None:
    assert OrgKind.parse("Region") is OrgKind.COUNTY_COUNCIL
    assert OrgKind.parse("landsting") is OrgKind.COUNTY_COUNCIL
    assert OrgKind.parse("Kommun") is OrgKind.MUNICIPALITY


def test_unknown_kind_lists_known_spellings() -> None:
    with pytest.raises(UnknownNameError, match="kommun") as info:
        OrgKind.parse("company")
    assert isinstance(info.value, LookupError)


def test_organisation_is_frozen() -> None:
    org = Organisation("0180", "Stockholms stad", "kommun")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        org.code = "0181"  # type: ignore[misc]


@pytest.mark.parametrize("code", ["", " ", "01 80"])
def test_organisation_code_is_validated(code: str) -> None:
    with pytest.raises(InvalidArgumentError):
        Organisation(code, "X", OrgKind.MUNICIPALITY)


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


def test_wave_validation() -> None:
    wave = Wave("2012", 2012, dt.date(2012, 3, 1), dt.date(2012, 4, 1), "TNS Sifo")
    assert wave.year == 2012
    with pytest.raises(InvalidArgumentError, match="before it starts"):
        Wave("2012", 2012, dt.date(2012, 4, 1), dt.date(2012, 3, 1))
    with pytest.raises(InvalidArgumentError):
        Wave("2012", 12)
    with pytest.raises(InvalidArgumentError):
        Wave(" ", 2012)


@given(
    answers=st.dictionaries(
        st.sampled_from(["uses", "channel.facebook", "purpose.news"]),
        st.none() | st.booleans(),
    )
)
def test_response_keeps_missing_apart_from_no(answers: dict[str, bool | None]) -> None:
    response = Response("2012", "0180", answers)
    for item, answer in answers.items():
        assert response.answer(item) is answer
    assert hash(response) == hash(Response("2012", "0180", dict(answers)))


def test_response_rejects_non_boolean_answers() -> None:
    with pytest.raises(InvalidArgumentError, match="True, False or None"):
        Response("2012", "0180", {"uses": 1})  # type: ignore[dict-item]
