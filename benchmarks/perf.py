"""Benchmark: whole-table rates and deltas at enterprise-survey scale, with peers.

One command generates the workload from a seed and measures, in the same run:

(a) the floor: one numpy pass over the int8 item matrix, ``(X == 1).sum(axis=0)``;
(b) this library: ``Survey.from_columns(frame, items=[...], register=None)``
    + ``rates(by="group")`` + ``pp_deltas(by="group", paired=False)``;
(c) peers handed the same pandas DataFrame of float columns (NaN = missing):
    pandas group-by + statsmodels ``proportion_confint(method="wilson")`` /
    ``confint_proportions_2indep(method="newcomb")``; DuckDB through the
    engine seam: SQL returns the long rows of a Tally (one wide group-by,
    unpivoted), ``Tally.from_long`` + ``rates()`` / ``pp_deltas(paired=False)``;
    polars group-by followed by this library's statistics kernels
    (``rate_array``, ``pp_delta_array``).

With ``--weights`` the library's rates are design-based: the survey's design
is ``Design(weight="weight")``, organisations the sampling units, one stratum,
and each rate's variance is R ``survey``'s Taylor linearisation. So every peer
also sums Σw²·y besides Σw·y, Σw and Σw², and computes the linearised
variance of each cell from those four sums (:func:`linearised_variance`), the
interval then on the effective size ``p (1 − p) / Var``; DuckDB hands the
same sums to ``Tally.from_long`` as its design table. The peers' changes are
those of independent samples (Newcombe on the two rates), and the library's
are asked for as such (``paired=False``), weighted or not: by default it joins
the two waves of a partial panel by the correlation of their estimates, work
the peers do not do (``benchmarks/pp_deltas.py`` times the default).

Every contender runs in its own subprocess, which generates the data, builds
its input, and then has its peak memory reset (``/proc/self/clear_refs``):
peak extra memory = the process's peak resident set (VmHWM) minus its resident
set at that moment. The timed runs are interleaved (one run of each contender
per round, in a rotating order) so that noise from the machine falls on all
alike; times are medians over the rounds, after one warm-up round. Then every
rate, interval and delta is compared with the library's (to 1e-12), and the
counts exactly.

Also: the canonical CSV source against ``pandas.read_csv`` (C engine) on the
same file, and growth runs at 0.1x and 4x the rows (time per row).

Run:  python benchmarks/perf.py [--quick] [--runs 5] [--weights] [--seed 7]
Needs the ``bench`` extra (pandas, statsmodels, duckdb, polars, psutil-free).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

TOLERANCE = 1e-12
PEERS = ("pandas+statsmodels", "duckdb", "polars")
CONTENDERS = ("floor", "library", *PEERS)

FULL = {
    "waves": 10,
    "orgs": 200_000,
    "items": 40,
    "groups": 30,
    "missing": 0.05,
    "csv_waves": 5,
    "growth": (0.1, 4.0),
}
QUICK = {
    "waves": 4,
    "orgs": 3_000,
    "items": 8,
    "groups": 5,
    "missing": 0.05,
    "csv_waves": 2,
    "growth": (0.5, 2.0),
}


# -- the workload --------------------------------------------------------------


def item_names(items: int) -> list[str]:
    return [f"q{j + 1:02d}" for j in range(items)]


def generate(cfg: dict[str, Any]) -> dict[str, np.ndarray]:
    """Columns as pandas would hand them: ints, text groups, floats with NaN.

    ``waves`` × ``orgs`` rows in wave order, the same organisations in every
    wave (a panel), each organisation in one of ``groups`` groups; every item
    is yes with a probability of its own that drifts over the waves, and
    missing with probability ``missing``; optional weights.
    """
    rng = np.random.default_rng(cfg["seed"])
    waves, orgs = cfg["waves"], cfg["orgs"]
    n = waves * orgs
    group_of = rng.integers(0, cfg["groups"], orgs)
    labels = np.array([f"G{g + 1:02d}" for g in range(cfg["groups"])], dtype=object)
    columns: dict[str, np.ndarray] = {
        "wave": np.repeat(np.arange(2015, 2015 + waves, dtype=np.int64), orgs),
        "org_code": np.tile(np.arange(orgs, dtype=np.int64) + 1_000_001, waves),
        "group": labels[np.tile(group_of, waves)],
    }
    start = rng.uniform(0.1, 0.8, cfg["items"])
    drift = rng.uniform(-0.01, 0.02, cfg["items"])
    wave_index = np.repeat(np.arange(waves), orgs)
    for j, name in enumerate(item_names(cfg["items"])):
        p = np.clip(start[j] + drift[j] * wave_index, 0.01, 0.99)
        x = (rng.random(n) < p).astype(np.float64)
        x[rng.random(n) < cfg["missing"]] = np.nan
        columns[name] = x
    if cfg.get("weights"):
        columns["weight"] = rng.uniform(0.5, 4.0, n)
    return columns


def frame(columns: dict[str, np.ndarray]) -> Any:
    import pandas as pd

    data = dict(columns)
    data["group"] = pd.array(columns["group"], dtype="str")
    return pd.DataFrame(data)


# -- memory ------------------------------------------------------------------------


def _status(key: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def reset_peak() -> tuple[int, str]:
    """Reset the peak resident set; return the current one and the method."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        rss = _status("VmRSS")
        if rss is not None:
            return rss, "VmHWM after reset (clear_refs)"
    except OSError:
        pass
    rss = _status("VmRSS") or 0
    return rss, "peak resident set not reset (clear_refs refused): may hide peaks"


