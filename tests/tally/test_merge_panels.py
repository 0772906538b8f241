"""Merging tallies of organisation shards: the panels add up too.

Each shard (a set of organisations, every wave of each) is counted on its own
with the numpy engine, ``panel_cells="auto"`` (the cells ``paired="auto"``
uses: all of them but a Kish-weighted tally's); their sum must be the tally of
the whole —
sizes, cells and where the cells were counted — and give the same deltas.
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs
import numpy as np
import pytest

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.survey import Design, Survey
from skl_socialmedia.tally import Tally
from skl_socialmedia.tally.numpy_engine import count
from skl_socialmedia.tally.spec import CountSpec

WAVES = (2018, 2019, 2020, 2021)
GROUPS = ("east", "north", "west")
PAIRS = [(str(b), str(a)) for b, a in itertools.pairwise(WAVES)]
ITEMS = ["q0", "q1", "q2"]
KISH = Design(weight="weight", variance="kish")
LINEARISED = Design(weight="weight")


def survey_of(
    seed: int,
    *,
    weighted: bool = False,
    n_orgs: int = 600,
    newcomers: int = 40,
    design: Design | None = None,
) -> Survey:
    """Organisations in three groups over four waves, ~2,000 rows.

    Outside ``west`` an organisation is absent from a wave with probability
    0.2; in ``west`` every organisation answers ``q0`` in every wave, so
    those panels are both waves' whole samples. ``newcomers`` organisations
    (codes ``n…``) answer in the last wave only.
    """
    rng = np.random.default_rng(seed)
    codes = np.array([f"o{i:04d}" for i in range(n_orgs)])
    group = rng.choice(GROUPS, n_orgs)
    parts: list[dict[str, Any]] = []
    for wave in WAVES:
        present = (rng.random(n_orgs) >= 0.2) | (group == "west")
        parts.append({"wave": wave, "org_code": codes[present], "grp": group[present]})
    new_codes = np.array([f"n{i:03d}" for i in range(newcomers)])
    parts.append(
        {
            "wave": WAVES[-1],
            "org_code": new_codes,
            "grp": rng.choice(GROUPS, newcomers),
        }
    )
    n = sum(len(p["org_code"]) for p in parts)
    columns: dict[str, Any] = {
        "wave": np.concatenate([np.full(len(p["org_code"]), p["wave"]) for p in parts]),
        "org_code": np.concatenate([p["org_code"] for p in parts]),
        "grp": np.concatenate([p["grp"] for p in parts]),
    }
    for j, item in enumerate(ITEMS):
        x = (rng.random(n) < 0.3 + 0.15 * j).astype(float)
        x[rng.random(n) < 0.1] = np.nan
        columns[item] = x
    west = columns["grp"] == "west"
    columns["q0"][west] = (rng.random(int(west.sum())) < 0.6).astype(float)
    if weighted:
        columns["weight"] = rng.uniform(0.5, 3.0, n)
    return Survey.from_columns(columns, items=ITEMS, register=None, design=design)


def spec_of(survey: Survey, panel_cells: str = "auto", pairs: Any = PAIRS) -> CountSpec:
    return CountSpec(
        items=ITEMS,
        by="grp",
        pairs=pairs,
        weight="weight" if survey.weighted else None,
        panel_cells=panel_cells,  # type: ignore[arg-type]
        design=survey.design if survey.design.linearised else None,
    )


def shards_of(survey: Survey, shard_of: np.ndarray) -> list[Survey]:
    codes = np.asarray(survey.organisations)
    return [
        survey.where(org_code=codes[shard_of == s].tolist())
        for s in np.unique(shard_of)
    ]


def random_shards(survey: Survey, k: int, seed: int) -> list[Survey]:
    rng = np.random.default_rng(seed + 99)
    return shards_of(survey, rng.integers(0, k, len(survey.organisations)))


def total(tallies: list[Tally]) -> Tally:
    result = tallies[0]
    for tally in tallies[1:]:
        result = result + tally
    return result


def aligned(tally: Tally, like: Tally) -> Tally:
    """``tally`` with the labels and pairs in the order of ``like``."""
    assert set(tally.waves) == set(like.waves)
    assert set(tally.groups) == set(like.groups)
    assert set(tally.items) == set(like.items)
    assert set(tally.pairs) == set(like.pairs)
    w = [tally.waves.index(x) for x in like.waves]
    g = [tally.groups.index(x) for x in like.groups]
    i = [tally.items.index(x) for x in like.items]
    p = [tally.pairs.index(x) for x in like.pairs]

    def cells(array: Any) -> Any:
        return None if array is None else array[np.ix_(w, g, i)]

    def panel(array: Any) -> Any:
        return array[np.ix_(p, g, i)]

    design: dict[str, Any] = {}
    if tally.design_based:
        h = [tally.strata.index(x) for x in like.strata]
        k = list(range(tally.design_moments.shape[-1]))
        design = {
            "strata": like.strata,
            "units": tally.stratum_units[h],
            "strata_population": tally.population_sizes[h],
            "moments": tally.design_moments[np.ix_(w, g, h, i, k)],
        }
        # per-pair design arrays, where the tally has them: (P, G, H, I, …)
        for name in attrs.fields_dict(Tally):
            value = getattr(tally, name)
            if name not in design and name.endswith("moments") and value is not None:
                design[name] = value[np.ix_(p, g, h, i, list(range(value.shape[-1])))]

    return Tally(
        like.waves,
        like.groups,
        like.items,
        tally.respondents[np.ix_(w, g)],
        cells(tally.yes),
        cells(tally.base),
        cells(tally.weighted_yes),
        cells(tally.weighted_base),
        cells(tally.squared_weights),
        pairs=like.pairs,
        panel=tally.panel_cells[np.ix_(p, g, i, [0, 1, 2, 3])],
        grouping=tally.grouping,
        among=tally.among,
        domain=tally.domain_rows[np.ix_(w, g)],
        panel_sizes=panel(tally.panel_size_counts),
        panel_counted=panel(tally.panel_cells_counted),
        **design,
    )


def assert_same_counts(got: Tally, want: Tally) -> None:
    for name in ("respondents", "domain_rows", "yes", "base", "panel_size_counts"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), name)
    if want.weighted:
        for name in ("weighted_yes", "weighted_base", "squared_weights"):
            np.testing.assert_allclose(
                getattr(got, name), getattr(want, name), rtol=1e-12, err_msg=name
            )
    assert got.design_based == want.design_based
    assert got.strata == want.strata
    if want.design_based:
        # every organisation is in one shard: the units add up to the whole's
        np.testing.assert_array_equal(got.stratum_units, want.stratum_units)
        np.testing.assert_array_equal(got.population_sizes, want.population_sizes)
        np.testing.assert_allclose(
            got.design_moments, want.design_moments, rtol=1e-12, atol=0
        )


def needed(tally: Tally) -> np.ndarray:
    """Where ``paired="auto"`` uses the cells: the panel is both whole samples."""
    before = tally.base[[tally.waves.index(b) for b, _ in tally.pairs]]
    after = tally.base[[tally.waves.index(a) for _, a in tally.pairs]]
    n = tally.panel_size_counts
    result: np.ndarray = (n > 0) & (n == before) & (n == after)
    return result


def assert_same_deltas(got: Tally, want: Tally, **options: Any) -> None:
    a, b = got.pp_deltas(**options), want.pp_deltas(**options)
    for name, expected in b.columns.items():
        if np.asarray(expected).dtype.kind == "f":
            np.testing.assert_allclose(
                a.columns[name], expected, rtol=0, atol=1e-12, equal_nan=True
            )
        else:
            np.testing.assert_array_equal(a.columns[name], expected, err_msg=name)


# -- shards add up ---------------------------------------------------------------


@pytest.mark.parametrize(
    "design",
    [
        pytest.param(None, id="unweighted"),
        pytest.param(KISH, id="kish"),
        pytest.param(LINEARISED, id="linearised"),
    ],
)
@pytest.mark.parametrize(("seed", "k"), [(1, 2), (2, 3), (3, 5)])
def test_shards_add_up_to_the_whole_panel_sizes_cells_and_counted(
    seed: int, k: int, design: Design | None
) -> None:
    weighted = design is not None
    survey = survey_of(seed, weighted=weighted, design=design)
    spec = spec_of(survey)
    whole = count(spec, survey._parts)
    assert whole.design_based == (design is LINEARISED)
    merged = aligned(
        total([count(spec, s._parts) for s in random_shards(survey, k, seed)]),
        whole,
    )
    assert_same_counts(merged, whole)
    np.testing.assert_array_equal(merged.panel_cells, whole.panel_cells)
    np.testing.assert_array_equal(merged.panel_cells_counted, whole.panel_cells_counted)
    # "auto" counted every cell but a Kish-weighted tally's (counted only
    # where the panel is empty); where counted, they are the panel's
    if design is KISH:
        np.testing.assert_array_equal(
            whole.panel_cells_counted, whole.panel_size_counts == 0
        )
    else:
        assert whole.panel_cells_counted.all()
    every = count(spec_of(survey, "all"), survey._parts)
    counted = merged.panel_cells_counted
    np.testing.assert_array_equal(
        merged.panel_cells, np.where(counted[..., None], every.panel_cells, 0)
    )
    np.testing.assert_array_equal(merged.panel_size_counts, every.panel_size_counts)
    assert_same_deltas(merged, whole)
    assert_same_deltas(merged, whole, paired=False)
    deltas = merged.pp_deltas()
    if weighted:
        assert not deltas.paired.any()
    else:
        assert deltas.paired.any()
    library = survey.pp_deltas(ITEMS, by="grp", pairs=PAIRS)
    np.testing.assert_array_equal(deltas.paired, library.paired)
    np.testing.assert_allclose(
        deltas.value, library.value, rtol=0, atol=1e-12, equal_nan=True
    )
    np.testing.assert_allclose(
        deltas.low, library.low, rtol=0, atol=1e-12, equal_nan=True
    )
    np.testing.assert_allclose(
        deltas.high, library.high, rtol=0, atol=1e-12, equal_nan=True
    )
    rates, library_rates = merged.rates(), survey.rates(ITEMS, by="grp")
    assert rates.design == library_rates.design
    for name in ("value", "low", "high", "se"):
        np.testing.assert_allclose(
            getattr(rates, name),
            getattr(library_rates, name),
            rtol=0,
            atol=1e-12,
            equal_nan=True,
            err_msg=name,
        )


def test_shards_holding_whole_groups_add_up_where_the_cells_are_needed() -> None:
    # each shard holds the organisations of one group: the others are absent
    # from it (no rows), so a part "without a cell adds nothing to it"
    survey = survey_of(4)
    codes = np.asarray(survey.organisations)
    home = dict(zip(survey.column("org_code"), survey.column("grp"), strict=True))
    shard_of = np.array([GROUPS.index(home[c]) for c in codes])
    shards = shards_of(survey, shard_of)
    assert [s.tally(by="grp", pairs=()).groups for s in shards] == [
        (g,) for g in GROUPS
    ]
    spec = spec_of(survey)
    whole = count(spec, survey._parts)
    merged = aligned(total([count(spec, s._parts) for s in shards]), whole)
    assert_same_counts(merged, whole)
    # counted at least where paired="auto" needs the cells, and right there
    need = needed(whole)
    assert need.any()
    assert np.all(merged.panel_cells_counted[need])
    every = count(spec_of(survey, "all"), survey._parts)
    counted = merged.panel_cells_counted[..., None]
    np.testing.assert_array_equal(
        merged.panel_cells, np.where(counted, every.panel_cells, 0)
    )
    assert_same_deltas(merged, whole)
    # counted everywhere ("all"), the shards give every cell
    full = aligned(total([count(spec_of(s, "all"), s._parts) for s in shards]), whole)
    assert full.panel_cells_counted.all()
    np.testing.assert_array_equal(full.panel_cells, every.panel_cells)
    assert_same_deltas(full, every, paired=True)


def test_shards_counted_in_full_add_up_to_survey_tally() -> None:
    # every cell counted in each shard: the sum is Survey.tally's panel
    survey = survey_of(5)
    shards = random_shards(survey, 3, 5)
    merged = total([count(spec_of(s, "all"), s._parts) for s in shards])
    want = survey.tally(ITEMS, by="grp", pairs=PAIRS)
    merged = aligned(merged, want)
    assert_same_counts(merged, want)
    np.testing.assert_array_equal(merged.panel_cells, want.panel_cells)
    assert merged.panel_cells_counted.all()
    assert_same_deltas(merged, want, paired=True)


# -- cells not counted --------------------------------------------------------------


def test_cells_a_part_did_not_count_stay_uncounted() -> None:
    survey = survey_of(6)
    first, second = random_shards(survey, 2, 6)
    counted = count(spec_of(first, "all"), first._parts)
    sizes_only = count(spec_of(second, "none"), second._parts)
    assert counted.panel_cells_counted.all()
    # "none": counted only where the panel is empty (its cells are all zero)
    np.testing.assert_array_equal(
        sizes_only.panel_cells_counted, sizes_only.panel_size_counts == 0
    )
    for merged in (counted + sizes_only, sizes_only + counted):
        whole = count(spec_of(survey, "all"), survey._parts)
        merged = aligned(merged, whole)
        assert_same_counts(merged, whole)
        uncounted = ~merged.panel_cells_counted
        assert uncounted.any()
        # uncounted where the part without cells has a panel; zero there
        np.testing.assert_array_equal(
            uncounted, aligned(sizes_only, whole).panel_size_counts > 0
        )
        assert not merged.panel_cells[uncounted].any()
        np.testing.assert_array_equal(
            merged.panel_cells[~uncounted], whole.panel_cells[~uncounted]
        )
        with pytest.raises(InvalidArgumentError, match="not counted where the change"):
            merged.pp_deltas(paired=True)
        # every panel needs its cells for "auto" too (paired or overlap)
        with pytest.raises(InvalidArgumentError, match="panel_cells='auto' or 'all'"):
            merged.pp_deltas()
        assert_same_deltas(merged, whole, paired=False)


def test_auto_counts_the_cells_paired_auto_uses() -> None:
    # unweighted: every cell (complete panels are paired, partial ones joined
    # by their correlation); Kish-weighted: none (its changes are independent)
    survey = survey_of(7)
    auto, every = (count(spec_of(survey, m), survey._parts) for m in ("auto", "all"))
    assert auto.panel_cells_counted.all()
    np.testing.assert_array_equal(auto.panel_cells, every.panel_cells)
    deltas = auto.pp_deltas()
    assert set(deltas.construction) == {"paired", "overlap"}
    kish = survey_of(7, weighted=True, design=KISH)
    sizes = count(spec_of(kish, "auto"), kish._parts)
    np.testing.assert_array_equal(
        sizes.panel_cells_counted, sizes.panel_size_counts == 0
    )
    assert set(sizes.pp_deltas().construction) == {"independent"}


# -- pairs that a part lacks ---------------------------------------------------------


def test_a_part_without_a_pair_it_has_rows_for_cannot_be_added() -> None:
    survey = survey_of(8)
    first, second = random_shards(survey, 2, 8)
    with_pairs = count(spec_of(first), first._parts)
    for lacking in (
        count(spec_of(second, pairs=()), second._parts),
        count(spec_of(second, pairs=PAIRS[:1]), second._parts),
    ):
        for a, b in ((with_pairs, lacking), (lacking, with_pairs)):
            with pytest.raises(InvalidArgumentError, match="cannot add tallies"):
                a + b


def test_a_part_with_rows_in_one_wave_of_a_pair_needs_no_panel() -> None:
    # the newcomers answer in the last wave only: no panel of theirs exists
    survey = survey_of(9)
    codes = np.asarray(survey.organisations)
    newcomers = np.char.startswith(codes.astype(str), "n")
    late, rest = shards_of(survey, newcomers.astype(int))[::-1]
    assert late.tally(pairs=()).respondents[:-1].sum() == 0
    lone = count(spec_of(late, pairs=()), late._parts)
    assert lone.pairs == ()
    rest_tally = count(spec_of(rest), rest._parts)
    whole = count(spec_of(survey), survey._parts)
    every = count(spec_of(survey, "all"), survey._parts)
    for merged in (rest_tally + lone, lone + rest_tally):
        merged = aligned(merged, whole)
        assert_same_counts(merged, whole)
        counted = merged.panel_cells_counted
        assert np.all(counted[needed(whole)])
        np.testing.assert_array_equal(
            merged.panel_cells, np.where(counted[..., None], every.panel_cells, 0)
        )
        assert_same_deltas(merged, whole)
    # without the newcomers west's last panels are whole samples, with them
    # not: the rest counted cells there that the whole does not need
    assert needed(rest_tally)[-1].any()
    assert not needed(whole)[-1].any()


# -- a tally's panel must be consistent ---------------------------------------------


def small(**changes: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "waves": ["1", "2"],
        "groups": ["all"],
        "items": ["q"],
        "respondents": [[5], [5]],
        "yes": [[[3]], [[2]]],
        "base": [[[5]], [[4]]],
        "pairs": [("1", "2")],
        "panel": [[[[2, 1, 0, 1]]]],
    }
    arguments.update(changes)
    return arguments


def test_a_consistent_panel_is_accepted() -> None:
    tally = Tally(**small())
    assert tally.panel_size_counts.tolist() == [[[4]]]
    assert tally.panel_cells_counted.tolist() == [[[True]]]
    uncounted = Tally(
        **small(panel=[[[[0, 0, 0, 0]]]], panel_sizes=[[[4]]], panel_counted=[[[0]]])
    )
    assert uncounted.panel_size_counts.tolist() == [[[4]]]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"panel_sizes": [[[3]]]}, "do not add up to the panel sizes"),
        ({"panel_sizes": [[[5]]]}, "do not add up to the panel sizes"),
        ({"panel_counted": [[[False]]]}, "not counted must be zero"),
        (
            {"panel": [[[[2, 1, 1, 1]]]]},
            "larger than the answers of one of its waves",
        ),
        ({"panel_sizes": [[[4, 4]]]}, "panel_sizes and panel_counted must have"),
        ({"panel": [[[[2, 1, 0]]]]}, "panel has shape"),
        ({"panel": [[[[2, -1, 0, 1]]]]}, "negative"),
    ],
)
def test_an_inconsistent_panel_is_refused(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        Tally(**small(**changes))


def test_long_rows_whose_cells_do_not_add_up_are_refused() -> None:
    tally = survey_of(10).tally(ITEMS, by="grp", pairs=PAIRS)
    long = tally.to_long()
    panel = dict(long.panel)
    panel["n_pairs"] = panel["n_pairs"].copy()
    panel["n_pairs"][3] += 1
    with pytest.raises(InvalidArgumentError, match="do not add up"):
        Tally.from_long(long.rows, panel, grouping="grp")
