"""Benchmark: building a Survey from every dataframe-like input kind (issue 14).

One command generates 1,000,000 rows × 40 items (10 waves × 100,000
organisations; a third of the items int8 0/1, a third bool, a third float with
NaN for missing; a text group column) from a seed, and times
``Survey.from_columns(data, items=[...], register=None)`` for each input kind,
each in its own subprocess: a pandas DataFrame (the baseline), the same with
a categorical group column, a polars DataFrame and LazyFrame, a pyarrow Table
and RecordBatch, a dict of pyarrow ChunkedArrays (10 chunks), a DuckDB
relation, an object that only speaks ``__arrow_c_stream__``, a dict of numpy
arrays (object group column), and the dict of numpy masked arrays that
DuckDB's ``fetchnumpy()`` returns. Times are medians over ``--runs`` (after one
warm-up); peak extra memory is the peak resident set during the builds minus
the resident set before them (``/proc/self/clear_refs``; the largest over the
runs). Every kind's answer counts are checked against the pandas path's. Each
kind runs in a process of its own that keeps its input; the runs are
interleaved (a round builds each kind once), so a busy machine slows every
kind alike.

Run:  python benchmarks/frames.py [--rows 1000000] [--items 40] [--runs 5]
Needs the ``bench`` extra (pandas, polars, pyarrow, duckdb).
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from perf import peak, reset_peak

KINDS = (
    "pandas",
    "pandas-categorical",
    "polars",
    "polars-lazy",
    "arrow-table",
    "arrow-batch",
    "chunked-dict",
    "duckdb",
    "arrow-stream",
    "numpy-dict",
    "numpy-masked",
)


def generate(rows: int, items: int, seed: int) -> dict[str, np.ndarray]:
    """The workload as numpy columns (floats with NaN where missing)."""
    rng = np.random.default_rng(seed)
    waves = 10
    orgs = rows // waves
    group_of = rng.integers(0, 30, orgs)
    labels = np.array([f"G{g + 1:02d}" for g in range(30)], dtype=object)
    columns: dict[str, np.ndarray] = {
        "wave": np.repeat(np.arange(2015, 2015 + waves, dtype=np.int64), orgs),
        "org_code": np.tile(np.arange(orgs, dtype=np.int64) + 1_000_001, waves),
        "group": labels[np.tile(group_of, waves)],
    }
    for j in range(items):
        yes = rng.random(waves * orgs) < rng.uniform(0.1, 0.8)
        if j % 3 == 0:
            columns[f"q{j + 1:02d}"] = yes.astype(np.int8)
        elif j % 3 == 1:
            columns[f"q{j + 1:02d}"] = yes
        else:
            x = yes.astype(np.float64)
            x[rng.random(waves * orgs) < 0.05] = np.nan
            columns[f"q{j + 1:02d}"] = x
    return columns


class ArrowStream:
    """An object that speaks only the Arrow PyCapsule stream interface."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._table.__arrow_c_stream__(requested_schema)