def peak() -> int:
    hwm = _status("VmHWM")
    if hwm is not None:
        return hwm
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# -- contenders: each returns the arrays the agreement check compares ---------------


def linearised_variance(
    wy: np.ndarray, wb: np.ndarray, wwy: np.ndarray, ww: np.ndarray, units: int
) -> np.ndarray:
    """The linearised variance of each cell's rate ``R = Σw·y / Σw``.

    As R's ``svymean`` with ``svydesign(ids=~org_code, weights=~weight)``:
    the organisations are the sampling units (``units`` of them in the whole
    data, every wave), one stratum, no finite population correction. With
    ``z_i = w_i (y_i − R) / Σw`` for an organisation answering in the cell (0
    for the others), ``Var = n/(n−1) · [Σz² − (Σz)²/n]``, where
    ``Σz = (Σw·y − R Σw) / Σw`` and ``Σz² = (Σw²·y (1 − 2R) + R² Σw²) / (Σw)²``
    (``y`` is 0 or 1, so ``y² = y``).
    """
    r = wy / wb
    sum_z = (wy - r * wb) / wb
    sum_z2 = (wwy * (1.0 - 2.0 * r) + r * r * ww) / (wb * wb)
    within = np.maximum(sum_z2 - sum_z * sum_z / units, 0.0)
    result: np.ndarray = units / (units - 1.0) * within
    return result


def _intervals_with_kernels(yes: Any, base: Any, design: Any = None) -> dict:
    """Rates and independent changes of the cells by the library's kernels.

    ``design``: ``(variance, n)`` of a weighted workload — each cell's
    linearised variance and its unweighted number of answers.
    """
    from skl_socialmedia.statistics import (
        design_rate_array,
        pp_delta_array,
        rate_array,
    )

    def rates_of(cells: Any) -> Any:
        if design is None:
            return rate_array(yes[cells], base[cells])
        variance, n = design
        return design_rate_array(yes[cells], base[cells], variance[cells], n=n[cells])

    rates = rates_of(slice(None))
    before, after = rates_of(slice(None, -1)), rates_of(slice(1, None))
    deltas = pp_delta_array(before, after)
    return {
        "yes": yes,
        "base": base,
        "value": rates.value,
        "low": rates.low,
        "high": rates.high,
        "d_value": deltas.value,
        "d_low": deltas.low,
        "d_high": deltas.high,
    }


