"""Organisations and their kinds."""

from __future__ import annotations

import enum
import re

import attrs

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.vocabulary import Language

__all__ = ["OrgKind", "Organisation", "group_label"]


class OrgKind(enum.Enum):
    """The kind of a Swedish public organisation.

    Regions are counted as county councils (``landsting``), as in the SKL surveys.
    """

    MUNICIPALITY = "municipality"
    COUNTY_COUNCIL = "county_council"

    def label(self, lang: Language = "en", *, plural: bool = False) -> str:
        """Return the label in ``lang``, singular or plural."""
        labels = _LABELS[self]
        if lang not in labels:
            raise UnknownNameError("language", lang, labels)
        singular, many = labels[lang]
        return many if plural else singular

    @classmethod
    def parse(cls, text: str | OrgKind) -> OrgKind:
        """Read a kind from any accepted spelling (``kommun``, ``region`` …)."""
        if isinstance(text, OrgKind):
            return text
        key = " ".join(str(text).strip().lower().replace("_", " ").split())
        try:
            return _SPELLINGS[key]
        except KeyError:
            raise UnknownNameError("organisation kind", text, _SPELLINGS) from None


_LABELS: dict[OrgKind, dict[str, tuple[str, str]]] = {
    OrgKind.MUNICIPALITY: {
        "en": ("municipality", "municipalities"),
        "sv": ("kommun", "kommuner"),
    },
    OrgKind.COUNTY_COUNCIL: {
        "en": ("county council", "county councils"),
        "sv": ("landsting", "landsting"),
    },
}

_SPELLINGS: dict[str, OrgKind] = {
    "municipality": OrgKind.MUNICIPALITY,
    "municipalities": OrgKind.MUNICIPALITY,
    "kommun": OrgKind.MUNICIPALITY,
    "kommuner": OrgKind.MUNICIPALITY,
    "county council": OrgKind.COUNTY_COUNCIL,
    "county councils": OrgKind.COUNTY_COUNCIL,
    "landsting": OrgKind.COUNTY_COUNCIL,
    "region": OrgKind.COUNTY_COUNCIL,
    "regions": OrgKind.COUNTY_COUNCIL,
    "regioner": OrgKind.COUNTY_COUNCIL,
}

_CODE = re.compile(r"^\S+$")


def _check_code(_instance: object, _attribute: object, value: str) -> None:
    if not _CODE.match(value):
        raise InvalidArgumentError(
            f"organisation code {value!r} must be non-empty and contain no spaces"
        )


def _parse_kind(value: str | OrgKind) -> OrgKind:
    return OrgKind.parse(value)


def _check_name(_instance: object, _attribute: object, value: str) -> None:
    if not value.strip():
        raise InvalidArgumentError("organisation name must not be empty")


@attrs.frozen
class Organisation:
    """One organisation: its code, name, kind and (for Swedish ones) county code.

    ``regional_role`` marks a municipality that also carries the regional
    (county council) role — Gotland (0980) in 2010–2012.
    """

    code: str = attrs.field(validator=_check_code)
    name: str = attrs.field(validator=_check_name)
    kind: OrgKind = attrs.field(converter=_parse_kind)
    county: str | None = None
    regional_role: bool = False


_ALL = {"en": "all organisations", "sv": "samtliga"}


def group_label(group: str, lang: Language = "en") -> str:
    """Return a display label for a group key (plural organisation kinds)."""
    if group == "all":
        return _ALL[lang]
    try:
        kind = OrgKind.parse(group)
    except UnknownNameError:
        return group
    return kind.label(lang, plural=True)
