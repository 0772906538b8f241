"""``benchmarks/csv_path.py`` runs small, and the library counts as polars does.

No timing is asserted: the figures belong in docs/performance.md.
"""

from __future__ import annotations

import pytest

from tests.benchmark_runs import run_benchmark


def test_quick_csv_path_benchmark_runs_and_agrees() -> None:
    pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    out = run_benchmark("csv_path.py", "--quick")
    assert "load:      library / polars.read_csv = " in out
    assert "whole job: library / polars = " in out
    assert "target: load within 1.5 x polars.read_csv: " in out
    assert "agreement: OK" in out
