"""Benchmark: start-up time of fresh processes against ``import numpy`` (issue 19).

Target: ``skl-socialmedia report`` (the embedded SKL figures, as text) and
``python -c "import skl_socialmedia"`` within 1.5 x of ``python -c "import
numpy"``. The report is timed twice: as the environment has it (with every
installed third-party plugin, which the report must import to know what each
claims) and with the built-in plugins only (``SKL_SOCIALMEDIA_LOAD_PLUGINS=``,
what a plain install runs).

Bytecode goes to a temporary cache (``PYTHONPYCACHEPREFIX``), written in a
warm-up run, as an installed package has its own. Timing: one round runs
every command once, in a rotating order, so that noise from the machine
falls on all alike; figures are medians over the rounds,
ratios taken within each round and then their median (the best time is
shown too: the least disturbed run). A missed target is a
finding printed with its verdict, not a failure: the exit status is non-zero
only if a command fails or the report prints nothing.

Run:  python benchmarks/startup.py [--quick] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 1.5
BASELINE = "import numpy"
#: The commands whose ratio to the baseline has a target.
TARGETED = (
    "import skl_socialmedia",
    "skl-socialmedia report",
    "skl-socialmedia report, built-ins only",
)


def _report_command() -> list[str]:
    script = Path(sys.executable).with_name("skl-socialmedia")
    if script.exists():
        return [str(script), "report"]
    return [sys.executable, "-m", "skl_socialmedia", "report"]  # pragma: no cover


def commands(cache: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Return each timed command and its environment, by name.

    Bytecode is written to (and read from) ``cache``, whatever
    ``PYTHONDONTWRITEBYTECODE`` says: an installed package has its bytecode,
    and a source tree edited since its ``__pycache__`` was written would
    otherwise be compiled anew in every run.
    """
    env = dict(os.environ)
    env.pop("SKL_SOCIALMEDIA_LOAD_PLUGINS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache
    builtins_only = {**env, "SKL_SOCIALMEDIA_LOAD_PLUGINS": ""}
    return {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        BASELINE: ([sys.executable, "-c", "import numpy"], env),
        "import skl_socialmedia": (
            [sys.executable, "-c", "import skl_socialmedia"],
            env,
        ),
        "skl-socialmedia report": (_report_command(), env),
        "skl-socialmedia report, built-ins only": (_report_command(), builtins_only),
    }


def _run(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run ``command`` once; return its wall time and its standard output."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}"
        )
    return elapsed, done.stdout


def time_startup(runs: int) -> list[str]:
    """Time every command over ``runs`` rounds; print medians, return misses."""
    with tempfile.TemporaryDirectory(prefix="skl-startup-") as cache:
        return _time_startup(runs, cache)


def _time_startup(runs: int, cache: str) -> list[str]:
    timed = commands(cache)
    names = list(timed)
    for name in names:  # warm-up: the file system cache, the bytecode
        _, out = _run(*timed[name])
        if name.startswith("skl-socialmedia report") and "2010" not in out:
            raise SystemExit(f"{name} printed no report: {out[:200]!r}")
    times: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for round_index in range(runs):
        shift = round_index % len(names)
        this_round = {name: _run(*timed[name])[0] for name in names[shift:]}
        this_round.update({name: _run(*timed[name])[0] for name in names[:shift]})
        for name in names:
            times[name].append(this_round[name])
            ratios[name].append(this_round[name] / this_round[BASELINE])
    print(f"start-up  (ms per fresh process, median of {runs} rounds; best)")
    for name in names:
        median = statistics.median(times[name]) * 1e3
        ratio = statistics.median(ratios[name])
        best = min(times[name]) * 1e3
        print(
            f"  {name:<40} {median:8.1f} ms   {ratio:5.2f} x {BASELINE}"
            f"   (best {best:6.1f} ms)"
        )
    misses: list[str] = []
    for name in TARGETED:
        ratio = statistics.median(ratios[name])
        ok = ratio <= TARGET
        print(
            f"  target: {name} within {TARGET:g} x {BASELINE}: "
            f"{ratio:.2f} x  {'PASS' if ok else 'FAIL'}"
        )
        if not ok:
            misses.append(name)
    return misses


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the figures and a verdict."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="CI-sized smoke run")
    parser.add_argument("--runs", type=int, default=20, help="timed rounds")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else max(args.runs, 5)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    misses = time_startup(runs)
    verdict = "all targets met" if not misses else "missed: " + "; ".join(misses)
    print(f"verdict: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
