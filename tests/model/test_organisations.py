"""Organisations: kinds and their spellings, validation, immutability, hashing."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.organisations import Organisation, OrgKind

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