def make_floor(columns: dict[str, np.ndarray], cfg: dict[str, Any]) -> Callable:
    names = item_names(cfg["items"])
    matrix = np.empty((len(columns["wave"]), len(names)), dtype=np.int8)
    for j, name in enumerate(names):
        matrix[:, j] = np.nan_to_num(columns[name], nan=-1.0)

    def run() -> dict:
        return {"item_yes": (matrix == 1).sum(axis=0)}

    return run


def make_library(df: Any, cfg: dict[str, Any]) -> Callable:
    from skl_socialmedia import Survey

    names = item_names(cfg["items"])
    shape = (cfg["waves"], cfg["groups"], cfg["items"])
    # the peers' changes are independent samples', so the library's are asked
    # for as such (see the module's docstring)
    paired = False

    def run() -> dict:
        survey = Survey.from_columns(df, items=names, register=None)
        rates = survey.rates(by="group")
        deltas = survey.pp_deltas(by="group", paired=paired)
        dshape = (shape[0] - 1, *shape[1:])
        return {
            "yes": rates.successes.reshape(shape),
            "base": rates.total.reshape(shape),
            "n": rates.n.reshape(shape),
            "value": rates.value.reshape(shape),
            "low": rates.low.reshape(shape),
            "high": rates.high.reshape(shape),
            "d_value": deltas.value.reshape(dshape),
            "d_low": deltas.low.reshape(dshape),
            "d_high": deltas.high.reshape(dshape),
            "paired": deltas.paired.reshape(dshape),
        }

    return run


def make_pandas(df: Any, cfg: dict[str, Any]) -> Callable:
    from statsmodels.stats.proportion import (
        confint_proportions_2indep,
        proportion_confint,
    )

    names = item_names(cfg["items"])
    shape = (cfg["waves"], cfg["groups"], cfg["items"])
    weighted = bool(cfg.get("weights"))

    def run() -> dict:
        keys = [df["wave"], df["group"]]
        x = df[names]
        if weighted:
            w = df["weight"]
            answered = x.notna()
            sums = [
                x.mul(w, axis=0),
                answered.mul(w, axis=0),
                x.mul(w * w, axis=0),
                answered.mul(w * w, axis=0),
                answered,
            ]
            wy, wb, wwy, ww, answers = (
                a.groupby(keys, sort=True).sum().to_numpy().reshape(shape).astype(float)
                for a in sums
            )
            p = wy / wb
            variance = linearised_variance(wy, wb, wwy, ww, df["org_code"].nunique())
            # the effective size p (1 - p) / Var (the answers where p is 0 or 1)
            pq = p * (1.0 - p)
            with np.errstate(divide="ignore", invalid="ignore"):
                n = np.where(pq > 0, pq / variance, answers)
            count = p * n
            yes, base = wy, wb
        else:
            grouped = x.groupby(keys, sort=True)
            yes = grouped.sum().to_numpy().reshape(shape)
            base = grouped.count().to_numpy().reshape(shape).astype(float)
            p, n, count = yes / base, base, yes
        low, high = proportion_confint(count, n, alpha=0.05, method="wilson")
        d_low, d_high = confint_proportions_2indep(
            count[1:],
            n[1:],
            count[:-1],
            n[:-1],
            method="newcomb",
            compare="diff",
            alpha=0.05,
        )
        return {
            "yes": yes,
            "base": base,
            "value": p,
            "low": low,
            "high": high,
            "d_value": p[1:] - p[:-1],
            "d_low": d_low,
            "d_high": d_high,
        }

    return run


