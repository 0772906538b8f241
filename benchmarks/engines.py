"""Benchmark: the same CountSpec counted by every engine, from a Parquet file.

One command writes the workload of ``benchmarks/perf.py`` (10 waves ×
200,000 organisations × 40 items × 30 groups: 2,000,000 rows; ``--big``
adds one of 20,000,000 rows, written a wave at a time) to Parquet and counts
it with

- ``numpy``: ``pyarrow.parquet.read_table`` → ``Survey.from_columns`` → the
  numpy engine (the time includes reading and building the Survey; the count
  alone is shown beside it);
- ``duckdb``: ``skl_socialmedia.engines.duckdb.count(path, spec)``, SQL over
  the file;
- ``dask``: ``dask.dataframe.read_parquet`` on a ``LocalCluster`` of 2 worker
  processes, ``skl_socialmedia.engines.dask.count``;
- ``spark``: ``spark.read.parquet`` on ``local[2]``,
  ``skl_socialmedia.engines.spark.count``.

The spec: every item, by group, every consecutive pair of waves, every panel
cell. Each engine runs in its own subprocess; peak memory is that of the
Python process (its VmHWM minus its resident set before the runs; Spark's
JVM and Dask's workers are other processes, not counted). Times are medians
of ``--runs`` runs after a warm-up. Every engine's tally is compared with
the numpy engine's: counts and panel cells exactly, sums to 1e-12.

Then the fixed cost per call: tallying 10 organisation shards of the
2,000,000 rows one by one and adding them, against tallying the whole, and
adding two tallies. ``--spark-sql`` adds, in one ``local[2]`` session, the
Spark engine (``mapInArrow``) against Spark SQL aggregations of the same
file — the per-wave counts (``GROUP BY wave, group``, wide and long) and
the panel cells (a join of consecutive waves) — interleaved, with their
counts checked against the engine's.

Run:  python benchmarks/engines.py [--quick] [--big] [--runs 3] [--only duckdb,dask]
      [--spark-sql]
Needs the ``duckdb``, ``dask`` and ``spark`` extras (and Java 17 for Spark).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from perf import FULL, QUICK, item_names, load, machine, mib, peak, reset_peak

ENGINES = ("numpy", "duckdb", "dask", "spark")


# -- the workload -------------------------------------------------------------


def write_workload(cfg: dict[str, Any], path: Path) -> int:
    """Write ``cfg``'s rows to ``path`` as Parquet, a wave at a time; return rows.

    The rows of ``benchmarks/perf.py``'s generator (the same distribution;
    each wave drawn from its own seed, so the file need not fit in memory).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    waves, orgs, n_items = cfg["waves"], cfg["orgs"], cfg["items"]
    rng = np.random.default_rng(cfg["seed"])
    group_of = rng.integers(0, cfg["groups"], orgs)
    labels = np.array([f"G{g + 1:02d}" for g in range(cfg["groups"])])
    start = rng.uniform(0.1, 0.8, n_items)
    drift = rng.uniform(-0.01, 0.02, n_items)
    names = item_names(n_items)
    writer = None
    try:
        for w in range(waves):
            wave_rng = np.random.default_rng([cfg["seed"], w])
            columns: dict[str, Any] = {
                "wave": np.full(orgs, 2015 + w, dtype=np.int64),
                "org_code": np.arange(orgs, dtype=np.int64) + 1_000_001,
                "group": labels[group_of],
            }
            for j, name in enumerate(names):
                p = float(np.clip(start[j] + drift[j] * w, 0.01, 0.99))
                x = (wave_rng.random(orgs) < p).astype(np.float64)
                x[wave_rng.random(orgs) < cfg["missing"]] = np.nan
                columns[name] = x
            table = pa.table(columns)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema, compression="zstd")
            writer.write_table(table, row_group_size=1 << 20)
    finally:
        if writer is not None:
            writer.close()
    return waves * orgs


def spec_of(cfg: dict[str, Any]) -> Any:
    from skl_socialmedia.tally.spec import CountSpec

    waves = [str(2015 + w) for w in range(cfg["waves"])]
    return CountSpec(
        items=item_names(cfg["items"]),
        by="group",
        pairs=list(itertools.pairwise(waves)),
    )


