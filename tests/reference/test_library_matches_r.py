"""The library's design-based rates equal R ``survey``'s on the reference data.

Each case of ``design_reference.json`` is read with the canonical CSV source
and the design R was given (``Design(weight=, strata=, population=)``); every
wave's rate, its standard error, its design effect ("replace") and its Wald
and logit intervals (normal quantile) must equal R's to 1e-9 (the design
effect up to R's factor n/(n − 1), see below); the domain of
``channel.facebook`` among ``uses`` = 1 too, and the rates per stratum. R's
``svyciprop(method="logit")`` stops its glm at 1e-8, so the logit limits are
compared with R's exact ``xlogit`` form (see the JSON's notes).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import skl_socialmedia as sm
from skl_socialmedia.sources import read_csv

HERE = Path(__file__).parent
REFERENCE = json.loads((HERE / "design_reference.json").read_text(encoding="utf-8"))
CASES = REFERENCE["cases"]
RTOL = 1e-9


def survey_of(name: str) -> sm.Survey:
    design = CASES[name]["design"]
    path = HERE / "data" / f"{name}.csv"
    given = sm.Design(
        weight="weight" if design["weights"] else None,
        strata="stratum" if design["strata"] else None,
        population="N" if design["fpc"] else None,
        variance="linearised",  # also for simple random sampling, as R
    )
    survey = read_csv(path, register=None, routing=False)
    return survey.with_design(given)


def close(mine: float, leaf: dict[str, Any], rtol: float = RTOL) -> None:
    expected = leaf["value"]
    assert mine == pytest.approx(expected, rel=rtol, abs=1e-15), leaf["r"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_rates_and_standard_errors_equal_r(name: str) -> None:
    survey = survey_of(name)
    for item, block in CASES[name]["items"].items():
        table = survey.rates(item)
        for wave, ref in block["waves"].items():
            row = table.select(wave=wave)
            close(float(row.value[0]), ref["mean"])
            close(float(row.se[0]), ref["se"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_wald_and_logit_intervals_equal_r(name: str) -> None:
    survey = survey_of(name)
    for item, block in CASES[name]["items"].items():
        for method, key in (("wald", "mean"), ("logit", "xlogit")):
            table = survey.rates(item, method=method)
            for wave, ref in block["waves"].items():
                row = table.select(wave=wave)
                low, high = ref["svyciprop"][key]["value"]
                assert float(row.low[0]) == pytest.approx(low, rel=RTOL)
                assert float(row.high[0]) == pytest.approx(high, rel=RTOL)


def test_the_design_effect_is_rs_replace_design_effect() -> None:
    checked = 0
    for name in sorted(CASES):
        survey = survey_of(name)
        for item, block in CASES[name]["items"].items():
            table = survey.rates(item)
            for wave, ref in block["waves"].items():
                leaf = ref["svymean"]["deff_replace"]
                row = table.select(wave=wave)
                # R divides by s²/n with s² = n/(n − 1)·p(1 − p); we by p(1 − p)/n
                n = float(row.n[0])
                close(float(row.design_effect[0]) * (n - 1) / n, leaf, rtol=1e-8)
                checked += 1
    assert checked > 20


def test_a_domain_among_users_equals_r() -> None:
    survey = survey_of("domains")
    (block,) = CASES["domains"]["domains"].values()
    table = survey.rates("channel.facebook", among="uses")
    for wave, ref in block["waves"].items():
        row = table.select(wave=wave)
        close(float(row.value[0]), ref["mean"])
        close(float(row.se[0]), ref["se"])


def test_the_rates_of_each_stratum_equal_r() -> None:
    survey = survey_of("stratified")
    for item, block in CASES["stratified"]["items"].items():
        table = survey.rates(item, by="stratum")
        for wave, per_stratum in block["by_stratum"].items():
            for stratum, ref in per_stratum.items():
                row = table.select(wave=wave, group=stratum)
                close(float(row.value[0]), ref["mean"])
                close(float(row.se[0]), ref["se"])


def test_one_rate_is_the_whole_populations_estimate() -> None:
    # survey.rate on a stratified design: R's svymean over all strata
    survey = survey_of("stratified")
    ref = CASES["stratified"]["items"]["uses"]["waves"]["2012"]
    rate = survey.rate("uses", wave=2012)
    close(rate.value, ref["mean"])
    close(rate.se, ref["se"])
    assert rate.design == "linearised"
    assert rate.effective_n == pytest.approx(
        rate.value * (1 - rate.value) / rate.se**2, rel=1e-12
    )


def test_design_degrees_of_freedom_give_students_t() -> None:
    survey = survey_of("stratified")
    units = CASES["stratified"]["design"]
    normal = survey.rates("uses", method="wald")
    student = survey.rates("uses", method="wald", df="design")
    df = float(student.df[0])
    assert df == units["degf"]["value"]  # organisations less strata
    assert math.isinf(float(normal.df[0]))
    from scipy import stats

    q = stats.t.ppf(0.975, df)
    for i in range(len(student)):
        half = q * float(student.se[i])
        assert float(student.low[i]) == pytest.approx(student.value[i] - half)
        assert float(student.high[i]) == pytest.approx(student.value[i] + half)
        assert student.high[i] - student.low[i] > normal.high[i] - normal.low[i]


def test_kish_stays_available_and_differs_where_the_weights_follow_the_answer() -> None:
    survey = survey_of("weighted_pos")
    kish = survey.with_design(sm.Design(weight="weight", variance="kish"))
    linear, approximate = survey.rates("uses"), kish.rates("uses")
    np.testing.assert_allclose(linear.value, approximate.value, rtol=1e-12)
    assert approximate.design == "weighted (Kish)"
    # the answer follows the weights: Kish's size misses R's by over 5 %
    ref = CASES["weighted_pos"]["items"]["uses"]["waves"]
    for i, wave in enumerate(linear.wave):
        p, n_kish = approximate.value[i], approximate.effective_n[i]
        se_kish = math.sqrt(p * (1 - p) / n_kish)
        assert abs(se_kish / ref[str(wave)]["se"]["value"] - 1) > 0.05
        close(float(linear.se[i]), ref[str(wave)]["se"])


def _pairs(block: dict[str, Any]) -> list[tuple[str, str]]:
    return [(b, a) for b, a in (key.split("-") for key in block["changes"])]


@pytest.mark.parametrize("name", sorted(CASES))
def test_changes_and_their_standard_errors_equal_rs_svycontrast(name: str) -> None:
    """Every respondent of both waves, the covariance through the organisations
    that answered both: R's svyby(covmat=TRUE) and svycontrast(c(-1, 1))."""
    survey = survey_of(name)
    for item, block in CASES[name]["items"].items():
        table = survey.pp_deltas(item, pairs=_pairs(block), method="wald")
        for key, ref in block["changes"].items():
            before, after = key.split("-")
            row = table.select(before_wave=before, after_wave=after)
            close(float(row.value[0]), ref["estimate"])
            close(float(row.se[0]), ref["se"])
            assert row.construction[0] == "overlap"
            assert not row.paired[0]
            half = float(row.high[0]) - float(row.value[0])
            assert half == pytest.approx(1.959963984540054 * ref["se"]["value"])


