"""Long rows: ``Tally.to_long`` and ``Tally.from_long``.

The round trip gives the tally back exactly; ``from_long`` reads mappings of
numpy arrays (masked: NULL), data frames, and refuses bad rows with a
:class:`~skl_socialmedia.errors.DataError` that names the column and the row.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import DataError
from skl_socialmedia.survey import Design, Survey
from skl_socialmedia.tally import Tally
from skl_socialmedia.tally.model import MOMENTS, PANEL_CELLS
from skl_socialmedia.tally.numpy_engine import count
from skl_socialmedia.tally.spec import CountSpec

ARRAYS = (
    "respondents",
    "domain_rows",
    "yes",
    "base",
    "weighted_yes",
    "weighted_base",
    "squared_weights",
    "panel_cells",
    "panel_size_counts",
    "panel_cells_counted",
)
#: The design fields of a design-based tally (``None`` or ``()`` otherwise).
DESIGN_ARRAYS = ("units", "strata_population", "moments")

#: The weighted designs: the earlier Kish approximation and R's linearisation.
KISH = Design(weight="weight", variance="kish")
LINEARISED = Design(weight="weight")


def columns_of(
    seed: int,
    *,
    n_waves: int = 3,
    n_orgs: int = 80,
    n_items: int = 3,
    n_groups: int = 3,
    missing: float = 0.15,
    absent: float = 0.2,
    weighted: bool = False,
) -> dict[str, Any]:
    """A small survey: organisations in groups, absent from some waves.

    Organisation 0 is in every wave (no wave is empty); half the
    organisations of group ``g0`` answer ``q0`` in every wave, so some of
    its panels may be whole samples.
    """
    rng = np.random.default_rng(seed)
    codes = np.array([f"o{i:03d}" for i in range(n_orgs)])
    group = np.array([f"g{g}" for g in rng.integers(0, n_groups, n_orgs)])
    rows = []
    for w in range(n_waves):
        present = rng.random(n_orgs) >= absent
        present[0] = True
        rows.append((np.full(int(present.sum()), 2015 + w), present))
    n = sum(len(r[0]) for r in rows)
    columns: dict[str, Any] = {
        "wave": np.concatenate([r[0] for r in rows]),
        "org_code": np.concatenate([codes[r[1]] for r in rows]),
        "grp": np.concatenate([group[r[1]] for r in rows]),
    }
    for j in range(n_items):
        x = (rng.random(n) < rng.uniform(0.2, 0.8)).astype(float)
        x[rng.random(n) < missing] = np.nan
        columns[f"q{j}"] = x
    if weighted:
        columns["weight"] = rng.uniform(0.5, 3.0, n)
    return columns


def survey_of(columns: dict[str, Any], **options: Any) -> Survey:
    items = [c for c in columns if c.startswith("q")]
    return Survey.from_columns(columns, items=items, register=None, **options)


def tally_of(
    survey: Survey,
    *,
    by: str | None = "grp",
    among: str | None = None,
    pairs: bool = True,
    panel_cells: str = "all",
) -> Tally:
    items = [i for i in survey.items if i != among]
    spec = CountSpec(
        items=items,
        by=() if by is None else by,
        among=among,
        pairs=list(itertools.pairwise(survey.waves)) if pairs else (),
        weight="weight" if survey.weighted else None,
        panel_cells=panel_cells,  # type: ignore[arg-type]
        # as Survey.tally does: the design where it is linearised
        design=survey.design if survey.design.linearised else None,
    )
    return count(spec, survey._parts)


def assert_identical(got: Tally, want: Tally) -> None:
    for name in ("waves", "groups", "items", "pairs", "grouping", "among"):
        assert getattr(got, name) == getattr(want, name), name
    assert got.weighted == want.weighted
    for name in ARRAYS:
        a, b = getattr(got, name), getattr(want, name)
        assert (a is None) == (b is None), name
        if b is not None:
            assert a.dtype == b.dtype, name
            np.testing.assert_array_equal(a, b, err_msg=name)
    assert got.design_based == want.design_based
    assert got.strata == want.strata
    for name in DESIGN_ARRAYS:
        a, b = getattr(got, name), getattr(want, name)
        assert (a is None) == (b is None), name
        if b is not None:
            assert a.dtype == b.dtype, name
            np.testing.assert_array_equal(a, b, err_msg=name)


def round_trip(tally: Tally) -> Tally:
    """The round trip as ``Tally.to_long`` documents it."""
    return Tally.from_long(
        *tally.to_long(),
        waves=tally.waves,
        groups=tally.groups,
        grouping=tally.grouping,
        among=tally.among,
    )


def defaults(tally: Tally) -> Tally:
    """The round trip without labels: from_long orders them by default."""
    return Tally.from_long(*tally.to_long(), grouping=tally.grouping, among=tally.among)


# -- the round trip -------------------------------------------------------------


@pytest.mark.parametrize(
    "design",
    [
        pytest.param(None, id="unweighted"),
        pytest.param(KISH, id="kish"),
        pytest.param(LINEARISED, id="linearised"),
    ],
)
@pytest.mark.parametrize("among", [None, "q0"])
@pytest.mark.parametrize("by", [None, "grp"])
@pytest.mark.parametrize("panel_cells", ["all", "auto", "none"])
def test_round_trip_is_exact(
    design: Design | None, among: str | None, by: str | None, panel_cells: str
) -> None:
    survey = survey_of(columns_of(1, weighted=design is not None), design=design)
    tally = tally_of(survey, by=by, among=among, panel_cells=panel_cells)
    assert tally.pairs
    assert tally.design_based == (design is LINEARISED)
    # "auto" counts every cell but a Kish-weighted tally's (which never uses
    # them), and "none" none
    full = panel_cells == "all" or (panel_cells == "auto" and design is not KISH)
    assert tally.panel_cells_counted.all() == full
    long = tally.to_long()
    assert (long.design is None) == (design is not LINEARISED)
    back = round_trip(tally)
    assert_identical(back, tally)
    rates, again = back.rates(), tally.rates()
    np.testing.assert_array_equal(rates.value, again.value)
    np.testing.assert_array_equal(rates.se, again.se)
    np.testing.assert_array_equal(rates.low, again.low)
    assert rates.design == again.design
    if panel_cells == "all":  # "auto" and "none" may lack the cells "auto" needs
        deltas, deltas_again = back.pp_deltas(), tally.pp_deltas()
        for name in ("value", "low", "high", "p_value", "paired"):
            np.testing.assert_array_equal(
                getattr(deltas, name), getattr(deltas_again, name), err_msg=name
            )


def stratified_survey() -> Survey:
    """Weights, strata (an organisation's group) and their population sizes."""
    columns = columns_of(8, weighted=True)
    design = Design(
        weight="weight",
        strata="grp",
        population={"g0": 40.0, "g1": 50.0, "g2": 60.0},
    )
    return survey_of(columns, design=design)


def test_round_trip_of_a_stratified_design_is_exact() -> None:
    tally = stratified_survey().tally(by="grp", among="q0")
    assert tally.strata == ("g0", "g1", "g2")
    assert tally.population_sizes.tolist() == [40.0, 50.0, 60.0]
    design = tally.to_long().design
    assert design is not None
    n_rows = len(tally.waves) * len(tally.groups) * 3 * len(tally.items)
    assert all(len(column) == n_rows for column in design.values())
    assert set(design) == {"wave", "group", "stratum", "item", *MOMENTS} | {
        "units",
        "population",
    }
    assert_identical(round_trip(tally), tally)
    assert_identical(defaults(tally), tally)
    np.testing.assert_array_equal(round_trip(tally).rates().se, tally.rates().se)


def test_a_design_table_reads_a_null_population_as_none() -> None:
    tally = survey_of(columns_of(9, weighted=True)).tally(by="grp")
    long = tally.to_long()
    assert long.design is not None
    assert np.isinf(long.design["population"]).all()
    frame = pd.DataFrame(long.design)
    frame["population"] = None  # SQL's NULL: no finite population correction
    back = Tally.from_long(*long._replace(design=frame), grouping="grp")
    assert_identical(back, tally)


def test_bad_design_rows_are_refused() -> None:
    tally = stratified_survey().tally(by="grp")
    long = tally.to_long()
    design = long.design
    assert design is not None

    def read(table: dict[str, Any]) -> Tally:
        return Tally.from_long(*long._replace(design=table), grouping="grp")

    for column in ("squared_weighted_yes", "units", "population"):
        with pytest.raises(DataError, match=f"no column {column!r}"):
            read({k: v for k, v in design.items() if k != column})
    units = design["units"].copy()
    units[-1] += 1
    with pytest.raises(DataError, match="differs within a stratum") as info:
        read({**design, "units": units})
    column, row = located(info)
    assert column == "units"  # a row of the stratum whose units disagree
    assert row is not None
    assert design["stratum"][row] == design["stratum"][-1]
    twice = {k: np.concatenate([v, v[:1]]) for k, v in design.items()}
    with pytest.raises(DataError, match="appears twice"):
        read(twice)


def test_round_trip_of_a_tally_without_pairs() -> None:
    tally = survey_of(columns_of(2)).tally(by="grp", pairs=())
    long = tally.to_long()
    assert all(len(v) == 0 for v in long.panel.values())
    assert_identical(round_trip(tally), tally)
    assert_identical(Tally.from_long(long.rows, grouping="grp"), tally)


def unordered_survey() -> Survey:
    """Groups ("g0", "g2", "(missing)") and waves ("2017", "2015", "2016")."""
    columns = columns_of(3)
    columns["grp"] = np.where(columns["grp"] == "g1", None, columns["grp"])
    return survey_of(columns, waves=[2017, 2015, 2016])


def test_round_trip_keeps_any_order_of_the_labels() -> None:
    tally = unordered_survey().tally(by="grp")
    assert tally.groups == ("g0", "g2", "(missing)")
    assert tally.waves == ("2017", "2015", "2016")
    assert tally.pairs == (("2017", "2015"), ("2015", "2016"))
    assert_identical(round_trip(tally), tally)


def test_without_labels_waves_and_groups_are_sorted_missing_last() -> None:
    # from_long's default (a GROUP BY's rows come in any order): waves and
    # groups sorted, as numbers when whole numbers, "(missing)" last; items as
    # they first appear. The arrays follow the labels.
    tally = unordered_survey().tally(by="grp")
    back = defaults(tally)
    assert back.groups == ("g0", "g2", "(missing)")
    assert back.waves == ("2015", "2016", "2017")
    assert back.pairs == tally.pairs
    order = [tally.waves.index(w) for w in back.waves]
    for name in ("respondents", "domain_rows", "yes", "base"):
        np.testing.assert_array_equal(getattr(back, name), getattr(tally, name)[order])
    np.testing.assert_array_equal(back.panel_cells, tally.panel_cells)
    text = Tally.from_long(
        {
            "wave": ["spring", "autumn", "spring"],
            "group": ["b", "a", "a"],
            "item": ["q1", "q0", "q0"],
            "yes": [1, 2, 3],
            "base": [4, 5, 6],
        }
    )
    assert text.waves == ("autumn", "spring")
    assert text.groups == ("a", "b")
    assert text.items == ("q1", "q0")
    assert text.base.tolist() == [[[0, 5], [0, 0]], [[0, 6], [4, 0]]]
    numbers = Tally.from_long(
        {
            "wave": [2020, 2019, 2020, 2020, 2020],
            "group": ["10", "2", "(missing)", "1", "2"],
            "item": ["q"] * 5,
            "yes": [0] * 5,
            "base": [1, 2, 3, 4, 5],
        }
    )
    assert numbers.waves == ("2019", "2020")
    assert numbers.groups == ("1", "2", "10", "(missing)")
    assert numbers.base[:, :, 0].tolist() == [[0, 2, 0, 0], [4, 5, 1, 3]]


@st.composite
def small_tallies(draw: st.DrawFn) -> Tally:
    design = draw(st.sampled_from([None, KISH, LINEARISED]))
    n_items = draw(st.integers(1, 3))
    columns = columns_of(
        draw(st.integers(0, 2**32 - 1)),
        n_waves=draw(st.integers(1, 4)),
        n_orgs=draw(st.integers(1, 15)),
        n_items=n_items,
        n_groups=draw(st.integers(1, 3)),
        missing=draw(st.sampled_from([0.0, 0.3, 0.9])),
        absent=draw(st.sampled_from([0.0, 0.3])),
        weighted=design is not None,
    )
    survey = survey_of(columns, design=design)
    among = draw(st.sampled_from([None, "q0"])) if n_items > 1 else None
    return tally_of(
        survey,
        by=draw(st.sampled_from([None, "grp"])),
        among=among,
        pairs=draw(st.booleans()),
        panel_cells=draw(st.sampled_from(["all", "auto", "none"])),
    )


@settings(max_examples=60, deadline=None)
@given(tally=small_tallies())
def test_round_trip_of_random_small_surveys(tally: Tally) -> None:
    assert_identical(round_trip(tally), tally)
    # a survey's labels are in the default order: none need be given
    assert_identical(defaults(tally), tally)
    # and through data frames, as a database would hand the rows back
    back = Tally.from_long(
        *(None if table is None else pd.DataFrame(table) for table in tally.to_long()),
        grouping=tally.grouping,
        among=tally.among,
    )
    assert_identical(back, tally)


# -- what from_long reads ---------------------------------------------------------


def two_waves(**changes: Any) -> dict[str, Any]:
    """Long rows of 2 waves x 1 group x 2 items (q1 unanswered in 2020)."""
    rows: dict[str, Any] = {
        "wave": np.array([2019, 2019, 2020, 2020]),
        "group": np.array(["all"] * 4),
        "item": np.array(["q0", "q1", "q0", "q1"]),
        "yes": np.array([3, 1, 4, 0]),
        "base": np.array([5, 2, 6, 0]),
    }
    rows.update(changes)
    return rows


def test_from_long_reads_masked_nulls_where_a_sum_ran_over_no_rows() -> None:
    yes = np.ma.masked_array([3.0, 1.0, 4.0, np.nan], mask=[False, False, False, True])
    weighted = {
        "weighted_yes": np.ma.masked_array([3.5, 1.0, 4.0, 0.0], mask=[0, 0, 0, 1]),
        "weighted_base": np.ma.masked_array([6.0, 2.5, 7.0, 0.0], mask=[0, 0, 0, 1]),
        "squared_weights": np.ma.masked_array([8.0, 3.5, 9.0, 0.0], mask=[0, 0, 0, 1]),
    }
    tally = Tally.from_long(two_waves(yes=yes, **weighted))
    assert tally.waves == ("2019", "2020")
    assert tally.items == ("q0", "q1")
    assert tally.yes.tolist() == [[[3, 1]], [[4, 0]]]
    assert tally.weighted_base is not None
    assert tally.weighted_base.tolist() == [[[6.0, 2.5]], [[7.0, 0.0]]]
    assert np.isnan(tally.rates().value[3])


def test_from_long_reads_lists_and_object_columns_with_none() -> None:
    rows = {k: v.tolist() for k, v in two_waves().items()}
    rows["yes"] = [3, 1, 4, None]
    tally = Tally.from_long(rows)
    assert tally.yes.tolist() == [[[3, 1]], [[4, 0]]]
    assert tally.base.tolist() == [[[5, 2]], [[6, 0]]]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(pd.DataFrame, id="pandas"),
        pytest.param(pl.DataFrame, id="polars"),
    ],
)
def test_from_long_reads_data_frames(make: Any) -> None:
    survey = survey_of(columns_of(4, weighted=True))
    tally = tally_of(survey, among="q0", panel_cells="auto")
    assert tally.design_based
    long = tally.to_long()
    assert long.design is not None
    back = Tally.from_long(
        *(None if table is None else make(table) for table in long),
        grouping=tally.grouping,
        among=tally.among,
    )
    assert_identical(back, tally)


