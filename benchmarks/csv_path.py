"""Benchmark: the canonical CSV source against polars, from the same file (issue 19).

One command writes the CSV file of ``benchmarks/perf.py``'s CSV section
(5 waves x 200,000 organisations = 1,000,000 rows x 40 items, ``1``/``0``/
blank, 5 % missing, 30 groups; the same generator and seed, the same bytes)
into a temporary directory, and times, every run in a fresh subprocess:

- load: ``polars.read_csv(path)`` against this library's
  ``read_csv(path, register=None, items=...)`` (``engine="auto"``: polars'
  multithreaded fast path when polars is installed) and, for reference, the
  single-threaded pyarrow path (``engine="arrow"``);
- the whole job from the file: polars reads, groups by wave and group, and
  this library's Wilson and Newcombe kernels run on its counts (as
  ``perf.py``'s polars contender), against ``read_csv`` + ``rates(by="group")``
  + ``pp_deltas(by="group", paired=False)``.

Runs are interleaved (one of each contender per round, the order rotating)
after a warm-up round; times are medians. Then every count (yes and base of
each wave x group x item) of the two jobs is compared exactly, and the
library's answers with polars' cell by cell. Targets: load and whole job
within 1.5 x polars'. The exit status is non-zero only when counts disagree.

Run:  python benchmarks/csv_path.py [--quick] [--runs 5] [--seed 7]
Needs polars and pyarrow (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

FULL = {"waves": 5, "orgs": 200_000, "items": 40, "groups": 30, "missing": 0.05}
QUICK = {"waves": 3, "orgs": 2_000, "items": 6, "groups": 4, "missing": 0.05}
LOADS = ("polars.read_csv", "library", "library (arrow)")
JOBS = ("polars job", "library job")
TARGET = 1.5


def item_names(items: int) -> list[str]:
    return [f"q{j + 1:02d}" for j in range(items)]


def write_csv(cfg: dict[str, Any], path: Path) -> None:
    """Write the workload of ``perf.py``'s CSV section (same generator, same bytes)."""
    import polars as pl

    rng = np.random.default_rng(cfg["seed"])
    waves, orgs = cfg["waves"], cfg["orgs"]
    n = waves * orgs
    group_of = rng.integers(0, cfg["groups"], orgs)
    labels = np.array([f"G{g + 1:02d}" for g in range(cfg["groups"])], dtype=object)
    columns: dict[str, Any] = {
        "wave": np.repeat(np.arange(2015, 2015 + waves, dtype=np.int64), orgs),
        "org_code": np.tile(np.arange(orgs, dtype=np.int64) + 1_000_001, waves),
        "group": labels[np.tile(group_of, waves)].tolist(),
    }
    start = rng.uniform(0.1, 0.8, cfg["items"])
    drift = rng.uniform(-0.01, 0.02, cfg["items"])
    wave_index = np.repeat(np.arange(waves), orgs)
    for j, name in enumerate(item_names(cfg["items"])):
        p = np.clip(start[j] + drift[j] * wave_index, 0.01, 0.99)
        x = (rng.random(n) < p).astype(np.int8)
        missing = rng.random(n) < cfg["missing"]
        columns[name] = pl.Series(name, x).set(pl.Series(missing), None)
    pl.DataFrame(columns).write_csv(path)


# -- contenders, each run in its own process ------------------------------------