# -- one engine, in its own process ---------------------------------------------


def spark_session() -> Any:
    """A local Spark session on two cores, quiet (no UI, errors only)."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def counter(engine: str, path: str, spec: Any) -> tuple[Any, Any]:
    """Return a function that counts ``path`` with ``engine``, and a closer."""
    if engine == "numpy":
        import pyarrow.parquet as pq

        from skl_socialmedia import Survey
        from skl_socialmedia.tally.numpy_engine import count

        timings: dict[str, list[float]] = {"count": []}

        def run_numpy() -> Any:
            table = pq.read_table(path)
            survey = Survey.from_columns(table, items=list(spec.items), register=None)
            del table
            start = time.perf_counter()
            tally = count(spec, survey._parts)
            timings["count"].append(time.perf_counter() - start)
            return tally

        return run_numpy, timings
    if engine == "duckdb":
        from skl_socialmedia.engines import duckdb

        return (lambda: duckdb.count(path, spec)), None
    if engine == "dask":
        import logging

        import dask.dataframe as dd
        from distributed import Client, LocalCluster

        from skl_socialmedia.engines import dask

        logging.getLogger("distributed").setLevel(logging.ERROR)
        cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)

        def run_dask() -> Any:
            return dask.count(dd.read_parquet(path, split_row_groups=True), spec)

        return run_dask, (client, cluster)
    if engine == "spark":
        from skl_socialmedia.engines import spark

        session = spark_session()

        def run_spark() -> Any:
            return spark.count(session.read.parquet(path), spec, partitions=4)

        return run_spark, session
    raise SystemExit(f"unknown engine {engine!r}")


def worker(engine: str, path: str, cfg: dict[str, Any], runs: int, out: str) -> None:
    """Count ``path`` ``runs`` times after a warm-up; write the result to ``out``."""
    spec = spec_of(cfg)
    run, extra = counter(engine, path, spec)
    tally = run()  # warm-up: imports, JVM and cluster start, caches
    before, how = reset_peak()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        tally = run()
        times.append(time.perf_counter() - start)
    result = {
        "time": statistics.median(times),
        "peak": peak() - before,
        "memory": how,
    }
    if isinstance(extra, dict):
        result["count"] = statistics.median(extra["count"][1:])
    tally.write_json(out + ".tally.json")
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    if engine == "dask":
        extra[0].close()
        extra[1].close()
    elif engine == "spark":
        extra.stop()


def measure(engine: str, path: Path, cfg: dict[str, Any], runs: int, out: Path) -> Any:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", engine, "--path", str(path),
         "--config", json.dumps(cfg), "--runs", str(runs), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        print(f"{engine}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return json.loads(out.read_text(encoding="utf-8"))


# -- agreement ---------------------------------------------------------------------


def disagreement(got: Any, want: Any) -> list[str]:
    """Return the fields in which ``got`` differs from ``want`` (counts exactly)."""
    import attrs

    wrong = []
    for field in attrs.fields(type(want)):
        a, b = getattr(got, field.name), getattr(want, field.name)
        if isinstance(b, np.ndarray):
            same = a.shape == b.shape and (
                np.allclose(a, b, rtol=1e-12, atol=0)
                if b.dtype.kind == "f"
                else np.array_equal(a, b)
            )
        else:
            same = a == b
        if not same:
            wrong.append(field.name)
    return wrong


# -- the fixed cost per call ----------------------------------------------------------


def per_call(cfg: dict[str, Any], path: Path, runs: int) -> str:
    """Time 10 organisation shards tallied and added against the whole, and one add."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from skl_socialmedia import Survey
    from skl_socialmedia.tally.numpy_engine import count

    spec = spec_of(cfg)
    table = pq.read_table(path)
    items = list(spec.items)
    whole = Survey.from_columns(table, items=items, register=None)
    shard_of = pc.remainder(table.column("org_code"), 10)
    shards = [
        Survey.from_columns(
            table.filter(pc.equal(shard_of, s)), items=items, register=None
        )
        for s in range(10)
    ]
    del table
    t_whole, t_shards, t_add = [], [], []
    for _ in range(runs + 1):
        start = time.perf_counter()
        total = count(spec, whole._parts)
        t_whole.append(time.perf_counter() - start)
        start = time.perf_counter()
        parts = [count(spec, s._parts) for s in shards]
        summed = parts[0]
        for part in parts[1:]:
            summed = summed + part
        t_shards.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(20):
            parts[0] + parts[1]
        t_add.append((time.perf_counter() - start) / 20)
    assert not disagreement(summed, total), disagreement(summed, total)
    w, s, a = (statistics.median(t[1:]) for t in (t_whole, t_shards, t_add))
    return (
        f"per call: the whole {w * 1e3:.0f} ms; 10 organisation shards tallied and "
        f"added {s * 1e3:.0f} ms ({s / w:.2f} x); adding two tallies "
        f"{a * 1e3:.2f} ms"
    )