def duckdb_long_query(names: list[str], weighted: bool) -> str:
    """SQL for the long rows of a Tally: one per (wave, group, item).

    Weighted, the same rows are the design table too (``Tally.from_long``
    reads the columns each needs): the stratum ``'all'``, the moments
    ``weighted_yes``, ``weighted_base``, ``squared_weighted_yes`` (Σw²·y) and
    ``squared_weights``, the stratum's ``units`` (the organisations of the
    whole data) and a NULL ``population`` (no finite population correction).

    One wide ``GROUP BY`` over the frame (one pass over the rows, as a
    database would count), then ``UNPIVOT`` of its W x G result rows into the
    long rows ``Tally.from_long`` reads: ``wave``, ``group``, ``respondents``
    (``count(*)`` per wave and group, carried to every item), ``item``,
    ``yes``, ``base`` and, weighted, ``weighted_yes``, ``weighted_base``,
    ``squared_weights``. The alternatives measured at full size (2,000,000
    rows x 40 items, unweighted) are slower: ``UNPIVOT`` of the rows before
    the ``GROUP BY`` materialises rows x items values (about 6 x the time), a
    ``UNION ALL`` of one ``GROUP BY`` per item reads the frame once per item
    (about 3 x); the same wide result reshaped into long numpy arrays in
    Python takes the same time as this, within the noise, but the count would
    no longer be one query. ``Tally.from_long`` orders the labels itself.
    """
    columns = ["yes", "base"]
    if weighted:
        columns += [
            "weighted_yes",
            "weighted_base",
            "squared_weights",
            "squared_weighted_yes",
        ]

    def sums(q: str) -> list[str]:
        # NaN in a float column of a pandas frame is NULL to DuckDB; sum and
        # count skip NULL. ``0 * q`` is NULL where q is, so ``weight + 0 * q``
        # sums the weights of the answers only (exactly: 0 * q is 0.0 where q
        # is 0 or 1), 2-3 x faster than ``sum(weight) FILTER (WHERE q IS NOT
        # NULL)``.
        out = [f"sum({q})", f"count({q})"]
        if weighted:
            out += [
                f"sum(weight * {q})",
                f"sum(weight + 0 * {q})",
                f"sum(weight * weight + 0 * {q})",
                f"sum(weight * weight * {q})",
            ]
        return out

    wide = ", ".join(
        f"{sql} AS {column}_{q}"
        for q in names
        for column, sql in zip(columns, sums(q), strict=True)
    )
    cells = ", ".join(
        "(" + ", ".join(f"{column}_{q}" for column in columns) + f") AS {q}"
        for q in names
    )
    design = (
        ", 'all' AS stratum, (SELECT count(DISTINCT org_code) FROM survey) AS units, "
        "CAST(NULL AS DOUBLE) AS population"
        if weighted
        else ""
    )
    # INCLUDE NULLS keeps the cells without answers (NULL sums, base 0).
    return (
        f'WITH wide AS (SELECT wave, "group", count(*) AS respondents, {wide} '
        "FROM survey GROUP BY ALL) "
        f"SELECT *{design} FROM wide UNPIVOT INCLUDE NULLS "
        f"(({', '.join(columns)}) FOR item IN ({cells}))"
    )


def make_duckdb(df: Any, cfg: dict[str, Any]) -> Callable:
    """DuckDB counts (long rows), then the library's Tally gives the estimates."""
    import duckdb

    from skl_socialmedia.tally import Tally

    names = item_names(cfg["items"])
    shape = (cfg["waves"], cfg["groups"], cfg["items"])
    dshape = (shape[0] - 1, *shape[1:])
    con = duckdb.connect()
    con.register("survey", df)
    weighted = bool(cfg.get("weights"))
    query = duckdb_long_query(names, weighted)

    def run() -> dict:
        long = con.sql(query).fetchnumpy()
        # weighted: the rows are the design table too (see duckdb_long_query)
        tally = Tally.from_long(long, None, long if weighted else None, items=names)
        rates = tally.rates()
        deltas = tally.pp_deltas(paired=False)
        return {
            "yes": rates.successes.reshape(shape),
            "base": rates.total.reshape(shape),
            "value": rates.value.reshape(shape),
            "low": rates.low.reshape(shape),
            "high": rates.high.reshape(shape),
            "d_value": deltas.value.reshape(dshape),
            "d_low": deltas.low.reshape(dshape),
            "d_high": deltas.high.reshape(dshape),
        }

    return run


