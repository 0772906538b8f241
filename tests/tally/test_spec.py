"""CountSpec: what an engine counts — its converters and its validation."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pytest

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.survey import Survey
from skl_socialmedia.tally.numpy_engine import count
from skl_socialmedia.tally.spec import PANEL_CELL_MODES, CountSpec


def test_defaults() -> None:
    spec = CountSpec(items=["q0"])
    assert spec.items == ("q0",)
    assert spec.by == ()
    assert spec.among is None
    assert spec.pairs == ()
    assert spec.weight is None
    assert spec.panel_cells == "all"
    assert spec.grouping is None


@pytest.mark.parametrize(
    ("given", "items"),
    [
        ("uses", ("uses",)),
        (["q0", "q1"], ("q0", "q1")),
        (("q1", "q0"), ("q1", "q0")),
        ((f"q{j}" for j in range(3)), ("q0", "q1", "q2")),
        ([1, 2], ("1", "2")),
        (None, ()),
        ([], ()),
    ],
)
def test_items_become_a_tuple_of_names_in_order(given: Any, items: tuple) -> None:
    assert CountSpec(items=given).items == items


@pytest.mark.parametrize(
    ("given", "by", "grouping"),
    [
        (None, (), None),
        ((), (), None),
        ("org_kind", ("org_kind",), "org_kind"),
        (["org_kind", "county"], ("org_kind", "county"), "org_kind / county"),
    ],
)
def test_by_becomes_a_tuple_and_names_the_grouping(
    given: Any, by: tuple, grouping: str | None
) -> None:
    spec = CountSpec(items="q0", by=given)
    assert spec.by == by
    assert spec.grouping == grouping


@pytest.mark.parametrize(
    ("given", "pairs"),
    [
        ([(2019, 2020)], (("2019", "2020"),)),
        ([["2019", "2020"], (2020, 2021)], (("2019", "2020"), ("2020", "2021"))),
        (((2021, 2019),), (("2021", "2019"),)),
        (iter([(1, 2)]), (("1", "2"),)),
        (np.array([[2019, 2020]]), (("2019", "2020"),)),
    ],
)
def test_pairs_become_tuples_of_wave_labels(given: Any, pairs: tuple) -> None:
    spec = CountSpec(items="q0", pairs=given)
    assert spec.pairs == pairs
    assert all(type(w) is str for pair in spec.pairs for w in pair)


def test_equal_specs_compare_and_hash_alike() -> None:
    a = CountSpec(items=["q0", "q1"], by="grp", pairs=[(2019, 2020)])
    b = CountSpec(items=("q0", "q1"), by=["grp"], pairs=[["2019", "2020"]])
    assert a == b
    assert hash(a) == hash(b)
    assert a != attrs.evolve(a, panel_cells="auto")
    assert a != CountSpec(items=["q1", "q0"], by="grp", pairs=[(2019, 2020)])


def test_a_spec_is_frozen_and_evolve_converts_again() -> None:
    spec = CountSpec(items="q0")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        spec.items = ("q1",)  # type: ignore[misc]
    evolved = attrs.evolve(spec, pairs=[(1, 2)], by="grp")
    assert evolved.pairs == (("1", "2"),)
    assert evolved.by == ("grp",)
    with pytest.raises(InvalidArgumentError, match="itself"):
        attrs.evolve(spec, pairs=[(1, 1)])


@pytest.mark.parametrize("items", [["q0", "q0"], ["q0", "q1", "q0"], [1, "1"]])
def test_items_named_twice_are_refused(items: list[object]) -> None:
    with pytest.raises(InvalidArgumentError, match="items named twice"):
        CountSpec(items=items)


@pytest.mark.parametrize("pair", [("2019", "2019"), (2019, "2019"), (7, 7)])
def test_a_wave_compared_with_itself_is_refused(pair: tuple[object, object]) -> None:
    with pytest.raises(InvalidArgumentError, match=f"wave '{pair[0]}' with itself"):
        CountSpec(items="q0", pairs=[(2018, 2019), pair])


@pytest.mark.parametrize("mode", PANEL_CELL_MODES)
def test_every_panel_cell_mode_is_accepted(mode: str) -> None:
    assert CountSpec(items="q0", panel_cells=mode).panel_cells == mode  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["some", "ALL", "", None, True])
def test_an_unknown_panel_cell_mode_is_refused(mode: object) -> None:
    with pytest.raises(InvalidArgumentError, match="all, auto, none") as info:
        CountSpec(items="q0", panel_cells=mode)  # type: ignore[arg-type]
    assert repr(mode) in str(info.value)


@pytest.mark.parametrize(
    "pairs",
    [
        pytest.param(["ab"], id="a pair as text"),
        pytest.param(("19", "20"), id="one pair, not in a list"),
        pytest.param([(2019, 2020, 2021)], id="three waves"),
        pytest.param([2019], id="one wave"),
    ],
)
def test_a_pair_that_is_not_two_waves_is_refused(pairs: Any) -> None:
    # an argument out of its domain is an InvalidArgumentError, never a bare
    # ValueError or TypeError, and text is never split into characters
    with pytest.raises(InvalidArgumentError, match="pair"):
        CountSpec(items="q0", pairs=pairs)


# -- what the numpy engine checks of a spec against the survey -----------------------


def survey(weighted: bool = False) -> Survey:
    columns: dict[str, Any] = {
        "wave": [2019, 2019, 2020, 2020],
        "org_code": ["a", "b", "a", "b"],
        "grp": ["x", "y", "x", "y"],
        "q0": [1.0, 0.0, 1.0, np.nan],
        "q1": [0.0, 1.0, 1.0, 1.0],
    }
    if weighted:
        columns["weight"] = [1.0, 2.0, 1.5, 1.0]
    return Survey.from_columns(columns, items=["q0", "q1"], register=None)


def test_the_engine_answers_a_spec() -> None:
    spec = CountSpec(items=["q1", "q0"], by="grp", among=None, pairs=[(2019, 2020)])
    tally = count(spec, survey()._parts)
    assert tally.items == ("q1", "q0")
    assert tally.groups == ("x", "y")
    assert tally.grouping == "grp"
    assert tally.pairs == (("2019", "2020"),)
    assert tally.base.tolist() == [[[1, 1], [1, 1]], [[1, 1], [1, 0]]]
    assert not tally.weighted
    weighted = count(attrs.evolve(spec, weight="weight"), survey(True)._parts)
    assert weighted.weighted_base is not None
    assert weighted.weighted_base.tolist() == [
        [[1.0, 1.0], [2.0, 2.0]],
        [[1.5, 1.5], [1.0, 0.0]],
    ]


@pytest.mark.parametrize(
    ("spec", "error", "message"),
    [
        (CountSpec(items=["q9"]), UnknownNameError, "q9"),
        (CountSpec(items=["q0"], among="q9"), UnknownNameError, "q9"),
        (CountSpec(items=["q0"], by="region"), UnknownNameError, "region"),
        (CountSpec(items=["q0"], pairs=[(2019, 2021)]), UnknownNameError, "2021"),
        (CountSpec(items=["q0"], weight="weight"), InvalidArgumentError, "weight"),
    ],
)
def test_the_engine_refuses_names_the_survey_lacks(
    spec: CountSpec, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        count(spec, survey()._parts)


def test_the_engine_knows_only_the_weight_column() -> None:
    with pytest.raises(InvalidArgumentError, match="'w'"):
        count(CountSpec(items=["q0"], weight="w"), survey(True)._parts)