# -- Spark: SQL aggregation against mapInArrow ---------------------------------------


def spark_sql(cfg: dict[str, Any], path: Path, runs: int) -> list[str]:
    """Time the Spark engine against Spark SQL aggregations of ``path``."""
    import attrs

    session = spark_session()
    from pyspark.sql import functions as F  # noqa: N812

    from skl_socialmedia.engines import spark

    spec = spec_of(cfg)
    items = list(spec.items)
    frame = session.read.parquet(str(path))

    def answer(item: str, side: str = "") -> Any:
        # a Parquet NaN is not NULL in Spark: make it NULL
        column = F.col(f"{side}.`{item}`" if side else f"`{item}`")
        return F.nanvl(column, F.lit(None).cast("double"))

    def wide() -> Any:
        sums = [F.count(F.lit(1)).alias("rows")]
        for i, item in enumerate(items):
            sums += [
                F.sum(answer(item)).alias(f"y{i}"),
                F.count(answer(item)).alias(f"n{i}"),
            ]
        return frame.groupBy("wave", "group").agg(*sums).collect()

    def long() -> Any:
        pairs = ", ".join(f"'{i}', nanvl(`{i}`, CAST(NULL AS DOUBLE))" for i in items)
        rows = frame.selectExpr(
            "wave", "group", f"stack({len(items)}, {pairs}) as (item, y)"
        )
        return (
            rows.groupBy("wave", "group", "item")
            .agg(F.sum("y").alias("yes"), F.count("y").alias("base"))
            .collect()
        )

    def panel() -> Any:
        b, a = frame.alias("b"), frame.alias("a")
        on = (
            (F.col("b.org_code") == F.col("a.org_code"))
            & (F.col("a.wave") == F.col("b.wave") + 1)
            & (F.col("a.group") == F.col("b.group"))
        )
        sums = []
        for i, item in enumerate(items):
            yb, ya = answer(item, "b"), answer(item, "a")
            sums += [F.sum(yb * ya).alias(f"yy{i}"), F.count(yb * ya).alias(f"n{i}")]
            sums += [
                F.sum(yb + 0 * ya).alias(f"yb{i}"),
                F.sum(ya + 0 * yb).alias(f"ya{i}"),
            ]
        return b.join(a, on).groupBy("b.wave", "b.group").agg(*sums).collect()

    jobs = {
        "the engine (mapInArrow), every cell": lambda: spark.count(
            frame, spec, partitions=4
        ),
        "the engine, per-wave counts only": lambda: spark.count(
            frame, attrs.evolve(spec, pairs=()), partitions=4
        ),
        "SQL GROUP BY wave, group (2 aggregates an item)": wide,
        "SQL GROUP BY wave, group, item (stack)": long,
        "SQL panel cells (join of consecutive waves)": panel,
    }
    found = {name: job() for name, job in jobs.items()}  # warm-up
    times: dict[str, list[float]] = {name: [] for name in jobs}
    names = list(jobs)
    for r in range(runs):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.perf_counter()
            jobs[name]()
            times[name].append(time.perf_counter() - start)
    session.stop()
    tally = found["the engine (mapInArrow), every cell"]
    wave = {w: j for j, w in enumerate(tally.waves)}
    group = {g: j for j, g in enumerate(tally.groups)}
    agree = True
    for row in found["SQL GROUP BY wave, group (2 aggregates an item)"]:
        w, g = wave[str(row["wave"])], group[row["group"]]
        agree &= bool(row["rows"] == tally.respondents[w, g])
        for i in range(len(items)):
            agree &= bool((row[f"y{i}"] or 0) == tally.yes[w, g, i])
            agree &= bool(row[f"n{i}"] == tally.base[w, g, i])
    for row in found["SQL panel cells (join of consecutive waves)"]:
        p, g = wave[str(row["wave"])], group[row["group"]]  # pair p starts at wave p
        for i in range(len(items)):
            cells = tally.panel_cells[p, g, i]
            agree &= bool((row[f"yy{i}"] or 0) == cells[0])
            agree &= bool(row[f"n{i}"] == cells.sum())
    lines = [f"Spark local[2], {len(names)} jobs interleaved, medians of {runs}:"]
    lines += [
        f"  {name:<50} {statistics.median(t):7.2f} s" for name, t in times.items()
    ]
    lines.append(f"  SQL counts and panel cells agree with the engine: {agree}")
    return lines


