"""PublishedFigures.from_records: the validating constructor for plugin authors."""

from __future__ import annotations

from typing import Any

import pytest

from skl_socialmedia.errors import DataError
from skl_socialmedia.model.waves import Wave
from skl_socialmedia.published import PublishedFigure, PublishedFigures
from skl_socialmedia.published.flags import Flag
from skl_socialmedia.published.records import wave_from_label

GOOD = [
    {"group": "DK", "item": "uses", "wave": "2013", "percent": 49},
    {"group": "DK", "item": "uses", "wave": "2019", "percent": 75, "flags": ["break"]},
    {"group": "SE", "item": "uses", "wave": "2019", "count": 30, "base": 40},
]


def test_good_records_make_figures() -> None:
    figures = PublishedFigures.from_records(GOOD, title="t", id="x")
    assert figures.wave_ids == ("2013", "2019")
    assert figures.waves[1] == Wave(id="2019", year=2019)
    dk = figures.get("DK", "uses", "2019")
    assert dk is not None
    assert dk.percent == 75.0
    assert dk.flags == (Flag.BREAK,)
    se = figures.get("SE", "uses", "2019")
    assert se is not None
    assert (se.count, se.base, se.percent) == (30, 40, None)
    assert se.value == pytest.approx(0.75)
    with pytest.raises(DataError, match="no percentage"):
        se.possible_counts()


def test_records_round_trip() -> None:
    figures = PublishedFigures.from_records(GOOD)
    again = PublishedFigures.from_records(figures.records())
    assert again.figures == figures.figures


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"percent": 250}, "percent", "in \\[0, 100\\]"),
        ({"percent": -1}, "percent", "in \\[0, 100\\]"),
        ({"percent": float("nan")}, "percent", "in \\[0, 100\\]"),
        ({"percent": True}, "percent", "in \\[0, 100\\]"),
        ({"base": -3}, "base", "at least 0"),
        ({"count": -1}, "count", "at least 0"),
        ({"count": 5, "base": 4}, "count", "above its base"),
        ({"base": 2.5}, "base", "whole number"),
        ({"wave": "2011"}, "wave", "unknown wave"),
        ({"group": "NO"}, "group", "unknown group"),
        ({"item": ""}, "item", "non-empty"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"flags": ["wrong"]}, "flags", "unknown flag"),
    ],
)
def test_bad_records_name_the_record(
    change: dict[str, Any], column: str, message: str
) -> None:
    records = [dict(GOOD[0]), {**GOOD[0], "wave": "2019", **change}]
    with pytest.raises(DataError, match=message) as info:
        PublishedFigures.from_records(
            records, waves=["2013", "2019"], groups=["DK"], file="my.px"
        )
    location = info.value.location
    assert location is not None
    assert location.file == "my.px[1]"
    assert location.row == 1
    assert location.column == column


def test_a_figure_given_twice_is_refused() -> None:
    with pytest.raises(DataError, match="twice") as info:
        PublishedFigures.from_records([GOOD[0], GOOD[0]])
    assert info.value.location is not None
    assert info.value.location.file == "records[1]"


def test_a_record_that_is_not_a_mapping() -> None:
    with pytest.raises(DataError, match="mapping"):
        PublishedFigures.from_records([["DK", "uses"]])  # type: ignore[list-item]


def test_the_model_types_reject_impossible_figures() -> None:
    with pytest.raises(DataError, match="0, 100"):
        PublishedFigure("g", "i", "2010", 250.0)
    with pytest.raises(DataError, match="at least 0"):
        PublishedFigure("g", "i", "2010", 50.0, base=-1)
    with pytest.raises(DataError, match="above its base"):
        PublishedFigure("g", "i", "2010", None, count=5, base=4)
    figure = PublishedFigure("g", "i", "2010", 10.0)
    with pytest.raises(DataError, match="unknown wave"):
        PublishedFigures("x", "t", {}, (Wave("2012", 2012),), (figure,))  # type: ignore[arg-type]


def test_wave_labels_need_a_year() -> None:
    assert wave_from_label("2019Q1").year == 2019
    assert wave_from_label(2012).id == "2012"
    with pytest.raises(DataError, match="year"):
        wave_from_label("spring")
