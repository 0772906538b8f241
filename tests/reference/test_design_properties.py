"""Properties of the linearised (R ``survey``) variances, on random surveys.

Each example is a small survey drawn with numpy from a seed: a few waves,
20–120 organisations in 1–3 strata (at least two organisations each, so that
no stratum is "lonely"), 0/1 answers with some missing, and optional weights.
The properties hold for every such survey, whatever the answers:

1. one stratum, no weights and no population: the linearised variance is the
   binomial one up to R's factor n/(n − 1), n the organisations of the
   survey (and n/(n − 1)·p(1 − p)/m for a wave with m answers of n);
2. multiplying every weight by a positive constant changes nothing;
3. a census (population sizes equal to the organisations of each stratum)
   has no variance, for rates and changes;
4. the covariance through the organisations answering both waves narrows a
   change exactly when it is positive (``paired=False`` takes it as zero);
5. tallies of organisation shards add up to the tally of the whole;
6. a change's variance is Var(a) + Var(b) − 2 Cov(a, b), the covariance
   recomputed by the loop over organisations of :mod:`tests.reference.linearised`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import skl_socialmedia as sm
from tests.reference import linearised as lin

ITEMS = ("uses", "channel.facebook")
WAVES = (2010, 2012, 2014, 2016)
Columns = dict[str, np.ndarray]

seeds = st.integers(0, 2**32 - 1)
organisations = st.integers(20, 120)
wave_counts = st.integers(2, 4)
strata_counts = st.integers(1, 3)
missing_rates = st.sampled_from([0.0, 0.05, 0.2])
factors = st.one_of(
    st.sampled_from([1e-3, 7.5, 1e6]), st.floats(1e-3, 1e6, allow_nan=False)
)


def draw_columns(
    seed: int,
    n_org: int,
    n_waves: int,
    n_strata: int,
    *,
    weighted: bool = False,
    weights_vary: bool = False,
    missing: float = 0.0,
    complete: bool = True,
) -> Columns:
    """Return the long columns of a random survey (one row per org per wave).

    Each organisation has a propensity, so its answers are positively
    correlated between waves; ``complete=False`` leaves about 15 % of the
    (organisation, wave) rows out (every organisation keeps a row);
    ``weights_vary`` lets an organisation's weight differ between waves.
    """
    rng = np.random.default_rng(seed)
    waves = WAVES[:n_waves]
    # at least two organisations per stratum, the rest at random
    stratum = np.concatenate(
        [np.arange(2 * n_strata) % n_strata, rng.integers(0, n_strata, n_org)]
    )[:n_org]
    rng.shuffle(stratum)
    present = np.ones((n_org, n_waves), dtype=bool)
    if not complete:
        present = rng.random((n_org, n_waves)) < 0.85
        lost = ~present.any(axis=1)
        present[lost, rng.integers(0, n_waves, lost.sum())] = True
    propensity = rng.uniform(0.1, 0.9, n_org)
    weight_of_org = rng.uniform(1.0, 8.0, n_org)
    org_index, wave_index = np.nonzero(present)
    n_rows = len(org_index)
    columns: Columns = {
        "wave": np.asarray(waves)[wave_index],
        "org_code": np.array([f"o{i:03d}" for i in org_index]),
        "stratum": np.array([f"s{h}" for h in stratum[org_index]]),
    }
    for item in ITEMS:
        p = np.clip(propensity[org_index] + rng.uniform(-0.2, 0.2), 0.02, 0.98)
        answers = (rng.random(n_rows) < p).astype(float)
        answers[rng.random(n_rows) < missing] = math.nan
        columns[item] = answers
    if weighted:
        w = weight_of_org[org_index]
        if weights_vary:
            w = w * rng.uniform(0.5, 2.0, n_rows)
        columns["weight"] = w
    return columns


def survey_of(columns: Mapping[str, Any], design: sm.Design) -> sm.Survey:
    return sm.Survey.from_columns(
        dict(columns), items=list(ITEMS), register=None, design=design, routing=False
    )


def units_per_stratum(columns: Columns) -> dict[str, int]:
    """The organisations of each stratum in the survey (in any wave)."""
    pairs = set(
        zip(columns["stratum"].tolist(), columns["org_code"].tolist(), strict=True)
    )
    labels = sorted({h for h, _ in pairs})
    return {h: sum(1 for k, _ in pairs if k == h) for h in labels}


def all_pairs(survey: sm.Survey) -> list[tuple[str, str]]:
    """Consecutive waves, and the first with the last when there are three+."""
    waves = survey.waves
    pairs = list(pairwise(waves))
    if len(waves) > 2:
        pairs.append((waves[0], waves[-1]))
    return pairs


def same(a: Any, b: Any, rtol: float, atol: float = 0.0) -> None:
    np.testing.assert_allclose(
        np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol
    )


# --- 1. simple random sampling: the binomial variance times n/(n − 1) ------------


@settings(max_examples=80, deadline=None)
@given(seed=seeds, n_org=organisations, n_waves=wave_counts)
def test_srs_linearised_variance_is_binomial_over_n_minus_one(
    seed: int, n_org: int, n_waves: int
) -> None:
    columns = draw_columns(seed, n_org, n_waves, 1)
    survey = survey_of(columns, sm.Design(variance="linearised"))
    table = survey.rates()
    assert len(table) == n_waves * len(ITEMS)
    for row in table:
        n = row.n  # every organisation answered in every wave
        assert n == n_org
        p = row.value
        assert p == row.successes / row.total
        assert row.se**2 == pytest.approx(p * (1 - p) / (n - 1), rel=1e-12, abs=1e-18)
        assert math.isinf(row.df)
        if 0 < p < 1:
            assert row.effective_n == pytest.approx(n - 1, rel=1e-12)
            assert row.design_effect == pytest.approx(n / (n - 1), rel=1e-12)


@settings(max_examples=80, deadline=None)
@given(seed=seeds, n_org=organisations, n_waves=wave_counts, missing=missing_rates)
def test_srs_with_absent_organisations_keeps_every_organisation_as_a_unit(
    seed: int, n_org: int, n_waves: int, missing: float
) -> None:
    # an organisation without an answer in a wave is outside the wave's
    # domain, not outside the design: Var = n/(n − 1) · p(1 − p)/m, with n
    # the organisations of the survey and m the answers of the wave (R)
    columns = draw_columns(seed, n_org, n_waves, 1, missing=missing, complete=False)
    n = len(set(columns["org_code"].tolist()))
    survey = survey_of(columns, sm.Design(variance="linearised"))
    for row in survey.rates():
        m, p = row.n, row.value
        assert row.se**2 == pytest.approx(
            n / (n - 1) * p * (1 - p) / m, rel=1e-12, abs=1e-18
        )


# --- 2. weights are invariant to scale -----------------------------------------


@settings(max_examples=80, deadline=None)
@given(
    seed=seeds,
    n_org=organisations,
    n_waves=wave_counts,
    n_strata=strata_counts,
    weights_vary=st.booleans(),
    missing=missing_rates,
    complete=st.booleans(),
    fpc=st.booleans(),
    factor=factors,
)
def test_multiplying_the_weights_by_a_constant_changes_nothing(
    seed: int,
    n_org: int,
    n_waves: int,
    n_strata: int,
    weights_vary: bool,
    missing: float,
    complete: bool,
    fpc: bool,
    factor: float,
) -> None:
    columns = draw_columns(
        seed,
        n_org,
        n_waves,
        n_strata,
        weighted=True,
        weights_vary=weights_vary,
        missing=missing,
        complete=complete,
    )
    population = (
        {h: 2.5 * n for h, n in units_per_stratum(columns).items()} if fpc else None
    )
    design = sm.Design(
        weight="weight", strata="stratum", population=population, variance="linearised"
    )
    scaled = {**columns, "weight": columns["weight"] * factor}
    a, b = survey_of(columns, design), survey_of(scaled, design)
    for method in ("wilson", "wald", "logit"):
        ra, rb = (
            a.rates(by="stratum", method=method),
            b.rates(by="stratum", method=method),
        )
        for name in ("value", "se", "low", "high", "effective_n", "design_effect"):
            same(getattr(ra, name), getattr(rb, name), 1e-9, 1e-12)
        np.testing.assert_array_equal(ra.df, rb.df)
        whole_a, whole_b = a.rates(method=method), b.rates(method=method)
        for name in ("value", "se", "low", "high"):
            same(getattr(whole_a, name), getattr(whole_b, name), 1e-9, 1e-12)
    pairs = all_pairs(a)
    for method in ("newcombe", "wald"):
        for paired in ("auto", False):
            da = a.pp_deltas(pairs=pairs, method=method, paired=paired)
            db = b.pp_deltas(pairs=pairs, method=method, paired=paired)
            for name in ("value", "se", "low", "high", "p_value"):
                same(getattr(da, name), getattr(db, name), 1e-9, 1e-12)
            np.testing.assert_array_equal(da.construction, db.construction)
            np.testing.assert_array_equal(da.paired, db.paired)


# --- 3. a census has no variance --------------------------------------------------


census = given(
    seed=seeds,
    n_org=organisations,
    n_waves=wave_counts,
    n_strata=strata_counts,
    weighted=st.booleans(),
    missing=missing_rates,
    as_column=st.booleans(),
)


def census_survey(
    seed: int,
    n_org: int,
    n_waves: int,
    n_strata: int,
    weighted: bool,
    missing: float,
    as_column: bool,
) -> sm.Survey:
    """Every organisation in every wave, each stratum's population its units."""
    columns = draw_columns(
        seed, n_org, n_waves, n_strata, weighted=weighted, missing=missing
    )
    sizes = units_per_stratum(columns)
    population: Any = sizes
    if as_column:  # the population size of each row's stratum, a column
        columns["N"] = np.array([sizes[h] for h in columns["stratum"]])
        population = "N"
    design = sm.Design(
        weight="weight" if weighted else None,
        strata="stratum",
        population=population,
        variance="linearised",
    )
    return survey_of(columns, design)