def make_polars(df: Any, cfg: dict[str, Any]) -> Callable:
    import polars as pl

    names = item_names(cfg["items"])
    shape = (cfg["waves"], cfg["groups"], cfg["items"])
    weighted = bool(cfg.get("weights"))

    def run() -> dict:
        data = pl.from_pandas(df)  # NaN becomes null (nan_to_null)
        if weighted:
            w = pl.col("weight")
            aggs = []
            for q in names:
                answered = pl.col(q).is_not_null()
                aggs += [
                    (pl.col(q) * w).sum().alias(f"wy_{q}"),
                    w.filter(answered).sum().alias(f"wb_{q}"),
                    (pl.col(q) * w * w).sum().alias(f"wwy_{q}"),
                    (w * w).filter(answered).sum().alias(f"ww_{q}"),
                    pl.col(q).count().alias(f"n_{q}"),
                ]
        else:
            aggs = [pl.col(q).sum().alias(f"y_{q}") for q in names]
            aggs += [pl.col(q).count().alias(f"n_{q}") for q in names]
        out = data.group_by(["wave", "group"]).agg(aggs).sort(["wave", "group"])

        def stack(prefix: str) -> np.ndarray:
            return (
                out.select([f"{prefix}_{q}" for q in names])
                .to_numpy()
                .astype(float)
                .reshape(shape)
            )

        if weighted:
            wy, wb = stack("wy"), stack("wb")
            units = data["org_code"].n_unique()
            variance = linearised_variance(wy, wb, stack("wwy"), stack("ww"), units)
            return _intervals_with_kernels(wy, wb, (variance, stack("n")))
        return _intervals_with_kernels(stack("y"), stack("n"))

    return run


def make_csv(which: str, cfg: dict[str, Any]) -> Callable:
    path = cfg["csv_path"]
    names = item_names(cfg["items"])
    if which == "pandas.read_csv":
        import pandas as pd

        def run() -> dict:
            table = pd.read_csv(path, engine="c")
            return {"items": np.nan_to_num(table[names].to_numpy(), nan=-1.0)}

        return run
    from skl_socialmedia.sources.microdata.canonical_csv import read_csv

    engine = "arrow" if which == "library (arrow)" else "python"

    def run_library() -> dict:
        survey = read_csv(path, register=None, items=names, engine=engine)
        matrix = np.stack([survey.column(q) for q in names], axis=-1)
        return {"items": matrix.astype(float), "waves": np.array(survey.waves)}

    return run_library


def build(name: str, cfg: dict[str, Any]) -> Callable:
    if name.startswith("csv:"):
        return make_csv(name[4:], cfg)
    columns = generate(cfg)
    if name == "floor":
        run = make_floor(columns, cfg)
    else:
        df = frame(columns)
        maker = {
            "library": make_library,
            "pandas+statsmodels": make_pandas,
            "duckdb": make_duckdb,
            "polars": make_polars,
        }[name]
        run = maker(df, cfg)
    del columns
    return run


# -- the worker subprocess ---------------------------------------------------------


def worker(name: str, cfg: dict[str, Any], out_dir: str) -> None:
    import skl_socialmedia.statistics  # noqa: F401  (imports before the baseline)

    run = build(name, cfg)
    gc.collect()
    baseline, method = reset_peak()
    print(json.dumps({"ready": True}), flush=True)
    result: dict = {}
    for line in sys.stdin:
        command = line.strip()
        if command == "run":
            start = time.perf_counter()
            result = run()
            seconds = time.perf_counter() - start
            print(json.dumps({"seconds": seconds}), flush=True)
        elif command == "done":
            np.savez(Path(out_dir) / f"{_safe(name)}.npz", **result)
            extra = max(peak() - baseline, 0)
            print(json.dumps({"peak_extra": extra, "method": method}), flush=True)
            return


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)


