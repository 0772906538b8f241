# ruff: noqa: N802 (test names carry the defect IDs of DEFECTS.md: test_W4_…)
"""Bad input to the survey builder and API: found, named, never guessed.

Regression tests of the bad-input audit (IDs from its DEFECTS.md): misspelt
reserved columns (W4), one wave number written two ways (W8), weights in
other notations than ASCII decimals (W10), the unknown-organisation check on
many codes (P1), and wrongly typed arguments (C12).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import skl_socialmedia as sm
from skl_socialmedia import Survey
from skl_socialmedia.errors import (
    DataErrorGroup,
    InvalidArgumentError,
    SklSocialMediaError,
)
from skl_socialmedia.problems import Problems

BASE: dict[str, list[Any]] = {
    "wave": ["2010", "2012", "2010", "2012"],
    "org_code": ["0114", "0114", "0115", "0115"],
    "uses": [1, 1, 0, 1],
}


def _with(**columns: list[Any]) -> dict[str, list[Any]]:
    return {**BASE, **columns}


def _problems(columns: dict[str, Any], **options: Any) -> DataErrorGroup:
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns(columns, **options)
    return info.value


# -- W4: misspelt reserved and item column names ---------------------------------------


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("weigth", "weight"),
        ("weights", "weight"),
        ("Weigth", "weight"),
        ("use", "uses"),
        ("usage", "uses"),
        ("orgkind", "org_kind"),
        ("org code", "org_code"),
        ("ORG-KIND", "org_kind"),
        ("org-kind ", "org_kind"),
        ("wave_", "wave"),
        ("channel_facebook", "channel.facebook"),
        ("us\0es", "uses"),
    ],
)
def test_W4_near_miss_of_a_reserved_or_item_name_is_a_problem(
    name: str, meant: str
) -> None:
    group = _problems(_with(**{name: [1, 1, 1, 1]}))
    assert len(group.errors) == 1
    error = group.errors[0]
    assert error.location is not None
    assert error.location.column == name
    assert repr(meant) in error.message
    assert "attributes=" in error.message


def test_W4_weigth_names_file_line_and_column_through_a_collector() -> None:
    problems = Problems(file="svar.csv", lines=[2, 3, 4, 5])
    columns = _with(weigth=[5, 1, 1, 1])
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns(columns, problems=problems, header_line=1)
    error = info.value.errors[0]
    assert error.location is not None
    assert (error.location.file, error.location.line) == ("svar.csv", 1)
    assert error.location.column == "weigth"
    assert "svar.csv, line 1, column 'weigth'" in str(info.value)
    assert "'weight'" in str(info.value)


def test_W4_nul_in_a_header_is_named() -> None:
    group = _problems(_with(**{"grp\0": ["a", "b", "a", "b"]}))
    assert "U+0000" in group.errors[0].message


def test_W4_attributes_marks_columns_as_attributes_whatever_their_names() -> None:
    survey = Survey.from_columns(
        _with(weigth=[5, 1, 1, 1], use=["a", "b", "a", "b"]),
        attributes=["weigth", "use"],
    )
    assert not survey.weighted
    assert survey.items == ("uses",)
    assert {"weigth", "use"} <= set(survey.attributes)
    # one name as a string is a list of one
    single = Survey.from_columns(_with(weigth=[5, 1, 1, 1]), attributes="weigth")
    assert "weigth" in single.attributes
    # even a reserved or an item name, except the three that identify a row
    as_attributes = Survey.from_columns(
        _with(weight=["heavy", "light", "heavy", "light"], **{"channel.x": [1] * 4}),
        attributes=["weight", "channel.x"],
    )
    assert not as_attributes.weighted
    assert {"weight", "channel.x"} <= set(as_attributes.attributes)
    for reserved in ("wave", "org_code", "ORG_KIND"):
        with pytest.raises(InvalidArgumentError, match="attributes="):
            Survey.from_columns(BASE, attributes=[reserved])


def test_W4_attributes_naming_a_missing_column_is_a_problem() -> None:
    group = _problems(BASE, attributes=["nosuch"])
    assert group.errors[0].location is not None
    assert group.errors[0].location.column == "nosuch"


def test_W4_exact_reserved_names_in_any_case_work_as_before() -> None:
    survey = Survey.from_columns(
        {
            "WAVE": BASE["wave"],
            " Org_Code ": BASE["org_code"],
            "Weight": [1, 2, 1, 2],
            "USES": BASE["uses"],
            "ORG_KIND": ["kommun"] * 4,
            "kommungrupp": ["a", "b", "a", "b"],
            "stratum": ["x", "y", "x", "y"],
        }
    )
    assert survey.weighted
    assert survey.items == ("uses",)
    assert {"org_kind", "kommungrupp", "stratum"} <= set(survey.attributes)


def test_W4_a_design_column_is_an_attribute_by_name() -> None:
    design = sm.Design(strata="strata_")  # close to nothing reserved, but named
    survey = Survey.from_columns(
        _with(strata_=["a", "a", "b", "b"]), register=None, design=design
    )
    assert "strata_" in survey.attributes


def test_W4_typo_weight_file_through_the_csv_source(tmp_path: Path) -> None:
    path = tmp_path / "typo_weight.csv"
    path.write_text(
        "wave,org_code,weigth,uses\n2010,0114,5,1\n2012,0114,1,1\n"
        "2010,0115,1,0\n2012,0115,1,0\n",
        encoding="utf-8",
    )
    with pytest.raises(DataErrorGroup) as info:
        sm.load(str(path))
    error = info.value.errors[0]
    assert error.location is not None
    assert (error.location.line, error.location.column) == (1, "weigth")
    assert "'weight'" in error.message


# -- W8: one wave number written in two ways -------------------------------------------


@pytest.mark.parametrize("other", ["02010", "2010.0", "+2010", "٢٠١٠"])
def test_W8_wave_2010_vs_02010_is_a_problem_naming_both(other: str) -> None:
    columns = {"wave": ["2010", other], "org_code": ["0114", "0115"], "uses": [1, 0]}
    group = _problems(columns)
    assert len(group.errors) == 1
    error = group.errors[0]
    assert repr("2010") in error.message
    assert repr(other) in error.message
    assert "index 0" in error.message  # a row of each
    assert "index 1" in error.message
    assert error.location is not None
    assert (error.location.column, error.location.row) == ("wave", 1)
    assert error.location.value == other


def test_W8_rows_of_each_spelling_are_file_lines() -> None:
    problems = Problems(file="w.csv", lines=[2, 3, 4])
    columns = {
        "wave": ["2010", "2010", "02010"],
        "org_code": ["0114", "0115", "0116"],
        "uses": [1, 0, 1],
    }
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns(columns, problems=problems, header_line=1)
    error = info.value.errors[0]
    assert "line 2" in error.message
    assert "line 4" in error.message
    assert error.location is not None
    assert error.location.line == 4


def test_W8_different_numbers_and_words_are_different_waves() -> None:
    columns = {
        "wave": ["2010", "2012", "2010.5", "autumn"],
        "org_code": ["0114"] * 4,
        "uses": [1, 0, 1, 1],
    }
    survey = Survey.from_columns(columns)
    assert set(survey.waves) == {"2010", "2012", "2010.5", "autumn"}
    # whole-number floats become one label, as before
    floats = Survey.from_columns(
        {"wave": [2010.0, 2012.0], "org_code": ["0114", "0114"], "uses": [1, 0]}
    )
    assert floats.waves == ("2010", "2012")


# -- W10: weights in ASCII decimal notation only ---------------------------------------


@pytest.mark.parametrize("weight", ["1_000", "١٢", "１", "nan", "inf", "0x10", "1e"])
def test_W10_weight_exotic_notation_is_a_problem(weight: str) -> None:
    group = _problems(_with(weight=[weight, "1", "1", "1"]))
    assert len(group.errors) == 1
    error = group.errors[0]
    assert error.location is not None
    assert (error.location.column, error.location.row) == ("weight", 0)
    assert error.location.value == weight
    assert "weight is not a non-negative number" in error.message


def test_W10_plain_decimals_are_read() -> None:
    survey = Survey.from_columns(_with(weight=["1", " 2.5 ", "1,5", "1e3"]))
    assert survey.column("weight").tolist() == [1.0, 2.5, 1.5, 1000.0]


def test_W10_data_frame_text_weights_are_checked_the_same_way() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(_with(weight=["1", "1_000", None, "2"]))
    group = _problems(frame)
    assert [e.location.row for e in group.errors if e.location] == [1, 2]


# -- P1: the unknown-organisation check on many codes ----------------------------------


def test_P1_linear_unknown_codes_all_reported_at_200000_codes() -> None:
    n = 200_000
    codes = np.array([f"E{i:07d}" for i in range(n)])
    codes[[5, 7]] = ["0114", "0115"]  # two known ones among them
    columns = {"wave": np.full(n, "2010"), "org_code": codes, "uses": np.ones(n)}
    problems = Problems(limit=5)
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns(columns, problems=problems)
    group = info.value
    assert group.total == n - 2
    assert [e.location.row for e in group.errors if e.location] == [0, 1, 2, 3, 4]
    assert group.errors[0].location is not None
    assert group.errors[0].location.value == "E0000000"
    assert all("unknown organisation code" in e.message for e in group.errors)


def test_P1_linear_integer_codes_keep_the_zero_padding_hint() -> None:
    n = 200_000
    codes = np.arange(n, dtype=np.int64) + 1_000_000
    codes[3] = 114  # 0114 with its leading zero lost
    codes[4] = 180  # 0180, a known code, also lost its zero
    columns = {"wave": np.full(n, 2010), "org_code": codes, "uses": np.ones(n)}
    with pytest.raises(DataErrorGroup) as info:
        Survey.from_columns(columns, problems=Problems(limit=n))
    group = info.value
    assert group.total == n
    by_row = {e.location.row: e for e in group.errors if e.location}
    assert "'0114' is known" in by_row[3].message
    assert "'0180' is known" in by_row[4].message
    assert "leading zeros" not in by_row[0].message


def test_P1_known_codes_still_give_kind_and_county() -> None:
    survey = Survey.from_columns(
        {
            "wave": ["2010", "2010", "2012", "2012"],
            "org_code": ["0114", "0980", "0114", "01"],
            "uses": [1, 1, 0, 1],
            "org_kind": ["", "county_council", "", ""],  # Gotland may be either
        }
    )
    assert survey.column("org_kind").tolist() == [
        "municipality",
        "county_council",
        "municipality",
        "county_council",
    ]
    assert survey.column("county").tolist() == [
        "Stockholms län",
        "Gotlands län",
        "Stockholms län",
        "Stockholms län",
    ]


# -- C12: wrongly typed arguments ------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "shown"),
    [
        ({"items": 5}, "5"),
        ({"items": [["uses"]]}, "['uses']"),
        ({"items": {"uses": 5}}, "5"),
        ({"waves": 5}, "5"),
        ({"waves": [2010.5]}, "2010.5"),
        ({"waves": [["2010"]]}, "['2010']"),
        ({"register": 5}, "5"),
        ({"attributes": 5}, "5"),
        ({"attributes": [1]}, "1"),
        ({"design": "weight"}, "'weight'"),
        ({"problems": []}, "[]"),
        ({"header_line": "1"}, "'1'"),
        ({"description": 5}, "5"),
    ],
)
def test_C12_from_columns_typed_arguments(options: dict[str, Any], shown: str) -> None:
    (argument,) = options
    with pytest.raises(InvalidArgumentError) as info:
        Survey.from_columns(BASE, **options)
    message = str(info.value)
    assert f"{argument}=" in message  # the argument
    assert "must be" in message  # what is expected
    assert f"{shown} (of type" in message  # the value


def test_C12_from_columns_none() -> None:
    with pytest.raises(InvalidArgumentError, match=r"columns must be .* not None"):
        Survey.from_columns(None)


def test_C12_one_string_for_items_or_waves_is_a_list_of_one() -> None:
    columns = _with(**{"channel.facebook": [1, 0, None, 1]})
    survey = Survey.from_columns(columns, items="uses", waves="2012")
    assert survey.items == ("uses",)
    assert survey.waves == ("2012",)
    assert Survey.from_columns(BASE, waves=[2012, "2010"]).waves == ("2012", "2010")


@pytest.fixture(scope="module")
def survey() -> Survey:
    return Survey.from_columns(BASE)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda s: s.rate(None, wave=2010), "item="),
        (lambda s: s.rate("uses", wave=2010, population="x"), "population="),
        (lambda s: s.rate("uses", wave=2010, among=5), "among="),
        (lambda s: s.rates(by=5), "by="),
        (lambda s: s.rates(by=[5]), "by="),
        (lambda s: s.rates(items=5), "items="),
        (lambda s: s.rates(population=[290]), "population="),
        (lambda s: s.rates(population={"all": "x"}), "population="),
        (lambda s: s.pp_deltas(pairs=[(2010,)]), "pairs="),
        (lambda s: s.pp_deltas(pairs=[(2010, 2012, 2014)]), "pairs="),
        (lambda s: s.pp_deltas(pairs=5), "pairs="),
        (lambda s: s.pp_deltas(pairs=["ab"]), "pairs="),
        (lambda s: s.tally(pairs=[2010]), "pairs="),
        (lambda s: s.pp_delta(None, before=2010, after=2012), "item="),
        (lambda s: s.column(5), "name="),
    ],
)
def test_C12_survey_methods_name_the_argument(
    survey: Survey, call: Any, argument: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        call(survey)
    assert argument in str(info.value)
    assert isinstance(info.value, SklSocialMediaError)


def test_C12_good_arguments_still_work(survey: Survey) -> None:
    assert survey.rate("uses", wave=2010).total == 2
    assert len(survey.rates("uses", population=290)) == 2
    assert len(survey.pp_deltas(pairs=[[2010, 2012]])) == 1
    assert len(survey.rates(by=("org_kind",))) == 2
