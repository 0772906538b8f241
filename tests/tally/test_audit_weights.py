# ruff: noqa: N802 (test names carry the defect IDs of DEFECTS.md: test_W1_…)
"""Regressions of the reliability audit (DEFECTS.md) in the tally: weights.

W3 (weights of any scale give the same estimates), W5 (estimate options
checked up front), W6 (weights that sum to zero are said so) and M9 (no
overflow, no warning). The surveys are those of the audit's input files
``weight_1e-170.csv``, ``weight_1e200.csv`` and ``weight_zero_all.csv``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from skl_socialmedia import Survey, report_from_survey
from skl_socialmedia.errors import DataError, InvalidArgumentError, UnknownNameError
from skl_socialmedia.report.from_tally import ZERO_WEIGHTS
from skl_socialmedia.survey.design import Design
from skl_socialmedia.tally import EstimateOptions, Tally
from skl_socialmedia.tally.numpy_engine.scaling import weight_scale

ORGS = ["0114", "0115", "0117", "0120", "0123", "0125"]


def _audit_file(weight: float) -> Survey:
    """The audit's weight_*.csv: two organisations, uses 0 then 1, one weight."""
    return Survey.from_columns(
        {
            "wave": ["2010", "2012", "2010", "2012"],
            "org_code": ["0114", "0114", "0115", "0115"],
            "weight": [weight] * 4,
            "uses": [0, 1, 0, 1],
        }
    )


def _columns(factor: float, orgs: list[str] = ORGS) -> dict[str, list[object]]:
    n = len(orgs)
    weights = [0.5, 1.0, 2.5, 1.5, 3.0, 0.75, 1.25, 2.0, 1.0, 0.5, 4.0, 1.0]
    uses = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0]
    pick = [ORGS.index(o) for o in orgs] + [len(ORGS) + ORGS.index(o) for o in orgs]
    return {
        "wave": ["2010"] * n + ["2012"] * n,
        "org_code": orgs * 2,
        "org_kind": ["municipality"] * (2 * n),
        "uses": [uses[i] for i in pick],
        "weight": [weights[i] * factor for i in pick],
    }


DESIGNS = {
    "auto (linearised)": None,
    "kish": Design(weight="weight", variance="kish"),
    "strata": Design(weight="weight", strata="org_kind"),
}


def _estimates(survey: Survey) -> np.ndarray:
    r = survey.rates()
    d = survey.pp_deltas()
    return np.concatenate(
        [r.value, r.low, r.high, r.effective_n, r.se, d.value, d.low, d.high, d.se]
    )


# --- W3 ------------------------------------------------------------------------------


@pytest.mark.parametrize("weight", [1e-170, 1e200, 1e-300, 1e300])
def test_W3_equal_weights_of_any_size_give_the_unit_weights_estimates(
    weight: float,
) -> None:
    expected = _estimates(_audit_file(1.0))
    got = _estimates(_audit_file(weight))
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    assert np.all(np.isfinite(got))


def test_W3_rate_of_weights_1e_170_is_a_rate_not_no_answers() -> None:
    survey = _audit_file(1e-170)
    r = survey.rate("uses", wave=2012)
    assert r.value == 1.0
    assert r.total == pytest.approx(2e-170)
    unit = _audit_file(1.0).rate("uses", wave=2012)
    assert (r.low, r.high, r.effective_n) == pytest.approx(
        (unit.low, unit.high, unit.effective_n), rel=1e-12
    )


@pytest.mark.parametrize("design", DESIGNS.values(), ids=list(DESIGNS))
@pytest.mark.parametrize("k", [-560, -300, 300, 660])
def test_W3_rates_design_rates_and_changes_are_scale_invariant(
    design: Design | None, k: int
) -> None:
    kw = {} if design is None else {"design": design}
    plain = Survey.from_columns(_columns(1.0), **kw)
    scaled = Survey.from_columns(_columns(math.ldexp(1.0, k)), **kw)
    # a power of two changes no rounding: the very same numbers
    np.testing.assert_array_equal(_estimates(scaled), _estimates(plain))
    # the tables' sums are the weights' own, unscaled
    assert scaled.rates().total == pytest.approx(
        plain.rates().total * math.ldexp(1.0, k), rel=1e-15
    )