def test_from_long_reads_pairs_as_tuples() -> None:
    tally = survey_of(columns_of(5)).tally(by="grp")
    long = tally.to_long()
    assert long.design is None  # unweighted: no design table
    pairs = dict(long.panel)
    pairs["pair"] = list(zip(pairs.pop("before"), pairs.pop("after"), strict=True))
    assert_identical(Tally.from_long(long.rows, pairs, grouping="grp"), tally)


@pytest.mark.parametrize(
    "null",
    [
        pytest.param(lambda v: pd.array(v, dtype="Float64"), id="pandas Float64 NA"),
        pytest.param(lambda v: pd.array(v, dtype="Int64"), id="pandas Int64 NA"),
        pytest.param(
            lambda v: np.array([np.nan if x is None else x for x in v]), id="NaN"
        ),
    ],
)
def test_from_long_reads_a_data_frames_nulls_where_a_sum_ran_over_no_rows(
    null: Any,
) -> None:
    # a data frame holds NULL as NaN or NA (DuckDB's .df(), polars' to_pandas):
    # as with masked arrays, it is 0 where the base is 0, an error elsewhere
    frame = pd.DataFrame(two_waves(yes=null([3, 1, 4, None])))
    tally = Tally.from_long(frame)
    assert tally.yes.tolist() == [[[3, 1]], [[4, 0]]]
    bad = pd.DataFrame(two_waves(yes=null([3, None, 4, 0])))
    with pytest.raises(DataError, match="NULL where there are answers") as info:
        Tally.from_long(bad)
    assert info.value.location is not None
    assert (info.value.location.column, info.value.location.row) == ("yes", 1)


