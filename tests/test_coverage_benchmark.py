"""The simulated studies of ``benchmarks/interval_coverage.py`` run, sanely.

Tiny configurations (a few hundred replicates of a few conditions): no
coverage is asserted to be nominal here, only that the numbers are shares,
that the default change interval of a partial panel is the overlap
construction, and that it is narrower than the independent one when the
waves' answers are strongly correlated. The published tables come from
``python benchmarks/interval_coverage.py --panels --weighted-rates``.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from skl_socialmedia import Design, Survey

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "interval_coverage.py"


@pytest.fixture(scope="module")
def study() -> ModuleType:
    spec = importlib.util.spec_from_file_location("coverage_benchmark", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_partial_panels_use_the_overlap_and_it_is_narrower(study: ModuleType) -> None:
    results = study.panel_study(
        replicates=200,
        overlaps=(0.75, 1.0),
        correlations=(0.0, 0.8),
        sizes=(50,),
        rates=((0.2, 0.3), (0.5, 0.6)),
    )
    assert len(results) == 2 * 2 * 2 * 2
    for (weighted, overlap, r, _n, _p), (default, independent) in results.items():
        for found in (default, independent):
            assert 0.0 <= found.below <= 1.0
            assert 0.0 <= found.above <= 1.0
            assert 0.8 <= found.covered <= 1.0
            assert found.covered + found.below + found.above == pytest.approx(1.0)
            assert 0.0 < found.width < 1.0
        assert independent.constructions == {"independent"}
        complete = overlap == 1.0 and not weighted
        assert default.constructions == {"paired" if complete else "overlap"}
        if r == 0.8:
            assert default.width < 0.85 * independent.width
    text = study.panel_report(results, 200, 0.95)
    assert "Partial panels, unweighted:" in text
    assert "default [overlap]" in text
    assert "default [paired]" in text


def test_weighted_rates(study: ModuleType) -> None:
    results = study.rate_study(replicates=150, sizes=(30, 100), rates=(0.1, 0.5))
    assert len(results) == 3 * 2 * 2
    for found in results.values():
        assert set(found) == {"kish", "linearised"}
        for c in found.values():
            assert 0.8 <= c.covered <= 1.0
            assert 0.0 < c.width < 1.0
    # the minority answer in the small weights: Kish's interval is too wide
    small = results["yes in small w", 0.1, 100]
    assert small["kish"].width > small["linearised"].width
    assert "linearised" in study.rate_report(results, 150, 0.95)


def test_population_is_exact(study: ModuleType) -> None:
    for relation in study.RELATIONS.values():
        yes, weights = study.finite_population(0.3, relation, 1)
        assert yes.mean() == 0.3
        assert np.all(weights > 0)
        r = np.corrcoef(weights, yes)[0, 1]
        assert abs(r) < 0.02 if relation == 0 else np.sign(r) == np.sign(relation)


def test_a_replicate_as_a_stratum_is_as_alone(study: ModuleType) -> None:
    """The speed trick: many replicates in one survey change no replicate."""
    rng = np.random.default_rng(3)
    draw = study.draw_panel(rng, 5, 20, 0.5, (0.3, 0.4), 0.4, True)
    design = Design(weight="weight", strata="rep")
    together = Survey.from_columns(
        study.panel_columns(draw, slice(0, 5)),
        items=["uses"],
        register=None,
        design=design,
    ).pp_deltas("uses", by="rep")
    alone = Survey.from_columns(
        study.panel_columns(draw, slice(3, 4)),
        items=["uses"],
        register=None,
        design=Design(weight="weight"),
    ).pp_deltas("uses")
    row = together.select(group="3")
    for name in ("value", "low", "high", "se"):
        assert getattr(row, name) == pytest.approx(getattr(alone, name), rel=1e-12)
    assert row.construction[0] == alone.construction[0] == "overlap"


def test_command_line_runs_both_studies() -> None:
    flags = ["--panels", "--weighted-rates", "--replicates", "4"]
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *flags],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for header in (
        "Partial panels, unweighted:",
        "Partial panels, weighted",
        "weighted rates",
        "total runtime",
    ):
        assert header in done.stdout