def census_rates(survey: sm.Survey) -> list[Any]:
    return [
        survey.rates(),
        survey.rates(by="stratum"),
        survey.rates(method="wald"),
        survey.rates(method="logit"),
    ]


@settings(max_examples=80, deadline=None)
@census
def test_a_census_has_zero_variance(
    seed: int,
    n_org: int,
    n_waves: int,
    n_strata: int,
    weighted: bool,
    missing: float,
    as_column: bool,
) -> None:
    survey = census_survey(seed, n_org, n_waves, n_strata, weighted, missing, as_column)
    for table in census_rates(survey):
        # a cell nobody answered (all missing) has no estimate, else a census's
        answered = table.n > 0
        assert np.all(np.isfinite(table.value[answered]))
        assert np.all(np.isnan(table.value[~answered]))
        np.testing.assert_array_equal(table.se[answered], 0.0)
        inside = (table.value > 0) & (table.value < 1)
        np.testing.assert_array_equal(table.low[inside], table.value[inside])
        np.testing.assert_array_equal(table.high[inside], table.value[inside])
    for method in ("wald", "newcombe"):
        changes = survey.pp_deltas(pairs=all_pairs(survey), method=method)
        both = (changes.n_before > 0) & (changes.n_after > 0)
        assert set(changes.construction[both].tolist()) == {"overlap"}
        changes = changes.take(both)
        np.testing.assert_array_equal(changes.se, 0.0)
        if method == "wald":
            np.testing.assert_array_equal(changes.low, changes.value)
            np.testing.assert_array_equal(changes.high, changes.value)