# -- errors ------------------------------------------------------------------------


def located(error: pytest.ExceptionInfo[DataError]) -> tuple[str | None, int | None]:
    location = error.value.location
    assert location is not None
    assert f"column {location.column!r}" in str(error.value)
    return location.column, location.row


@pytest.mark.parametrize(
    ("changes", "message", "column", "row"),
    [
        (
            {"item": np.array(["q0", "q1", "q0", "q0"])},
            "cell 2020 / all / q0 appears twice",
            "item",
            3,
        ),
        (
            {"yes": np.ma.masked_array([3, 1, 4, 0], mask=[0, 1, 0, 0])},
            "NULL where there are answers",
            "yes",
            1,
        ),
        (
            {"base": np.ma.masked_array([5, 2, 6, 0], mask=[0, 0, 1, 0])},
            "NULL",
            "base",
            2,
        ),
        ({"base": np.array([5, -2, 6, 0])}, "not a whole number", "base", 1),
        ({"yes": np.array([3.0, 1.5, 4.0, 0.0])}, "not a whole number", "yes", 1),
        ({"yes": np.array([3.0, 1.0, np.inf, 0.0])}, "not a whole number", "yes", 2),
        (
            {"respondents": np.array([5, 5, 6.5, 6.5])},
            "not a whole number",
            "respondents",
            2,
        ),
        (
            {"respondents": np.array([5, 6, 6, 6])},
            "differs between the items",
            "respondents",
            0,
        ),
        (
            {
                "weighted_yes": np.array([1.0, 1.0, 1.0, 0.0]),
                "weighted_base": np.array([2.0, -1.0, 2.0, 0.0]),
                "squared_weights": np.array([4.0, 1.0, 4.0, 0.0]),
            },
            "not a number of 0 or more",
            "weighted_base",
            1,
        ),
        (
            {
                "weighted_yes": np.ma.masked_array([1.0, 1.0, 1.0, 0.0], [1, 0, 0, 0]),
                "weighted_base": np.array([2.0, 1.0, 2.0, 0.0]),
                "squared_weights": np.array([4.0, 1.0, 4.0, 0.0]),
            },
            "NULL where there are answers",
            "weighted_yes",
            0,
        ),
        ({"wave": np.array([2019.0, 2019.0, 2020.5, 2020.0])}, "whole", "wave", 2),
        (
            {"group": np.array(["all", None, "all", "all"], dtype=object)},
            "NULL",
            "group",
            1,
        ),
    ],
)
def test_bad_rows_are_refused_naming_column_and_row(
    changes: dict[str, Any], message: str, column: str, row: int
) -> None:
    with pytest.raises(DataError, match=message) as info:
        Tally.from_long(two_waves(**changes))
    assert located(info) == (column, row)


