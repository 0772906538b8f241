"""Survey.from_columns, the register, attributes, where(), columns."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pytest

from skl_socialmedia.errors import DataError, DataErrorGroup, UnknownNameError
from skl_socialmedia.model.organisations import Organisation, OrgKind
from skl_socialmedia.model.register import Register
from skl_socialmedia.survey import Survey, register_populations


def small() -> dict[str, Any]:
    return {
        "wave": [2012, 2010, 2010, 2012, 2010],
        "org_code": ["0114", "0114", "01", "01", "1280"],
        "uses": ["ja", "nej", "1", "", "TRUE"],
        "channel.x": [1, None, 0, 1.0, np.nan],
    }


def test_from_columns_basics() -> None:
    survey = Survey.from_columns(small())
    assert survey.waves == ("2010", "2012")
    assert survey.items == ("uses", "channel.twitter")
    assert len(survey) == 5
    assert survey.attributes == ("org_kind", "county")
    assert survey.column("org_kind").tolist() == [
        "municipality",
        "municipality",
        "county_council",
        "county_council",
        "municipality",
    ]
    assert survey.column("county").tolist()[-1] == "Skåne län"
    assert survey.column("uses").tolist() == [1, 0, 1, -1, 1]
    assert survey.column("channel.x").tolist() == [1, -1, 0, 1, -1]
    assert survey.organisations == ("01", "0114", "1280")
    assert not survey.weighted
    assert "5 rows" in repr(survey)


def test_waves_keep_first_appearance_unless_numbers() -> None:
    columns = small()
    columns["wave"] = ["spring", "autumn", "autumn", "spring", "autumn"]
    assert Survey.from_columns(columns).waves == ("spring", "autumn")
    columns["wave"] = ["10", "9", "9", "10", "9"]
    assert Survey.from_columns(columns).waves == ("9", "10")
    columns["wave"] = [2012.0, 2010.0, 2010.0, 2012.0, 2010.0]
    assert Survey.from_columns(columns).waves == ("2010", "2012")


def test_asked_waves_select_and_order() -> None:
    survey = Survey.from_columns(small(), waves=[2012])
    assert survey.waves == ("2012",)
    assert len(survey) == 2
    with pytest.raises(DataErrorGroup, match="wave '2011' has no rows"):
        Survey.from_columns(small(), waves=[2010, 2011])


def test_register_none_accepts_any_code_and_kind() -> None:
    columns = {
        "wave": [1, 1, 2],
        "org_code": ["DE-1", "DE-2", "DE-1"],
        "org_kind": ["enterprise", "kommun", "enterprise"],
        "country": ["DE", "DE", "DE"],
        "uses": [1, 0, 1],
    }
    survey = Survey.from_columns(columns, register=None)
    assert survey.register is None
    assert survey.attributes == ("org_kind", "country")
    assert survey.column("org_kind").tolist() == [
        "enterprise",
        "municipality",
        "enterprise",
    ]
    assert survey.where(country="DE").waves == ("1", "2")


def test_user_register() -> None:
    register = Register(
        [Organisation("S1", "School one", OrgKind.MUNICIPALITY)], name="schools"
    )
    survey = Survey.from_columns(
        {"wave": ["w"], "org_code": ["S1"], "uses": ["y"]}, register=register
    )
    assert survey.column("org_kind").tolist() == ["municipality"]
    assert "county" not in survey.attributes
    with pytest.raises(DataErrorGroup, match="register 'schools'"):
        Survey.from_columns(
            {"wave": ["w"], "org_code": ["S2"], "uses": ["y"]}, register=register
        )


def test_org_kind_checked_against_register_gotland_allowed() -> None:
    columns = {
        "wave": [2010, 2010, 2010],
        "org_code": ["0114", "0980", "01"],
        "org_kind": ["kommun", "landsting", ""],
        "uses": [1, 1, 1],
    }
    survey = Survey.from_columns(columns)
    assert survey.column("org_kind").tolist() == [
        "municipality",
        "county_council",
        "county_council",
    ]
    columns["org_kind"] = ["landsting", "kommun", "kommun"]
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns(columns)
    text = str(info.value)
    assert "'0114' is a municipality" in text
    assert "'01' is a county_council" in text
    assert info.value.total == 2


def test_explicit_items_and_attributes() -> None:
    columns = {
        "wave": [2020, 2020, 2021],
        "org_code": ["a", "b", "a"],
        "q1": [1, 0, 1],
        "q2": ["yes", "no", ""],
        "size_class": [1, 2, 1],
        "nace.section": ["C", "C", "C"],
    }
    survey = Survey.from_columns(columns, items=["q1", "q2"], register=None)
    assert survey.items == ("q1", "q2")
    assert set(survey.attributes) == {"size_class", "nace.section"}
    renamed = Survey.from_columns(
        columns, items={"q1": "uses", "q2": "channel.fb_page"}, register=None
    )
    assert renamed.items == ("uses", "channel.fb_page")
    with pytest.raises(DataErrorGroup, match="q3"):
        Survey.from_columns(columns, items=["q3"], register=None)


def test_frame_like_columns() -> None:
    class Frame:
        def __init__(self, data: dict[str, Any]) -> None:
            self.data = data
            self.columns = list(data)

        def __getitem__(self, name: str) -> Any:
            return np.asarray(self.data[name])

    survey = Survey.from_columns(Frame(small()))
    assert len(survey) == 5


def test_where() -> None:
    survey = Survey.from_columns(small())
    municipalities = survey.where(org_kind="kommun")
    assert len(municipalities) == 3
    assert municipalities.where(org_kind=OrgKind.MUNICIPALITY).waves == survey.waves
    assert len(survey.where(wave=2010)) == 3
    assert len(survey.where(org_code=["01", "1280"])) == 3
    assert len(survey.where(county="Skåne län", wave="2012")) == 0
    with pytest.raises(UnknownNameError, match="Skåne län"):
        survey.where(county="Skane")
    with pytest.raises(UnknownNameError, match="attribute"):
        survey.where(kommungrupp="x")


def test_missing_attribute_values() -> None:
    columns = small()
    columns["size"] = ["big", None, "", "small", np.nan]
    survey = Survey.from_columns(columns)
    assert survey.column("size").tolist() == [
        "big",
        "(missing)",
        "(missing)",
        "small",
        "(missing)",
    ]
    assert len(survey.where(size="(missing)")) == 3
    assert survey.rates("uses", by="size").group.tolist().count("(missing)") == 2


def test_item_lookup() -> None:
    survey = Survey.from_columns(small())
    assert survey.item("channel.twitter") == "channel.twitter"
    assert survey.item("CHANNEL.X") == "channel.twitter"
    with pytest.raises(UnknownNameError, match="item of this survey"):
        survey.item("channel.facebook")
    with pytest.raises(UnknownNameError, match="column"):
        survey.column("nope")
    with pytest.raises(UnknownNameError, match="wave"):
        survey.wave(2011)


def test_weights_with_decimal_comma() -> None:
    columns = small()
    columns["weight"] = ["1,5", "2", 3, "0.5", 1]
    survey = Survey.from_columns(columns)
    assert survey.weighted
    assert survey.column("weight").tolist() == [1.5, 2.0, 3.0, 0.5, 1.0]


def test_all_problems_reported_together() -> None:
    columns = {
        "wave": [2012, 2010, "", 2012, 2012],
        "org_code": ["114", "9999", "0114", "0114", "0114"],
        "uses": ["ja", "kanske", "1", "n", "j"],
        "channel.tiktok": [1, 1, 1, 1, 1],
        "weight": ["1,5", "-1", "x", 2, 1],
    }
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns(columns)
    text = str(info.value)
    for expected in [
        "unknown item column",
        "index 2: wave is blank",
        "leading zeros lost? '0114'",
        "'9999'",
        "weight is not a non-negative number",
        "'kanske'",
        "duplicate row for wave '2012' and organisation '0114' (first at index 3)",
    ]:
        assert expected in text, expected


def test_missing_required_columns() -> None:
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns({"uses": [1]})
    assert "missing required column 'wave'" in str(info.value)
    assert "missing required column 'org_code'" in str(info.value)
    with pytest.raises(DataErrorGroup, match="no item columns"):
        Survey.from_columns({"wave": [1], "org_code": ["0114"]})
    with pytest.raises(DataErrorGroup, match="differ in length"):
        Survey.from_columns({"wave": [1, 1], "org_code": ["0114"], "uses": [1]})


def test_register_populations() -> None:
    assert register_populations() == {"municipality": 290, "county_council": 20}


def test_grouping_by_several_attributes() -> None:
    survey = Survey.from_columns(small())
    table = survey.rates("uses", by=["org_kind", "county"])
    assert set(table.group.tolist()) == {
        "municipality / Stockholms län",
        "municipality / Skåne län",
        "county_council / Stockholms län",
    }
    assert survey.tally(by=[]).groups == ("all",)


@pytest.mark.parametrize("column", ["q", "size"])
def test_a_column_of_two_dimensions_is_a_data_error(column: str) -> None:
    columns: dict[str, Any] = {
        "wave": [2010, 2010],
        "org_code": ["0114", "0115"],
        "q": [1, 0],
        "size": ["a", "b"],
    }
    columns[column] = np.zeros((2, 2))
    with pytest.raises(DataError, match="a column must be one-dimensional"):
        Survey.from_columns(columns, items=["q"], register=None)


def test_a_returned_tally_shares_no_array_with_the_surveys_counts() -> None:
    from pathlib import Path

    from skl_socialmedia.sources import read_csv

    data = Path(__file__).parents[1] / "reference" / "data" / "weighted_panel.csv"
    survey = read_csv(
        data, register=None, routing=False
    )  # weighted: a design-based tally
    before = survey.rates("uses").se.copy()
    for pairs in ((), [("2010", "2012")]):
        tally = survey.tally("uses", pairs=pairs)
        for value in attrs.asdict(tally, recurse=False).values():
            if isinstance(value, np.ndarray):
                value[...] = 0
    np.testing.assert_array_equal(survey.rates("uses").se, before)
