"""The engine seam: DuckDB counts long rows, ``Tally.from_long`` reads them.

A database that can ``GROUP BY`` can build a Tally: these tests count
synthetic surveys with DuckDB SQL over a pandas frame (the per-wave rows by
``UNPIVOT`` and ``GROUP BY``, the panels by a self-join of two waves on the
organisation within its group) and with the library's own engine
(``Survey.tally``), and require the same counts, exactly, and the same rate
and delta tables, to 1e-12. A weighted survey's default design is estimated
by linearisation: its tally needs a design table too, the four moments per
(wave, group, stratum, item) — here one stratum, ``'all'`` — with the
stratum's organisations and population size; a Kish design
(``variance="kish"``) needs the weighted long rows alone.
"""

from __future__ import annotations

import itertools
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from skl_socialmedia.survey import Design, Survey
from skl_socialmedia.tally import Tally
from skl_socialmedia.tally.model import MOMENTS, LongTally

WAVES = (2018, 2019, 2020, 2021)
GROUPS = ("east", "north", "west")
PAIRS = list(itertools.pairwise(WAVES))
TOLERANCE = 1e-12
#: Whether a tally's long form has a table of cross moments (the weighted
#: panel sums a design's change needs); when it does, the SQL gives it too.
HAS_CROSS = "cross" in LongTally._fields
#: The designs of the cases: unweighted, weighted by Kish's approximation,
#: weighted and linearised (a weighted survey's default).
DESIGNS: dict[str, Design | None] = {
    "unweighted": None,
    "kish": Design(weight="weight", variance="kish"),
    "linearised": Design(weight="weight"),
}
#: What each case's rate table says its variance is.
RATE_DESIGNS = {
    "unweighted": "binomial",
    "kish": "weighted (Kish)",
    "linearised": "linearised",
}


def survey_columns(
    seed: int, *, weighted: bool, absent: float, n_orgs: int = 900
) -> dict[str, Any]:
    """Columns of a synthetic survey: a few thousand rows, four waves.

    Organisations belong to one of three groups (a few move to another group
    in a later wave); outside ``west`` each is absent from a wave with
    probability ``absent``. Items ``q0``… are yes, no or missing (NaN); in
    ``west`` every organisation answers in every wave and ``q0`` is never
    missing, so its panels are both waves' whole samples (``paired="auto"``
    pairs them). No one answers ``q3`` in ``east`` in 2019 (sums over no rows
    come back NULL).
    """
    rng = np.random.default_rng(seed)
    codes = np.array([f"o{i:04d}" for i in range(n_orgs)])
    home = rng.choice(GROUPS, n_orgs)
    frames = []
    for w, wave in enumerate(WAVES):
        group = home.copy()
        moved = (rng.random(n_orgs) < 0.03) & (home != "west") & (w >= 2)
        group[moved] = "north"
        present = (rng.random(n_orgs) >= absent) | (home == "west")
        n = int(present.sum())
        answers = {}
        for j in range(4):
            x = (rng.random(n) < 0.3 + 0.1 * j + 0.05 * w).astype(float)
            x[rng.random(n) < 0.12] = np.nan
            answers[f"q{j}"] = x
        west = group[present] == "west"
        answers["q0"][west] = (rng.random(int(west.sum())) < 0.6).astype(float)
        if wave == 2019:
            answers["q3"][group[present] == "east"] = np.nan
        frames.append(
            {
                "wave": np.full(n, wave),
                "org_code": codes[present],
                "grp": group[present],
                **answers,
            }
        )
    columns = {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}
    if weighted:
        columns["weight"] = rng.uniform(0.5, 3.0, len(columns["wave"]))
    return columns


def items_of(among: str | None) -> list[str]:
    return [f"q{j}" for j in range(4) if f"q{j}" != among]


def long_rows_sql(items: list[str], *, weighted: bool, among: str | None) -> str:
    """One row per (wave, group, item): UNPIVOT the answers, then GROUP BY.

    ``in_base``: the row is in the base (answered yes to ``among``, if set).
    NaN in a float column of a pandas frame is NULL to DuckDB; ``INCLUDE
    NULLS`` keeps every row once per item, so ``count(*)`` is the rows.
    """
    in_base = "TRUE" if among is None else f"coalesce({among} = 1, FALSE)"
    answered = "answer IS NOT NULL AND in_base"
    sums = [
        "count(*) AS respondents",
        "count(*) FILTER (WHERE in_base) AS domain",
        "sum(answer) FILTER (WHERE in_base) AS yes",
        "count(answer) FILTER (WHERE in_base) AS base",
    ]
    if weighted:
        sums += [
            "sum(weight * answer) FILTER (WHERE in_base) AS weighted_yes",
            f"sum(weight) FILTER (WHERE {answered}) AS weighted_base",
            f"sum(weight * weight) FILTER (WHERE {answered}) AS squared_weights",
        ]
    kept = ["wave", "grp", *(["weight"] if weighted else []), f"{in_base} AS in_base"]
    return (
        f'SELECT wave, grp AS "group", item, {", ".join(sums)} '
        f"FROM (SELECT {', '.join(kept)}, {', '.join(items)} FROM survey) "
        f"UNPIVOT INCLUDE NULLS (answer FOR item IN ({', '.join(items)})) "
        "GROUP BY ALL"
    )