@pytest.mark.parametrize(
    ("labels", "column", "row", "value"),
    [
        ({"waves": [2019]}, "wave", 2, "2020"),
        ({"waves": ["2020", "2021"]}, "wave", 0, "2019"),
        ({"groups": ["kommun"]}, "group", 0, "all"),
        ({"items": ["q0"]}, "item", 1, "q1"),
    ],
)
def test_unknown_labels_are_refused_when_the_labels_are_given(
    labels: dict[str, Any], column: str, row: int, value: str
) -> None:
    with pytest.raises(DataError, match=f"unknown {column} label") as info:
        Tally.from_long(two_waves(), **labels)
    assert located(info) == (column, row)
    assert info.value.location is not None
    assert info.value.location.value == value


def test_labels_given_fix_the_order_and_may_have_no_rows() -> None:
    tally = Tally.from_long(
        two_waves(), waves=["2021", "2020", "2019"], items=["q1", "q0"]
    )
    assert tally.waves == ("2021", "2020", "2019")
    assert tally.items == ("q1", "q0")
    assert tally.base.tolist() == [[[0, 0]], [[0, 6]], [[2, 5]]]


def panel_rows(**changes: Any) -> dict[str, Any]:
    panel: dict[str, Any] = {
        "before": np.array([2019, 2019]),
        "after": np.array([2020, 2020]),
        "group": np.array(["all", "all"]),
        "item": np.array(["q0", "q1"]),
        "both": np.array([2, 0]),
        "before_only": np.array([1, 0]),
        "after_only": np.array([1, 0]),
        "neither": np.array([1, 0]),
    }
    panel.update(changes)
    return panel


