"""``benchmarks/engines.py --quick`` runs and every engine agrees with numpy.

No timing is asserted: the figures belong in docs/performance.md.
"""

from __future__ import annotations

from tests.benchmark_runs import run_benchmark


def test_quick_engines_benchmark_runs_and_agrees() -> None:
    out = run_benchmark(
        "engines.py", "--quick", "--runs", "1", "--only", "numpy,duckdb,dask"
    )
    lines = out.splitlines()
    for engine in ("numpy", "duckdb", "dask"):
        (row,) = [line for line in lines if line.startswith(engine + " ")]
        assert row.endswith("OK") or row.endswith("reference"), row
    assert any(line.startswith("per call:") for line in lines), out