@settings(max_examples=80, deadline=None)
@census
def test_a_census_has_zero_width_intervals_also_at_0_and_100_percent(
    seed: int,
    n_org: int,
    n_waves: int,
    n_strata: int,
    weighted: bool,
    missing: float,
    as_column: bool,
) -> None:
    # a census knows a rate of 0 % (or 100 %) exactly, as sm.rate(0, n,
    # population=n) does: the interval is [value, value] for every rate, and
    # every change's (Newcombe's MOVER joins the rates' intervals)
    survey = census_survey(seed, n_org, n_waves, n_strata, weighted, missing, as_column)
    for table in census_rates(survey):
        np.testing.assert_array_equal(table.low, table.value)
        np.testing.assert_array_equal(table.high, table.value)
    changes = survey.pp_deltas(pairs=all_pairs(survey), method="newcombe")
    np.testing.assert_allclose(changes.low, changes.value, rtol=0, atol=1e-15)
    np.testing.assert_allclose(changes.high, changes.value, rtol=0, atol=1e-15)


# --- 4. the covariance decides whether the overlap narrows a change -------------


@settings(max_examples=100, deadline=None)
@given(
    seed=seeds,
    n_org=organisations,
    n_strata=strata_counts,
    weighted=st.booleans(),
    fpc=st.booleans(),
    missing=st.sampled_from([0.0, 0.1]),
    flips=st.one_of(st.just(0.0), st.floats(0.0, 0.2), st.floats(0.0, 1.0)),
)
def test_overlap_narrows_a_change_exactly_when_the_covariance_is_positive(
    seed: int,
    n_org: int,
    n_strata: int,
    weighted: bool,
    fpc: bool,
    missing: float,
    flips: float,
) -> None:
    if not (weighted or n_strata > 1 or fpc):
        weighted = True  # else paired="auto" takes the 2×2 table (SRS)
    columns = draw_columns(seed, n_org, 2, n_strata, weighted=weighted)
    # a complete panel: the second wave repeats the first with a few flips
    # (most flipped — a negative correlation — when flips is near 1)
    rng = np.random.default_rng(seed + 1)
    first = columns["wave"] == WAVES[0]
    assert np.array_equal(columns["org_code"][first], columns["org_code"][~first])
    for item in ITEMS:
        before = columns[item][first]
        flipped = rng.random(len(before)) < flips
        after = np.where(flipped, 1.0 - before, before)
        answers = np.concatenate([before, after])
        answers[rng.random(len(answers)) < missing] = math.nan
        order = np.argsort(~first, kind="stable")
        columns[item] = np.empty_like(answers)
        columns[item][order] = answers
    population = (
        {h: 3 * n for h, n in units_per_stratum(columns).items()} if fpc else None
    )
    design = sm.Design(
        weight="weight" if weighted else None,
        strata="stratum",
        population=population,
        variance="linearised",
    )
    survey = survey_of(columns, design)
    rates = survey.rates()
    checked = 0
    for method in ("wald", "newcombe"):
        overlap = survey.pp_deltas(method=method)
        independent = survey.pp_deltas(method=method, paired=False)
        assert set(overlap.construction.tolist()) == {"overlap"}
        assert set(independent.construction.tolist()) == {"independent"}
        assert not overlap.paired.any()
        assert not independent.paired.any()
        for i, item in enumerate(overlap.item):
            se_b = float(rates.select(wave=overlap.before_wave[i], item=item).se[0])
            se_a = float(rates.select(wave=overlap.after_wave[i], item=item).se[0])
            var_b, var_a = se_b**2, se_a**2
            # taken as independent, the change's variance is the sum
            assert independent.se[i] ** 2 == pytest.approx(var_a + var_b, rel=1e-12)
            covariance = (var_a + var_b - overlap.se[i] ** 2) / 2
            assert overlap.value[i] == pytest.approx(independent.value[i], abs=1e-15)
            w_overlap = overlap.high[i] - overlap.low[i]
            w_independent = independent.high[i] - independent.low[i]
            tiny = 1e-9 * (var_a + var_b)
            if covariance > tiny:
                assert w_overlap <= w_independent + 1e-12
                checked += 1
            elif covariance < -tiny:
                assert w_overlap >= w_independent - 1e-12
                checked += 1
            if method == "wald" and abs(covariance) > tiny:
                # strictly, unless a limit was cut at ±1
                inside = independent.low[i] > -1 and independent.high[i] < 1
                if inside and overlap.low[i] > -1 and overlap.high[i] < 1:
                    assert (w_overlap < w_independent) == (covariance > 0)
            if flips == 0.0 and missing == 0.0:
                # the same answers (and weights) twice: Cov = Var, no change
                assert var_a == pytest.approx(var_b, rel=1e-9)
                assert covariance == pytest.approx(var_a, rel=1e-9)
                assert overlap.se[i] ** 2 <= 1e-12 * (var_a + var_b)
                assert w_overlap <= w_independent
    if flips <= 0.05 and missing == 0.0:
        # after = before with few flips: positively correlated, narrower
        assert checked > 0


