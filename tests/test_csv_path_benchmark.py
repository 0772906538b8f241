"""``benchmarks/csv_path.py`` runs small, and the library counts as polars does.

No timing is asserted: the figures belong in docs/performance.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_quick_csv_path_benchmark_runs_and_agrees() -> None:
    pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "csv_path.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "load:      library / polars.read_csv = " in out
    assert "whole job: library / polars = " in out
    assert "target: load within 1.5 x polars.read_csv: " in out
    assert "agreement: OK" in out
