"""Benchmark: scalar calls against statsmodels, and the import / start-up time.

Targets (issue 19), each printed with its verdict:

* ``rate(61, 100)`` (Wilson) at least 10 x faster than statsmodels'
  ``proportion_confint(61, 100, method="wilson")``;
* ``pp_delta(rate(38, 62), rate(22, 29))`` (Newcombe's hybrid score, the two
  rates included) at least 10 x faster than statsmodels'
  ``confint_proportions_2indep(22, 29, 38, 62, method="newcomb")``; the change
  on two rates already made is shown too;
* ``paired_pp_delta(36, 2, 12, 0)`` (Newcombe's paired method 10) at least
  10 x faster than the array form ``paired_pp_delta_array(...)[()]``, the path
  every scalar call took before (statsmodels has no paired interval);
* ``python -c "import skl_socialmedia"`` and ``skl-socialmedia report`` within
  1.5 x of ``python -c "import numpy"``, each a fresh process.

Each scalar call is also timed against the same formula written in plain
Python over ``math`` and ``statistics.NormalDist`` (no validation, no result
object): the floor of a Python-level call.  Every library result is checked
against statsmodels (Wilson, Newcombe) and against the array form (all three)
to 1e-15.

Timing: one round times every contender once, in a rotating order, so noise
from the machine falls on all alike; a contender's time per call is the best
of three ``timeit`` blocks in its round, and figures are medians over the
rounds (at least 5), ratios taken within each round and then their median.

Run:  python benchmarks/scalars.py [--quick] [--runs 7]
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from statistics import NormalDist
from typing import Any

import skl_socialmedia as sm
from skl_socialmedia.statistics import paired_pp_delta_array, rate_array

TOLERANCE = 1e-15
SCALAR_TARGET = 10.0
IMPORT_TARGET = 1.5


def plain_wilson(x: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson interval in plain Python: the floor of a scalar call."""
    z = NormalDist().inv_cdf((1.0 + confidence) / 2.0)
    p = x / n
    z2n = z * z / n
    centre = (p + z2n / 2.0) / (1.0 + z2n)
    half = z / (1.0 + z2n) * math.sqrt(p * (1.0 - p) / n + z2n / (4.0 * n))
    return max(centre - half, 0.0), min(centre + half, 1.0)


def plain_newcombe(x1: float, n1: float, x2: float, n2: float) -> tuple[float, float]:
    """Newcombe's hybrid score interval for ``x2/n2 − x1/n1`` in plain Python."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = plain_wilson(x1, n1)
    l2, u2 = plain_wilson(x2, n2)
    d = p2 - p1
    return (
        d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2),
        d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2),
    )


def plain_paired_newcombe(
    a: float, b: float, c: float, d: float
) -> tuple[float, float]:
    """Newcombe's paired method 10 in plain Python."""
    n = a + b + c + d
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = plain_wilson(a + b, n)
    l2, u2 = plain_wilson(a + c, n)
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    cross = a * d - b * c
    numerator = max(cross - n / 2.0, 0.0) if cross > 0.0 else cross
    phi = numerator / math.sqrt(margins) if margins > 0.0 else 0.0
    delta = p2 - p1
    down2, up1, up2, down1 = p2 - l2, u1 - p1, u2 - p2, p1 - l1
    return (
        delta - math.sqrt(max(down2**2 - 2 * phi * down2 * up1 + up1**2, 0.0)),
        delta + math.sqrt(max(up2**2 - 2 * phi * up2 * down1 + down1**2, 0.0)),
    )


