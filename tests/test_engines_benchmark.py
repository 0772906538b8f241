"""``benchmarks/engines.py --quick`` runs and every engine agrees with numpy.

No timing is asserted: the figures belong in docs/performance.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_engines_benchmark_runs_and_agrees() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "engines.py"),
            "--quick",
            "--runs",
            "1",
            "--only",
            "numpy,duckdb,dask",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for engine in ("numpy", "duckdb", "dask"):
        (row,) = [line for line in lines if line.startswith(engine + " ")]
        assert row.endswith("OK") or row.endswith("reference"), row
    assert any(line.startswith("per call:") for line in lines), done.stdout
