"""paired="auto", forced pairing, weights and the finite population correction."""

from __future__ import annotations

import numpy as np
import pytest

from skl_socialmedia.errors import DataError, InvalidArgumentError, UnknownNameError
from skl_socialmedia.statistics import paired_pp_delta, pp_delta, rate
from skl_socialmedia.survey import Design, Survey, register_populations


def two_waves(
    before: list[str], after: list[str], codes_b: list[str], codes_a: list[str]
) -> Survey:
    return Survey.from_columns(
        {
            "wave": [2010] * len(before) + [2012] * len(after),
            "org_code": codes_b + codes_a,
            "uses": before + after,
        },
        register=None,
    )


CODES = [f"o{i}" for i in range(10)]
BEFORE = ["ja"] * 4 + ["nej"] * 6
AFTER = ["ja"] * 7 + ["nej"] * 3


def test_auto_picks_paired_for_a_panel() -> None:
    survey = two_waves(BEFORE, AFTER, CODES, CODES)
    delta = survey.pp_delta("uses", before=2010, after=2012)
    assert delta.paired
    assert delta.test == "McNemar"
    # o0-o3 yes in both, o4-o6 yes only after, o7-o9 neither.
    expected = paired_pp_delta(4, 0, 3, 3)
    assert delta == expected


def test_auto_picks_independent_for_disjoint_samples() -> None:
    other = [f"p{i}" for i in range(10)]
    survey = two_waves(BEFORE, AFTER, CODES, other)
    delta = survey.pp_delta("uses", before=2010, after=2012)
    assert not delta.paired
    assert delta == pp_delta(rate(4, 10), rate(7, 10))


def test_auto_joins_a_partial_overlap_by_its_correlation() -> None:
    survey = two_waves(BEFORE, AFTER, CODES, [*CODES[:9], "new"])
    delta = survey.pp_delta("uses", before=2010, after=2012)
    assert not delta.paired
    assert delta.construction == "overlap"
    assert delta.n_pairs == 9
    # Cov = Σ_both (y_b − .4)(y_a − .7)/(10 · 10) = 0.92/100 (see test_changes)
    assert delta.se == pytest.approx((0.024 + 0.021 - 2 * 0.0092) ** 0.5)
    assert delta.correlation == pytest.approx(0.0092 / (0.024 * 0.021) ** 0.5)
    assert delta.design_effect == pytest.approx(delta.se**2 / 0.045)
    table = survey.pp_deltas()
    assert table.n_pairs.tolist() == [9]
    assert table.n_before.tolist() == [10]
    # Item non-response breaks the panel too.
    survey = two_waves(BEFORE, [*AFTER[:9], ""], CODES, CODES)
    assert not survey.pp_delta("uses", before=2010, after=2012).paired


def test_paired_true_uses_the_overlap_only() -> None:
    survey = two_waves(BEFORE, AFTER, CODES, [*CODES[:9], "new"])
    delta = survey.pp_delta("uses", before=2010, after=2012, paired=True)
    assert delta.paired
    assert delta == paired_pp_delta(4, 0, 3, 2)
    table = survey.pp_deltas(paired=True)
    assert table.paired.tolist() == [True]
    disjoint = two_waves(BEFORE, AFTER, CODES, [f"p{i}" for i in range(10)])
    with pytest.raises(DataError, match="in both"):
        disjoint.pp_delta("uses", before=2010, after=2012, paired=True)
    assert np.isnan(disjoint.pp_deltas(paired=True).value).all()


def test_paired_false_forces_independent() -> None:
    survey = two_waves(BEFORE, AFTER, CODES, CODES)
    delta = survey.pp_delta("uses", before=2010, after=2012, paired=False)
    assert not delta.paired
    assert delta == pp_delta(rate(4, 10), rate(7, 10))
    with pytest.raises(InvalidArgumentError, match="paired must be"):
        survey.pp_deltas(paired="yes")  # type: ignore[arg-type]


def _weighted_two_waves(design: Design | None = None) -> Survey:
    return Survey.from_columns(
        {
            "wave": [2010] * 10 + [2012] * 10,
            "org_code": CODES + CODES,
            "uses": BEFORE + AFTER,
            "weight": [1.0, 2.0] * 10,
        },
        register=None,
        design=design,
    )


def test_kish_weighted_surveys_use_independent_intervals() -> None:
    survey = _weighted_two_waves(Design(weight="weight", variance="kish"))
    delta = survey.pp_delta("uses", before=2010, after=2012)
    assert not delta.paired
    rates = survey.rates()
    assert rates.design == "weighted (Kish)"
    assert rates.effective_n[0] == pytest.approx(15**2 / 25)
    with pytest.raises(InvalidArgumentError, match="weighted"):
        survey.pp_delta("uses", before=2010, after=2012, paired=True)
    with pytest.raises(InvalidArgumentError, match="weights"):
        survey.rates(population=100)