def design_sql(items: list[str], among: str | None) -> str:
    """One row per (wave, group, stratum, item): a design's moments.

    One stratum, ``'all'``: Σw·y, Σw, Σw²·y and Σw² over the answers (in the
    base), the stratum's sampling units — the organisations of the whole
    data, every wave, whatever they answered — and no population size (NULL:
    no finite population correction). UNPIVOT without ``INCLUDE NULLS``
    keeps the answers only; a cell without answers has no row (zeros).
    """
    in_base = "TRUE" if among is None else f"coalesce({among} = 1, FALSE)"
    return f"""
        WITH answers AS (
            SELECT wave, grp, weight, item, answer
            FROM (
                SELECT wave, grp, weight, {in_base} AS in_base, {", ".join(items)}
                FROM survey
            )
            UNPIVOT (answer FOR item IN ({", ".join(items)}))
            WHERE in_base
        )
        SELECT wave, grp AS "group", 'all' AS stratum, item,
            sum(weight * answer) AS weighted_yes,
            sum(weight) AS weighted_base,
            sum(weight * weight * answer) AS squared_weighted_yes,
            sum(weight * weight) AS squared_weights,
            (SELECT count(DISTINCT org_code) FROM survey) AS units,
            NULL::DOUBLE AS population
        FROM answers
        GROUP BY ALL
    """


def panel_sql(items: list[str], among: str | None) -> str:
    """One row per (pair, group, item): the organisations in both waves, by cell.

    The answers (not missing; the rows answering yes to ``among`` only) of
    the before wave joined with the after wave's on the organisation, the
    group and the item: the organisations that answered in both waves within
    the same group.
    """
    where = "" if among is None else f"WHERE {among} = 1"
    pairs = ", ".join(f"({b}, {a})" for b, a in PAIRS)
    return f"""
        WITH answers AS (
            SELECT wave, org_code, grp, item, answer
            FROM (SELECT wave, org_code, grp, {", ".join(items)} FROM survey {where})
            UNPIVOT (answer FOR item IN ({", ".join(items)}))
        ), pairs(before, after) AS (VALUES {pairs})
        SELECT p.before, p.after, b.grp AS "group", b.item,
            count(*) FILTER (WHERE b.answer = 1 AND a.answer = 1) AS "both",
            count(*) FILTER (WHERE b.answer = 1 AND a.answer = 0) AS before_only,
            count(*) FILTER (WHERE b.answer = 0 AND a.answer = 1) AS after_only,
            count(*) FILTER (WHERE b.answer = 0 AND a.answer = 0) AS neither
        FROM pairs p
        JOIN answers b ON b.wave = p.before
        JOIN answers a ON a.wave = p.after AND a.org_code = b.org_code
            AND a.grp = b.grp AND a.item = b.item
        GROUP BY ALL
        ORDER BY p.before, p.after
    """


def cross_sql(items: list[str], among: str | None) -> str:
    """One row per (pair, group, stratum, item): the panel's weighted sums.

    The self-join of :func:`panel_sql` (answers in both waves, same group,
    yes to ``among`` in both), one stratum ``'all'``: the sums of
    ``w_before · w_after`` times ``y_before · y_after``, ``y_after``,
    ``y_before`` and 1.
    """
    where = "" if among is None else f"WHERE {among} = 1"
    pairs = ", ".join(f"({b}, {a})" for b, a in PAIRS)
    return f"""
        WITH answers AS (
            SELECT wave, org_code, grp, weight, item, answer
            FROM (
                SELECT wave, org_code, grp, weight, {", ".join(items)}
                FROM survey {where}
            )
            UNPIVOT (answer FOR item IN ({", ".join(items)}))
        ), pairs(before, after) AS (VALUES {pairs})
        SELECT p.before, p.after, b.grp AS "group", 'all' AS stratum, b.item,
            sum(b.weight * a.weight * b.answer * a.answer) AS yes_both,
            sum(b.weight * a.weight * a.answer) AS yes_after,
            sum(b.weight * a.weight * b.answer) AS yes_before,
            sum(b.weight * a.weight) AS answered_both
        FROM pairs p
        JOIN answers b ON b.wave = p.before
        JOIN answers a ON a.wave = p.after AND a.org_code = b.org_code
            AND a.grp = b.grp AND a.item = b.item
        GROUP BY ALL
    """