def run_contender(name: str, path: str, items: int) -> tuple[float, dict[str, Any]]:
    """Time one contender (after its imports); return the seconds and its result.

    The result also holds the process's CPU seconds (every thread) of the run.
    """
    import polars  # noqa: F401  (the imports before the clocks start)

    import skl_socialmedia.sources.microdata.canonical_csv
    import skl_socialmedia.statistics  # noqa: F401

    cpu = _cpu()
    seconds, result = _run(name, path, items)
    result["cpu"] = np.array(_cpu() - cpu)
    return seconds, result


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run(name: str, path: str, items: int) -> tuple[float, dict[str, Any]]:
    names = item_names(items)
    import polars as pl

    from skl_socialmedia.sources.microdata.canonical_csv import read_csv
    from skl_socialmedia.statistics import pp_delta_array, rate_array

    start = time.perf_counter()
    if name == "polars.read_csv":
        frame = pl.read_csv(path)
        seconds = time.perf_counter() - start
        matrix = frame.select(names).fill_null(-1).to_numpy()
        return seconds, {"items": matrix.astype(np.int8)}
    if name in ("library", "library (arrow)"):
        engine = "arrow" if name == "library (arrow)" else "auto"
        survey = read_csv(path, register=None, items=names, engine=engine)
        seconds = time.perf_counter() - start
        matrix = np.stack([survey.column(q) for q in names], axis=-1)
        return seconds, {"items": matrix.astype(np.int8)}
    if name == "polars job":
        frame = pl.read_csv(path)
        aggs = [pl.col(q).sum().alias(f"y_{q}") for q in names]
        aggs += [pl.col(q).count().alias(f"n_{q}") for q in names]
        out = frame.group_by(["wave", "group"]).agg(aggs).sort(["wave", "group"])
        waves = out["wave"].n_unique()
        shape = (waves, len(out) // waves, items)

        def stack(prefix: str) -> Any:
            cells = out.select([f"{prefix}_{q}" for q in names]).to_numpy()
            return cells.astype(float).reshape(shape)

        yes, base = stack("y"), stack("n")
        rates = rate_array(yes, base)
        before = rate_array(yes[:-1], base[:-1])
        after = rate_array(yes[1:], base[1:])
        deltas = pp_delta_array(before, after)
        seconds = time.perf_counter() - start
        return seconds, {
            "yes": yes,
            "base": base,
            "low": rates.low,
            "d_low": deltas.low,
        }
    survey = read_csv(path, register=None, items=names)
    rates = survey.rates(by="group")
    deltas = survey.pp_deltas(by="group", paired=False)
    seconds = time.perf_counter() - start
    shape = (len(survey.waves), -1, items)
    return seconds, {
        "yes": rates.successes.reshape(shape),
        "base": rates.total.reshape(shape),
        "low": rates.low.reshape(shape),
        "d_low": deltas.low.reshape((len(survey.waves) - 1, -1, items)),
    }


def worker(name: str, path: str, items: int, out: str | None) -> None:
    seconds, result = run_contender(name, path, items)
    cpu = float(result["cpu"])
    if out:
        np.savez(out, **result)
    print(json.dumps({"seconds": seconds, "cpu": cpu}), flush=True)


def spawn(
    name: str, path: str, items: int, out: str | None = None
) -> tuple[float, float]:
    """Run one contender once in a fresh interpreter; return its seconds and CPU."""
    command = [sys.executable, __file__, "--worker", name, "--path", path]
    command += ["--items", str(items)] + (["--out", out] if out else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{done.stderr}")
    reply = json.loads(done.stdout.strip().splitlines()[-1])
    return float(reply["seconds"]), float(reply["cpu"])


def measure(
    names: tuple[str, ...], path: str, items: int, runs: int, out_dir: Path
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Interleaved rounds (the order rotating) after a warm-up that saves results.

    Return each contender's seconds and CPU seconds, per timed round.
    """
    times: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    order = list(names)
    for round_ in range(runs + 1):
        for name in order:
            out = str(out_dir / f"{_safe(name)}.npz") if round_ == 0 else None
            seconds, cpu = spawn(name, path, items, out)
            if round_ > 0:
                times[name].append(seconds)
                cpus[name].append(cpu)
        order = order[1:] + order[:1]
    return times, cpus


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)


def load() -> str:
    try:
        with open("/proc/loadavg") as f:
            return "load " + " ".join(f.read().split()[:3])
    except OSError:
        return "load ?"


def verdict(ratio: float) -> str:
    return "met" if ratio <= TARGET else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--runs", type=int, default=None, help="timed rounds (5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--items", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.path, args.items, args.out)
        return 0
    cfg = dict(QUICK if args.quick else FULL, seed=args.seed + 1)  # perf.py's seed
    runs = args.runs if args.runs is not None else (1 if args.quick else 5)
    rows = cfg["waves"] * cfg["orgs"]
    import polars
    import pyarrow

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "survey.csv"
        write_csv(cfg, path)
        size = path.stat().st_size / 2**20
        print(
            f"canonical CSV: {rows:,} rows x {cfg['items']} items, {size:.0f} MiB "
            f"(1/0/blank, ',' delimited), seed {cfg['seed']}; polars "
            f"{polars.__version__}, pyarrow {pyarrow.__version__}; medians of {runs} "
            "interleaved runs after a warm-up, each in a fresh process"
        )
        print(f"before: {load()}")
        out_dir = Path(tmp)
        times, cpus = measure(LOADS + JOBS, str(path), cfg["items"], runs, out_dir)
        median = {name: float(np.median(t)) for name, t in times.items()}
        cpu = {name: float(np.median(t)) for name, t in cpus.items()}
        print(
            f"  {'contender':<18}{'median':>9}  {'runs':<13}{'CPU (all threads)':>18}"
        )
        for name, t in times.items():
            spread = f"{min(t):.2f}-{max(t):.2f} s"
            print(
                f"  {name:<18}{median[name]:>7.2f} s  {spread:<13}{cpu[name]:>16.2f} s"
            )

        def ratio(ours: str, theirs: str, of: dict[str, float]) -> float:
            return of[ours] / of[theirs]

        load_ratio = ratio("library", "polars.read_csv", median)
        job_ratio = ratio("library job", "polars job", median)
        arrow_ratio = ratio("library (arrow)", "polars.read_csv", median)
        print(
            f"  load:      library / polars.read_csv = {load_ratio:.2f} x "
            f"(CPU {ratio('library', 'polars.read_csv', cpu):.2f} x)"
        )
        print(f"  (library's single-threaded arrow path: {arrow_ratio:.2f} x)")
        print(
            f"  whole job: library / polars = {job_ratio:.2f} x "
            f"(CPU {ratio('library job', 'polars job', cpu):.2f} x)"
        )
        print(f"target: load within {TARGET} x polars.read_csv: {verdict(load_ratio)}")
        print(f"target: whole job within {TARGET} x polars': {verdict(job_ratio)}")
        problems = agreement(out_dir)
        print(
            "agreement: OK (every yes and base count of every wave x group x item "
            "equal; every answer as polars reads it)"
            if not problems
            else "agreement: FAILED\n  " + "\n  ".join(problems)
        )
        print(f"after: {load()}")
    return 1 if problems else 0


def agreement(out_dir: Path) -> list[str]:
    """Compare the jobs' counts exactly, and the loads' answers cell by cell."""
    problems = []
    ours = np.load(out_dir / f"{_safe('library job')}.npz")
    theirs = np.load(out_dir / f"{_safe('polars job')}.npz")
    for key in ("yes", "base"):
        if not np.array_equal(ours[key], theirs[key]):
            problems.append(f"{key} counts differ between the jobs")
    for key in ("low", "d_low"):
        diff = float(np.max(np.abs(ours[key] - theirs[key])))
        if not diff <= 1e-12:
            problems.append(f"{key} differs by {diff:.2e}")
    reference = np.load(out_dir / f"{_safe('polars.read_csv')}.npz")["items"]
    for name in ("library", "library (arrow)"):
        got = np.load(out_dir / f"{_safe(name)}.npz")["items"]
        if not np.array_equal(got, reference):
            problems.append(f"{name}: answers differ from polars.read_csv's")
    return problems


if __name__ == "__main__":
    sys.exit(main())
