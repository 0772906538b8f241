"""``benchmarks/startup.py --quick`` runs and prints every figure and verdict.

No timing is asserted here (the figures belong in docs/performance.md); the
run fails if a command fails, the report prints nothing, or a figure or a
target's verdict is missing.
"""

from __future__ import annotations

import re

from tests.benchmark_runs import run_benchmark

COMMANDS = [
    "python -c pass",
    "import numpy",
    "import skl_socialmedia",
    "skl-socialmedia report",
    "skl-socialmedia report, built-ins only",
]


def test_quick_startup_benchmark_runs_and_gives_every_verdict() -> None:
    out = run_benchmark("startup.py", "--quick")
    title = r"^start-up  \(ms per fresh process, median of 3 rounds; best\)$"
    assert re.search(title, out, re.M), out
    for name in COMMANDS:
        figure = rf"^  {re.escape(name)} +[\d.]+ ms +[\d.]+ x import numpy"
        figure += r"   \(best +[\d.]+ ms\)$"
        assert re.search(figure, out, re.M), name
    verdicts = re.findall(
        r"^  target: (.+) within 1\.5 x import numpy: [\d.]+ x  (?:PASS|FAIL)$",
        out,
        re.M,
    )
    assert verdicts == COMMANDS[2:], out
    assert re.search(r"^verdict: (all targets met|missed: .+)$", out, re.M), out