def test_weighted_surveys_are_linearised_and_never_paired() -> None:
    survey = _weighted_two_waves()
    assert survey.design == Design(weight="weight")
    delta = survey.pp_delta("uses", before=2010, after=2012)
    assert not delta.paired  # a complete panel, but weighted
    rates = survey.rates()
    assert rates.design == "linearised"
    # by hand: one stratum of the 10 organisations; in 2010 o0-o3 say yes
    # (weights 1, 2, 1, 2), so p = 6/15 and z_i = w_i (y_i - p) / 15 (mean 0)
    weights = np.array([1.0, 2.0] * 5)
    for k, yes in enumerate((BEFORE, AFTER)):
        y = np.array([answer == "ja" for answer in yes], dtype=float)
        p = (weights * y).sum() / weights.sum()
        z = weights * (y - p) / weights.sum()
        variance = 10 / 9 * (z**2).sum()
        assert rates.value[k] == pytest.approx(p, rel=1e-12)
        assert rates.se[k] == pytest.approx(np.sqrt(variance), rel=1e-12)
        assert rates.effective_n[k] == pytest.approx(p * (1 - p) / variance, rel=1e-12)
        assert rates.design_effect[k] == pytest.approx(
            variance / (p * (1 - p) / 10), rel=1e-12
        )
    with pytest.raises(InvalidArgumentError, match="weighted"):
        survey.pp_delta("uses", before=2010, after=2012, paired=True)
    with pytest.raises(InvalidArgumentError, match="design"):
        survey.rates(population=100)


def test_pairs_and_waves() -> None:
    survey = Survey.from_columns(
        {
            "wave": [1, 2, 3] * 3,
            "org_code": ["a", "a", "a", "b", "b", "b", "c", "c", "c"],
            "uses": [0, 1, 1, 0, 0, 1, 1, 1, 1],
        },
        register=None,
    )
    consecutive = survey.pp_deltas()
    assert list(zip(consecutive.before_wave, consecutive.after_wave, strict=False)) == [
        ("1", "2"),
        ("2", "3"),
    ]
    asked = survey.pp_deltas(pairs=[(1, 3)])
    assert asked.value.tolist() == pytest.approx([2 / 3])
    assert asked.paired.tolist() == [True]
    with pytest.raises(InvalidArgumentError, match="itself"):
        survey.pp_deltas(pairs=[(1, 1)])
    with pytest.raises(UnknownNameError):
        survey.pp_deltas(pairs=[(1, 4)])


def fpc_survey() -> Survey:
    codes = ["0114", "0115", "0117", "0120", "01", "03", "04"]
    return Survey.from_columns(
        {
            "wave": [2010] * 7,
            "org_code": codes,
            "uses": [1, 1, 0, "", 1, 0, 1],
            "channel.facebook": [1, 0, "", "", 1, "", ""],
        }
    )


def test_finite_population_correction() -> None:
    survey = fpc_survey()
    populations = register_populations()
    table = survey.rates("uses", by="org_kind", population=populations)
    assert table.design == "finite population"
    # Municipalities: 3 of 4 respondents answered, sampling fraction 4/290.
    assert table.population.tolist() == [290.0, 20.0]
    assert table.effective_n.tolist() == pytest.approx([2 / (1 - 3 / 290), 2 / 0.85])
    large = survey.rates("uses", by="org_kind", population=5)
    plain = survey.rates("uses", by="org_kind")
    assert (large.high - large.low < plain.high - plain.low).all()
    # A census: population equal to the respondents gives a zero-width interval.
    census = survey.rates(
        "uses",
        by="org_kind",
        population={
            "municipality": 4,
            "county_council": 3,
        },
    )
    assert census.high[1] - census.low[1] == 0
    assert census.high[0] - census.low[0] > 0  # one blank answer
    single = survey.where(org_kind="landsting").rate("uses", wave=2010, population=3)
    assert single.high == single.low == pytest.approx(2 / 3)


def test_population_of_a_filtered_base_is_estimated() -> None:
    survey = fpc_survey()
    table = survey.rates(
        "channel.facebook",
        by="org_kind",
        among="uses",
        population=register_populations(),
    )
    # 2 users of 4 municipal respondents: domain population 2 × 290 / 4.
    assert table.population.tolist() == [145.0, 40 / 3]


def test_population_errors() -> None:
    survey = fpc_survey()
    with pytest.raises(UnknownNameError, match="all"):
        survey.rates("uses", population={"municipality": 290})
    with pytest.raises(InvalidArgumentError, match="more than its population"):
        survey.rates("uses", population=3)
    with pytest.raises(InvalidArgumentError, match="positive"):
        survey.rates("uses", population=-1)


def test_rate_without_answers() -> None:
    survey = fpc_survey().where(org_code="03")
    with pytest.raises(DataError, match="no answers"):
        survey.rate("channel.facebook", wave=2010)


def test_methods_pass_through() -> None:
    survey = two_waves(BEFORE, AFTER, CODES, [f"p{i}" for i in range(10)])
    table = survey.rates(method="agresti-coull", confidence=0.9)
    assert table.method == "agresti-coull"
    assert table.confidence == 0.9
    deltas = survey.pp_deltas(method="wald")
    assert deltas.method.tolist() == ["wald"]
    with pytest.raises(UnknownNameError):
        survey.rates(method="bogus")
