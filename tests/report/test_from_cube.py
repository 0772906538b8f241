"""Reports over published tables: groups, places, populations, flags, grouping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from skl_socialmedia import PublishedFigures, load
from skl_socialmedia.model.localized import Text
from skl_socialmedia.published import embedded_figures
from skl_socialmedia.published.cube import Dimension
from skl_socialmedia.published.flags import Flag
from skl_socialmedia.report.display import (
    base_label,
    base_phrase,
    is_place,
    population_noun,
    population_rest,
)
from skl_socialmedia.report.from_published import (
    ROUNDING_NOTE,
    TABLE_ROUNDING_NOTE,
    report_from_published,
)
from skl_socialmedia.report.model import Report, ReportRow, RowBase

DATA = Path(__file__).parent / "data"
CUBES = Path(__file__).parents[1] / "sources" / "cubes" / "data"
ENTERPRISES = DATA / "isoc_enterprises.px"


def cube_report(path: Path, **options: Any) -> Report:
    """Load a table with ``options`` and report it."""
    loaded = load(str(path), **options)
    assert isinstance(loaded, PublishedFigures)
    return report_from_published(loaded)


def jsonstat_file(
    tmp_path: Path,
    *,
    label: str,
    unit: str,
    item: str,
    groups: dict[str, dict[str, str]],
    role: dict[str, list[str]] | None = None,
) -> Path:
    """Write a JSON-stat 2.0 table: one item, ``groups`` × two years, 40 → 55 %."""
    ids = ["indic", "unit", *groups, "time"]
    dimension: dict[str, Any] = {
        "indic": {"label": "Indicator", "category": {"label": {"I1": item}}},
        "unit": {"label": "Unit", "category": {"label": {"PC": unit}}},
    }
    for name, categories in groups.items():
        dimension[name] = {
            "label": name.title(),
            "category": {"index": list(categories), "label": categories},
        }
    dimension["time"] = {"label": "Time", "category": {"index": ["2015", "2020"]}}
    sizes = [len(dimension[d]["category"]["label"]) for d in ids[:-1]] + [2]
    cells = 1
    for size in sizes:
        cells *= size
    data = {
        "version": "2.0",
        "class": "dataset",
        "label": label,
        "id": ids,
        "size": sizes,
        "role": {"time": ["time"], "metric": ["indic"], **(role or {})},
        "dimension": dimension,
        "value": [40 if i % 2 == 0 else 55 for i in range(cells)],
    }
    path = tmp_path / "table.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def enterprises() -> Report:
    return cube_report(ENTERPRISES, by="land")


def rows_of(report: Report) -> dict[tuple[str, str], ReportRow]:
    return {(r.group, r.item): r for r in report}


def test_groups_are_labelled_in_both_languages_and_are_places(
    enterprises: Report,
) -> None:
    assert enterprises.grouping == "land"
    assert [r.group for r in enterprises][:3] == ["Denmark", "Sweden", "Finland"]
    assert {g: (t.en, t.sv) for g, t in enterprises.group_labels.items()} == {
        "Denmark": ("Denmark", "Danmark"),
        "Sweden": ("Sweden", "Sverige"),
        "Finland": ("Finland", "Finland"),
    }
    assert enterprises.places == ("Denmark", "Sweden", "Finland")
    assert enterprises.item_labels["E_WEB"] == Text(
        "Enterprises with a website", "Företag med en egen webbplats"
    )


def test_the_base_says_what_the_table_says(enterprises: Report) -> None:
    bases = {r.base for r in enterprises}
    assert bases == {
        RowBase("published", population=Text("enterprises", "företag"), table=True)
    }
    (base,) = bases
    assert base_label(base, "en") == "enterprises; bases not published"
    assert base_label(base, "sv") == "företag; baserna ej publicerade"
    assert base_phrase(base, "Denmark", "en") == "the enterprises (bases not published)"
    assert TABLE_ROUNDING_NOTE in enterprises.notes
    assert ROUNDING_NOTE not in enterprises.notes


def test_flags_travel_with_the_estimates_and_changes(enterprises: Report) -> None:
    rows = rows_of(enterprises)
    denmark = rows["Denmark", "E_SM1_GE1"]
    assert denmark.estimate("2013").flags == ()
    assert denmark.estimate("2019").flags == (Flag.BREAK,)
    assert denmark.change.flags == (Flag.BREAK,)
    finland = rows["Finland", "E_SM1_GE1"]
    assert finland.estimate("2013").flags == (Flag.LOW_RELIABILITY,)
    assert finland.estimate("2019").value is None
    assert finland.estimate("2019").flags == (Flag.NOT_AVAILABLE,)
    assert finland.change.flags == ()
    assert rows["Sweden", "E_SM1_GE1"].change.flags == ()


def test_the_grouping_names_every_group_dimension(tmp_path: Path) -> None:
    path = jsonstat_file(
        tmp_path,
        label="Enterprises selling online",
        unit="Percentage of enterprises",
        item="Enterprises selling online",
        groups={
            "size": {"S": "10-49 persons employed", "L": "250 or more"},
            "geo": {"DK": "Denmark"},
        },
        role={"geo": ["geo"]},
    )
    report = cube_report(path, by="size,geo")
    assert report.grouping == "size,geo"
    assert report.group_labels["10-49 persons employed / Denmark"].en == (
        "10-49 persons employed / Denmark"
    )
    assert report.places == ()  # a size class is no place
    alone = cube_report(path, by="none", fixed={"size": "S"})
    assert (alone.grouping, [r.group for r in alone]) == ("all", ["all"])


def test_a_table_that_names_no_population_is_as_published(tmp_path: Path) -> None:
    path = jsonstat_file(
        tmp_path,
        label="Internet use by region",
        unit="Percent",
        item="Internet use",
        groups={"region": {"N": "North", "S": "South"}},
    )
    report = cube_report(path, by="region")
    base = report.rows[0].base
    assert (base.table, base.population) == (True, None)
    assert base_label(base, "en") == "as published; bases not published"
    assert base_label(base, "sv") == "enligt tabellen; baserna ej publicerade"
    assert report.places == ("North", "South")  # named region: a place


def test_the_embedded_report_keeps_its_respondents() -> None:
    report = report_from_published(embedded_figures())
    assert report.grouping == "org_kind"
    assert {r.base for r in report} == {RowBase("published")}
    assert base_label(RowBase("published"), "en") == "respondents; bases not published"
    assert (report.group_labels, report.item_labels, report.places) == ({}, {}, ())
    assert ROUNDING_NOTE in report.notes
    assert all(e.flags == () for r in report for e in r.estimates)


@pytest.mark.parametrize(
    ("texts", "noun"),
    [
        (["PC_ENT Percentage of enterprises"], ("enterprises", "företag")),
        (["procent av företagen"], ("enterprises", "företag")),
        (["Percentage of individuals"], ("individuals", "personer")),
        (["number", "Households with internet access"], ("households", "hushåll")),
        (["Andel invånare"], ("inhabitants", "invånare")),
        (["Percent", "Internet use", "Use by region"], None),
    ],
)
def test_population_nouns(texts: list[str], noun: tuple[str, str] | None) -> None:
    found = population_noun(texts)
    assert (None if found is None else (found.en, found.sv)) == noun


def test_the_first_text_that_names_a_population_decides() -> None:
    found = population_noun(["Percentage of individuals", "Enterprises using"])
    assert found == Text("individuals", "personer")


@pytest.mark.parametrize(
    ("id", "label", "role", "place"),
    [
        ("geo", "Geopolitical entity", "geo", True),
        ("x", "x", "geo", True),
        ("REF_AREA", "Reference area", None, True),
        ("region", "region", None, True),
        ("land", "country", None, True),
        ("sex", "kön", None, False),
        ("size_emp", "Size classes in number of employees", None, False),
        ("areal", "areal", None, False),
    ],
)
def test_places(id: str, label: str, role: str | None, place: bool) -> None:
    assert is_place(Dimension(id=id, label=label, codes=("a",), role=role)) is place


@pytest.mark.parametrize(
    ("label", "rest"),
    [
        ("Enterprises using social media", "using social media"),
        ("Företag som använder sociala medier", "som använder sociala medier"),
        ("Enterprises with a website", "with a website"),
        ("Enterprises", None),
        ("Internet use", None),
        ("Enterprises Using", None),
    ],
)
def test_population_rest(label: str, rest: str | None) -> None:
    assert population_rest(label) == rest


def test_eurostat_places_have_their_swedish_names() -> None:
    """Eurostat's tables are in English: Danmark, not Denmark, in Swedish."""
    from skl_socialmedia import load, render
    from skl_socialmedia.model.places import swedish_place

    assert swedish_place("DK") == "Danmark"
    assert swedish_place("el") == "Grekland"
    assert swedish_place("EU27_2020") == "EU"
    assert swedish_place("EA20") == "euroområdet"
    assert swedish_place("XX") is None
    data = Path(__file__).parents[1] / "sources" / "cubes" / "data"
    figures = load(str(data / "isoc_social.json"), items={"E_SM1_GE1": "uses"})
    report = report_from_published(figures)
    text = render(report, "sentences", lang="sv")
    assert "Andelen företag i Danmark som använder sociala medier ökade" in text
    assert "i EU som" in text
    assert "in Denmark" in render(report, "sentences", lang="en")