def test_a_domains_change_equals_r() -> None:
    survey = survey_of("domains")
    (block,) = CASES["domains"]["domains"].values()
    table = survey.pp_deltas("channel.facebook", among="uses", method="wald")
    for key, ref in block["changes"].items():
        before, after = key.split("-")
        row = table.select(before_wave=before, after_wave=after)
        close(float(row.value[0]), ref["estimate"])
        close(float(row.se[0]), ref["se"])


def test_the_covariance_narrows_a_panels_change() -> None:
    # positively correlated answers: the overlap interval is narrower than
    # the independent one on the same effective sizes, and reduces to it
    # (Newcombe's method 10) when the waves are taken as independent
    survey = survey_of("weighted_panel")
    overlap = survey.pp_deltas("uses")
    independent = survey.pp_deltas("uses", paired=False)
    assert overlap.construction[0] == "overlap"
    assert independent.construction[0] == "independent"
    assert (overlap.high - overlap.low)[0] < (independent.high - independent.low)[0]
    rates = survey.rates("uses")
    before, after = (
        sm.RateArray(
            successes=rates.successes[[i]],
            total=rates.total[[i]],
            value=rates.value[[i]],
            low=rates.low[[i]],
            high=rates.high[[i]],
            method="wilson",
            confidence=0.95,
            effective_n=rates.effective_n[[i]],
        )
        for i in (0, 1)
    )
    newcombe = sm.pp_delta_array(before, after)
    assert float(independent.low[0]) == pytest.approx(float(newcombe.low[0]), rel=1e-12)
    assert float(independent.high[0]) == pytest.approx(
        float(newcombe.high[0]), rel=1e-12
    )


def test_a_complete_unweighted_panel_keeps_newcombes_paired_interval() -> None:
    # simple random sampling, every organisation in both waves: paired="auto"
    # gives the 2x2 table's interval (Newcombe's paired method 10) exactly
    survey = read_csv(HERE / "data" / "srs_fpc.csv", register=None, routing=False)
    delta = survey.pp_delta("uses", before=2010, after=2012)
    assert delta.paired
    cells = survey.tally("uses", pairs=[("2010", "2012")]).panel_cells[0, 0, 0]
    expected = sm.paired_pp_delta(*(float(c) for c in cells))
    assert (delta.low, delta.high) == (expected.low, expected.high)
    # with the design's population sizes the change is the design's instead
    design = survey.with_design(sm.Design(population="N"))
    row = design.pp_deltas("uses", method="wald")
    ref = CASES["srs_fpc"]["items"]["uses"]["changes"]["2010-2012"]
    close(float(row.se[0]), ref["se"])


def test_the_worked_example_in_the_guide_is_the_r_transcript() -> None:
    """The guide's R script and both outputs are the stored R files.

    The docs test checks that the guide's Python block prints its output, so
    the library reproduces the R transcript line for line.
    """
    here = Path(__file__).parent
    guide = (here.parents[1] / "docs" / "guide" / "weights_panels_strata.md").read_text(
        encoding="utf-8"
    )
    script = (here / "worked_example.R").read_text(encoding="utf-8")
    transcript = (here / "worked_example.Rout").read_text(encoding="utf-8")
    section = guide.split("## Checking against R, line for line", 1)[1]
    assert f"```r\n{script}```" in section
    assert section.count(f"```text\n{transcript}```") == 2
