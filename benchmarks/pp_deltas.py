"""Time ``Survey.pp_deltas`` (and ``rates``) alone on the benchmark's workload.

``python benchmarks/pp_deltas.py [--runs N] [--weights]`` prints the medians of
N timed calls after a warm-up, each on a fresh survey (its per-wave counts
not cached), so that the cost of one user's call is measured: the per-wave
counts, the panel sizes and the cells ``paired="auto"`` needs. Same workload
as ``perf.py`` (10 waves x 200,000 organisations x 40 items, 30 groups).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from perf import FULL, frame, generate, item_names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--weights", action="store_true")
    args = parser.parse_args()
    from skl_socialmedia import Survey

    cfg = {k: FULL[k] for k in ("waves", "orgs", "items", "groups", "missing")}
    cfg.update(seed=7, weights=args.weights)
    df = frame(generate(cfg))
    names = item_names(cfg["items"])
    timings: dict[str, list[float]] = {"pp_deltas": [], "rates": []}
    for run in range(args.runs + 1):
        for what in timings:
            survey = Survey.from_columns(df, items=names, register=None)
            start = time.perf_counter()
            getattr(survey, what)(by="group")
            if run:  # the first round warms up
                timings[what].append(time.perf_counter() - start)
    for what, times in timings.items():
        print(f"{what}: median {statistics.median(times) * 1e3:.1f} ms of {args.runs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
