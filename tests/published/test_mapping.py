"""Which dimension is which: automatic where the file says, errors listing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from skl_socialmedia import PublishedFigures, Tally, load
from skl_socialmedia.errors import UsageError
from skl_socialmedia.published.cube import Dimension, Observation, PublishedCube
from skl_socialmedia.published.mapping import (
    CubeMapping,
    cube_figures,
    cube_tally,
    mapping_from_options,
    resolve_mapping,
)
from skl_socialmedia.report.from_published import report_from_published
from skl_socialmedia.report.from_tally import report_from_tally
from skl_socialmedia.sources.cubes.jsonstat import read_jsonstat
from skl_socialmedia.sources.cubes.px import read_px

DATA = Path(__file__).parents[1] / "sources" / "cubes" / "data"


def _cube(*dims: Dimension) -> PublishedCube:
    return PublishedCube(
        id="t", title="t", source={}, dimensions=dims, observations=(), file="t.px"
    )


def test_automatic_placement() -> None:
    cube = read_jsonstat(DATA / "isoc_social.json")
    resolved = resolve_mapping(cube)
    assert (resolved.wave, resolved.item) == ("time", "indic_is")
    assert resolved.groups == ("geo",)
    assert resolved.fixed == {"unit": "PC_ENT"}


def test_a_wave_by_name_and_a_missing_wave_listed() -> None:
    year = Dimension("year", "year", ("2013", "2019"))
    country = Dimension("country", "country", ("DK", "SE"))
    assert resolve_mapping(_cube(country, year)).wave == "year"
    other = Dimension("wave", "wave", ("2013", "2019"))
    with pytest.raises(UsageError, match="which dimension is the wave") as info:
        resolve_mapping(_cube(country, other))
    assert "country (2: DK, SE); wave (2: 2013, 2019)" in str(info.value)
    assert resolve_mapping(_cube(country, other), CubeMapping(wave="wave")).wave


def test_an_unplaced_dimension_is_listed() -> None:
    cube = read_px(DATA / "scb-pxweb-BE0101N1.px")
    with pytest.raises(UsageError, match="region") as info:
        resolve_mapping(cube, CubeMapping(groups=("sex",)))
    assert "neither the wave, the item, a group nor fixed" in str(info.value)
    assert "period (2, time: 2007, 2008)" in str(info.value)
    fixed = resolve_mapping(
        cube, CubeMapping(groups=("sex",), fixed={"region": "01 Stockholm county"})
    )
    assert fixed.fixed == {"region": "01"}
    with pytest.raises(UsageError, match="no dimension 'colour'"):
        resolve_mapping(cube, CubeMapping(groups=("colour",)))


def test_options_make_the_mapping() -> None:
    mapping = mapping_from_options(
        {"by": "geo", "items": "E_SM1_GE1,E_SM1_GE2", "fixed": {"unit": "PC_ENT"}}
    )
    assert mapping.groups == ("geo",)
    assert mapping.items == ("E_SM1_GE1", "E_SM1_GE2")
    assert mapping_from_options({"by": "none"}).groups == ()
    with pytest.raises(UsageError, match="fixed"):
        mapping_from_options({"fixed": "unit"})
    with pytest.raises(UsageError, match="unit"):
        mapping_from_options({"unit": "kg"})


def test_no_groups_is_one_group_all() -> None:
    cube = read_jsonstat(DATA / "isoc_social.json")
    figures = cube_figures(
        cube, CubeMapping(groups=(), fixed={"geo": "DK"}, items=("E_SM1_GE1",))
    )
    assert figures.groups == ("all",)
    assert [f.percent for f in figures] == [49, 75]
    assert figures.notes[-1].en == (
        "Selected: Geopolitical entity = Denmark, "
        "Unit of measure = Percentage of enterprises."
    )


def test_counts_and_bases_make_a_tally_with_intervals() -> None:
    cube = read_px(DATA / "counts.px")
    tally = cube_tally(cube, CubeMapping(base="N_ENT"))
    assert tally.items == ("E_SM1_GE1",)
    assert tally.groups == ("10-49 persons employed", "50 or more persons employed")
    # DATA rows: N_ENT 200 210 / 50 60; E_SM1_GE1 98 150 / 30 ".."
    assert tally.yes[:, :, 0].tolist() == [[98, 30], [150, 0]]
    assert tally.base[:, :, 0].tolist() == [[200, 50], [210, 0]]
    loaded = load(str(DATA / "counts.px"), base="N_ENT")
    assert isinstance(loaded, Tally)
    report = report_from_tally(loaded)
    small = report.rows[0]
    assert small.before.value == pytest.approx(98 / 200)
    assert small.before.low is not None
    assert small.before.low < 0.49
    assert small.change.low is not None
    counts = load(str(DATA / "counts.px"))
    assert isinstance(counts, PublishedFigures)
    assert counts.get("10-49 persons employed", "N_ENT", "2019").count == 210  # type: ignore[union-attr]
    with pytest.raises(UsageError, match="counts without bases"):
        report_from_published(counts)


def test_changes_honour_the_flags() -> None:
    figures = cube_figures(read_jsonstat(DATA / "isoc_social.json"))
    report = report_from_published(figures)
    rows = {(r.group, r.item): r for r in report.rows}
    denmark = rows[("Denmark", "E_SM1_GE1")]
    assert denmark.change.pp == pytest.approx(26)
    assert denmark.change.note is not None
    assert denmark.change.note.en == "Not comparable: break in series (2019)."
    assert denmark.change.note.sv == "Ej jämförbar: tidsseriebrott (2019)."
    assert denmark.note is not None
    assert "break in series (b)" in denmark.note.en
    sweden = rows[("Sweden", "E_SM1_GE2")]
    assert sweden.after.value is None
    assert sweden.change.value is None
    assert sweden.note is not None
    assert "not available (:)" in sweden.note.en
    low = rows[("Denmark", "E_SM1_GE2")]
    assert low.note is not None
    assert low.note.en == "2013: low reliability (u)."
    assert rows[("Sweden", "E_SM1_GE1")].note is None
    assert rows[("Sweden", "E_SM1_GE1")].change.note is None


def test_confidential_cells_stay_missing() -> None:
    cube = PublishedCube(
        id="t",
        title="t",
        source={},
        dimensions=(Dimension("time", "time", ("2020", "2021"), role="time"),),
        observations=(
            Observation(("2020",), 40.0),
            Observation(("2021",), 55.0, flags=[*_flags("c")], symbols=("c",)),
        ),
        unit=None,
    )
    figures = cube_figures(cube, CubeMapping(unit="percent"))
    assert [f.percent for f in figures] == [40.0, None]
    assert report_from_published(figures).rows[0].change.value is None


def _flags(symbol: str) -> tuple[object, ...]:
    from skl_socialmedia.published.flags import parse_flags

    return parse_flags(symbol, "eurostat")