# --- 5. tallies of organisation shards add up to the whole -----------------------


def check_shards(columns: Columns, design: sm.Design, seed: int, n_shards: int) -> None:
    """Tally the survey in organisation shards; the sum must be the whole."""
    survey = survey_of(columns, design)
    pairs = all_pairs(survey)
    codes = list(survey.organisations)
    rng = np.random.default_rng(seed + 2)
    shard_of = rng.integers(0, n_shards, len(codes))
    shard_of[:n_shards] = np.arange(n_shards)  # none empty
    parts = [
        survey.where(
            org_code=[c for c, s in zip(codes, shard_of, strict=True) if s == k]
        )
        for k in range(n_shards)
    ]
    assert sum(len(part) for part in parts) == len(survey)
    tallies = [part.tally(pairs=pairs) for part in parts]
    merged = tallies[0]
    for part in tallies[1:]:
        merged = merged + part
    whole = survey.tally(pairs=pairs)
    assert merged.design_based
    assert whole.design_based
    assert (merged.waves, merged.groups, merged.items) == (
        whole.waves,
        whole.groups,
        whole.items,
    )
    assert merged.pairs == whole.pairs
    assert merged.strata == whole.strata
    np.testing.assert_array_equal(merged.stratum_units, whole.stratum_units)
    np.testing.assert_array_equal(merged.population_sizes, whole.population_sizes)
    for name in ("respondents", "yes", "base", "panel_cells", "panel_size_counts"):
        np.testing.assert_array_equal(getattr(merged, name), getattr(whole, name))
    same(merged.design_moments, whole.design_moments, 1e-12, 1e-12)
    same(merged.design_cross_moments, whole.design_cross_moments, 1e-12, 1e-12)

    mine, theirs = merged.rates(), survey.rates()
    for name in ("value", "se", "low", "high", "effective_n", "design_effect"):
        same(getattr(mine, name), getattr(theirs, name), 1e-12, 1e-15)
    np.testing.assert_array_equal(mine.n, theirs.n)
    for method in ("newcombe", "wald"):
        mine_d = merged.pp_deltas(pairs=pairs, method=method)
        theirs_d = survey.pp_deltas(pairs=pairs, method=method)
        for name in ("value", "se", "low", "high"):
            same(getattr(mine_d, name), getattr(theirs_d, name), 1e-12, 1e-15)
        np.testing.assert_array_equal(mine_d.construction, theirs_d.construction)
        np.testing.assert_array_equal(mine_d.paired, theirs_d.paired)
        np.testing.assert_array_equal(mine_d.n_pairs, theirs_d.n_pairs)