class Worker:
    def __init__(self, name: str, cfg: dict[str, Any], out_dir: str) -> None:
        self.name = name
        self.times: list[float] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--worker",
                name,
                "--config",
                json.dumps(cfg),
                "--out",
                out_dir,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _reply(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {self.name} ended: see its error above")
        return dict(json.loads(line))

    def ready(self) -> None:
        self._reply()

    def run(self, keep: bool) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("run\n")
        self.process.stdin.flush()
        seconds = float(self._reply()["seconds"])
        if keep:
            self.times.append(seconds)

    def done(self) -> dict:
        assert self.process.stdin is not None
        self.process.stdin.write("done\n")
        self.process.stdin.flush()
        reply = self._reply()
        self.process.wait()
        return reply

    @property
    def median(self) -> float:
        return float(np.median(self.times))


def measure(
    names: list[str], cfg: dict[str, Any], runs: int, out_dir: str
) -> dict[str, Worker]:
    """Start one worker per contender, run interleaved rounds, collect results."""
    workers = {}
    for name in names:  # one at a time: data generation would compete
        workers[name] = Worker(name, cfg, out_dir)
        workers[name].ready()
    order = list(names)
    for round_ in range(runs + 1):  # round 0 warms up
        for name in order:
            workers[name].run(keep=round_ > 0)
        order = order[1:] + order[:1]
    for worker_ in workers.values():
        worker_.peak = worker_.done()  # type: ignore[attr-defined]
    return workers


# -- agreement -----------------------------------------------------------------------


def agreement(out_dir: str, names: list[str], weighted: bool) -> list[str]:
    """Compare every contender's arrays with the library's; return the failures."""
    problems = []
    lib = np.load(Path(out_dir) / "library.npz")
    floor = np.load(Path(out_dir) / "floor.npz")
    if not weighted:
        totals = lib["yes"].sum(axis=(0, 1))
        if not np.array_equal(totals, floor["item_yes"]):
            problems.append("floor: yes counts per item differ from the library's")
    if bool(lib["paired"].any()):
        problems.append("library used paired intervals: peers compute independent")
    for name in names:
        if name not in PEERS:
            continue
        peer = np.load(Path(out_dir) / f"{_safe(name)}.npz")
        for key in ("yes", "base"):
            if weighted:
                rel = np.max(np.abs(peer[key] - lib[key]) / np.abs(lib[key]))
                if not rel <= 1e-12:
                    problems.append(f"{name}: {key} sums differ (relative {rel:.1e})")
            elif not np.array_equal(peer[key], lib[key]):
                problems.append(f"{name}: {key} counts differ")
        for key in ("value", "low", "high", "d_value", "d_low", "d_high"):
            diff = np.max(np.abs(peer[key] - lib[key]))
            if not diff <= TOLERANCE:
                problems.append(f"{name}: {key} differs by {diff:.2e}")
    return problems


# -- report --------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    memory = (_status("MemTotal") or 0) // 2**30
    try:
        with open("/proc/meminfo") as f:
            memory = int(f.readline().split()[1]) // 2**20
    except OSError:
        pass
    versions = [f"python {platform.python_version()}", f"numpy {np.__version__}"]
    for module in ("pandas", "statsmodels", "duckdb", "polars", "pyarrow"):
        try:
            versions.append(f"{module} {__import__(module).__version__}")
        except ImportError:
            versions.append(f"{module} (absent)")
    env = {
        k: os.environ[k]
        for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
        if k in os.environ
    }
    return f"{cpu}, {cores} cores, {memory} GiB; {', '.join(versions)}" + (
        f"; env {env}" if env else ""
    )


def load() -> str:
    try:
        with open("/proc/loadavg") as f:
            avg = " ".join(f.read().split()[:3])
        pressure = ""
        with open("/proc/pressure/cpu") as f:
            pressure = f.readline().split()[1]
        return f"load {avg}, cpu pressure {pressure}"
    except OSError:
        return "load ?"


def mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="CI-sized smoke run")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds (>= 5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--weights", action="store_true", help="weighted workload")
    parser.add_argument("--skip-csv", action="store_true")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, json.loads(args.config), args.out)
        return 0

    size = dict(QUICK if args.quick else FULL)
    cfg = {k: size[k] for k in ("waves", "orgs", "items", "groups", "missing")}
    cfg.update(seed=args.seed, weights=args.weights)
    n = cfg["waves"] * cfg["orgs"]
    int8_bytes = n * cfg["items"]
    print(f"machine: {machine()}")
    print(f"before: {load()}")
    print(
        f"workload: {cfg['waves']} waves x {cfg['orgs']:,} organisations = {n:,} rows, "
        f"{cfg['items']} items ({cfg['missing']:.0%} missing, float columns), "
        f"{cfg['groups']} groups{', weighted' if cfg['weights'] else ''}; "
        f"int8 item matrix {mib(int8_bytes)}; seed {cfg['seed']}; "
        f"median of {args.runs} interleaved runs after a warm-up"
    )
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as out_dir:
        names = list(CONTENDERS)
        workers = measure(names, cfg, args.runs, out_dir)
        floor_s = workers["floor"].median
        lib_s = workers["library"].median
        print()
        print(
            f"{'contender':<22}{'median':>10}{'x floor':>9}{'/ library':>11}"
            f"{'peak extra':>12}{'x int8':>8}"
        )
        for name, w in workers.items():
            extra = w.peak["peak_extra"]  # type: ignore[attr-defined]
            print(
                f"{name:<22}{w.median * 1e3:>8.0f}ms{w.median / floor_s:>9.2f}"
                f"{w.median / lib_s:>11.2f}{mib(extra):>12}"
                f"{extra / int8_bytes:>8.2f}"
            )
        print(f"memory: {workers['library'].peak['method']}")  # type: ignore[attr-defined]
        problems = agreement(out_dir, names, bool(cfg["weights"]))
        print(
            "agreement: OK (counts exact; every rate, interval and delta within "
            f"{TOLERANCE:g} of the library's)"
            if not problems
            else "agreement: FAILED\n  " + "\n  ".join(problems)
        )
        failures += problems
        lib_extra = workers["library"].peak["peak_extra"]  # type: ignore[attr-defined]
        targets = [
            ("library <= 3 x floor", lib_s <= 3 * floor_s),
            (
                "library >= 3 x faster than pandas+statsmodels",
                workers["pandas+statsmodels"].median >= 3 * lib_s,
            ),
            ("library no slower than duckdb", lib_s <= workers["duckdb"].median),
            ("library peak extra < 1.5 x int8 matrix", lib_extra < 1.5 * int8_bytes),
        ]
        for label, ok in targets:
            print(f"target: {label}: {'met' if ok else 'NOT met'}")

        if not args.skip_csv:
            failures += csv_section(size, args, out_dir)
        if not args.skip_growth:
            growth_section(size, cfg, args, out_dir)
    print(f"after: {load()}")
    return 1 if failures else 0


