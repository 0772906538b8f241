"""The Swedish register (source: sjbrg/swedish-geodata, CC0; see data/register)."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.organisations import Organisation, OrgKind
from skl_socialmedia.model.register import Register, get_register, swedish_register


@pytest.fixture(scope="module")
def register() -> Register:
    return swedish_register()


def test_counts(register: Register) -> None:
    assert len(register.municipalities) == 290
    assert len(register.counties) == 21
    assert len(register.county_councils) == 20
    assert register.population("kommun") == 290
    assert register.population(OrgKind.COUNTY_COUNCIL) == 20


def test_municipalities_per_county_match_sources_md(register: Register) -> None:
    # Counts from shared/data/SOURCES.md.
    expected = {
        "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1,
        "10": 5, "12": 33, "13": 6, "14": 49, "17": 16, "18": 12, "19": 10, "20": 15,
        "21": 10, "22": 7, "23": 8, "24": 15, "25": 14,
    }  # fmt: skip
    counted: dict[str, int] = {}
    for org in register.municipalities:
        assert org.county is not None
        counted[org.county] = counted.get(org.county, 0) + 1
    assert counted == expected


def test_every_municipality_has_an_existing_county(register: Register) -> None:
    for org in register.municipalities:
        county = register.county_of(org.code)
        assert org.code[:2] == county.code


def test_county_councils_and_gotland(register: Register) -> None:
    council_counties = {o.county for o in register.county_councils}
    assert "09" not in council_counties
    assert len(council_counties) == 20
    gotland = register.get("0980")
    assert gotland.kind is OrgKind.MUNICIPALITY
    assert gotland.regional_role
    assert sum(o.regional_role for o in register) == 1
    assert register.find("Region Gotland") == gotland


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("0880", "Kalmar kommun"),
        ("2080", "Falu kommun"),
        ("2513", "Överkalix kommun"),
        ("2514", "Kalix kommun"),
    ],
)
def test_four_long_names_are_corrected(
    register: Register, code: str, name: str
) -> None:
    assert register.get(code).name == name
    assert register.find(name).code == code


def test_no_wrong_name_forms_remain(register: Register) -> None:
    names = {o.name for o in register}
    assert not names & {
        "Kalmars kommun",
        "Faluns kommun",
        "Kalixs kommun",
        "Överkalixs kommun",
    }


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kalmar", "0880"),
        ("KALMAR KOMMUN", "0880"),
        ("falun", "2080"),
        ("Stockholms stad", "0180"),
        ("Västerås stad", "1980"),
        ("Göteborgs stad", "1480"),
        ("Borås", "1490"),
        ("Gotlands kommun", "0980"),
        ("Malung-Sälen", "2023"),
        ("Knivsta", "0330"),
        ("Nykvarn", "0140"),
        ("Heby kommun", "0331"),
    ],
)
def test_name_lookup_is_tolerant(register: Register, name: str, code: str) -> None:
    assert register.find(name, kind="kommun").code == code


def test_ambiguous_and_unknown_names(register: Register) -> None:
    with pytest.raises(InvalidArgumentError, match="ambiguous"):
        register.find("Stockholm")
    assert register.find("Stockholm", kind="landsting").code == "01"
    assert register.find("Region Skåne").code == "12"
    with pytest.raises(UnknownNameError, match="Atlantis"):
        register.find("Atlantis")


def test_unknown_code_is_a_clear_error(register: Register) -> None:
    with pytest.raises(UnknownNameError, match="'9999'"):
        register.get("9999")
    assert "0180" in register
    assert "9999" not in register


def test_county_lookup(register: Register) -> None:
    assert register.county("12").name == "Skåne län"
    assert register.county("Skåne län").code == "12"
    assert register.county("gotland").code == "09"
    with pytest.raises(UnknownNameError):
        register.county("Lappland")


def test_package_data_are_the_unedited_cc0_files() -> None:
    # SHA-256 sums from shared/data/SOURCES.md.
    expected = {
        "counties.csv": "1d8eccc083da1ecb6c39a3998b2aba16"
        "dfc8a93710b3ae1466052053c3228d15",
        "municipalities.csv": "bcfa1b5b35af9a3c609590ddb5cd4704"
        "e93efff6dc46095370c15a4333bd65bc",
    }
    folder = resources.files("skl_socialmedia").joinpath("data").joinpath("register")
    for name, digest in expected.items():
        data = folder.joinpath(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
    assert "CC0" in folder.joinpath("README.md").read_text(encoding="utf-8")


def test_custom_register_and_none() -> None:
    own = Register([Organisation("A1", "Acme AB", "municipality")], name="acme")
    assert get_register(own) is own
    assert get_register(None) is None
    assert get_register("none") is None
    assert get_register("SE") is swedish_register()
    with pytest.raises(UnknownNameError):
        get_register("fi")
    with pytest.raises(InvalidArgumentError, match="twice"):
        Register([own.get("A1"), own.get("A1")])


def test_custom_register_aliases() -> None:
    acme = Organisation("A1", "Acme Aktiebolag", "municipality")
    own = Register([acme], aliases=[("A1", "Acme AB")])
    assert own.find("acme ab") == acme
    assert own.find("Acme Aktiebolag") == acme
    with pytest.raises(UnknownNameError, match="'B2'"):
        Register([acme], aliases=[("B2", "Beta")])


@pytest.mark.parametrize("spec", [5, 1.5, ["se"], b"se"])
def test_C12_register_of_the_wrong_type_is_named(spec: object) -> None:  # noqa: N802
    with pytest.raises(InvalidArgumentError, match=r"register= must be .* \(of type"):
        get_register(spec)  # type: ignore[arg-type]
