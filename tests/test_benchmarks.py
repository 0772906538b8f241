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
    assert any(line.startswith("agreement: OK") for line in lines), done.stdout
    assert sum("agreement: OK" in line for line in lines) == 2, done.stdout  # + CSV
    for name in ("floor", "library", "pandas+statsmodels", "duckdb", "polars"):
        assert any(line.startswith(name) for line in lines), name
    assert "growth" in done.stdout