def test_panel_rows_are_read() -> None:
    tally = Tally.from_long(two_waves(), panel_rows())
    assert tally.pairs == (("2019", "2020"),)
    assert tally.panel_cells.tolist() == [[[[2, 1, 1, 1], [0, 0, 0, 0]]]]
    assert tally.panel_size_counts.tolist() == [[[5, 0]]]
    assert tally.panel_cells_counted.all()


@pytest.mark.parametrize(
    ("changes", "message", "column", "row"),
    [
        ({"item": np.array(["q0", "q0"])}, "appears twice", "item", 1),
        ({"after": np.array([2020, 2021])}, "unknown after label", "after", 1),
        ({"group": np.array(["all", "x"])}, "unknown group label", "group", 1),
        ({"both": np.array([2, -1])}, "not a whole number", "both", 1),
        ({"neither": np.array([1.5, 0.0])}, "not a whole number", "neither", 0),
        ({"n_pairs": np.array([5, 0.5])}, "not a whole number", "n_pairs", 1),
    ],
)
def test_bad_panel_rows_are_refused_naming_column_and_row(
    changes: dict[str, Any], message: str, column: str, row: int
) -> None:
    with pytest.raises(DataError, match=message) as info:
        Tally.from_long(two_waves(), panel_rows(**changes))
    assert located(info) == (column, row)