def shards(**more: st.SearchStrategy[Any]) -> Any:
    return given(
        seed=seeds,
        n_org=organisations,
        n_waves=wave_counts,
        n_strata=strata_counts,
        missing=missing_rates,
        complete=st.booleans(),
        n_shards=st.integers(2, 4),
        **more,
    )


@settings(max_examples=60, deadline=None)
@shards(kind=st.sampled_from(["weights", "weights and population", "strata only"]))
def test_shards_by_organisation_add_up_to_the_whole(
    seed: int,
    n_org: int,
    n_waves: int,
    n_strata: int,
    missing: float,
    complete: bool,
    n_shards: int,
    kind: str,
) -> None:
    weighted = kind != "strata only"
    columns = draw_columns(
        seed,
        n_org,
        n_waves,
        n_strata,
        weighted=weighted,
        weights_vary=True,
        missing=missing,
        complete=complete,
    )
    population = (
        {h: 2 * n + 1 for h, n in units_per_stratum(columns).items()}
        if kind == "weights and population"
        else None
    )
    design = sm.Design(
        weight="weight" if weighted else None,
        strata="stratum",
        population=population,
        variance="linearised",
    )
    check_shards(columns, design, seed, n_shards)


@settings(max_examples=60, deadline=None)
@shards()
def test_shards_of_an_unweighted_design_with_population_sizes_add_up(
    seed: int,
    n_org: int,
    n_waves: int,
    n_strata: int,
    missing: float,
    complete: bool,
    n_shards: int,
) -> None:
    # without weights the design weights each stratum by N_h / n_h, n_h the
    # organisations of the whole survey: a shard must not use its own n_h
    columns = draw_columns(
        seed, n_org, n_waves, n_strata, missing=missing, complete=complete
    )
    population = {h: 2 * n + 1 for h, n in units_per_stratum(columns).items()}
    design = sm.Design(strata="stratum", population=population, variance="linearised")
    check_shards(columns, design, seed, n_shards)


