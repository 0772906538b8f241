"""Tables as data frames: tidy long form, one column per ``by`` attribute."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from skl_socialmedia import Survey, Tally
from skl_socialmedia.errors import MissingExtraError, UnknownNameError


def _survey(waves: list[object]) -> Survey:
    orgs = ["0114", "0115", "0117", "0120"]
    return Survey.from_columns(
        {
            "wave": [w for w in waves for _ in orgs],
            "org_code": orgs * len(waves),
            "uses": [1, 0, 1, 1, 1, 1, 1, 0][: 4 * len(waves)],
            "channel.facebook": [1, None, 0, 1, 1, 0, None, None][: 4 * len(waves)],
            "size": ["small / tiny", "large", "small / tiny", "large"] * len(waves),
        }
    )


def test_rates_have_one_column_per_by_attribute() -> None:
    table = _survey([2010, 2012]).rates(by=["org_kind", "size"])
    frame = table.to_pandas()
    assert "group" not in frame.columns
    assert list(frame.columns[:2]) == ["org_kind", "size"]
    # a value holding the joined labels' separator stays whole
    assert set(frame["size"]) == {"small / tiny", "large"}
    assert set(frame["org_kind"]) == {"municipality"}
    assert len(frame) == len(table)
    # each row's attribute values join to its group label
    joined = frame["org_kind"] + " / " + frame["size"]
    assert joined.tolist() == table.group.tolist()


def test_integer_waves_come_back_as_integers_with_their_labels() -> None:
    table = _survey([2010, 2012]).rates()
    frame = table.to_pandas()
    assert frame["wave"].dtype == np.int64
    assert sorted(set(frame["wave"])) == [2010, 2012]
    assert set(frame["wave_label"]) == {"2010", "2012"}
    assert table.to_arrow().schema.field("wave").type == pa.int64()
    assert table.to_polars().schema["wave"] == pl.Int64


def test_text_waves_stay_text() -> None:
    frame = _survey(["spring", "autumn"]).rates().to_pandas()
    assert set(frame["wave"]) == {"spring", "autumn"}
    assert frame["wave"].dtype != np.int64


def test_percent_columns_and_labels_in_the_chosen_language() -> None:
    table = _survey([2010, 2012]).rates(items=["channel.facebook"])
    frame = table.to_pandas(lang="sv")
    np.testing.assert_allclose(frame["percent"], 100 * table.value)
    np.testing.assert_allclose(frame["low_percent"], 100 * table.low)
    np.testing.assert_allclose(frame["high_percent"], 100 * table.high)
    assert set(frame["item_label"]) == {"använder Facebook"}
    assert set(table.to_pandas(lang="en")["item_label"]) == {"uses Facebook"}
    assert set(frame["method"]) == {"wilson"}
    assert frame["n"].tolist() == table.n.tolist()
    with pytest.raises(UnknownNameError):
        table.to_pandas(lang="de")


def test_changes_as_frames() -> None:
    table = _survey([2010, 2012]).pp_deltas(by="size")
    frame = table.to_polars()
    assert frame["before_wave"].dtype == pl.Int64
    assert frame["after_wave"].to_list() == [2012] * len(table)
    assert frame["size"].to_list() == table.group.tolist()
    np.testing.assert_allclose(frame["pp"].to_numpy(), 100 * table.value)
    arrow = pa.table(table)  # the Arrow PyCapsule stream
    assert arrow.num_rows == len(table)
    assert arrow.column("paired").to_pylist() == table.paired.tolist()


def _plain(values: list[object]) -> list[object]:
    """Return values with NaN (pandas' missing float) and None alike."""
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values]


def test_the_three_libraries_agree() -> None:
    table = _survey([2010, 2012]).rates(by="size")
    pandas = table.to_pandas()
    polars = table.to_polars()
    arrow = table.to_arrow()
    assert list(pandas.columns) == polars.columns == arrow.column_names
    for name in arrow.column_names:
        expected = _plain(arrow.column(name).to_pylist())
        assert _plain(polars[name].to_list()) == expected, name
        assert _plain(pandas[name].tolist()) == expected, name


def test_a_tally_merged_keeps_the_labels_parts() -> None:
    survey = _survey([2010, 2012])
    one = survey.tally(items=["uses"], by=["org_kind", "size"])
    both = one + one
    assert both.by == ("org_kind", "size")
    assert both.group_values == one.group_values
    assert both.wave_values == (2010, 2012)
    assert both.rates().to_pandas()["wave"].dtype == np.int64
    # a tally without the parts (from long rows) gives the group labels
    bare = Tally.from_long(
        *one.to_long(), waves=one.waves, groups=one.groups, grouping=one.grouping
    )
    assert bare.group_values == ()
    assert (bare + one).group_values == ()
    assert "group" in bare.rates().to_pandas().columns


def test_a_by_attribute_named_like_a_tidy_column_is_prefixed() -> None:
    survey = Survey.from_columns(
        {
            "wave": [1, 1, 2, 2],
            "org_code": ["0114", "0115", "0114", "0115"],
            "uses": [1, 0, 1, 1],
            "method": ["a", "b", "a", "b"],
        }
    )
    frame = survey.rates(by="method").to_pandas()
    assert frame["by.method"].tolist()[:2] == ["a", "b"]
    assert set(frame["method"]) == {"wilson"}


def test_a_missing_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def no_polars(name: str, *args: object, **kwargs: object) -> object:
        if name == "polars":
            raise ImportError(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_polars)
    monkeypatch.delitem(__import__("sys").modules, "polars")
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[frames\]"):
        _survey([2010, 2012]).rates().to_polars()
    assert isinstance(_survey([2010, 2012]).rates().to_pandas(), pd.DataFrame)


def test_a_tallys_long_rows_as_frames() -> None:
    survey = _survey([2010, 2012])
    long = survey.tally(items=["uses"], pairs=[(2010, 2012)]).to_long()
    frames = long.to_pandas()
    assert list(frames) == ["rows", "panel"]
    assert frames["rows"]["yes"].tolist() == long.rows["yes"].tolist()
    assert frames["panel"]["both"].tolist() == long.panel["both"].tolist()
    assert long.to_arrow()["rows"].num_rows == len(long.rows["yes"])
    assert long.to_polars()["panel"].height == len(long.panel["both"])


@pytest.mark.parametrize(
    ("text", "dtype"),
    [("2010", np.int64), ("spring", object), ("02010", object)],
)
def test_csv_waves_are_numbers_where_written_as_numbers(
    tmp_path: Path, text: str, dtype: type
) -> None:
    from skl_socialmedia.sources.microdata.canonical_csv import read_csv

    path = tmp_path / "s.csv"
    path.write_text(f"wave,org_code,uses\n{text},0114,1\n{text},0115,0\n")
    frame = read_csv(path).rates().to_pandas()
    assert (frame["wave"].dtype == np.int64) == (dtype is np.int64)
    assert frame["wave_label"].tolist() == [text]


def test_json_numbers_are_numbers_and_json_text_is_text(tmp_path: Path) -> None:
    import json

    from skl_socialmedia.sources.microdata.json_records import read_json

    for wave, expected in ((2010, [2010]), ("2010", ["2010"])):
        path = tmp_path / "s.json"
        path.write_text(json.dumps([{"wave": wave, "org_code": "0114", "uses": 1}]))
        assert read_json(path).rates().to_pandas()["wave"].tolist() == expected