# -- the report -----------------------------------------------------------------------


def table(
    rows: int,
    results: dict[str, Any],
    failures: dict[str, list[str]],
    reference: str | None,
) -> list[str]:
    base = results.get("duckdb") or next(iter(results.values()))
    lines = [
        f"{rows:,} rows",
        f"{'engine':<8} {'time':>9} {'ratio':>7} {'count only':>11} "
        f"{'peak (Python)':>14}  agreement",
    ]
    for engine, result in results.items():
        count_only = f"{result['count']:.3f} s" if "count" in result else ""
        if engine not in failures:
            agree = "not compared (no numpy or DuckDB run)"
        elif engine == reference:
            agree = "reference"
        else:
            agree = f"DIFFERS {failures[engine]}" if failures[engine] else "OK"
        ratio = result["time"] / base["time"]
        lines.append(
            f"{engine:<8} {result['time']:>7.3f} s {ratio:>6.2f}x "
            f"{count_only:>11} {mib(result['peak']):>14}  {agree}"
        )
    return lines


def run_size(
    cfg: dict[str, Any], engines: list[str], runs: int, folder: Path
) -> tuple[int, list[str]]:
    from skl_socialmedia.tally import Tally

    path = folder / f"survey-{cfg['orgs']}.parquet"
    rows = write_workload(cfg, path)
    results, tallies = {}, {}
    for engine in engines:
        out = folder / f"{engine}-{cfg['orgs']}.json"
        result = measure(engine, path, cfg, runs, out)
        if result is not None:
            results[engine] = result
            tallies[engine] = Tally.read_json(str(out) + ".tally.json")
    failures: dict[str, list[str]] = {}
    reference = next((e for e in ("numpy", "duckdb") if e in tallies), None)
    for engine, tally in tallies.items():
        if reference is not None:
            failures[engine] = disagreement(tally, tallies[reference])
    return rows, table(rows, results, failures, reference)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small workload")
    parser.add_argument("--big", action="store_true", help="add 20,000,000 rows")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", default=",".join(ENGINES))
    parser.add_argument(
        "--spark-sql", action="store_true", help="Spark SQL vs mapInArrow"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.path, json.loads(args.config), args.runs, args.out)
        return 0
    engines = [e for e in args.only.split(",") if e]
    cfg = dict(QUICK if args.quick else FULL, seed=args.seed)
    print(machine())
    print(load())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _rows, lines = run_size(cfg, engines, args.runs, folder)
        print("\n".join(lines))
        print(per_call(cfg, folder / f"survey-{cfg['orgs']}.parquet", args.runs))
        if args.spark_sql:
            path = folder / f"survey-{cfg['orgs']}.parquet"
            print("\n".join(spark_sql(cfg, path, args.runs)))
        if args.big and not args.quick:
            big = dict(cfg, orgs=cfg["orgs"] * 10)
            _rows, lines = run_size(big, engines, max(1, args.runs - 2), folder)
            print("\n".join(lines))
    failed = any("DIFFERS" in line or "failed" in line for line in lines)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
