"""The JSON-stat reader: PxWeb's 1.x bundle, 2.0 datasets, status, notes, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from skl_socialmedia import PublishedFigures, Survey, load
from skl_socialmedia.errors import DataError
from skl_socialmedia.published.flags import Flag
from skl_socialmedia.published.mapping import resolve_mapping
from skl_socialmedia.sources.cubes.jsonstat import is_jsonstat, read_jsonstat

DATA = Path(__file__).parent / "data"


def test_pxweb_bundle_holds_its_values() -> None:
    cube = read_jsonstat(DATA / "pyjstat-statswe.json")
    assert [d.id for d in cube.dimensions] == [
        "Region", "Dodsorsak", "Alder", "Kon", "ContentsCode", "Tid",
    ]  # fmt: skip
    assert [len(d) for d in cube.dimensions] == [1, 1, 20, 2, 1, 28]
    assert len(cube.observations) == 1120
    # value[13] and value[25] are 1 (0-year-old men, 1982 and 1994); value[0] is 0
    cell = {"Region": "25", "Dodsorsak": "23-28", "ContentsCode": "HS0301A1"}
    assert cube.get(**cell, Alder="0", Kon="1", Tid="1982").value == 1
    assert cube.get(**cell, Alder="0", Kon="1", Tid="1994").value == 1
    assert cube.get(**cell, Alder="0", Kon="1", Tid="1969").value == 0
    assert cube.dimension("Kon").label_of("2") == "kvinnor"
    assert cube.dimension("Region").label_of("25") == "25 Norrbottens län"
    assert cube.units["HS0301A1"].unit == "antal"
    assert cube.units["HS0301A1"].kind == "count"
    resolved = resolve_mapping(cube)
    assert (resolved.wave, resolved.item) == ("Tid", "ContentsCode")
    assert resolved.groups == ("Alder", "Kon")
    assert resolved.fixed == {"Region": "25", "Dodsorsak": "23-28"}


def test_json_files_go_to_the_right_source(tmp_path: Path) -> None:
    loaded = load(str(DATA / "pyjstat-statswe.json"))
    assert isinstance(loaded, PublishedFigures)
    assert loaded.get("0 år / män", "HS0301A1", "1982").count == 1  # type: ignore[union-attr]
    records = tmp_path / "records.json"
    records.write_text(
        json.dumps([{"wave": 2010, "org_code": "0114", "uses": True},
                    {"wave": 2012, "org_code": "0114", "uses": False}]),
        encoding="utf-8",
    )  # fmt: skip
    assert not is_jsonstat(str(records))
    assert isinstance(load(str(records)), Survey)


def _dataset(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "isoc_social.json").read_text("utf-8"))
    data.update(changes)
    return data


def _write(tmp_path: Path, data: object, name: str = "t.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_eurostat_shaped_dataset_with_every_status() -> None:
    cube = read_jsonstat(DATA / "isoc_social.json")
    flags = {o.key: (o.value, o.flags) for o in cube.observations}
    assert flags[("E_SM1_GE1", "PC_ENT", "DK", "2019")] == (75, (Flag.BREAK,))
    assert flags[("E_SM1_GE1", "PC_ENT", "EU27_2020", "2013")] == (
        30,
        (Flag.ESTIMATED,),
    )
    assert flags[("E_SM1_GE2", "PC_ENT", "DK", "2013")] == (22, (Flag.LOW_RELIABILITY,))
    assert flags[("E_SM1_GE2", "PC_ENT", "SE", "2019")] == (None, (Flag.NOT_AVAILABLE,))
    assert flags[("E_SM1_GE2", "PC_ENT", "EU27_2020", "2019")] == (
        31, (Flag.DEFINITION_DIFFERS,),
    )  # fmt: skip
    assert cube.unit is not None
    assert cube.unit.kind == "percent"


def test_status_as_array_and_as_string_and_dense_values(tmp_path: Path) -> None:
    sparse = _dataset()
    dense = [sparse["value"].get(str(i)) for i in range(12)]
    status = [sparse["status"].get(str(i), "") for i in range(12)]
    as_array = read_jsonstat(_write(tmp_path, _dataset(value=dense, status=status)))
    assert (
        as_array.observations == read_jsonstat(DATA / "isoc_social.json").observations
    )
    every = read_jsonstat(_write(tmp_path, _dataset(value=dense, status="p")))
    assert all(o.flags == (Flag.PROVISIONAL,) for o in every.observations)


def test_json_stat_1_bundle_and_notes(tmp_path: Path) -> None:
    ds = _dataset()
    dimension = dict(ds["dimension"])
    dimension["id"] = ds.pop("id")
    dimension["size"] = ds.pop("size")
    dimension["role"] = ds.pop("role")
    ds["dimension"] = dimension
    for key in ("version", "class"):
        ds.pop(key)
    ds["note"] = ["Enterprises with 10 or more persons employed."]
    dimension["geo"]["category"]["note"] = {"EU27_2020": ["From 2020 on."]}
    dimension["geo"]["note"] = ["Countries as of 2020."]
    ds["extension"] = {"status": {"label": {"b": "break in time series"}}}
    path = _write(tmp_path, {"isoc": ds, "other": {"dimension": {}}})
    assert is_jsonstat(str(path))
    cube = read_jsonstat(path)
    assert cube.id == "isoc"
    assert cube.observations == read_jsonstat(DATA / "isoc_social.json").observations
    assert cube.notes[0].en == "Enterprises with 10 or more persons employed."
    assert cube.notes[1].en == "Geopolitical entity: Countries as of 2020."
    assert cube.dimension("geo").notes["EU27_2020"].en == "From 2020 on."
    assert cube.source["extension"] == {
        "status": {"label": {"b": "break in time series"}}
    }
    with pytest.raises(DataError, match="no dataset 'nope'"):
        read_jsonstat(path, dataset="nope")


@pytest.mark.parametrize(
    ("change", "member"),
    [
        ({"size": [2, 1, 3, 3]}, "size"),
        ({"value": [1, 2]}, "value"),
        ({"value": {"99": 1}}, "value"),
        ({"value": {"0": "49"}}, "value[0]"),
        ({"status": {"x": "b"}}, "status"),
        ({"id": "indic_is"}, "id"),
        ({"dimension": {"indic_is": {}}}, "dimension.indic_is.category"),
        ({"class": "collection"}, "class"),
    ],
)
def test_malformed_datasets_name_file_and_member(
    tmp_path: Path, change: dict[str, Any], member: str
) -> None:
    path = _write(tmp_path, _dataset(**change))
    with pytest.raises(DataError) as info:
        read_jsonstat(path)
    location = info.value.location
    assert location is not None
    assert location.file == str(path)
    assert location.column == member


def test_truncated_json_stat_names_line_and_character(tmp_path: Path) -> None:
    whole = (DATA / "isoc_social.json").read_bytes()
    path = tmp_path / "cut.json"
    path.write_bytes(whole[:700])
    with pytest.raises(DataError, match="not valid JSON") as info:
        read_jsonstat(path)
    assert info.value.location is not None
    assert info.value.location.line is not None
