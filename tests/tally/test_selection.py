"""``table.select``: lists, aliases, ``by`` attributes, and errors for unknowns."""

from __future__ import annotations

import pytest

from skl_socialmedia import Survey
from skl_socialmedia.errors import UnknownNameError


@pytest.fixture(name="survey")
def _survey() -> Survey:
    orgs = ["0114", "0115", "0117", "0120"]
    return Survey.from_columns(
        {
            "wave": [2010] * 4 + [2012] * 4,
            "org_code": orgs * 2,
            "uses": [1, 1, 1, 0, 1, 1, 1, 1],
            "channel.twitter": [1, 0, 1, None, 0, 1, 1, 1],
            "channel.facebook": [1, 1, 0, None, 1, 1, 1, 0],
            "size": ["small", "large"] * 4,
        }
    )


def test_lists_and_aliases(survey: Survey) -> None:
    table = survey.rates(by="size")
    assert len(table.select(item="channel.x")) == 4  # alias of twitter
    assert set(table.select(item="channel.x").item) == {"channel.twitter"}
    assert len(table.select(item=["uses", "channel.facebook"])) == 8
    assert len(table.select(wave=2010)) == 6
    assert len(table.select(wave=[2010, "2012"], group=["small"])) == 6


def test_by_attributes(survey: Survey) -> None:
    table = survey.rates(by=["org_kind", "size"])
    rows = table.select(size="large", item="uses")
    assert rows.group.tolist() == ["municipality / large"] * 2
    assert len(table.select(org_kind="municipality")) == len(table)


@pytest.mark.parametrize(
    ("column", "value"),
    [("item", "channel.myspace"), ("wave", 2011), ("group", "huge"), ("size", "huge")],
)
def test_an_unknown_value_is_an_error(
    survey: Survey, column: str, value: object
) -> None:
    table = survey.rates(by="size")
    with pytest.raises(UnknownNameError, match="known:"):
        table.select(**{column: value})


def test_changes_select_by_waves(survey: Survey) -> None:
    table = survey.pp_deltas(by="size")
    assert len(table.select(before_wave=2010, after_wave=2012)) == len(table)
    with pytest.raises(UnknownNameError):
        table.select(after_wave=2013)
    with pytest.raises(UnknownNameError, match="table column"):
        table.select(colour="red")