@pytest.mark.parametrize("design", DESIGNS.values(), ids=list(DESIGNS))
@pytest.mark.parametrize("factor", [1e-170, 3.7e-90, 1e200, 2.2e250])
def test_W3_estimates_invariant_to_any_factor(
    design: Design | None, factor: float
) -> None:
    kw = {} if design is None else {"design": design}
    plain = Survey.from_columns(_columns(1.0), **kw)
    scaled = Survey.from_columns(_columns(factor), **kw)
    np.testing.assert_allclose(_estimates(scaled), _estimates(plain), rtol=1e-12)


def test_W3_weight_scale_is_zero_for_ordinary_weights() -> None:
    assert weight_scale(np.array([0.5, 1.0, 2e10])) == 0
    assert weight_scale(np.array([0.0, 0.0])) == 0
    assert weight_scale(None) == 0
    big = np.array([1e200, 3e200])
    scale = weight_scale(big)
    assert 0.5 <= np.mean(np.ldexp(big, -scale)) < 1.0
    tiny = np.array([1e-170, 0.0, 2e-170])
    assert 0.5 <= np.mean(np.ldexp(tiny[tiny > 0], -weight_scale(tiny))) < 1.0


def test_W3_a_scaled_tally_keeps_its_scale_and_unscaled_totals() -> None:
    survey = Survey.from_columns(_columns(1e200), design=DESIGNS["kish"])
    tally = survey.tally()
    assert tally.weight_scale != 0
    assert tally.weighted_base is not None
    assert np.all(np.isfinite(tally.squared_weights))
    total = math.fsum(w for w, wave in zip(_columns(1e200)["weight"],
                                           _columns(1e200)["wave"], strict=True)
                      if wave == "2010")  # fmt: skip
    assert tally.rates().total[0] == pytest.approx(total, rel=1e-14)


@pytest.mark.parametrize("design", [DESIGNS["kish"], DESIGNS["strata"]])
@pytest.mark.parametrize(
    ("factor_a", "factor_b"),
    [(1.0, 1.0), (2.0**-600, 2.0**-600), (2.0**600, 2.0**600), (1e-170, 1e-170)],
)
def test_W3_shards_of_any_scale_add_up_to_the_whole(
    design: Design, factor_a: float, factor_b: float
) -> None:
    pairs = [("2010", "2012")]
    whole = Survey.from_columns(_columns(1.0), design=design).tally(pairs=pairs)
    a = Survey.from_columns(_columns(factor_a, ORGS[:3]), design=design)
    b = Survey.from_columns(_columns(factor_b, ORGS[3:]), design=design)
    merged = a.tally(pairs=pairs) + b.tally(pairs=pairs)
    back = Tally.from_long(
        *merged.to_long(),
        waves=merged.waves,
        groups=merged.groups,
        grouping=merged.grouping,
        among=merged.among,
    )
    assert back.weight_scale == merged.weight_scale
    for tally in (merged, back):
        for got, expected in (
            (tally.rates(), whole.rates()),
            (tally.pp_deltas(), whole.pp_deltas()),
        ):
            np.testing.assert_allclose(got.value, expected.value, rtol=1e-12)
            np.testing.assert_allclose(got.low, expected.low, rtol=1e-12)
            np.testing.assert_allclose(got.high, expected.high, rtol=1e-12)


def test_W3_shards_of_different_scales_add_at_the_larger() -> None:
    design = DESIGNS["kish"]
    a = Survey.from_columns(_columns(1.0, ORGS[:3]), design=design).tally()
    b = Survey.from_columns(_columns(2.0**300, ORGS[3:]), design=design).tally()
    merged = a + b
    assert merged.weight_scale == max(a.weight_scale, b.weight_scale)
    # the same as adding b's weights at a's scale: b's sums dominate
    expected = b.rates()
    assert np.all(np.isfinite(merged.rates().value))
    assert merged.rates().value == pytest.approx(expected.value, abs=1e-12)


def test_W3_shards_too_far_apart_in_scale_are_refused() -> None:
    design = DESIGNS["kish"]
    a = Survey.from_columns(_columns(1.0, ORGS[:3]), design=design).tally()
    b = Survey.from_columns(_columns(2.0**700, ORGS[3:]), design=design).tally()
    with pytest.raises(InvalidArgumentError, match=r"differ in scale .* 2\*\*70"):
        a + b


