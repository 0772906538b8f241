"""The Tally as a JSON file: every field kept exactly, bad files refused."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import DataError, InvalidArgumentError
from skl_socialmedia.tally import Tally
from skl_socialmedia.tally.file_layout import (
    SCHEMA,
    decode,
    encode,
    fields_of,
    json_document,
)
from tests.engines.surveys import assert_identical, cases

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def small_tally(**changes: Any) -> Tally:
    fields: dict[str, Any] = {
        "waves": ("2010", "2012"),
        "groups": ("kommun",),
        "items": ("uses",),
        "respondents": [[10], [12]],
        "yes": [[[6]], [[9]]],
        "base": [[[10]], [[12]]],
        "pairs": [("2010", "2012")],
        "panel": [[[[5, 1, 3, 1]]]],
    }
    fields.update(changes)
    return Tally(**fields)


@SETTINGS
@given(case=cases())
def test_a_counted_tally_round_trips_exactly(tmp_path: Path, case: Any) -> None:
    survey = case.survey()
    tally = survey.tally(case.items, by=case.by, among=case.among)
    path = tmp_path / "t.json"
    tally.write_json(path)
    assert_identical(Tally.read_json(path), tally)


floats = st.floats(min_value=0, allow_nan=False, allow_infinity=False)


@SETTINGS
@given(
    sums=st.lists(floats, min_size=3, max_size=3),
    population=st.one_of(st.just(float("inf")), st.floats(12, 1e300)),
    scale=st.integers(-1100, 1100),
    waves=st.lists(
        st.one_of(st.integers(-(2**63), 2**63 - 1), st.floats(), st.text()),
        min_size=2,
        max_size=2,
        unique_by=str,
    ),
    label=st.text(),
)
def test_extreme_values_round_trip_exactly(
    tmp_path: Path,
    sums: list[float],
    population: float,
    scale: int,
    waves: list[Any],
    label: str,
) -> None:
    tally = small_tally(
        waves=[str(w) for w in waves],
        pairs=[(str(waves[0]), str(waves[1]))],
        groups=(label,),
        weighted_yes=np.full((2, 1, 1), sums[0]),
        weighted_base=np.full((2, 1, 1), sums[1]),
        squared_weights=np.full((2, 1, 1), sums[2]),
        weight_scale=scale,
        strata=("h",),
        units=[12],
        strata_population=[population],
        moments=np.full((2, 1, 1, 1, 4), sums[0]),
        by=("kind",),
        group_values=[(label,)],
        wave_values=waves,
        grouping="kind",
        among="uses",
        domain=[[10], [12]],
    )
    path = tmp_path / "t.json"
    tally.write_json(path)
    assert_identical(Tally.read_json(path), tally)


def test_the_document_names_its_schema_and_every_field(tmp_path: Path) -> None:
    tally = small_tally(strata_population=None)
    path = tmp_path / "t.json"
    tally.write_json(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema"] == SCHEMA == "skl-socialmedia/tally/1"
    assert list(document["fields"]) == list(fields_of(tally))
    assert document["fields"]["yes"] == {
        "kind": "array",
        "dtype": "int64",
        "shape": [2, 1, 1],
        "values": [6, 9],
    }
    assert document["fields"]["pairs"] == {
        "kind": "label_tuples",
        "values": [["2010", "2012"]],
    }
    assert document["fields"]["weighted_yes"] == {"kind": "none"}


def test_infinite_populations_are_written_as_strict_json(tmp_path: Path) -> None:
    tally = small_tally(
        strata=("h",),
        units=[12],
        strata_population=[np.inf],
        moments=np.ones((2, 1, 1, 1, 4)),
    )
    document = json_document(fields_of(tally))
    assert document["fields"]["strata_population"]["values"] == ["Infinity"]
    json.dumps(document, allow_nan=False)


def test_wave_values_keep_their_types() -> None:
    entry = encode("wave_values", (2010, 2.5, "x", True))
    assert entry.kind == "values"
    assert entry.values == (("int", "2010"), ("float", "2.5"), ("str", "x"),
                            ("bool", "true"))  # fmt: skip
    from skl_socialmedia.errors import Location

    assert decode("w", entry, Location()) == (2010, 2.5, "x", True)


def test_a_value_without_a_kind_cannot_be_written() -> None:
    with pytest.raises(InvalidArgumentError, match="'odd'"):
        encode("odd", {"a": 1})
    with pytest.raises(InvalidArgumentError, match="object"):
        encode("odd", np.array(["a"], dtype=object))


def document_of(tally: Tally) -> dict[str, Any]:
    return json_document(fields_of(tally))


def written(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(schema="skl-socialmedia/tally/2"), "newer"),
        (lambda d: d.update(schema="something/else"), "not a tally file"),
        (lambda d: d.pop("schema"), "not a tally file"),
        (lambda d: d["fields"].update(extra={"kind": "none"}), "unknown tally fields"),
        (lambda d: d["fields"].pop("yes"), "lacks the fields"),
        (lambda d: d["fields"]["yes"].update(values=[6]), "do not fill the shape"),
        (lambda d: d["fields"]["yes"].update(values=[6, 99]), "not a consistent"),
        (lambda d: d["fields"]["yes"].update(values=[6, "9"]), "whole numbers"),
        (lambda d: d["fields"]["yes"].update(dtype="int8"), "dtype"),
        (lambda d: d["fields"]["yes"].update(kind="blob"), "'kind'"),
        (lambda d: d["fields"]["waves"].update(values=[1, 2]), "labels"),
        (lambda d: d["fields"]["weight_scale"].update(values=True), "boolean"),
        (lambda d: d.update(fields=[]), "'fields' must be an object"),
    ],
)
def test_a_bad_document_is_refused_naming_the_file(
    tmp_path: Path, change: Any, message: str
) -> None:
    document = document_of(small_tally())
    change(document)
    path = written(tmp_path, document)
    with pytest.raises(DataError, match=message) as caught:
        Tally.read_json(path)
    assert caught.value.location.file == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "not JSON"), ('{"schema": NaN}', "not JSON"), ("[]", "not a tally")],
)
def test_what_is_not_a_tally_document_is_refused(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        Tally.read_json(path)


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        Tally.read_json(tmp_path / "none.json")


def test_a_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.json"
    path.write_text("old", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        small_tally().write_json(path)
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.json"]


def test_tallies_read_from_files_add_up(tmp_path: Path) -> None:
    a = small_tally()
    b = small_tally(groups=("landsting",))
    for name, tally in (("a", a), ("b", b)):
        tally.write_json(tmp_path / f"{name}.json")
    read = Tally.read_json(tmp_path / "a.json") + Tally.read_json(tmp_path / "b.json")
    assert_identical(read, a + b)
