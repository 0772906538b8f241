"""``benchmarks/scalars.py --quick`` runs, agrees, and prints every target's verdict.

No timing is asserted here (the figures belong in docs/performance.md); the
run fails if a scalar result differs from statsmodels or the array form by
more than 1e-15, or if a target line or its verdict is missing.
"""

from __future__ import annotations

import re

from tests.benchmark_runs import run_benchmark

TARGETS = [
    "rate(61, 100), wilson",
    "pp_delta(rate(38, 62), rate(22, 29)), newcombe",
    "paired_pp_delta(36, 2, 12, 0), newcombe",
]


def test_quick_scalar_benchmark_runs_agrees_and_gives_every_verdict() -> None:
    out = run_benchmark("scalars.py", "--quick")
    assert re.search(r"^agreement: OK \(largest difference", out, re.M), out
    for target in TARGETS:
        assert re.search(rf"^{re.escape(target)}  \(µs per call, median of", out, re.M)
    verdicts = re.findall(r"^  target: .*: [\d.]+ x  (PASS|FAIL)$", out, re.M)
    assert len(verdicts) == 5, out  # three scalar calls, import, report
    for name in ("import numpy", "import skl_socialmedia", "skl-socialmedia report"):
        assert re.search(rf"^  {re.escape(name)} +[\d.]+ ms", out, re.M), name
    assert re.search(r"^verdict: ", out, re.M), out
