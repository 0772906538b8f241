"""``benchmarks/frames.py`` runs small and every input kind counts as pandas does.

No timing is asserted: the figures belong in docs/performance.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_small_frames_benchmark_runs_and_agrees() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "frames.py"),
            "--rows",
            "20000",
            "--items",
            "6",
            "--runs",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line.split() for line in done.stdout.splitlines()[2:]]
    kinds = [row[0] for row in rows]
    assert kinds[0] == "pandas"
    assert "duckdb" in kinds
    assert len(kinds) == 11
    assert all(row[-1] == "same" for row in rows), done.stdout
