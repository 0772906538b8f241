"""What a Survey shows of itself: a one-line repr, an HTML summary of counts."""

from __future__ import annotations

import numpy as np
import pytest

from skl_socialmedia import notebook
from skl_socialmedia.errors import printable
from skl_socialmedia.survey import Design, Survey
from tests.test_notebook import NASTY_GROUP, NASTY_ITEM, assert_escaped, parse


def many_items(items: int = 14, waves: int = 3) -> Survey:
    orgs = 4
    columns: dict[str, object] = {
        "wave": np.repeat(np.arange(2001, 2001 + waves), orgs),
        "org_code": [f"E{i}" for i in range(orgs)] * waves,
        "size": ["small", "large", None, "small"] * waves,
        "weight": np.ones(orgs * waves),
    }
    for j in range(items):
        columns[f"q{j}"] = np.tile([1, 0, 1, None], waves)
    return Survey.from_columns(
        columns, items=[f"q{j}" for j in range(items)], register=None
    )


def test_repr_is_one_line_with_capped_lists() -> None:
    survey = many_items(waves=12)
    assert repr(survey) == (
        "<Survey: 48 rows, waves ['2001', '2002', '2003', '2004', '2005', '2006', "
        "'2007', '2008', … 4 more], 14 items, attributes ['size'], weighted>"
    )


def test_repr_keeps_the_short_form() -> None:
    survey = Survey.from_columns(
        {"wave": [2010, 2012], "org_code": ["0114", "0114"], "uses": [1, 0]}
    )
    assert repr(survey) == (
        "<Survey: 2 rows, waves ['2010', '2012'], 1 items, "
        "attributes ['org_kind', 'county']>"
    )


def summary(survey: Survey) -> dict[str, str]:
    parsed = parse(survey._repr_html_())
    assert parsed.rows["thead"] == []
    assert parsed.captions == ["Survey"]
    rows = parsed.rows["tbody"]
    assert all(len(row) == 2 for row in rows)
    return dict((label, text) for label, text in rows)  # noqa: C402


def test_html_summary_counts_not_arrays() -> None:
    shown = summary(many_items())
    assert shown["rows"] == "12"
    assert shown["organisations"] == "4"
    assert [shown[f"wave {w}"] for w in (2001, 2002, 2003)] == ["4 rows"] * 3
    assert shown["items (14)"] == "q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, … 4 more"
    assert shown["attribute size"] == "2 values: large, small (3 rows missing)"
    assert shown["design"] == "weights 'weight', variance auto"
    assert shown["register"] == "none (any codes)"


def test_html_summary_caps_waves(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notebook, "MAX_ROWS", 2)
    parsed = parse(many_items(waves=5)._repr_html_())
    labels = [row[0] for row in parsed.rows["tbody"]]
    assert labels[2:5] == ["wave 2001", "wave 2002", ""]
    assert parsed.rows["tbody"][4] == ["", "… 3 more waves"]


def test_html_summary_of_the_swedish_register_and_a_design() -> None:
    survey = Survey.from_columns(
        {
            "wave": [2010, 2010, 2012],
            "org_code": ["0114", "01", "0114"],
            "uses": [1, 0, 1],
        },
        description="SYNTHETIC <b>data</b>",
    ).with_design(Design(strata="org_kind", population={"a": 290}))
    shown = summary(survey)
    assert shown["register"] == "se"
    assert shown["description"] == "SYNTHETIC <b>data</b>"
    assert shown["design"] == (
        "unweighted, strata 'org_kind', population {'a': 290.0}, variance auto"
    )
    assert shown["attribute org_kind"] == "2 values: municipality, county_council"
    assert "<b>" not in survey._repr_html_()
    sizes = {f"s{i}": 10 for i in range(9)}
    many = survey.with_design(Design(strata="org_kind", population=sizes))
    assert summary(many)["design"] == (
        "unweighted, strata 'org_kind', population of 9 strata, variance auto"
    )


def test_html_summary_escapes_labels() -> None:
    survey = Survey.from_columns(
        {
            "wave": [1, 1],
            "org_code": ["a", "b"],
            "g": [NASTY_GROUP, "plain"],
            "q1": [1, 0],
        },
        items={"q1": NASTY_ITEM},
        register=None,
    )
    text = survey._repr_html_()
    assert_escaped(text)
    shown = summary(survey)
    assert shown["attribute g"] == f"2 values: {printable(NASTY_GROUP)}, plain"
    assert shown["items (1)"] == printable(NASTY_ITEM)


def test_repr_escapes_wave_labels() -> None:
    survey = Survey.from_columns(
        {"wave": ["w\x1b\u202e"], "org_code": ["a"], "q1": [1]},
        items=["q1"],
        register=None,
    )
    assert repr(survey) == (
        "<Survey: 1 rows, waves ['w\\x1b\\u202e'], 1 items, attributes []>"
    )


def test_where_shows_only_the_values_left() -> None:
    shown = summary(many_items().where(size="large"))
    assert shown["attribute size"] == "1 values: large"
    assert shown["rows"] == "3"