def test_missing_columns_are_named() -> None:
    rows = two_waves()
    del rows["base"]
    with pytest.raises(DataError, match="no column 'base'"):
        Tally.from_long(rows)
    with pytest.raises(DataError, match="need a column 'weighted_base'"):
        Tally.from_long(two_waves(weighted_yes=np.zeros(4)))
    panel = panel_rows()
    del panel["neither"]
    with pytest.raises(DataError, match="no column 'neither'"):
        Tally.from_long(two_waves(), panel)
    with pytest.raises(TypeError, match="mapping of column name"):
        Tally.from_long([1, 2, 3])


# -- respondents and domain ----------------------------------------------------------


def test_without_respondents_the_largest_base_stands_in() -> None:
    tally = Tally.from_long(two_waves())
    assert tally.respondents.tolist() == [[5], [6]]
    assert tally.domain_rows.tolist() == [[5], [6]]
    with_rows = Tally.from_long(two_waves(respondents=np.array([9, 9, 7, 7])))
    assert with_rows.respondents.tolist() == [[9], [7]]
    assert with_rows.domain_rows.tolist() == [[9], [7]]
    # a wave and group without answers has no rows either
    empty = Tally.from_long(two_waves(base=np.array([5, 2, 0, 0]), yes=np.zeros(4)))
    assert empty.respondents.tolist() == [[5], [0]]


def test_with_among_the_domain_without_a_column_is_the_largest_base() -> None:
    rows = two_waves(respondents=np.array([9, 9, 7, 7]))
    tally = Tally.from_long(rows, among="uses")
    assert tally.respondents.tolist() == [[9], [7]]
    assert tally.domain_rows.tolist() == [[5], [6]]
    given = Tally.from_long({**rows, "domain": np.array([8, 8, 6, 6])}, among="uses")
    assert given.domain_rows.tolist() == [[8], [6]]


def test_a_survey_tally_without_respondents_gets_the_largest_base() -> None:
    survey = survey_of(columns_of(6, missing=0.3))
    tally = survey.tally(by="grp", pairs=())
    rows = tally.to_long().rows
    del rows["respondents"], rows["domain"]
    back = Tally.from_long(rows, grouping="grp")
    np.testing.assert_array_equal(back.respondents, tally.base.max(axis=2))
    assert np.all(back.respondents <= tally.respondents)
    np.testing.assert_array_equal(back.yes, tally.yes)


def test_panel_cells_match_the_order_of_panel_cells() -> None:
    tally = survey_of(columns_of(7)).tally(by="grp")
    panel = tally.to_long().panel
    cells = np.stack([panel[name] for name in PANEL_CELLS], axis=-1)
    np.testing.assert_array_equal(cells, tally.panel_cells.reshape(-1, 4))
