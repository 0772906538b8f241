"""Registers of organisations: the Swedish one built in, users' own ones.

The Swedish register holds the 290 municipalities (codes stable since 2003),
the 21 counties, and the 20 county councils and regions of 2010–2012; Gotland
(0980) is a municipality that also carried the regional role. Organisation codes
are the join key: names are for display and look-up only.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Iterator, Mapping

import attrs

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.organisations import Organisation, OrgKind

__all__ = [
    "County",
    "Register",
    "get_register",
    "swedish_register",
]

#: Long names that the source file builds wrongly, and their correct forms.
CORRECTED_NAMES: Mapping[str, str] = {
    "0880": "Kalmar kommun",
    "2080": "Falu kommun",
    "2513": "Överkalix kommun",
    "2514": "Kalix kommun",
}

#: The municipality that carried the regional (county council) role in 2010–2012.
GOTLAND = "0980"


@attrs.frozen
class County:
    """A county (län): two-digit code, name (``Stockholms län``) and short name."""

    code: str
    name: str
    short_name: str


_SUFFIXES = re.compile(r"(?:s)?\s+(?:kommun|stad|län|landsting|municipality)$")
_PREFIXES = re.compile(r"^(?:region|landstinget i|landstinget)\s+")


def _name_keys(name: str) -> set[str]:
    """Return the normalised look-up keys of a name (case and form tolerant)."""
    base = " ".join(name.lower().replace("-", " ").split())
    keys = {base}
    for text in list(keys):
        stripped = _PREFIXES.sub("", text)
        keys.add(stripped)
        keys.add(
            re.sub(r"\s+(?:kommun|stad|län|landsting|municipality)$", "", stripped)
        )
        keys.add(_SUFFIXES.sub("", stripped))
    return {k for k in keys if k}


class Register:
    """A set of organisations, looked up by code or by name.

    ``populations`` gives the number of organisations of each kind in the
    population (for finite population corrections and for combining strata);
    by default it counts the organisations of each kind in the register.
    ``aliases`` are ``(code, other name)`` pairs that :meth:`find` also knows.
    """

    def __init__(
        self,
        organisations: Iterable[Organisation],
        *,
        name: str = "custom",
        counties: Iterable[County] = (),
        populations: Mapping[OrgKind, int] | None = None,
        aliases: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.name = name
        self._by_code: dict[str, Organisation] = {}
        for org in organisations:
            if org.code in self._by_code:
                raise InvalidArgumentError(
                    f"register {name!r}: organisation code {org.code!r} appears twice"
                )
            self._by_code[org.code] = org
        self._counties = {c.code: c for c in counties}
        counted: dict[OrgKind, int] = {}
        for org in self._by_code.values():
            counted[org.kind] = counted.get(org.kind, 0) + 1
        self._populations = dict(counted if populations is None else populations)
        self._by_name: dict[tuple[OrgKind, str], set[str]] = {}
        names = [(org, org.name) for org in self._by_code.values()]
        names += [(self.get(code), alias) for code, alias in aliases]
        for org, text in names:
            for key in _name_keys(text):
                self._by_name.setdefault((org.kind, key), set()).add(org.code)
        self._county_by_name: dict[str, set[str]] = {}
        for county in self._counties.values():
            for key in _name_keys(county.name) | _name_keys(county.short_name):
                self._county_by_name.setdefault(key, set()).add(county.code)

    # -- organisations ---------------------------------------------------------

    def get(self, code: str) -> Organisation:
        """Return the organisation with ``code``."""
        try:
            return self._by_code[code.strip()]
        except KeyError:
            raise UnknownNameError(
                f"organisation code (register {self.name!r})", code, self._by_code
            ) from None

    __getitem__ = get

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip() in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self._by_code.values())

    @property
    def codes(self) -> tuple[str, ...]:
        """Every organisation code, in register order."""
        return tuple(self._by_code)

    def find(self, name: str, kind: OrgKind | str | None = None) -> Organisation:
        """Return the organisation called ``name``, case-insensitively.

        Tolerates the forms ``Kalmar``, ``Kalmar kommun``, ``Stockholms stad``,
        ``Region Gotland``. ``kind`` narrows the search where a name is shared
        by several kinds.
        """
        kinds = [OrgKind.parse(kind)] if kind is not None else list(self._populations)
        exact = " ".join(name.lower().replace("-", " ").split())
        stages = [
            {exact},
            _name_keys(name),
            {key[:-1] for key in _name_keys(name) if key.endswith("s")},
        ]
        found: set[str] = set()
        for keys in stages:
            for key in keys:
                for k in kinds:
                    found |= self._by_name.get((k, key), set())
            if found:
                break
        if len(found) == 1:
            return self._by_code[found.pop()]
        if not found:
            raise UnknownNameError(
                f"organisation name (register {self.name!r})",
                name,
                [o.name for o in self._by_code.values()],
            )
        matches = ", ".join(f"{c} {self._by_code[c].name}" for c in sorted(found))
        raise InvalidArgumentError(
            f"organisation name {name!r} is ambiguous: {matches}; pass kind= or a code"
        )

    def of_kind(self, kind: OrgKind | str) -> tuple[Organisation, ...]:
        """Return the organisations of ``kind``, in register order."""
        wanted = OrgKind.parse(kind)
        return tuple(o for o in self._by_code.values() if o.kind is wanted)

    @property
    def municipalities(self) -> tuple[Organisation, ...]:
        """The municipalities."""
        return self.of_kind(OrgKind.MUNICIPALITY)

    @property
    def county_councils(self) -> tuple[Organisation, ...]:
        """The county councils and regions."""
        return self.of_kind(OrgKind.COUNTY_COUNCIL)

    def population(self, kind: OrgKind | str) -> int:
        """Return the number of organisations of ``kind`` in the population."""
        wanted = OrgKind.parse(kind)
        try:
            return self._populations[wanted]
        except KeyError:
            raise UnknownNameError(
                "organisation kind in this register",
                kind,
                [k.value for k in self._populations],
            ) from None

    @property
    def populations(self) -> Mapping[OrgKind, int]:
        """Population counts per kind."""
        return dict(self._populations)

    # -- counties -------------------------------------------------------------

    @property
    def counties(self) -> tuple[County, ...]:
        """The counties, in code order."""
        return tuple(self._counties[c] for c in sorted(self._counties))

    def county(self, code_or_name: str) -> County:
        """Return a county by two-digit code or by name (``Skåne län``, ``Skåne``)."""
        text = code_or_name.strip()
        if text in self._counties:
            return self._counties[text]
        found: set[str] = set()
        for key in _name_keys(text):
            found |= self._county_by_name.get(key, set())
        if len(found) == 1:
            return self._counties[found.pop()]
        raise UnknownNameError(
            "county", code_or_name, [c.name for c in self._counties.values()]
        )

    def county_of(self, code: str) -> County:
        """Return the county an organisation belongs to."""
        org = self.get(code)
        if org.county is None or org.county not in self._counties:
            raise UnknownNameError("county of organisation", code, self._counties)
        return self._counties[org.county]

    def __repr__(self) -> str:
        counts = ", ".join(f"{k.value}={v}" for k, v in self._populations.items())
        return f"<Register {self.name!r}: {counts}>"


def _read_csv(name: str) -> list[dict[str, str]]:
    from importlib import resources  # on first use: the start-up does not read it

    text = (
        resources.files("skl_socialmedia")
        .joinpath("data")
        .joinpath("register")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def swedish_register() -> Register:
    """Return the Swedish register of 2010–2012 (290 municipalities, 20 councils)."""
    counties = [
        County(r["county_code"], r["county_name"], r["county_name_short"])
        for r in _read_csv("counties.csv")
    ]
    orgs: list[Organisation] = []
    aliases: list[tuple[str, str]] = [(GOTLAND, "Region Gotland")]
    for row in _read_csv("municipalities.csv"):
        code = row["municipality_code"]
        org = Organisation(
            code=code,
            name=CORRECTED_NAMES.get(code, row["municipality_name"]),
            kind=OrgKind.MUNICIPALITY,
            county=row["county_code"],
            regional_role=code == GOTLAND,
        )
        orgs.append(org)
        aliases.append((code, row["municipality_name_short"]))
    for county in counties:
        if county.code == GOTLAND[:2]:
            continue
        org = Organisation(
            code=county.code,
            name=f"Landstinget i {county.name}",
            kind=OrgKind.COUNTY_COUNCIL,
            county=county.code,
        )
        orgs.append(org)
        aliases.append((county.code, county.short_name))
        aliases.append((county.code, county.name))
    return Register(orgs, name="se", counties=counties, aliases=aliases)


def get_register(spec: Register | str | None) -> Register | None:
    """Resolve a register option: a :class:`Register`, ``"se"`` or ``None``.

    ``None`` (or ``"none"``) means no register: any organisation code is accepted.
    """
    if spec is None or isinstance(spec, Register):
        return spec
    if not isinstance(spec, str):
        raise InvalidArgumentError(
            "register= must be 'se', 'none', None or a Register, not "
            f"{spec!r} (of type {type(spec).__name__})"
        )
    key = spec.strip().lower()
    if key == "se":
        return swedish_register()
    if key in ("none", ""):
        return None
    raise UnknownNameError("register", spec, ("se", "none"))