# --- 6. a weighted change: Var(a) + Var(b) − 2 Cov(a, b), Cov by a loop -----------


def reference_design(columns: Columns, *, strata: bool, fpc: bool) -> lin.Design:
    sizes = units_per_stratum(columns)
    sample = lin.Sample(
        wave=np.asarray(columns["wave"], dtype=int),
        org=tuple(columns["org_code"].tolist()),
        stratum=tuple(columns["stratum"].tolist()),
        weight=np.asarray(columns["weight"], dtype=float),
        N=np.array([3.0 * sizes[h] for h in columns["stratum"]]) if fpc else None,
        answers={item: np.asarray(columns[item], dtype=float) for item in ITEMS},
    )
    return lin.Design(sample, strata=strata, weights=True, fpc=fpc)


@settings(max_examples=80, deadline=None)
@given(
    seed=seeds,
    n_org=organisations,
    n_waves=wave_counts,
    n_strata=strata_counts,
    weights_vary=st.booleans(),
    missing=missing_rates,
    complete=st.booleans(),
    fpc=st.booleans(),
)
def test_a_weighted_changes_variance_is_the_loop_covariance_formula(
    seed: int,
    n_org: int,
    n_waves: int,
    n_strata: int,
    weights_vary: bool,
    missing: float,
    complete: bool,
    fpc: bool,
) -> None:
    columns = draw_columns(
        seed,
        n_org,
        n_waves,
        n_strata,
        weighted=True,
        weights_vary=weights_vary,
        missing=missing,
        complete=complete,
    )
    stratified = n_strata > 1
    population = (
        {h: 3.0 * n for h, n in units_per_stratum(columns).items()} if fpc else None
    )
    if population is not None and not stratified:
        (population,) = population.values()  # one stratum: a number
    design = sm.Design(
        weight="weight",
        strata="stratum" if stratified else None,
        population=population,
        variance="linearised",
    )
    survey = survey_of(columns, design)
    reference = reference_design(columns, strata=stratified, fpc=fpc)
    pairs = all_pairs(survey)
    rates = survey.rates()
    changes = survey.pp_deltas(pairs=pairs, method="wald")
    assert len(changes) == len(pairs) * len(ITEMS)
    for row in changes:
        assert row.construction == "overlap"
        assert not row.paired
        estimates = {}
        for wave in (row.before_wave, row.after_wave):
            estimate = lin.proportion(reference, row.item, reference.rows(int(wave)))
            mine = rates.select(wave=wave, item=row.item)
            assert float(mine.value[0]) == pytest.approx(estimate.value, rel=1e-12)
            assert float(mine.se[0]) == pytest.approx(estimate.se, rel=1e-9)
            estimates[wave] = (float(mine.se[0]), estimate)
        (se_b, before), (se_a, after) = (
            estimates[row.before_wave],
            estimates[row.after_wave],
        )
        cov = lin.covariance(reference, before.influence, after.influence)
        expected = se_a**2 + se_b**2 - 2 * cov
        scale = se_a**2 + se_b**2
        assert row.se**2 == pytest.approx(expected, rel=1e-9, abs=1e-15 * scale)
        assert row.se == pytest.approx(
            lin.difference(reference, before, after).se, rel=1e-9
        )
        assert row.value == pytest.approx(after.value - before.value, abs=1e-15)
        q = 1.959963984540054
        assert row.low == pytest.approx(max(row.value - q * row.se, -1.0), abs=1e-15)
        assert row.high == pytest.approx(min(row.value + q * row.se, 1.0), abs=1e-15)