def csv_section(size: dict[str, Any], args: Any, out_dir: str) -> list[str]:
    cfg = {
        "waves": size["csv_waves"],
        "orgs": size["orgs"],
        "items": size["items"],
        "groups": size["groups"],
        "missing": size["missing"],
        "seed": args.seed + 1,
    }
    columns = generate(cfg)
    names = item_names(cfg["items"])
    path = Path(out_dir) / "survey.csv"
    write_csv(columns, names, path)
    del columns
    rows = cfg["waves"] * cfg["orgs"]
    print()
    print(
        f"canonical CSV: {rows:,} rows x {cfg['items']} items, "
        f"{path.stat().st_size / 2**20:.0f} MiB (1/0/blank, ',' delimited)"
    )
    cfg["csv_path"] = str(path)
    contenders = ["csv:pandas.read_csv", "csv:library (arrow)", "csv:library (python)"]
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        contenders.remove("csv:library (arrow)")
        print("  (pyarrow absent: no arrow fast path)")
    workers = measure(contenders, cfg, args.runs, out_dir)
    base = workers["csv:pandas.read_csv"].median
    for name, w in workers.items():
        print(
            f"  {name[4:]:<22}{w.median:>8.2f}s  {w.median / base:>6.2f} x read_csv"
            f"  peak extra {mib(w.peak['peak_extra'])}"  # type: ignore[attr-defined]
        )
    ref = np.load(Path(out_dir) / f"{_safe('csv:pandas.read_csv')}.npz")["items"]
    problems = []
    for name in contenders[1:]:
        got = np.load(Path(out_dir) / f"{_safe(name)}.npz")["items"]
        if not np.array_equal(got, ref):
            problems.append(f"{name}: answers differ from pandas.read_csv's")
    print(
        "  agreement: OK (every answer as pandas reads it)"
        if not problems
        else "  agreement: FAILED\n  " + "\n  ".join(problems)
    )
    best = min(w.median for n, w in workers.items() if n != "csv:pandas.read_csv")
    met = "met" if best <= 3 * base else "NOT met"
    print(f"  target: library within 3 x read_csv: {met}")
    return problems


