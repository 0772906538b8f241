"""The SDMX-CSV reader: 1.0 and 2.0, observation attributes, sniffing, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from skl_socialmedia import PublishedFigures, Survey, load
from skl_socialmedia.errors import DataError
from skl_socialmedia.published.flags import Flag
from skl_socialmedia.sources.cubes.sdmx_csv import is_sdmx_csv, read_sdmx_csv

DATA = Path(__file__).parent / "data"


def test_version_2_with_labels() -> None:
    cube = read_sdmx_csv(DATA / "isoc_social_v2.csv")
    assert cube.source["format"] == "SDMX-CSV 2.0"
    assert cube.id == "ISOC_SOCIAL"
    assert [d.id for d in cube.dimensions] == ["indic_is", "unit", "geo", "TIME_PERIOD"]
    geo = cube.dimension("geo")
    assert geo.codes == ("DK", "SE", "EU27_2020")
    assert geo.label_of("DK") == "Denmark"
    assert geo.label.en == "Geopolitical entity"
    assert cube.dimension("TIME_PERIOD").role == "time"
    assert cube.dimension("indic_is").role == "metric"
    cell = cube.get(indic_is="E_SM1_GE1", unit="PC_ENT", geo="DK", TIME_PERIOD="2019")
    assert cell is not None
    assert (cell.value, cell.flags, cell.symbols) == (75, (Flag.BREAK,), ("b",))
    assert cube.unit is not None
    assert cube.unit.kind == "percent"


def test_version_1_with_eurostat_last_update() -> None:
    one = read_sdmx_csv(DATA / "isoc_social_v1.csv")
    two = read_sdmx_csv(DATA / "isoc_social_v2.csv")
    assert one.source["format"] == "SDMX-CSV 1.0"
    assert one.source["last update"] == "30/11/26 23:00:00"
    assert one.observations == two.observations
    assert [d.codes for d in one.dimensions] == [d.codes for d in two.dimensions]


def test_every_observation_attribute() -> None:
    cube = read_sdmx_csv(DATA / "flags_v1.csv")
    cells = {o.key: o for o in cube.observations}
    expected = {
        ("A", "2020"): (10, ()),
        ("A", "2021"): (11, (Flag.BREAK,)),
        ("B", "2020"): (None, (Flag.CONFIDENTIAL,)),
        ("B", "2021"): (12, (Flag.ESTIMATED, Flag.FORECAST)),
        ("C", "2020"): (None, (Flag.NOT_APPLICABLE,)),
        ("C", "2021"): (None, (Flag.NOT_AVAILABLE,)),
        ("D", "2020"): (13, (Flag.PROVISIONAL, Flag.NOT_SIGNIFICANT)),
        ("D", "2021"): (14, (Flag.LOW_RELIABILITY, Flag.REVISED)),  # UNIT_MULT 1
        ("E", "2020"): (15, (Flag.DEFINITION_DIFFERS, Flag.ESTIMATED)),
        ("E", "2021"): (None, (Flag.CONFIDENTIAL, Flag.NOT_APPLICABLE)),
    }
    for key, (value, flags) in expected.items():
        assert (cells[key].value, cells[key].flags) == (value, flags), key
    assert cells[("A", "2020")].symbols == ("A", "F")
    assert cells[("A", "2021")].note is not None
    assert cells[("A", "2021")].note.en == "new method"


def test_csv_files_go_to_the_right_source(tmp_path: Path) -> None:
    assert is_sdmx_csv(str(DATA / "isoc_social_v1.csv"))
    loaded = load(str(DATA / "isoc_social_v2.csv"))
    assert isinstance(loaded, PublishedFigures)
    assert loaded.get("Denmark", "E_SM1_GE1", "2013").percent == 49  # type: ignore[union-attr]
    plain = tmp_path / "svar.csv"
    plain.write_text("wave,org_code,uses\n2010,0114,1\n2012,0114,0\n", encoding="utf-8")
    assert not is_sdmx_csv(str(plain))
    assert isinstance(load(str(plain)), Survey)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("DATAFLOW,geo,TIME_PERIOD,OBS_VALUE\nX,A,2020,1,2\n", 2, "5 fields"),
        ("DATAFLOW,geo,TIME_PERIOD,OBS_VALUE\nX,A,2020,many\n", 2, "not a number"),
        ("DATAFLOW,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\nX,A,2020,1,q\n", 2, "unknown"),
        ("DATAFLOW,geo,TIME_PERIOD,OBS_VALUE\nX,A,2020,1\nX,A,2020,2\n", 3, "twice"),
        ("DATAFLOW,geo,TIME_PERIOD,OBS_VALUE\nX,,2020,1\n", 2, "empty"),
        ("DATAFLOW,geo,TIME_PERIOD\nX,A,2020\n", 1, "no OBS_VALUE"),
        ("geo,TIME_PERIOD,OBS_VALUE\nA,2020,1\n", 1, "not SDMX-CSV"),
    ],
)
def test_bad_files_name_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as info:
        read_sdmx_csv(path)
    assert info.value.location is not None
    assert info.value.location.file == str(path)
    assert info.value.location.line == line


def test_truncated_file(tmp_path: Path) -> None:
    whole = (DATA / "isoc_social_v1.csv").read_text("utf-8")
    path = tmp_path / "cut.csv"
    path.write_text(whole[: whole.index("\n", 200) + 20], encoding="utf-8")
    with pytest.raises(DataError, match="fields") as info:
        read_sdmx_csv(path)
    assert info.value.location is not None
    assert info.value.location.line == 4