def contenders() -> dict[str, dict[str, Callable[[], Any]]]:
    """The scalar targets: name -> contender -> a call of no arguments."""
    before, after = sm.rate(38, 62), sm.rate(22, 29)
    rate_targets: dict[str, Callable[[], Any]] = {
        "library": lambda: sm.rate(61, 100),
        "plain python": lambda: plain_wilson(61, 100),
        "array form": lambda: rate_array(61, 100)[()],
    }
    delta_targets: dict[str, Callable[[], Any]] = {
        "library": lambda: sm.pp_delta(sm.rate(38, 62), sm.rate(22, 29)),
        "library, rates made": lambda: sm.pp_delta(before, after),
        "plain python": lambda: plain_newcombe(38, 62, 22, 29),
    }
    paired_targets: dict[str, Callable[[], Any]] = {
        "library": lambda: sm.paired_pp_delta(36, 2, 12, 0),
        "plain python": lambda: plain_paired_newcombe(36, 2, 12, 0),
        "array form": lambda: paired_pp_delta_array(36, 2, 12, 0)[()],
    }
    try:
        from statsmodels.stats.proportion import (
            confint_proportions_2indep,
            proportion_confint,
        )
    except ImportError:  # pragma: no cover - without the bench extra
        print("statsmodels: not installed (the bench extra); no comparison")
    else:
        rate_targets["statsmodels"] = lambda: proportion_confint(
            61, 100, method="wilson"
        )
        delta_targets["statsmodels"] = lambda: confint_proportions_2indep(
            22, 29, 38, 62, method="newcomb"
        )
    return {
        "rate(61, 100), wilson": rate_targets,
        "pp_delta(rate(38, 62), rate(22, 29)), newcombe": delta_targets,
        "paired_pp_delta(36, 2, 12, 0), newcombe": paired_targets,
    }


#: target -> (the contender the library must beat, how many times)
REFERENCES = {
    "rate(61, 100), wilson": "statsmodels",
    "pp_delta(rate(38, 62), rate(22, 29)), newcombe": "statsmodels",
    "paired_pp_delta(36, 2, 12, 0), newcombe": "array form",
}


def agreement() -> list[str]:
    """Compare the library's scalar results with statsmodels and the array form."""
    problems: list[str] = []
    worst = 0.0

    def check(label: str, ours: tuple[float, ...], theirs: tuple[float, ...]) -> None:
        nonlocal worst
        for mine, other in zip(ours, theirs, strict=True):
            gap = abs(float(mine) - float(other))
            worst = max(worst, gap)
            if not gap <= TOLERANCE:
                problems.append(f"{label}: {mine!r} != {other!r}")

    r = sm.rate(61, 100)
    check("rate vs array form", (r.low, r.high), (rate_array(61, 100)[()].low,
          rate_array(61, 100)[()].high))  # fmt: skip
    check("rate vs plain python", (r.low, r.high), plain_wilson(61, 100))
    d = sm.pp_delta(sm.rate(38, 62), sm.rate(22, 29))
    check("pp_delta vs plain python", (d.low, d.high), plain_newcombe(38, 62, 22, 29))
    q = sm.paired_pp_delta(36, 2, 12, 0)
    qa = paired_pp_delta_array(36, 2, 12, 0)[()]
    check("paired vs array form", (q.low, q.high, q.p_value, q.se),
          (qa.low, qa.high, qa.p_value, qa.se))  # fmt: skip
    check(
        "paired vs plain python", (q.low, q.high), plain_paired_newcombe(36, 2, 12, 0)
    )
    try:
        from statsmodels.stats.proportion import (
            confint_proportions_2indep,
            proportion_confint,
        )
    except ImportError:  # pragma: no cover
        pass
    else:
        check("rate vs statsmodels", (r.low, r.high),
              proportion_confint(61, 100, method="wilson"))  # fmt: skip
        check("pp_delta vs statsmodels", (d.low, d.high),
              confint_proportions_2indep(22, 29, 38, 62, method="newcomb"))  # fmt: skip
    verdict = "OK" if not problems else "FAILED"
    print(f"agreement: {verdict} (largest difference {worst:.1e}, tolerance 1e-15)")
    for problem in problems:
        print(f"  {problem}")
    return problems


