"""``benchmarks/frames.py`` runs small and every input kind counts as pandas does.

No timing is asserted: the figures belong in docs/performance.md.
"""

from __future__ import annotations

from tests.benchmark_runs import run_benchmark


def test_small_frames_benchmark_runs_and_agrees() -> None:
    out = run_benchmark("frames.py", "--rows", "20000", "--items", "6", "--runs", "1")
    rows = [line.split() for line in out.splitlines()[2:]]
    kinds = [row[0] for row in rows]
    assert kinds[0] == "pandas"
    assert "duckdb" in kinds
    assert len(kinds) == 11
    assert all(row[-1] == "same" for row in rows), out
