"""Tally: shards add up to the whole, alignment, validation, external counts."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.survey import Design, Survey
from skl_socialmedia.tally import Tally

#: The weighted designs: the earlier Kish approximation and R's linearisation.
DESIGNS = (None, Design(weight="weight", variance="kish"), Design(weight="weight"))


def panel(seed: int, n_orgs: int = 60, weighted: bool = False) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    codes = np.array([f"e{i}" for i in range(n_orgs)])
    size = rng.choice(["small", "medium", "large"], n_orgs)
    rows = []
    for wave in (2019, 2020, 2021):
        present = rng.random(n_orgs) < 0.85
        rows.append((np.full(present.sum(), wave), codes[present], size[present]))
    n = sum(len(r[0]) for r in rows)
    columns: dict[str, Any] = {
        "wave": np.concatenate([r[0] for r in rows]),
        "org_code": np.concatenate([r[1] for r in rows]),
        "size": np.concatenate([r[2] for r in rows]),
        "uses": rng.choice([1.0, 0.0, np.nan], n, p=[0.6, 0.35, 0.05]),
        "channel.facebook": rng.choice([1.0, 0.0, np.nan], n),
    }
    if weighted:
        columns["weight"] = rng.uniform(0.5, 3.0, n)
    return columns


def assert_same(a: Tally, b: Tally) -> None:
    assert a.waves == b.waves
    assert a.groups == b.groups
    assert a.items == b.items
    assert a.pairs == b.pairs
    np.testing.assert_array_equal(a.respondents, b.respondents)
    np.testing.assert_array_equal(a.domain_rows, b.domain_rows)
    np.testing.assert_array_equal(a.yes, b.yes)
    np.testing.assert_array_equal(a.base, b.base)
    np.testing.assert_array_equal(a.panel_cells, b.panel_cells)
    for name in ("weighted_yes", "weighted_base", "squared_weights"):
        x, y = getattr(a, name), getattr(b, name)
        assert (x is None) == (y is None)
        if x is not None:
            np.testing.assert_allclose(x, y, rtol=1e-12)
    assert a.design_based == b.design_based
    assert a.strata == b.strata
    if b.design_based:
        np.testing.assert_array_equal(a.stratum_units, b.stratum_units)
        np.testing.assert_array_equal(a.population_sizes, b.population_sizes)
        np.testing.assert_allclose(a.design_moments, b.design_moments, rtol=1e-12)


def design_fields(tally: Tally, order: list[int]) -> dict[str, Any]:
    """The design fields of ``tally``, its groups in ``order`` (axis 1)."""
    if not tally.design_based:
        return {}
    fields = {
        "strata": tally.strata,
        "units": tally.stratum_units,
        "strata_population": tally.population_sizes,
        "moments": tally.design_moments[:, order],
    }
    # any further per-group design arrays (e.g. per pair) have groups on axis 1
    for name in attrs.fields_dict(Tally):
        value = getattr(tally, name)
        if name not in fields and name.endswith("moments") and value is not None:
            fields[name] = value[:, order]
    return fields


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    shards=st.integers(2, 5),
    design=st.sampled_from(DESIGNS),
    among=st.sampled_from([None, "uses"]),
)
def test_shards_by_organisation_add_up_to_the_whole(
    seed: int, shards: int, design: Design | None, among: str | None
) -> None:
    survey = Survey.from_columns(
        panel(seed, weighted=design is not None),
        register=None,
        design=design,
        routing=False,  # random answers: channels of non-users too
    )
    whole = survey.tally(by="size", among=among)
    assert whole.design_based == (design is not None and design.linearised)
    codes = survey.column("org_code")
    shard_of = np.array([int(c[1:]) % shards for c in codes])
    parts = [
        survey.where(org_code=sorted(set(codes[shard_of == s].tolist())))
        for s in range(shards)
        if (shard_of == s).any()
    ]
    total = parts[0].tally(by="size", among=among)
    for part in parts[1:]:
        total = total + part.tally(by="size", among=among)
    # Groups absent from a shard are aligned by label; order them as the whole.
    assert set(total.groups) == set(whole.groups)
    order = [total.groups.index(g) for g in whole.groups]
    reordered = Tally(
        total.waves,
        whole.groups,
        total.items,
        total.respondents[:, order],
        total.yes[:, order],
        total.base[:, order],
        *(
            None if x is None else x[:, order]
            for x in (total.weighted_yes, total.weighted_base, total.squared_weights)
        ),
        pairs=total.pairs,
        panel=total.panel_cells[:, order],
        grouping=total.grouping,
        among=total.among,
        domain=total.domain_rows[:, order],
        **design_fields(total, order),
    )
    assert_same(reordered, whole)
    a = reordered.rates()
    b = whole.rates()
    assert a.design == b.design
    np.testing.assert_allclose(a.value, b.value, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(a.low, b.low, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(a.se, b.se, rtol=1e-12, equal_nan=True)


def test_shards_by_wave_lose_only_the_panel() -> None:
    survey = Survey.from_columns(panel(3), register=None, routing=False)
    whole = survey.tally()
    by_wave = survey.where(wave=[2019]).tally(pairs=()) + survey.where(
        wave=[2020, 2021]
    ).tally(pairs=())
    np.testing.assert_array_equal(by_wave.base, whole.base)
    assert by_wave.pairs == ()
    with pytest.raises(InvalidArgumentError, match="not tallied"):
        by_wave.pp_deltas()
    independent = by_wave.pp_deltas(paired=False)
    assert not independent.paired.any()


def test_tally_from_external_counts() -> None:
    # Counts from any engine: 2 waves, 1 group, 1 item.
    tally = Tally(
        waves=["2010", "2012"],
        groups=["all"],
        items=["uses"],
        respondents=[[20], [20]],
        yes=[[[12]], [[13]]],
        base=[[[19]], [[15]]],
    )
    table = tally.rates()
    assert table.value.round(3).tolist() == [0.632, 0.867]
    deltas = tally.pp_deltas(paired=False)
    assert deltas.before_wave.tolist() == ["2010"]
    assert not deltas.paired[0]


def test_tally_validation() -> None:
    good: dict[str, Any] = {
        "waves": ["1"],
        "groups": ["all"],
        "items": ["uses"],
        "respondents": [[3]],
        "yes": [[[1]]],
        "base": [[[2]]],
    }
    Tally(**good)
    for change, message in [
        ({"yes": [[[3]]]}, "more yes"),
        ({"base": [[[-1]]]}, "negative"),
        ({"base": [[[1.5]]]}, "whole numbers"),
        ({"respondents": [[1, 2]]}, "shape"),
        ({"pairs": [("1", "2")]}, "not a wave"),
        ({"weighted_yes": [[[1.0]]]}, "go together"),
    ]:
        with pytest.raises(InvalidArgumentError, match=message):
            Tally(**{**good, **change})
    a = Tally(**good)
    weighted = Tally(
        **good,
        weighted_yes=[[[1.0]]],
        weighted_base=[[[2.0]]],
        squared_weights=[[[2.0]]],
    )
    with pytest.raises(InvalidArgumentError, match="weighted"):
        a + weighted
    with pytest.raises(InvalidArgumentError, match="among"):
        a + Tally(**good, among="uses")
    assert a.__add__(3) is NotImplemented


def test_design_fields_are_validated() -> None:
    good: dict[str, Any] = {
        "waves": ["1"],
        "groups": ["all"],
        "items": ["uses"],
        "respondents": [[3]],
        "yes": [[[1]]],
        "base": [[[2]]],
    }
    design: dict[str, Any] = {
        "strata": ["all"],
        "units": [3],
        "strata_population": [np.inf],
        "moments": [[[[[1.5, 3.0, 2.25, 4.5]]]]],
    }
    tally = Tally(**good, **design)
    assert tally.design_based
    assert tally.design_moments.shape == (1, 1, 1, 1, 4)
    assert not Tally(**good).design_based
    for change, message in [
        ({"strata": ()}, "need strata"),
        ({"units": None}, "needs units"),
        ({"units": [3, 4]}, "shape"),
        ({"moments": [[[[1.5, 3.0, 2.25, 4.5]]]]}, "moments has shape"),
        ({"moments": [[[[[-1.0, 3.0, 2.25, 4.5]]]]]}, "not negative"),
        ({"strata_population": [2.0]}, "smaller than its units"),
    ]:
        with pytest.raises(InvalidArgumentError, match=message):
            Tally(**good, **{**design, **change})
    with pytest.raises(InvalidArgumentError, match="design_based"):
        Tally(**good) + tally
    twice = tally + tally
    assert twice.stratum_units.tolist() == [6]
    np.testing.assert_array_equal(twice.design_moments, 2 * tally.design_moments)
    finite = Tally(**good, **{**design, "strata_population": [10.0]})
    with pytest.raises(InvalidArgumentError, match="population sizes"):
        tally + finite


def test_merging_aligns_waves_and_items() -> None:
    a = Tally(
        waves=["2012"],
        groups=["x"],
        items=["uses"],
        respondents=[[2]],
        yes=[[[1]]],
        base=[[[2]]],
    )
    b = Tally(
        waves=["2010"],
        groups=["y"],
        items=["q"],
        respondents=[[3]],
        yes=[[[3]]],
        base=[[[3]]],
    )
    c = a + b
    assert c.waves == ("2010", "2012")
    assert c.groups == ("x", "y")
    assert c.items == ("uses", "q")
    assert c.base.tolist() == [[[0, 0], [0, 3]], [[2, 0], [0, 0]]]