def time_scalars(runs: int, number: int) -> list[str]:
    """Time every scalar target; print figures and verdicts; return failures."""
    targets = contenders()
    failures: list[str] = []
    for target, calls in targets.items():
        names = list(calls)
        times: dict[str, list[float]] = {name: [] for name in names}
        ratios: dict[str, list[float]] = {name: [] for name in names}
        for name in names:  # warm-up (imports, caches)
            calls[name]()
        for round_index in range(runs):
            order = (
                names[round_index % len(names) :] + names[: round_index % len(names)]
            )
            this_round: dict[str, float] = {}
            for name in order:
                timer = timeit.Timer(calls[name])
                this_round[name] = min(timer.repeat(3, number)) / number
            for name in names:
                times[name].append(this_round[name])
                ratios[name].append(this_round[name] / this_round["library"])
        print(f"{target}  (µs per call, median of {runs} rounds)")
        for name in names:
            median = statistics.median(times[name]) * 1e6
            ratio = statistics.median(ratios[name])
            print(f"  {name:<22} {median:9.2f} µs   {ratio:7.2f} x the library")
        reference = REFERENCES[target]
        if "library, rates made" in ratios and reference in ratios:
            made = statistics.median(ratios[reference]) / statistics.median(
                ratios["library, rates made"]
            )
            print(
                f"  (the change on two rates made: {made:.1f} x faster than "
                f"{reference}; the target below counts the two rate() calls too)"
            )
        if reference in ratios:
            ratio = statistics.median(ratios[reference])
            ok = ratio >= SCALAR_TARGET
            print(
                f"  target: >= {SCALAR_TARGET:g} x faster than {reference}: "
                f"{ratio:.1f} x  {'PASS' if ok else 'FAIL'}"
            )
            if not ok:
                failures.append(target)
        else:  # pragma: no cover - statsmodels missing
            print(f"  target: {reference} not available  SKIPPED")
    return failures


def _report_command() -> list[str]:
    script = Path(sys.executable).with_name("skl-socialmedia")
    if script.exists():
        return [str(script), "report"]
    return [sys.executable, "-m", "skl_socialmedia", "report"]  # pragma: no cover


def time_imports(runs: int, repeat: int) -> list[str]:
    """Time fresh processes: import numpy, import the library, the report."""
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import numpy": [sys.executable, "-c", "import numpy"],
        "import skl_socialmedia": [sys.executable, "-c", "import skl_socialmedia"],
        "... and a first rate()": [
            sys.executable,
            "-c",
            "import skl_socialmedia as sm; sm.rate(61, 100)",
        ],
        "skl-socialmedia report": _report_command(),
    }
    names = list(commands)
    times: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for command in commands.values():  # warm-up: the file system cache
        subprocess.run(command, check=True, capture_output=True)
    for round_index in range(runs):
        order = names[round_index % len(names) :] + names[: round_index % len(names)]
        this_round: dict[str, float] = {}
        for name in order:
            timer = timeit.Timer(
                lambda c=commands[name]: subprocess.run(
                    c, check=True, capture_output=True
                )
            )
            this_round[name] = min(timer.repeat(repeat, 1))
        for name in names:
            times[name].append(this_round[name])
            ratios[name].append(this_round[name] / this_round["import numpy"])
    print(f"start-up  (ms per fresh process, median of {runs} rounds)")
    for name in names:
        median = statistics.median(times[name]) * 1e3
        ratio = statistics.median(ratios[name])
        print(f"  {name:<24} {median:8.1f} ms   {ratio:5.2f} x import numpy")
    failures: list[str] = []
    for name in ("import skl_socialmedia", "skl-socialmedia report"):
        ratio = statistics.median(ratios[name])
        ok = ratio <= IMPORT_TARGET
        print(
            f"  target: {name} within {IMPORT_TARGET:g} x import numpy: "
            f"{ratio:.2f} x  {'PASS' if ok else 'FAIL'}"
        )
        if not ok:
            failures.append(name)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="CI-sized smoke run")
    parser.add_argument("--runs", type=int, default=7, help="timed rounds (>= 5)")
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)
    number = 20 if args.quick else 2000
    print(f"python {sys.version.split()[0]}, skl-socialmedia {sm.__version__}")
    problems = agreement()
    failures = time_scalars(runs, number)
    failures += time_imports(runs, 1 if args.quick else 3)
    verdict = "all targets met" if not failures else "missed: " + "; ".join(failures)
    print(f"verdict: {verdict}")
    # A missed timing target is a finding, not a crash; disagreement is an error.
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
