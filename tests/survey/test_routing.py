"""Routing: not-asked answers, the routed base and base="all", checked naively."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import DataErrorGroup, InvalidArgumentError
from skl_socialmedia.survey import Survey

YES, NO, BLANK = 1.0, 0.0, float("nan")
ITEMS = ("uses", "channel.facebook", "reason.resources")


@st.composite
def routed_rows(draw: Any) -> list[tuple[int, str, float, float, float]]:
    """Rows (wave, org, uses, facebook, reason) that follow the routing."""
    rows = []
    for org in range(draw(st.integers(1, 25))):
        for wave in draw(st.sets(st.sampled_from((2010, 2012)), min_size=1)):
            uses = draw(st.sampled_from((YES, NO, BLANK)))
            answer = st.sampled_from((YES, NO, BLANK))
            facebook = draw(answer) if uses == YES else BLANK
            reason = draw(answer) if uses == NO else BLANK
            rows.append((wave, f"o{org}", uses, facebook, reason))
    return rows


def survey_of(rows: list[tuple[int, str, float, float, float]]) -> Survey:
    columns = {
        "wave": [r[0] for r in rows],
        "org_code": [r[1] for r in rows],
        **{item: [r[2 + j] for r in rows] for j, item in enumerate(ITEMS)},
    }
    return Survey.from_columns(columns, register=None)


def naive(
    rows: list[tuple[int, str, float, float, float]], wave: int, j: int, base: str
) -> tuple[int, int]:
    """(yes, base) of item ``j`` in ``wave``, the routing applied row by row."""
    yes = n = 0
    asked_answer = {1: YES, 2: NO}[j]  # facebook among users, reason among non-users
    for r in rows:
        if r[0] != wave:
            continue
        uses, answer = r[2], r[2 + j]
        if answer == answer:  # answered (the routing says: it was asked)
            n += 1
            yes += answer == YES
        elif base == "all" and uses == uses and uses != asked_answer:
            n += 1  # not asked: a no among all respondents
    return yes, n


@settings(max_examples=100, deadline=None)
@given(routed_rows())
def test_routed_and_all_bases_match_the_naive_reference(
    rows: list[tuple[int, str, float, float, float]],
) -> None:
    survey = survey_of(rows)
    assert survey.routing.keys() == {"channel.facebook", "reason.resources"}
    for base in ("routed", "all"):
        table = survey.rates(["channel.facebook", "reason.resources"], base=base)
        for row in table:
            j = ITEMS.index(row.item)
            yes, n = naive(rows, int(row.wave), j, base)
            assert (row.successes, row.n) == (yes, n), (base, row)
    # uses is asked of everyone: both bases agree
    a, b = (survey.rates("uses", base=base) for base in ("routed", "all"))
    np.testing.assert_array_equal(a.n, b.n)


@settings(max_examples=50, deadline=None)
@given(routed_rows(), st.data())
def test_an_answer_where_none_was_asked_is_reported_with_its_row(
    rows: list[tuple[int, str, float, float, float]], data: Any
) -> None:
    non_users = [i for i, r in enumerate(rows) if r[2] == NO]
    if not non_users:
        return
    i = data.draw(st.sampled_from(non_users))
    wave, org, uses, _facebook, reason = rows[i]
    rows = [*rows[:i], (wave, org, uses, YES, reason), *rows[i + 1 :]]
    with pytest.raises(DataErrorGroup) as caught:
        survey_of(rows)
    problem = caught.value.errors[0]
    assert problem.location.row == i
    assert problem.location.column == "channel.facebook"
    assert "asked only of organisations answering yes to uses" in str(problem)
    # relaxed for that item: the answer is kept and the item asked of everyone
    relaxed = Survey.from_columns(
        {
            "wave": [r[0] for r in rows],
            "org_code": [r[1] for r in rows],
            **{item: [r[2 + j] for r in rows] for j, item in enumerate(ITEMS)},
        },
        register=None,
        routing={"channel.facebook": None},
    )
    assert "channel.facebook" not in relaxed.routing
    assert "reason.resources" in relaxed.routing


def test_routing_overrides_are_checked() -> None:
    rows = [(2010, "a", YES, YES, BLANK), (2010, "b", NO, BLANK, YES)]
    columns = {
        "wave": [r[0] for r in rows],
        "org_code": [r[1] for r in rows],
        **{item: [r[2 + j] for r in rows] for j, item in enumerate(ITEMS)},
    }
    plain = Survey.from_columns(columns, register=None, routing=False)
    assert plain.routing == {}
    custom = Survey.from_columns(
        columns, register=None, routing={"reason.resources": "uses=no"}
    )
    assert str(custom.routing["reason.resources"]) == "uses=no"
    for bad, message in (
        ({"channel.nope": None}, "not an item"),
        ({"reason.resources": "q9=yes"}, "not an item"),
        ({"reason.resources": "uses=maybe"}, "ITEM=yes"),
        ({"uses": "reason.resources=no"}, "itself routed"),
    ):
        with pytest.raises(InvalidArgumentError, match=message):
            Survey.from_columns(columns, register=None, routing=bad)