def write_csv(columns: dict[str, np.ndarray], names: list[str], path: Path) -> None:
    import pandas as pd

    data: dict[str, Any] = {
        "wave": columns["wave"],
        "org_code": columns["org_code"],
        "group": columns["group"],
    }
    for q in names:
        data[q] = pd.array(columns[q], dtype="Int8")
    pd.DataFrame(data).to_csv(path, index=False)


def growth_section(
    size: dict[str, Any], cfg: dict[str, Any], args: Any, out_dir: str
) -> None:
    """Time the library at 0.1x, 1x and 4x the rows, per row and per added row.

    Growing the organisations grows the rows, not the cells (waves x groups
    x items): the statistics and tables of the cells are a fixed part of
    each call. Linear cost shows as a flat cost per *added* row (the slope
    between two sizes); time per row also carries the fixed part divided by
    the rows, which shows at the smallest size.
    """
    print()
    print("growth (library; time per row and per added row must stay flat):")
    points: list[tuple[int, float]] = []
    for factor in (size["growth"][0], 1.0, size["growth"][1]):
        scaled = dict(cfg, orgs=int(cfg["orgs"] * factor))
        workers = measure(["floor", "library"], scaled, args.runs, out_dir)
        rows = scaled["waves"] * scaled["orgs"]
        lib, floor = workers["library"].median, workers["floor"].median
        points.append((rows, lib))
        print(
            f"  {factor:>4}x {rows:>11,} rows: library {lib * 1e9 / rows:7.1f} ns/row "
            f"({lib * 1e3:7.0f} ms), floor {floor * 1e9 / rows:6.1f} ns/row, "
            f"ratio {lib / floor:5.2f}"
        )
    slopes = [
        (t2 - t1) / (r2 - r1) for (r1, t1), (r2, t2) in itertools.pairwise(points)
    ]
    rows_, times = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    slope, fixed = np.polyfit(rows_, times, 1)
    cells = cfg["waves"] * cfg["groups"] * cfg["items"]
    deltas = (cfg["waves"] - 1) * cfg["groups"] * cfg["items"]
    print(
        "  per added row: "
        + ", ".join(
            f"{a}x->{b}x {s * 1e9:.1f} ns"
            for (a, b), s in zip(
                [(size["growth"][0], 1.0), (1.0, size["growth"][1])],
                slopes,
                strict=True,
            )
        )
    )
    print(
        f"  fit time = fixed + slope x rows: fixed {fixed * 1e3:.1f} ms per call "
        f"(the {cells:,} rate cells and {deltas:,} change cells, whatever the "
        f"rows), slope {slope * 1e9:.1f} ns/row"
    )
    flat = min(slopes) > 0 and max(slopes) <= 1.25 * min(slopes)
    verdict = "met" if flat else "NOT met"
    print(f"  target: linear cost (per added row within 25 %): {verdict}")
    per_row = [t / r for r, t in points]
    even = max(per_row) <= 1.25 * min(per_row)
    print(
        "  target: time per row within 25 % at every size: "
        f"{'met' if even else 'NOT met'}"
    )


if __name__ == "__main__":
    sys.exit(main())