def labels(items: list[str]) -> dict[str, Any]:
    """The labels in the survey's order (a GROUP BY returns rows in any order)."""
    return {"waves": WAVES, "groups": GROUPS, "items": items}


def connect(columns: dict[str, Any]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.register("survey", pd.DataFrame(columns))
    return con


def library(columns: dict[str, Any], design: Design | None = None) -> Survey:
    items = [c for c in columns if c.startswith("q")]
    return Survey.from_columns(columns, items=items, register=None, design=design)


def sql_design(
    con: duckdb.DuckDBPyConnection, items: list[str], kind: str, among: str | None
) -> dict[str, Any] | None:
    """The design table of a linearised case (``None`` for the others)."""
    if kind != "linearised":
        return None
    design: dict[str, Any] = con.sql(design_sql(items, among)).fetchnumpy()
    assert np.ma.getmaskarray(design["population"]).all()  # NULL: no FPC
    return design


def assert_same_counts(got: Tally, want: Tally) -> None:
    assert got.waves == want.waves
    assert got.groups == want.groups
    assert got.items == want.items
    assert got.pairs == want.pairs
    assert got.grouping == want.grouping
    assert got.among == want.among
    for name in ("respondents", "domain_rows", "yes", "base"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), name)
    for name in ("panel_cells", "panel_size_counts", "panel_cells_counted"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), name)
    assert got.weighted == want.weighted
    if want.weighted:
        for name in ("weighted_yes", "weighted_base", "squared_weights"):
            # sums of the same weights in another order
            np.testing.assert_allclose(
                getattr(got, name), getattr(want, name), rtol=TOLERANCE, err_msg=name
            )
    assert got.design_based == want.design_based
    if want.design_based:
        assert got.strata == want.strata == ("all",)
        np.testing.assert_array_equal(got.stratum_units, want.stratum_units)
        np.testing.assert_array_equal(got.population_sizes, want.population_sizes)
        assert got.design_moments.shape == want.design_moments.shape
        for k, name in enumerate(MOMENTS):
            np.testing.assert_allclose(
                got.design_moments[..., k],
                want.design_moments[..., k],
                rtol=TOLERANCE,
                atol=0,
                err_msg=name,
            )


def assert_same_table(got: Any, want: Any) -> None:
    assert got.column_names() == want.column_names()
    assert len(want) > 0
    for name, expected in want.columns.items():
        actual = got.columns[name]
        if np.asarray(expected).dtype.kind == "f":
            np.testing.assert_allclose(
                actual, expected, rtol=0, atol=TOLERANCE, equal_nan=True, err_msg=name
            )
        else:
            np.testing.assert_array_equal(actual, expected, err_msg=name)
    for name in ("confidence", "grouping", "among"):
        assert getattr(got, name) == getattr(want, name), name


CASES = [
    pytest.param(kind, among, absent, id=f"{kind}-{among}-absent{absent}")
    for kind in DESIGNS
    for among in (None, "q0")
    for absent in (0.0, 0.2)
]


@pytest.mark.parametrize(("kind", "among", "absent"), CASES)
def test_sql_rows_give_the_library_tally_and_tables(
    kind: str, among: str | None, absent: float
) -> None:
    weighted = DESIGNS[kind] is not None
    columns = survey_columns(11, weighted=weighted, absent=absent)
    items = items_of(among)
    con = connect(columns)
    rows = con.sql(long_rows_sql(items, weighted=weighted, among=among)).fetchnumpy()
    # a sum over no answers is NULL (masked): the empty cell of q3
    assert isinstance(rows["yes"], np.ma.MaskedArray)
    assert np.ma.getmaskarray(rows["yes"]).any()
    design = sql_design(con, items, kind, among)
    got = Tally.from_long(
        rows, None, design, **labels(items), grouping="grp", among=among
    )
    survey = library(columns, DESIGNS[kind])
    want = survey.tally(items, by="grp", among=among, pairs=())
    assert want.design_based == (kind == "linearised")
    assert want.base[WAVES.index(2019), GROUPS.index("east"), items.index("q3")] == 0
    assert_same_counts(got, want)
    # rows in any order: from_long sorts waves and groups as the survey does
    # (items go as they first appear: those are given)
    default = Tally.from_long(
        rows, None, design, items=items, grouping="grp", among=among
    )
    assert_same_counts(default, want)
    rates = got.rates()
    assert rates.design == RATE_DESIGNS[kind]
    assert "se" in rates.column_names()
    assert np.isfinite(rates.se).any()
    assert_same_table(rates, want.rates())
    assert_same_table(got.rates(), survey.rates(items, by="grp", among=among))
    assert_same_table(got.pp_deltas(paired=False), want.pp_deltas(paired=False))
    if not weighted:
        # the finite population correction reads respondents and domain
        population = {"east": 2000, "north": 2500, "west": 1000}
        assert_same_table(
            got.rates(population=population), want.rates(population=population)
        )