def test_W3_weight_scale_is_checked() -> None:
    tally = Survey.from_columns(_columns(1.0)).tally()
    with pytest.raises(InvalidArgumentError, match="whole number"):
        Tally(tally.waves, tally.groups, tally.items, tally.respondents,
              tally.yes, tally.base, weight_scale=1.5)  # type: ignore[arg-type]  # fmt: skip
    with pytest.raises(InvalidArgumentError, match="needs weighted sums"):
        Tally(tally.waves, tally.groups, tally.items, tally.respondents,
              tally.yes, tally.base, weight_scale=3)  # fmt: skip


def test_W3_population_sizes_of_1e300_give_finite_design_rates() -> None:
    columns = {k: v for k, v in _columns(1.0).items() if k != "weight"}
    small = Survey.from_columns(
        columns, design=Design(strata="org_kind", population={"municipality": 1e100})
    )
    huge = Survey.from_columns(
        columns, design=Design(strata="org_kind", population={"municipality": 1e300})
    )
    np.testing.assert_allclose(_estimates(huge), _estimates(small), rtol=1e-12)
    assert huge.rates().total[0] == pytest.approx(1e300)


# --- M9 ---------------------------------------------------------------------------


def test_M9_weights_of_1e200_report_without_warning_or_error() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = report_from_survey(_audit_file(1e200))
    values = [e.value for row in report.rows for e in row.estimates]
    unit = report_from_survey(_audit_file(1.0))
    assert values == [e.value for row in unit.rows for e in row.estimates]


# --- W5 -------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["rate_method", "delta_method", "paired_method"])
def test_W5_estimate_options_check_every_method(field: str) -> None:
    with pytest.raises(UnknownNameError, match="nosuch"):
        EstimateOptions(**{field: "nosuch"})  # type: ignore[arg-type]


def test_W5_estimate_options_check_the_confidence() -> None:
    with pytest.raises(InvalidArgumentError, match="confidence"):
        EstimateOptions(confidence=1.5)


def test_W5_unknown_method_is_an_error_also_when_the_change_is_paired() -> None:
    survey = Survey.from_columns(
        {
            "wave": ["2010", "2012", "2010", "2012"],
            "org_code": ["0114", "0114", "0115", "0115"],
            "uses": [1, 0, 1, 1],
        }
    )
    assert survey.pp_delta("uses", before=2010, after=2012).paired
    with pytest.raises(UnknownNameError, match="unknown delta method 'nosuch'"):
        survey.pp_delta("uses", before=2010, after=2012, method="nosuch")  # type: ignore[arg-type]
    with pytest.raises(UnknownNameError, match="paired delta method"):
        survey.pp_delta(
            "uses",
            before=2010,
            after=2012,
            paired_method="nosuch",  # type: ignore[arg-type]
        )


# --- W6 -------------------------------------------------------------------------------


def test_W6_zero_weights_are_noted_on_the_estimate() -> None:
    report = report_from_survey(_audit_file(0.0))
    estimates = [e for row in report.rows for e in row.estimates]
    assert estimates
    for estimate in estimates:
        assert estimate.value is None
        assert estimate.note == ZERO_WEIGHTS
        assert estimate.n == 2
    assert ZERO_WEIGHTS.en == "the weights of the answers sum to zero"
    assert ZERO_WEIGHTS.sv == "svarens vikter summerar till noll"


def test_W6_zero_weights_in_one_wave_only() -> None:
    survey = Survey.from_columns(
        {
            "wave": ["2010", "2012", "2010", "2012"],
            "org_code": ["0114", "0114", "0115", "0115"],
            "weight": [0.0, 1.0, 0.0, 2.0],
            "uses": [0, 1, 0, 1],
        }
    )
    (row,) = report_from_survey(survey).rows
    first, second = row.estimates
    assert (first.value, first.note) == (None, ZERO_WEIGHTS)
    assert second.value == 1.0
    assert second.note is None


def test_W6_rate_says_the_weights_sum_to_zero() -> None:
    with pytest.raises(
        DataError, match="weights of the answers to 'uses' in wave '2010' sum to zero"
    ):
        _audit_file(0.0).rate("uses", wave=2010)
