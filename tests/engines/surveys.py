"""Hypothesis-generated surveys, and exact comparison of tallies.

The surveys have two or three waves, a few dozen organisations (some absent
from a wave, so the panels are partial), one or two groups, routed items
(``uses``; channels asked of users, a reason of non-users) with missing
answers, and optionally weights and strata.
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs
import numpy as np
from hypothesis import strategies as st

from skl_socialmedia.survey import Design, Survey
from skl_socialmedia.tally import Tally
from skl_socialmedia.tally.numpy_engine import count
from skl_socialmedia.tally.spec import CountSpec

ITEMS = ("uses", "channel.facebook", "channel.twitter", "reason.resources")
CHANNELS = ("channel.facebook", "channel.twitter")


@attrs.frozen
class Case:
    """A generated survey's columns and how to tally them."""

    columns: dict[str, Any]
    weighted: bool
    stratified: bool
    among: str | None
    by: str | None

    @property
    def design(self) -> Design | None:
        if not self.weighted and not self.stratified:
            return None
        return Design(
            weight="weight" if self.weighted else None,
            strata="stratum" if self.stratified else None,
        )

    def survey(self) -> Survey:
        return Survey.from_columns(self.columns, register=None, design=self.design)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(i for i in ITEMS if i != self.among)


@st.composite
def cases(draw: st.DrawFn, *, max_orgs: int = 30) -> Case:
    """A small survey with routed items, missing answers, weights, strata."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n_waves = draw(st.integers(2, 3))
    n_orgs = draw(st.integers(4, max_orgs))
    weighted = draw(st.booleans())
    stratified = draw(st.booleans())
    absent = draw(st.sampled_from([0.0, 0.2, 0.5]))
    missing = draw(st.sampled_from([0.0, 0.1, 0.3]))
    codes = np.array([f"o{i:03d}" for i in range(n_orgs)])
    group = rng.choice(["a", "b"], n_orgs)
    stratum = rng.choice(["s1", "s2"], n_orgs)
    stratum[:4] = ["s1", "s2", "s1", "s2"]  # two organisations per stratum
    rows: dict[str, list[Any]] = {
        k: [] for k in ("wave", "org_code", "grp", "stratum", "weight", *ITEMS)
    }
    for w in range(n_waves):
        present = rng.random(n_orgs) >= absent
        present[: 4 if w == 0 else 1] = True
        for o in np.flatnonzero(present):
            uses = float(rng.random() < 0.7)
            if rng.random() < missing:
                uses = np.nan
            rows["wave"].append(2010 + 2 * w)
            rows["org_code"].append(codes[o])
            rows["grp"].append(group[o])
            rows["stratum"].append(stratum[o])
            rows["weight"].append(float(rng.uniform(0.5, 4.0)))
            rows["uses"].append(uses)
            for channel in CHANNELS:
                answer = float(rng.random() < 0.5) if uses == 1 else np.nan
                if rng.random() < missing:
                    answer = np.nan
                rows[channel].append(answer)
            reason = float(rng.random() < 0.4) if uses == 0 else np.nan
            rows["reason.resources"].append(reason)
    columns: dict[str, Any] = {k: np.asarray(v) for k, v in rows.items()}
    if not weighted:
        del columns["weight"]
    if not stratified:
        del columns["stratum"]
    among = draw(st.sampled_from([None, "uses"]))
    by = draw(st.sampled_from([None, "grp"]))
    return Case(columns, weighted, stratified, among, by)


def fields(tally: Tally) -> dict[str, Any]:
    """Every attrs field of ``tally``, by name."""
    return {f.name: getattr(tally, f.name) for f in attrs.fields(Tally)}


def assert_identical(got: Tally, want: Tally) -> None:
    """Every field equal: labels and their types, arrays with dtype and bits."""
    for name, expected in fields(want).items():
        value = getattr(got, name)
        if isinstance(expected, np.ndarray):
            assert isinstance(value, np.ndarray), name
            assert value.dtype == expected.dtype, name
            assert value.shape == expected.shape, name
            assert value.tobytes() == expected.tobytes(), name
        else:
            # types and reprs: exact, and NaN equal to NaN
            assert _shown(value) == _shown(expected), name


def _shown(value: object) -> list[tuple[type, str]]:
    return [(type(v), repr(v)) for v in _flat(value)]


def _flat(value: object) -> list[object]:
    if isinstance(value, tuple):
        return [x for v in value for x in _flat(v)]
    return [value]


def spec_of(case: Case, survey: Survey, panel_cells: str = "all") -> CountSpec:
    """The spec ``survey.tally`` would count for ``case``, every pair of waves."""
    return CountSpec(
        items=case.items,
        by=case.by or (),
        among=case.among,
        pairs=list(itertools.pairwise(survey.waves)),
        weight="weight" if case.weighted else None,
        panel_cells=panel_cells,  # type: ignore[arg-type]
        design=survey.design if survey.design.linearised else None,
    )


def numpy_tally(case: Case, spec: CountSpec) -> Tally:
    """The numpy engine's tally of ``case``."""
    survey = case.survey()
    return count(spec, survey._parts)


def assert_same_tally(got: Tally, want: Tally) -> None:
    """Every field equal: counts exactly, sums to 1e-12 (summed in another order)."""
    for name, expected in fields(want).items():
        value = getattr(got, name)
        if isinstance(expected, np.ndarray):
            assert isinstance(value, np.ndarray), name
            assert value.dtype == expected.dtype, name
            assert value.shape == expected.shape, name
            if expected.dtype.kind == "f":
                np.testing.assert_allclose(
                    value, expected, rtol=1e-12, atol=0, err_msg=name
                )
            else:
                np.testing.assert_array_equal(value, expected, err_msg=name)
        else:
            assert _shown(value) == _shown(expected), name


def assert_same_tables(got: Tally, want: Tally) -> None:
    """The same rate and change tables, to 1e-12."""
    for table in ("rates", "pp_deltas"):
        a, b = getattr(got, table)(), getattr(want, table)()
        for name, expected in b.columns.items():
            values = np.asarray(a.columns[name])
            if np.asarray(expected).dtype.kind == "f":
                np.testing.assert_allclose(
                    values,
                    expected,
                    rtol=1e-10,
                    atol=1e-12,
                    equal_nan=True,
                    err_msg=f"{table}.{name}",
                )
            else:
                np.testing.assert_array_equal(
                    values, expected, err_msg=f"{table}.{name}"
                )