@pytest.mark.parametrize(("kind", "among", "absent"), CASES)
def test_sql_panels_give_the_library_panels_and_paired_deltas(
    kind: str, among: str | None, absent: float
) -> None:
    weighted = DESIGNS[kind] is not None
    columns = survey_columns(12, weighted=weighted, absent=absent)
    items = items_of(among)
    con = connect(columns)
    rows = con.sql(long_rows_sql(items, weighted=weighted, among=among)).fetchnumpy()
    panel = con.sql(panel_sql(items, among)).fetchnumpy()
    design = sql_design(con, items, kind, among)
    tables = [rows, panel, design]
    if HAS_CROSS and design is not None:
        tables.append(con.sql(cross_sql(items, among)).fetchnumpy())
    got = Tally.from_long(*tables, **labels(items), grouping="grp", among=among)
    survey = library(columns, DESIGNS[kind])
    want = survey.tally(items, by="grp", among=among, pairs=PAIRS)
    assert want.panel_cells.sum() > 0
    assert_same_counts(got, want)
    if HAS_CROSS and design is not None:
        np.testing.assert_allclose(
            got.cross_moments, want.cross_moments, rtol=TOLERANCE, atol=0
        )
    got_deltas = got.pp_deltas()
    assert_same_table(got_deltas, want.pp_deltas())
    assert_same_table(
        got_deltas, survey.pp_deltas(items, by="grp", among=among, pairs=PAIRS)
    )
    if not weighted and among is None:
        # west's q0 panels are whole samples: "auto" pairs there, not elsewhere
        assert got_deltas.paired.any()
        assert not got_deltas.paired.all()
        assert_same_table(got.pp_deltas(paired=True), want.pp_deltas(paired=True))
    if weighted:
        assert not got_deltas.paired.any()  # weighted: never the 2x2 table


def test_organisations_moving_group_are_not_in_the_panel() -> None:
    # the join within the group must agree with the engine: an organisation
    # that changed group between the waves is in neither group's panel
    columns = survey_columns(13, weighted=False, absent=0.0)
    items = items_of(None)
    con = connect(columns)
    panel = con.sql(panel_sql(items, None)).fetchnumpy()
    rows = con.sql(long_rows_sql(items, weighted=False, among=None)).fetchnumpy()
    got = Tally.from_long(rows, panel, **labels(items), grouping="grp")
    frame = pd.DataFrame(columns)
    moved = frame.groupby("org_code")["grp"].nunique() > 1
    assert moved.sum() > 0
    want = library(columns).tally(items, by="grp", pairs=PAIRS)
    np.testing.assert_array_equal(got.panel_size_counts, want.panel_size_counts)
    # without the group condition the panels would be larger
    loose = panel_sql(items, None).replace("AND a.grp = b.grp", "")
    assert loose != panel_sql(items, None)
    loose_panel = con.sql(loose).fetchnumpy()
    cells = ("both", "before_only", "after_only", "neither")
    loose_total = sum(int(loose_panel[c].sum()) for c in cells)
    assert loose_total > int(want.panel_size_counts.sum())


def test_the_same_query_as_a_data_frame_reads_alike() -> None:
    # DuckDB's .df() gives the NULL sums of empty cells as NaN: a data frame of
    # the same rows must give the same tally as fetchnumpy()'s masked arrays
    columns = survey_columns(14, weighted=True, absent=0.2)
    items = items_of(None)
    con = connect(columns)
    query = long_rows_sql(items, weighted=True, among=None)
    from_arrays = Tally.from_long(con.sql(query).fetchnumpy(), **labels(items))
    from_frame = Tally.from_long(con.sql(query).df(), **labels(items))
    assert_same_counts(from_frame, from_arrays)
    # and a design table: its NULL population a NaN of the frame
    design = design_sql(items, None)
    with_design = Tally.from_long(
        con.sql(query).fetchnumpy(), None, con.sql(design).fetchnumpy(), **labels(items)
    )
    design_frame = con.sql(design).df()
    assert design_frame["population"].isna().all()
    from_frames = Tally.from_long(
        con.sql(query).df(), None, design_frame, **labels(items)
    )
    assert from_frames.design_based
    assert_same_counts(from_frames, with_design)
    assert np.isinf(from_frames.population_sizes).all()
