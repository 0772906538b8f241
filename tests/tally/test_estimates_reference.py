"""Hypothesis-generated surveys against a naive per-row reference computation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import (
    design_rate,
    paired_pp_delta,
    pp_delta,
    rate,
    weighted_rate,
)
from skl_socialmedia.survey import Design, Survey
from tests.reference import linearised as lin

GROUPS = ("a", "b", "c")


@dataclass
class Row:
    wave: int
    org: str
    group: str
    answers: list[int]
    weight: float


@st.composite
def surveys(
    draw: Any, weighted: bool | None = None
) -> tuple[list[Row], int, bool, int | None]:
    n_waves = draw(st.integers(1, 3))
    n_items = draw(st.integers(1, 3))
    n_orgs = draw(st.integers(1, 12))
    if weighted is None:
        weighted = draw(st.booleans())
    among = draw(st.sampled_from([None, 0])) if n_items > 1 else None
    rows = []
    for o in range(n_orgs):
        home = draw(st.sampled_from(GROUPS))
        for w in range(n_waves):
            if not draw(st.booleans()) and draw(st.booleans()):
                continue  # absent in this wave (about a quarter of the time)
            moved = draw(st.integers(0, 9)) == 0
            rows.append(
                Row(
                    wave=2010 + 2 * w,
                    org=f"o{o}",
                    group=draw(st.sampled_from(GROUPS)) if moved else home,
                    answers=draw(
                        st.lists(
                            st.sampled_from([-1, 0, 1, 1]),
                            min_size=n_items,
                            max_size=n_items,
                        )
                    ),
                    weight=draw(st.floats(0.1, 5.0)) if weighted else 1.0,
                )
            )
    rows = draw(st.permutations(rows))
    return rows, n_items, weighted, among


def columns(rows: list[Row], n_items: int, weighted: bool) -> dict[str, Any]:
    cols: dict[str, Any] = {
        "wave": [r.wave for r in rows],
        "org_code": [r.org for r in rows],
        "grp": [r.group for r in rows],
    }
    for j in range(n_items):
        cols[f"q{j}"] = [{1: "ja", 0: "nej", -1: ""}[r.answers[j]] for r in rows]
    if weighted:
        cols["weight"] = [r.weight for r in rows]
    return cols


def counted(row: Row, j: int, among: int | None) -> bool:
    return row.answers[j] >= 0 and (among is None or row.answers[among] == 1)


def close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, abs_tol=1e-12)


@settings(max_examples=60, deadline=None)
@given(surveys())
def test_tally_rates_and_deltas_match_a_naive_reference(
    case: tuple[list[Row], int, bool, int | None],
) -> None:
    rows, n_items, weighted, among = case
    if not rows:
        return
    items = [f"q{j}" for j in range(n_items)]
    # the reference's weighted rates are Kish's (see the linearised test below)
    kish = Design(weight="weight", variance="kish") if weighted else None
    survey = Survey.from_columns(
        columns(rows, n_items, weighted), items=items, register=None, design=kish
    )
    among_item = None if among is None else items[among]
    tally = survey.tally(by="grp", among=among_item)
    assert not tally.design_based
    waves = sorted({r.wave for r in rows})
    assert tally.waves == tuple(str(w) for w in waves)
    for w, wave in enumerate(waves):
        for g, group in enumerate(tally.groups):
            cell_rows = [r for r in rows if r.wave == wave and r.group == group]
            assert tally.respondents[w, g] == len(cell_rows)
            for i, item in enumerate(tally.items):
                j = items.index(item)
                base = [r for r in cell_rows if counted(r, j, among)]
                yes = [r for r in base if r.answers[j] == 1]
                assert tally.base[w, g, i] == len(base)
                assert tally.yes[w, g, i] == len(yes)
                if weighted:
                    assert tally.weighted_base is not None
                    assert tally.weighted_yes is not None
                    assert tally.squared_weights is not None
                    assert close(
                        tally.weighted_base[w, g, i], sum(r.weight for r in base)
                    )
                    assert close(
                        tally.weighted_yes[w, g, i], sum(r.weight for r in yes)
                    )
                    assert close(
                        tally.squared_weights[w, g, i], sum(r.weight**2 for r in base)
                    )

    table = survey.rates(by="grp", among=among_item)
    for row in table:
        j = items.index(row.item)
        base = [
            r
            for r in rows
            if str(r.wave) == row.wave and r.group == row.group and counted(r, j, among)
        ]
        yes = [r for r in base if r.answers[j] == 1]
        if not base:
            assert math.isnan(row.value)
            continue
        if weighted:
            expected = weighted_rate(
                sum(r.weight for r in yes),
                sum(r.weight for r in base),
                sum(r.weight**2 for r in base),
            )
        else:
            expected = rate(len(yes), len(base))
        assert close(row.value, expected.value)
        assert close(row.low, expected.low)
        assert close(row.high, expected.high)
        assert bool(row.low_base) == expected.flags.suppress

    deltas = survey.pp_deltas(by="grp", among=among_item)
    for row in deltas:
        j = items.index(row.item)

        def answers(wave: str, row: Any = row, j: int = j) -> dict[str, Row]:
            return {
                r.org: r
                for r in rows
                if str(r.wave) == wave and r.group == row.group and counted(r, j, among)
            }

        before, after = answers(row.before_wave), answers(row.after_wave)
        both = set(before) & set(after)
        assert row.n_pairs == len(both)
        full = bool(both) and set(before) == set(after) == both
        assert bool(row.paired) == (full and not weighted)
        if row.paired:
            cells = [0, 0, 0, 0]
            for org in both:
                b, a = before[org].answers[j], after[org].answers[j]
                cells[{(1, 1): 0, (1, 0): 1, (0, 1): 2, (0, 0): 3}[(b, a)]] += 1
            expected = paired_pp_delta(*cells)
        elif before and after:

            def make(sample: dict[str, Row], j: int = j) -> Any:
                base = list(sample.values())
                yes = [r for r in base if r.answers[j] == 1]
                if weighted:
                    return weighted_rate(
                        sum(r.weight for r in yes),
                        sum(r.weight for r in base),
                        sum(r.weight**2 for r in base),
                    )
                return rate(len(yes), len(base))

            if both and not weighted:
                expected = naive_overlap(before, after, both, j)
                assert row.construction == "overlap"
            else:
                expected = pp_delta(make(before), make(after))
                assert row.construction == "independent"
        else:
            assert math.isnan(row.value)
            continue
        assert close(row.value, expected.value)
        assert close(row.low, expected.low)
        assert close(row.high, expected.high)
        assert close(row.p_value, expected.p_value)
        assert row.test == expected.test


def naive_overlap(
    before: dict[str, Row], after: dict[str, Row], both: set[str], j: int
) -> Any:
    """A partial panel's change by the formulas, one organisation at a time.

    Each wave's Wilson interval; the covariance of the two rates
    Σ_{both} (y_b − p_b)(y_a − p_a) / (n_b n_a), its positive sum less 1/2 for
    the MOVER limits; the pooled z test with the pooled rate in place of both.
    """
    y_b = {org: float(r.answers[j]) for org, r in before.items()}
    y_a = {org: float(r.answers[j]) for org, r in after.items()}
    n_b, n_a = len(y_b), len(y_a)
    r_b, r_a = rate(sum(y_b.values()), n_b), rate(sum(y_a.values()), n_a)
    p_b, p_a = r_b.value, r_a.value
    products = sum((y_b[o] - p_b) * (y_a[o] - p_a) for o in both)
    if products > 0:  # Newcombe's continuity correction (his paired method 10)
        products = max(products - 0.5, 0.0)
    spread = math.sqrt(p_b * (1 - p_b) / n_b * p_a * (1 - p_a) / n_a)
    corr = products / (n_b * n_a) / spread if spread > 0 else 0.0
    d = p_a - p_b
    lo_a, up_a, lo_b, up_b = (
        p_a - r_a.low,
        r_a.high - p_a,
        p_b - r_b.low,
        r_b.high - p_b,
    )
    low = d - math.sqrt(max(lo_a**2 - 2 * corr * lo_a * up_b + up_b**2, 0.0))
    high = d + math.sqrt(max(up_a**2 - 2 * corr * up_a * lo_b + lo_b**2, 0.0))
    pooled = (sum(y_b.values()) + sum(y_a.values())) / (n_b + n_a)
    cov0 = sum((y_b[o] - pooled) * (y_a[o] - pooled) for o in both) / (n_b * n_a)
    var0 = pooled * (1 - pooled) * (1 / n_b + 1 / n_a) - 2 * cov0
    if var0 > 1e-15:
        z = abs(d) / math.sqrt(var0)
        p_value = math.erfc(z / math.sqrt(2))
    else:
        p_value = 1.0 if d == 0 else 0.0
    return SimpleNamespace(
        value=d,
        low=max(low, -1.0),
        high=min(high, 1.0),
        p_value=p_value,
        test="pooled z (overlap)",
    )


def reference_design(rows: list[Row], items: list[str]) -> lin.Design:
    """The rows as the loop-based reference reads them: one stratum."""
    sample = lin.Sample(
        wave=np.array([r.wave for r in rows]),
        org=tuple(r.org for r in rows),
        stratum=("all",) * len(rows),
        weight=np.array([r.weight for r in rows]),
        N=None,
        answers={
            item: np.array(
                [math.nan if r.answers[j] < 0 else float(r.answers[j]) for r in rows]
            )
            for j, item in enumerate(items)
        },
    )
    return lin.Design(sample, strata=False, weights=True, fpc=False)


@settings(max_examples=60, deadline=None)
@given(surveys(weighted=True))
def test_linearised_rates_match_the_loop_reference(
    case: tuple[list[Row], int, bool, int | None],
) -> None:
    rows, n_items, _weighted, among = case
    if not rows:
        return
    items = [f"q{j}" for j in range(n_items)]
    survey = Survey.from_columns(
        columns(rows, n_items, True), items=items, register=None
    )
    assert survey.design == Design(weight="weight")
    among_item = None if among is None else items[among]
    tally = survey.tally(by="grp", among=among_item)
    assert tally.design_based
    assert tally.strata == ("all",)
    orgs = {r.org for r in rows}
    assert tally.stratum_units.tolist() == [len(orgs)]
    assert tally.population_sizes.tolist() == [math.inf]
    if len(orgs) == 1 and tally.base.any():
        # one sampling unit: no variance estimate (R: a lonely PSU)
        with pytest.raises(InvalidArgumentError, match="one organisation"):
            survey.rates(by="grp", among=among_item)
        return

    reference = reference_design(rows, items)
    group_of = np.array([r.group for r in rows])
    among_yes = (
        np.ones(len(rows), dtype=bool)
        if among is None
        else np.array([r.answers[among] == 1 for r in rows])
    )
    moments = tally.design_moments
    table = survey.rates(by="grp", among=among_item)
    assert table.design == "linearised"
    for row in table:
        w, g, i = (
            tally.waves.index(row.wave),
            tally.groups.index(row.group),
            tally.items.index(row.item),
        )
        j = items.index(row.item)
        base = [
            r
            for r in rows
            if str(r.wave) == row.wave and r.group == row.group and counted(r, j, among)
        ]
        yes = [r for r in base if r.answers[j] == 1]
        expected_moments = [
            sum(r.weight for r in yes),
            sum(r.weight for r in base),
            sum(r.weight**2 for r in yes),
            sum(r.weight**2 for r in base),
        ]
        for got, want in zip(moments[w, g, 0, i], expected_moments, strict=True):
            assert close(got, want)
        if not base:
            assert math.isnan(row.value)
            continue
        domain = reference.rows(wave=int(row.wave)) & (group_of == row.group)
        estimate = lin.proportion(reference, row.item, domain & among_yes)
        expected = design_rate(
            expected_moments[0],
            expected_moments[1],
            estimate.se**2,
            n=len(base),
        )
        assert close(row.value, estimate.value)
        assert close(row.se, estimate.se)
        assert close(row.low, expected.low)
        assert close(row.high, expected.high)
        assert row.n == len(base)

    for row in survey.pp_deltas(by="grp", among=among_item):
        assert not row.paired  # a design never uses the 2x2 panel table


def test_reference_on_a_fixed_survey() -> None:
    rng = np.random.default_rng(7)
    n = 400
    survey = Survey.from_columns(
        {
            "wave": np.repeat([2010, 2012], n // 2),
            "org_code": np.tile([f"e{i}" for i in range(n // 2)], 2),
            "sector": rng.choice(["x", "y"], n),
            "q": rng.choice([1.0, 0.0, np.nan], n),
        },
        items=["q"],
        register=None,
    )
    table = survey.rates(by="sector")
    q = survey.column("q")
    sector = survey.column("sector")
    wave = survey.column("wave")
    for row in table:
        mask = (sector == row.group) & (wave == row.wave) & (q >= 0)
        assert row.n == mask.sum()
        assert row.successes == (q[mask] == 1).sum()
