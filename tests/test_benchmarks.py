"""``benchmarks/perf.py --quick`` runs and every contender agrees with the library.

No timing is asserted here: the benchmark's figures belong in
docs/performance.md, not in a unit test. Skipped without the ``bench`` extra.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTENDERS = ("floor", "library", "pandas+statsmodels", "duckdb", "polars")
TARGETS = (
    "library <= 2 x floor",
    "library >= 3 x faster than pandas+statsmodels",
    "library faster than duckdb",
    "library peak extra < 1.5 x int8 matrix",
)


def test_quick_benchmark_runs_and_agrees() -> None:
    for module in ("pandas", "statsmodels", "duckdb", "polars"):
        pytest.importorskip(module)
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "perf.py"),
            "--quick",
            "--runs",
            "5",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    # one agreement per layout, one for the CSV readers
    assert sum(line.startswith("agreement: OK") for line in lines) == 2, done.stdout
    assert sum("agreement: OK" in line for line in lines) == 3, done.stdout
    for layout in ("panel", "distinct"):
        assert any(line.startswith(f"layout {layout}:") for line in lines), layout
        for target in TARGETS:
            verdicts = [
                line
                for line in lines
                if line.startswith(f"target [{layout}, 1 x] {target}")
            ]
            assert len(verdicts) == 1, (layout, target, done.stdout)
            assert verdicts[0].endswith((": PASS", ": MISS")), verdicts[0]
    rows = [line.split() for line in lines]
    for name in CONTENDERS:  # a row of the table per layout
        found = [row for row in rows if row[:1] == [name] and row[1].endswith("ms")]
        assert len(found) == 2, (name, done.stdout)
    assert "library peak extra, each process:" in done.stdout
    assert "growth" in done.stdout
