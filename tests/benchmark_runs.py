"""Run a benchmark script as its smoke tests do: fresh interpreter, output back.

No timing is asserted by those tests (the figures belong in
docs/performance.md); a benchmark that fails, or prints no figure or verdict,
fails its test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def run_benchmark(script: str, *args: str, timeout: int = 600) -> str:
    """Run ``benchmarks/<script>`` with ``args``; return its standard output.

    The test fails, with the script's whole output, when it exits non-zero.
    """
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