def build_input(kind: str, columns: dict[str, np.ndarray]) -> tuple[Any, Any]:
    """Return the input of ``kind`` (and anything that must stay alive)."""
    import pandas as pd
    import pyarrow as pa

    def arrow() -> Any:
        return pa.table(
            {
                k: pa.array(v, from_pandas=True) if v.dtype.kind == "f" else pa.array(v)
                for k, v in columns.items()
            }
        )

    if kind == "pandas":
        data = dict(columns)
        data["group"] = pd.array(columns["group"], dtype="str")
        return pd.DataFrame(data), None
    if kind == "pandas-categorical":
        data = dict(columns)
        data["group"] = pd.Categorical(columns["group"])
        return pd.DataFrame(data), None
    if kind in ("polars", "polars-lazy"):
        import polars as pl

        frame = pl.from_arrow(arrow())
        return (frame.lazy() if kind == "polars-lazy" else frame), None
    if kind == "arrow-table":
        return arrow(), None
    if kind == "arrow-batch":
        return arrow().combine_chunks().to_batches()[0], None
    if kind == "chunked-dict":
        table = arrow()
        step = -(-table.num_rows // 10)
        return {
            name: pa.chunked_array(
                [
                    table.column(name).slice(i, step)
                    for i in range(0, table.num_rows, step)
                ]
            )
            for name in table.column_names
        }, None
    if kind == "duckdb":
        import duckdb

        con = duckdb.connect()
        source = arrow()
        return con.sql("select * from source"), (con, source)
    if kind == "arrow-stream":
        return ArrowStream(arrow()), None
    if kind == "numpy-dict":
        return dict(columns), None
    if kind == "numpy-masked":
        import duckdb

        con = duckdb.connect()
        source = arrow()
        return con.sql("select * from source").fetchnumpy(), None
    raise SystemExit(f"unknown kind {kind}")


def worker(kind: str, rows: int, items: int, seed: int) -> None:
    """Hold one kind's input; build a survey each time a line comes on stdin.

    Prints a JSON line when ready (the answer counts), then one per build
    (its seconds and peak extra memory); stops at end of input.
    """
    import skl_socialmedia as sm

    columns = generate(rows, items, seed)
    names = [c for c in columns if c.startswith("q")]
    data, keep = build_input(kind, columns)
    del columns
    gc.collect()

    def build() -> Any:
        input_data = data
        if kind == "duckdb":  # a relation is read once: make it anew
            source = keep[1]  # noqa: F841 (read by DuckDB's replacement scan)
            input_data = keep[0].sql("select * from source")
        return sm.Survey.from_columns(input_data, items=names, register=None)

    survey = build()  # warm-up
    counts = survey.tally(items=names).base.sum(axis=(0, 1)).tolist()
    del survey
    gc.collect()
    print(json.dumps({"kind": kind, "counts": counts}), flush=True)
    for _line in sys.stdin:
        base, _method = reset_peak()
        start = time.perf_counter()
        survey = build()
        seconds = time.perf_counter() - start
        extra = peak() - base
        del survey
        gc.collect()
        print(json.dumps({"seconds": seconds, "peak_extra": extra}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.rows, args.items, args.seed)
        return
    kinds = args.kinds.split(",")
    workers = {}
    counts = {}
    for kind in kinds:  # one process per kind, its input made once
        command = [sys.executable, __file__, "--worker", kind]
        for flag in ("rows", "items", "seed"):
            command += [f"--{flag}", str(getattr(args, flag))]
        workers[kind] = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert workers[kind].stdout is not None
        counts[kind] = json.loads(workers[kind].stdout.readline())["counts"]
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    peaks: dict[str, list[int]] = {kind: [] for kind in kinds}
    for _run in range(args.runs):  # interleaved: one build of each kind a round
        for kind, process in workers.items():
            assert process.stdin is not None
            assert process.stdout is not None
            process.stdin.write("build\n")
            process.stdin.flush()
            found = json.loads(process.stdout.readline())
            times[kind].append(found["seconds"])
            peaks[kind].append(found["peak_extra"])
    for process in workers.values():
        assert process.stdin is not None
        process.stdin.close()
        process.wait()
    int8_bytes = args.rows * args.items  # the survey's answer matrix
    baseline = float(np.median(times[kinds[0]]))
    print(
        f"{args.rows:,} rows × {args.items} items, medians of {args.runs} "
        f"interleaved runs; peak extra memory bound: 1.5 × the int8 answers = "
        f"{1.5 * int8_bytes / 2**20:.0f} MiB"
    )
    print(f"{'input':<20}{'seconds':>9}{'× ' + kinds[0]:>10}{'peak MiB':>10}  counts")
    for kind in kinds:
        seconds = float(np.median(times[kind]))
        same = counts[kind] == counts[kinds[0]]
        print(
            f"{kind:<20}{seconds:>9.3f}{seconds / baseline:>10.2f}"
            f"{max(peaks[kind]) / 2**20:>10.0f}  {'same' if same else 'DIFFERENT'}"
        )


if __name__ == "__main__":
    main()
