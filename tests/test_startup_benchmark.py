"""``benchmarks/startup.py --quick`` runs and prints every figure and verdict.

No timing is asserted here (the figures belong in docs/performance.md); the
run fails if a command fails, the report prints nothing, or a figure or a
target's verdict is missing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = [
    "python -c pass",
    "import numpy",
    "import skl_socialmedia",
    "skl-socialmedia report",
    "skl-socialmedia report, built-ins only",
]


def test_quick_startup_benchmark_runs_and_gives_every_verdict() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "startup.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
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
