"""The survey-design reference data and R's values, checked without R.

* the CSV files of ``data/`` are what ``make_design_data.py`` writes, byte for
  byte;
* ``design_reference.json`` is complete and well formed;
* its values are re-derived from the CSV files by the textbook formulas of
  ``linearised.py`` and agree with R's to 1e-9 (relative): this shows that the
  JSON holds what its R expressions say and pins down what R computes (n_h,
  degf, the design effects, the interval methods).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.reference import linearised as lin
from tests.reference.make_design_data import CASES, DATA_DIR, ITEMS, write_all

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
REFERENCE: dict[str, Any] = json.loads((HERE / "design_reference.json").read_text())
CASE_NAMES = [case.name for case in CASES]
RTOL = 1e-9
# svyciprop(method="logit") stops glm's iterations at its default tolerance:
# its limits are within this (absolute) of the exact ones, here up to 1.4e-9
GLM_ATOL = 5e-9

STATISTICS = ("mean", "se", "svymean", "degf", "nrow", "n_answered", "svyciprop")
INTERVALS = ("logit", "mean", "beta", "logit_df_degf", "xlogit", "xlogit_df_degf")


def assert_close(mine: Any, leaf: dict[str, Any], rtol: float = RTOL) -> None:
    np.testing.assert_allclose(
        np.asarray(mine, dtype=float),
        np.asarray(leaf["value"], dtype=float),
        rtol=rtol,
        atol=1e-15,
        err_msg=leaf["r"],
    )


def design_of(name: str) -> lin.Design:
    case = REFERENCE["cases"][name]
    spec = case["design"]
    sample = lin.read_sample(ROOT / case["file"])
    return lin.Design(
        sample, strata=spec["strata"], weights=spec["weights"], fpc=spec["fpc"]
    )


def blocks(name: str, design: lin.Design) -> Iterator[tuple[str, dict, np.ndarray]]:
    """(item, its JSON block, the rows of its base design): items, then domains."""
    case = REFERENCE["cases"][name]
    everything = design.rows()
    for item, block in case["items"].items():
        yield item, block, everything
    for block in case.get("domains", {}).values():
        assert block["where"] == "uses == 1"  # the one domain condition used
        yield block["item"], block, design.sample.answers["uses"] == 1


def leaves(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "value" in node and "r" in node:
            yield path, node
            return
        for key, child in node.items():
            yield from leaves(child, f"{path}.{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from leaves(child, f"{path}[{i}]")


# --------------------------------------------------------------------------
# the files
# --------------------------------------------------------------------------


def test_data_files_are_reproduced_byte_for_byte(tmp_path: Path) -> None:
    written = write_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(
        p.name for p in DATA_DIR.glob("*.csv")
    )
    for path in written:
        assert path.read_bytes() == (DATA_DIR / path.name).read_bytes(), path.name


def test_data_files_are_small_long_and_coded_as_documented() -> None:
    for case in CASES:
        lines = (DATA_DIR / f"{case.name}.csv").read_text().splitlines()
        assert len(lines) - 1 <= 600, case.name
        header = lines[0].split(",")
        assert header[:3] == ["wave", "org_code", "stratum"]
        assert header[-2:] == list(ITEMS)
        assert ("weight" in header) == (case.weights is not None)
        assert ("N" in header) == case.fpc
        rows = [line.split(",") for line in lines[1:]]
        assert {int(r[0]) for r in rows} == set(case.waves)
        pairs = [(r[0], r[1]) for r in rows]
        assert len(pairs) == len(set(pairs)), "one row per organisation per wave"
        for r in rows:
            assert r[-1] in ("", "0", "1")
            assert r[-2] in ("", "0", "1")


def test_reference_json_has_every_case_item_wave_and_pair() -> None:
    meta = REFERENCE["meta"]
    assert meta["survey_version"] == "4.1.1"
    assert meta["options"]["survey.lonely.psu"] == "fail"
    assert list(REFERENCE["cases"]) == CASE_NAMES
    for case in CASES:
        entry = REFERENCE["cases"][case.name]
        assert entry["file"] == f"tests/reference/data/{case.name}.csv"
        assert entry["waves"] == list(case.waves)
        assert entry["design"]["weights"] == (case.weights is not None)
        assert entry["design"]["fpc"] == case.fpc
        assert entry["design"]["strata"] == (len(case.strata) > 1)
        assert list(entry["items"]) == list(ITEMS)
        expected_pairs = [f"{a}-{b}" for a, b in pairwise(case.waves)]
        if len(case.waves) > 2:
            expected_pairs.append(f"{case.waves[0]}-{case.waves[-1]}")
        all_blocks = list(entry["items"].values()) + list(
            entry.get("domains", {}).values()
        )
        for block in all_blocks:
            assert block["waves_order"] == [str(w) for w in case.waves]
            assert list(block["waves"]) == [str(w) for w in case.waves]
            for per_wave in block["waves"].values():
                assert set(STATISTICS) <= set(per_wave)
                assert set(INTERVALS) <= set(per_wave["svyciprop"])
            k = len(case.waves)
            vcov = block["vcov"]["value"]
            assert len(vcov) == k
            assert all(len(row) == k for row in vcov)
            assert list(block["changes"]) == expected_pairs
        assert ("by_stratum" in entry["items"]["uses"]) == (case.name == "stratified")
    assert list(REFERENCE["cases"]["domains"]["domains"]) == [
        "channel.facebook | uses == 1"
    ]


def test_every_leaf_holds_numbers_and_its_r_expression() -> None:
    found = list(leaves(REFERENCE["cases"]))
    assert len(found) > 700
    for path, leaf in found:
        assert isinstance(leaf["r"], str), path
        assert leaf["r"], path
        value = leaf["value"]
        if value is None:  # a non-finite R value, explained
            assert "Inf" in leaf["note"], path
            continue
        flat = np.asarray(value, dtype=float).ravel()
        assert flat.size >= 1, path
        assert np.isfinite(flat).all(), path
        if ".svyciprop." in path and not path.endswith("logit_estimate"):
            assert flat.size == 2, path
            assert 0.0 <= flat[0] < flat[1] <= 1.0, path


# --------------------------------------------------------------------------
# R's values, re-derived
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASE_NAMES)
def test_means_ses_covariances_and_changes_agree_with_r(name: str) -> None:
    design = design_of(name)
    waves = REFERENCE["cases"][name]["waves"]
    for item, block, base in blocks(name, design):
        est = {w: lin.proportion(design, item, base & design.rows(w)) for w in waves}
        for w in waves:
            entry = block["waves"][str(w)]
            for leaf in (entry["mean"], entry["svymean"]["mean"]):
                assert_close(est[w].value, leaf)
            for leaf in (entry["se"], entry["svymean"]["se"]):
                assert_close(est[w].se, leaf)
        vcov = [
            [lin.covariance(design, est[a].influence, est[b].influence) for b in waves]
            for a in waves
        ]
        assert_close(vcov, block["vcov"])
        for pair, change in block["changes"].items():
            before, after = (int(w) for w in pair.split("-"))
            diff = lin.difference(design, est[before], est[after])
            assert_close(diff.value, change["estimate"])
            assert_close(diff.se, change["se"])
            # the change's variance is the contrast of the covariance matrix
            i, j = waves.index(before), waves.index(after)
            assert diff.se**2 == pytest.approx(
                vcov[i][i] + vcov[j][j] - 2 * vcov[i][j], rel=1e-12
            )


@pytest.mark.parametrize("name", CASE_NAMES)
def test_degf_deff_and_intervals_agree_with_r(name: str) -> None:
    pytest.importorskip("scipy")
    design = design_of(name)
    for item, block, base in blocks(name, design):
        for w, entry in block["waves"].items():
            rows = base & design.rows(int(w))
            est = lin.proportion(design, item, rows)
            df = lin.degf(design, rows)
            assert_close(df, entry["degf"])
            assert_close(int(rows.sum()), entry["nrow"])
            assert_close(
                int((rows & design.rows(item=item)).sum()), entry["n_answered"]
            )
            for replace, key in ((False, "deff"), (True, "deff_replace")):
                leaf = entry["svymean"][key]
                mine = lin.deff(design, item, rows, replace=replace)
                if leaf["value"] is None:
                    assert math.isinf(mine), leaf["r"]
                else:
                    assert_close(mine, leaf)
            ci = entry["svyciprop"]
            p, se = est.value, est.se
            assert_close(lin.ci_mean(p, se), ci["mean"])
            assert_close(lin.ci_logit(p, se), ci["xlogit"])
            assert_close(lin.ci_logit(p, se, df=df), ci["xlogit_df_degf"])
            assert_close(lin.ci_beta(p, se, nrow=int(rows.sum()), degf=df), ci["beta"])
            # method="logit" is the same interval, up to glm's convergence
            for key, dof in (("logit", math.inf), ("logit_df_degf", df)):
                np.testing.assert_allclose(
                    lin.ci_logit(p, se, df=dof), ci[key]["value"], rtol=0, atol=GLM_ATOL
                )
            assert abs(ci["logit_estimate"]["value"] - p) < GLM_ATOL
            if "answered" in entry:  # the same, given only the answered rows
                answered = rows & design.rows(item=item)
                df_a = lin.degf(design, answered)
                assert_close(df_a, entry["answered"]["degf"])
                assert_close(
                    lin.ci_beta(p, se, nrow=int(answered.sum()), degf=df_a),
                    entry["answered"]["beta"],
                )
                np.testing.assert_allclose(
                    lin.ci_logit(p, se, df=df_a),
                    entry["answered"]["logit_df_degf"]["value"],
                    rtol=0,
                    atol=GLM_ATOL,
                )


def test_stratum_estimates_agree_with_r() -> None:
    design = design_of("stratified")
    strata = np.array(design.sample.stratum)
    for item, block in REFERENCE["cases"]["stratified"]["items"].items():
        for w, per_stratum in block["by_stratum"].items():
            assert sorted(per_stratum) == ["large", "medium", "small"]
            for h, leaf in per_stratum.items():
                est = lin.proportion(design, item, design.rows(int(w)) & (strata == h))
                assert_close(est.value, leaf["mean"])
                assert_close(est.se, leaf["se"])


def test_design_facts_agree_with_r() -> None:
    for name in CASE_NAMES:
        design = design_of(name)
        spec = REFERENCE["cases"][name]["design"]
        assert_close(len(design.unit), spec["nrow"])
        assert_close(lin.degf(design, design.rows()), spec["degf"])
        strata = np.array(design.sample.stratum)
        for h, facts in spec["per_stratum"].items():
            rows = strata == h
            orgs = {o for o, keep in zip(design.sample.org, rows, strict=True) if keep}
            assert_close(len(orgs), facts["n_h"])
            assert_close(design.weight[rows].sum(), facts["sum_weights"])
            if "weight" in facts:  # weights R derived: one per stratum
                assert_close(np.unique(design.weight[rows]), facts["weight"])
            if "N_h" in facts:
                assert_close(np.unique(design.sample.N[rows]), facts["N_h"])


# --------------------------------------------------------------------------
# what R does, spelled out
# --------------------------------------------------------------------------


def test_n_h_counts_every_organisation_of_the_design() -> None:
    # three_waves: 15 of the 100 organisations have no 2012 row.  R's SE for
    # 2012 uses n_h = 100 (the absent ones have influence 0), not 85.
    design = design_of("three_waves")
    leaf = REFERENCE["cases"]["three_waves"]["items"]["uses"]["waves"]["2012"]["se"]
    assert design.n == {"(one stratum)": 100}
    assert_close(lin.proportion(design, "uses", design.rows(2012)).se, leaf)

    sample = design.sample
    only = sample.wave == 2012
    wave_only = lin.Design(
        lin.Sample(
            wave=sample.wave[only],
            org=tuple(np.array(sample.org)[only]),
            stratum=tuple(np.array(sample.stratum)[only]),
            weight=None,
            N=sample.N[only],
            answers={k: v[only] for k, v in sample.answers.items()},
        ),
        strata=False,
        weights=False,
        fpc=True,
    )
    assert wave_only.n == {"(one stratum)": 85}
    other = lin.proportion(wave_only, "uses", wave_only.rows(2012)).se
    assert abs(other - leaf["value"]) > 1e-3 * leaf["value"]
    # ... while degf() of the wave counts only the organisations present
    entry = REFERENCE["cases"]["three_waves"]["items"]["uses"]["waves"]["2012"]
    assert entry["degf"]["value"] == 84
    assert REFERENCE["cases"]["three_waves"]["design"]["degf"]["value"] == 99


def test_weights_from_the_fpc_use_n_h_of_all_waves() -> None:
    # partial_panel has no weight column: R's weights are N_h / n_h with n_h
    # the organisations of the stratum in either wave
    facts = REFERENCE["cases"]["partial_panel"]["design"]["per_stratum"]
    for h, n_h, big_n in (("north", 70, 120), ("south", 90, 300)):
        assert facts[h]["n_h"]["value"] == n_h
        assert facts[h]["N_h"]["value"] == big_n
        assert facts[h]["weight"]["value"] == pytest.approx(big_n / n_h, rel=1e-15)


def test_default_deff_is_without_replacement_and_infinite_when_unweighted() -> None:
    domains = REFERENCE["cases"]["domains"]["items"]["uses"]["waves"]["2010"]
    assert domains["svymean"]["deff"]["value"] is None  # Inf: sum(w) = n
    assert domains["svymean"]["deff_replace"]["value"] > 0
    weighted = REFERENCE["cases"]["weighted_pos"]["items"]["uses"]["waves"]["2010"]
    assert (
        weighted["svymean"]["deff"]["value"]
        > weighted["svymean"]["deff_replace"]["value"]
    )


def test_domain_of_the_asked_equals_the_item_blank_when_not_asked() -> None:
    # channel.facebook is blank unless uses == 1, so the domain estimate and
    # the item with its blanks removed are the same numbers
    case = REFERENCE["cases"]["domains"]
    domain = case["domains"]["channel.facebook | uses == 1"]
    item = case["items"]["channel.facebook"]
    for w in ("2010", "2012"):
        for key in ("mean", "se"):
            assert domain["waves"][w][key]["value"] == pytest.approx(
                item["waves"][w][key]["value"], rel=1e-12
            )
    assert domain["changes"]["2010-2012"]["se"]["value"] == pytest.approx(
        item["changes"]["2010-2012"]["se"]["value"], rel=1e-12
    )


def test_items_with_missing_answers_say_why_svyby_drops_them_first() -> None:
    for name in CASE_NAMES:
        design = design_of(name)
        for item, block, base in blocks(name, design):
            missing = bool(np.isnan(design.sample.answers[item][base]).any())
            assert ("svyby_note" in block) == missing, (name, item)
            assert ("!is.na(" in block["svyby"]) == missing, (name, item)
