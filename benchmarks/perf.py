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

Layouts (``--layout``, both by default): ``panel``, the same organisations
in every wave, and ``distinct``, every row a different organisation code.
Scale (``--scale``): times the 2,000,000-row workload; ``--scale 5`` is the
10,000,000-row run of issue 19 (about 10 GiB: the items shared, 3 GiB, and
five workers). Each layout's workload is generated once into shared memory
(``/dev/shm``); every contender runs in its own subprocess, which maps the
items read-only as the float block of its pandas DataFrame and builds its
own input from them. The timed runs are interleaved (one run of each
contender per round, in a rotating order) so that noise from the machine
falls on all alike; times are medians over the rounds, after one warm-up
round, and each ratio (the verdicts') the median over the rounds of the ratio
within a round. Then every rate, interval and delta is compared with the library's
(to 1e-12), and the counts exactly.

Peak extra memory is measured apart from the timings, in a fresh process per
figure (``--memory-runs``, 5 by default, the median shown with the range):
after a warm-up run on a small input and after building the contender's
input, the garbage is collected, freed heap memory handed back to the system
and the peak resident set reset (``/proc/self/clear_refs``); the figure is
the peak resident set (``VmHWM``) of one run minus the resident set at that
moment, which holds the input. The same command gives the same figure to
within 1 % (see :func:`memory_worker`); measured instead over the
runs of a timing worker it depended on what the allocators had kept from
the input's construction and the earlier runs. The library's live peak
(``tracemalloc``) is printed beside it. Every target is printed with its
figure and verdict (PASS/MISS): issue 19's whole-table targets per layout
and scale, issue 7's CSV and growth targets.

Also, at 1 x: the canonical CSV source against ``pandas.read_csv`` (C engine)
on the same file, and growth runs at 0.1x and 4x the rows (time per row).

Run:  python benchmarks/perf.py [--quick] [--runs 5] [--layout panel|distinct|both]
      [--scale 5] [--memory-runs 5] [--weights] [--seed 7]
Needs the ``bench`` extra (pandas, statsmodels, duckdb, polars, psutil-free).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

TOLERANCE = 1e-12
PEERS = ("pandas+statsmodels", "duckdb", "polars")
#: The library with its compiled kernels (the ``jit`` extra, loaded for any
#: big table: ``SKL_SOCIALMEDIA_JIT=on``, as a notebook or a server would
#: run it), and with numpy only (``off``).
LIBRARIES = {"library": "on", "library, numpy only": "off"}
CONTENDERS = ("floor", *LIBRARIES, *PEERS)

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


def columns_of(cfg: dict[str, Any]) -> Iterator[tuple[str, np.ndarray]]:
    """The workload's columns one at a time: ``wave``, ``org_code``, ``group``
    (codes 0 … groups − 1, int8), the items (float, NaN = missing), ``weight``.

    ``waves`` × ``orgs`` rows in wave order. Layout ``panel`` (the default):
    the same organisations in every wave, each in one of ``groups`` groups.
    Layout ``distinct``: every row a different organisation code (no
    organisation answers twice), each row's group drawn on its own. Every item
    is yes with a probability of its own that drifts over the waves, and
    missing with probability ``missing``; optional weights.
    """
    rng = np.random.default_rng(cfg["seed"])
    waves, orgs = cfg["waves"], cfg["orgs"]
    n = waves * orgs
    distinct = cfg.get("layout", "panel") == "distinct"
    if distinct:
        group_code = rng.integers(0, cfg["groups"], n).astype(np.int8)
        org_code = np.arange(n, dtype=np.int64) + 1_000_001
    else:
        group_code = np.tile(
            rng.integers(0, cfg["groups"], orgs).astype(np.int8), waves
        )
        org_code = np.tile(np.arange(orgs, dtype=np.int64) + 1_000_001, waves)
    yield "wave", np.repeat(np.arange(2015, 2015 + waves, dtype=np.int64), orgs)
    yield "org_code", org_code
    yield "group", group_code
    del org_code, group_code
    start = rng.uniform(0.1, 0.8, cfg["items"])
    drift = rng.uniform(-0.01, 0.02, cfg["items"])
    wave_index = np.repeat(np.arange(waves), orgs)
    for j, name in enumerate(item_names(cfg["items"])):
        p = np.clip(start[j] + drift[j] * wave_index, 0.01, 0.99)
        x = (rng.random(n) < p).astype(np.float64)
        x[rng.random(n) < cfg["missing"]] = np.nan
        yield name, x
    if cfg.get("weights"):
        yield "weight", rng.uniform(0.5, 4.0, n)


def group_labels(groups: int) -> np.ndarray:
    return np.array([f"G{g + 1:02d}" for g in range(groups)], dtype=object)


def generate(cfg: dict[str, Any]) -> dict[str, np.ndarray]:
    """Columns as pandas would hand them: ints, text groups, floats with NaN.

    See :func:`columns_of`; here ``group`` holds the text labels.
    """
    columns = dict(columns_of(cfg))
    columns["group"] = group_labels(cfg["groups"])[columns["group"]]
    return columns


def frame(columns: dict[str, np.ndarray]) -> Any:
    import pandas as pd

    data = dict(columns)
    data["group"] = pd.array(columns["group"], dtype="str")
    return pd.DataFrame(data)


# -- the shared input ------------------------------------------------------------
#
# The workload is generated once per layout and written to shared memory
# (/dev/shm): the items as one (items x rows) float64 array, the other columns
# beside it. Every contender's process maps the items read-only as the one
# float block of its pandas DataFrame (the block pandas itself makes of a dict
# of float columns), so the processes share one copy of the biggest part of
# the input (5 GiB less at 1 x, 13 GiB less at 5 x, than a copy per process).


def write_input(cfg: dict[str, Any], directory: Path) -> None:
    """Generate the workload into ``directory``, one column at a time."""
    names = item_names(cfg["items"])
    n = cfg["waves"] * cfg["orgs"]
    items = np.lib.format.open_memmap(
        directory / "items.npy", mode="w+", dtype=np.float64, shape=(len(names), n)
    )
    index = {name: j for j, name in enumerate(names)}
    for name, column in columns_of(cfg):
        if name in index:
            items[index[name]] = column
        else:
            np.save(directory / f"{name}.npy", column)
        del column
    items.flush()
    del items


def load_input(cfg: dict[str, Any]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The items (items x rows, read-only, shared) and the other columns."""
    directory = Path(cfg["input"])
    items = np.asarray(np.load(directory / "items.npy", mmap_mode="r"))
    others = {
        name: np.load(directory / f"{name}.npy")
        for name in ("wave", "org_code", "group", "weight")
        if (directory / f"{name}.npy").exists()
    }
    return items, others


def small_input(cfg: dict[str, Any]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """A small workload of the same shape in memory (a warm-up's input).

    Its columns are long enough (at least 70,000 rows at full size) to take
    the library's compiled kernels where the ``jit`` extra is installed, so
    that numba's import and the kernels' loading, once a process, are set up
    by the warm-up as the other libraries' imports are.
    """
    names = set(item_names(cfg["items"]))
    columns = dict(columns_of(dict(cfg, orgs=min(cfg["orgs"], 7_000))))
    items = np.stack([columns.pop(q) for q in item_names(cfg["items"])])
    return items, {k: v for k, v in columns.items() if k not in names}


def frame_of(
    items: np.ndarray, others: dict[str, np.ndarray], cfg: dict[str, Any]
) -> Any:
    """The pandas DataFrame over the items' block, without copying it."""
    import pandas as pd

    df = pd.DataFrame(items.T, columns=item_names(cfg["items"]), copy=False)
    df.insert(0, "wave", others["wave"])
    df.insert(1, "org_code", others["org_code"])
    labels = group_labels(cfg["groups"])[others["group"]]
    df.insert(2, "group", pd.array(labels, dtype="str"))
    if "weight" in others:
        df["weight"] = others["weight"]
    return df


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


def _intervals_with_kernels(yes: Any, base: Any, design: Any = None) -> dict[str, Any]:
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


def make_floor(items: np.ndarray, cfg: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    matrix = np.empty((items.shape[1], items.shape[0]), dtype=np.int8)
    for j in range(items.shape[0]):
        matrix[:, j] = np.nan_to_num(items[j], nan=-1.0)

    def run() -> dict[str, Any]:
        return {"item_yes": (matrix == 1).sum(axis=0)}

    return run


def make_library(df: Any, cfg: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    from skl_socialmedia import Survey

    names = item_names(cfg["items"])
    shape = (cfg["waves"], cfg["groups"], cfg["items"])
    # the peers' changes are independent samples', so the library's are asked
    # for as such (see the module's docstring)
    paired = False

    def run() -> dict[str, Any]:
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


def make_pandas(df: Any, cfg: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    from statsmodels.stats.proportion import (
        confint_proportions_2indep,
        proportion_confint,
    )

    names = item_names(cfg["items"])
    shape = (cfg["waves"], cfg["groups"], cfg["items"])
    weighted = bool(cfg.get("weights"))

    def run() -> dict[str, Any]:
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


def make_duckdb(df: Any, cfg: dict[str, Any]) -> Callable[[], dict[str, Any]]:
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

    def run() -> dict[str, Any]:
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


def make_polars(df: Any, cfg: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    import polars as pl

    names = item_names(cfg["items"])
    shape = (cfg["waves"], cfg["groups"], cfg["items"])
    weighted = bool(cfg.get("weights"))

    def run() -> dict[str, Any]:
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


def make_csv(which: str, cfg: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    path = cfg["csv_path"]
    names = item_names(cfg["items"])
    if which == "pandas.read_csv":
        import pandas as pd

        def run() -> dict[str, Any]:
            table = pd.read_csv(path, engine="c")
            return {"items": np.nan_to_num(table[names].to_numpy(), nan=-1.0)}

        return run
    from skl_socialmedia.sources.microdata.canonical_csv import read_csv

    engine = "arrow" if which == "library (arrow)" else "python"

    def run_library() -> dict[str, Any]:
        survey = read_csv(path, register=None, items=names, engine=engine)
        matrix = np.stack([survey.column(q) for q in names], axis=-1)
        return {"items": matrix.astype(float), "waves": np.array(survey.waves)}

    return run_library


def build(
    name: str, cfg: dict[str, Any], small: bool = False
) -> Callable[[], dict[str, Any]]:
    """The contender's run on the shared input (or on a small one, ``small``)."""
    if name.startswith("csv:"):
        return make_csv(name[4:], cfg)
    items, others = small_input(cfg) if small else load_input(cfg)
    if not small:
        touch(items)
    if name == "floor":
        return make_floor(items, cfg)
    df = frame_of(items, others, cfg)
    del others
    if name in LIBRARIES:
        os.environ.setdefault("SKL_SOCIALMEDIA_JIT", LIBRARIES[name])
    maker = {
        "library": make_library,
        "library, numpy only": make_library,
        "pandas+statsmodels": make_pandas,
        "duckdb": make_duckdb,
        "polars": make_polars,
    }[name]
    return maker(df, cfg)


def touch(items: np.ndarray) -> None:
    """Map every page of the shared items into this process (one read a page)."""
    step = max(4096 // items.itemsize, 1)
    for row in items:
        float(row[::step].sum())


def release_freed() -> None:
    """Hand freed heap memory back to the system: pyarrow's pool, glibc's."""
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # not glibc
            ctypes.CDLL("libc.so.6").malloc_trim(0)


# -- the worker subprocesses -------------------------------------------------------


def worker(name: str, cfg: dict[str, Any], out_dir: str) -> None:
    """A timing worker: builds its input, then runs on command."""
    import skl_socialmedia.statistics  # noqa: F401  (imports before the baseline)

    run = build(name, cfg)
    gc.collect()
    baseline, method = reset_peak()
    print(json.dumps({"ready": True}), flush=True)
    result: dict[str, Any] = {}
    for line in sys.stdin:
        command = line.strip()
        if command == "run":
            start = time.perf_counter()
            result = run()
            seconds = time.perf_counter() - start
            print(json.dumps({"seconds": seconds}), flush=True)
        elif command == "done":
            extra = max(peak() - baseline, 0)
            # the whole process's peak but for the shared input's pages
            private = peak() - (_status("RssShmem") or 0)
            np.savez(Path(out_dir) / f"{_safe(name)}.npz", **result)
            reply = {"peak_extra": extra, "method": method, "private": private}
            print(json.dumps(reply), flush=True)
            return


def memory_worker(name: str, cfg: dict[str, Any], traced: bool = False) -> None:
    """One run of a contender in a fresh process: its peak memory beyond the input.

    First a run on a small input of the same shape (the imports, thread pools,
    connections and caches a first call sets up are not the contender's cost
    per call), whose input and result are then dropped; then the shared input
    is mapped and the contender's own input built (the floor's int8 matrix,
    the pandas DataFrame over the shared items, DuckDB's registration); then
    the garbage is collected, freed heap memory handed back to the system
    (glibc's ``malloc_trim``, pyarrow's ``release_unused``) and the peak
    resident set reset to the resident set (``/proc/self/clear_refs``):
    that resident set is the baseline, which holds the whole input. The
    contender runs once; its peak extra memory is the peak resident set
    (``VmHWM``) minus the baseline, what it returns included.

    ``traced``: the run under ``tracemalloc`` instead, whose peak counts the
    live numpy and Python allocations only (not what the allocators keep of
    freed memory, nor Arrow's, DuckDB's or polars' own heaps); the Arrow
    pool's peak beside it.
    """
    import skl_socialmedia.statistics  # noqa: F401

    warm = build(name, cfg, small=True)
    warm()
    del warm
    gc.collect()
    run = build(name, cfg)
    gc.collect()
    release_freed()
    if traced:
        import tracemalloc

        pool = _arrow_pool()
        arrow_before = pool.max_memory() if pool is not None else 0
        tracemalloc.start()
        result = run()
        live_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        arrow = pool.max_memory() - arrow_before if pool is not None else 0
        del result
        print(json.dumps({"traced_peak": live_peak, "arrow_peak_rise": arrow}))
        return
    baseline, method = reset_peak()
    result = run()
    extra = max(peak() - baseline, 0)
    del result
    print(json.dumps({"peak_extra": extra, "baseline": baseline, "method": method}))


def _arrow_pool() -> Any:
    pyarrow = sys.modules.get("pyarrow")
    return None if pyarrow is None else pyarrow.default_memory_pool()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)


def _command(name: str, cfg: dict[str, Any], *extra: str) -> list[str]:
    return [
        sys.executable,
        __file__,
        "--worker",
        name,
        "--config",
        json.dumps(cfg),
        *extra,
    ]


class Worker:
    def __init__(self, name: str, cfg: dict[str, Any], out_dir: str) -> None:
        self.name = name
        self.times: list[float] = []
        self.peak: dict[str, Any] = {}
        self.process = subprocess.Popen(
            _command(name, cfg, "--out", out_dir),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def _reply(self) -> dict[str, Any]:
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

    def done(self) -> dict[str, Any]:
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
    for name in names:  # one at a time: building the inputs would compete
        workers[name] = Worker(name, cfg, out_dir)
        workers[name].ready()
    order = list(names)
    for round_ in range(runs + 1):  # round 0 warms up
        for name in order:
            workers[name].run(keep=round_ > 0)
        order = order[1:] + order[:1]
    for worker_ in workers.values():
        worker_.peak = worker_.done()
    return workers


def traced_memory(name: str, cfg: dict[str, Any]) -> dict[str, int]:
    """A contender's live peak under tracemalloc, in a fresh process."""
    done = subprocess.run(
        _command(name, cfg, "--traced"), stdout=subprocess.PIPE, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure_memory(
    names: list[str], cfg: dict[str, Any], repeats: int
) -> tuple[dict[str, list[int]], str]:
    """Each contender's peak extra memory, ``repeats`` fresh processes each.

    The processes run one at a time (rounds in a rotating order, as the
    timings), nothing else of the benchmark's running beside them.
    """
    found: dict[str, list[int]] = {name: [] for name in names}
    method = ""
    order = list(names)
    for _ in range(repeats):
        for name in order:
            done = subprocess.run(
                _command(name, cfg, "--memory"),
                stdout=subprocess.PIPE,
                text=True,
                check=True,
            )
            reply = json.loads(done.stdout.strip().splitlines()[-1])
            found[name].append(int(reply["peak_extra"]))
            method = str(reply["method"])
        order = order[1:] + order[:1]
    return found, method


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
    for module in ("pandas", "statsmodels", "duckdb", "polars", "pyarrow", "numba"):
        try:
            versions.append(f"{module} {__import__(module).__version__}")
        except ImportError:
            versions.append(f"{module} (absent)")
    env = {
        k: os.environ[k]
        for k in (
            "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE",
            "SKL_SOCIALMEDIA_JIT",
            "SKL_SOCIALMEDIA_THREADS",
        )
        if k in os.environ
    }
    import importlib.util

    jit = (
        "'library' with the compiled kernels (jit extra, SKL_SOCIALMEDIA_JIT=on), "
        "'library, numpy only' without (off)"
        if importlib.util.find_spec("numba") is not None
        else "numba absent: both libraries run numpy only"
    )
    return (
        f"{cpu}, {cores} cores, {memory} GiB; {', '.join(versions)}"
        + (f"; env {env}" if env else "")
        + f"; {jit}"
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


LAYOUTS = {
    "panel": "the same organisations in every wave (a panel)",
    "distinct": "every row a different organisation code",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="CI-sized smoke run")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds (>= 5)")
    parser.add_argument(
        "--layout",
        choices=[*LAYOUTS, "both"],
        default="both",
        help="panel, all-distinct organisation codes, or both (default)",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="times the 2,000,000-row workload (5: 10,000,000 rows, about 10 GiB)",
    )
    parser.add_argument(
        "--memory-runs",
        type=int,
        help="fresh processes per contender for the memory figure (5; --quick 1)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--weights", action="store_true", help="weighted workload")
    parser.add_argument("--skip-csv", action="store_true")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        if args.memory or args.traced:
            memory_worker(args.worker, json.loads(args.config), traced=args.traced)
        else:
            worker(args.worker, json.loads(args.config), args.out)
        return 0

    size = dict(QUICK if args.quick else FULL)
    cfg: dict[str, Any] = {
        k: size[k] for k in ("waves", "orgs", "items", "groups", "missing")
    }
    cfg.update(
        orgs=round(size["orgs"] * args.scale),
        seed=args.seed,
        weights=args.weights,
    )
    if args.memory_runs is None:
        args.memory_runs = 1 if args.quick else 5
    layouts = list(LAYOUTS) if args.layout == "both" else [args.layout]
    n = cfg["waves"] * cfg["orgs"]
    print(f"machine: {machine()}")
    print(f"before: {load()}")
    print(
        f"workload ({args.scale:g} x): {cfg['waves']} waves x {cfg['orgs']:,} rows "
        f"a wave = {n:,} rows, {cfg['items']} items ({cfg['missing']:.0%} missing, "
        f"float columns), {cfg['groups']} groups"
        f"{', weighted' if cfg['weights'] else ''}; "
        f"int8 item matrix {mib(n * cfg['items'])}; seed {cfg['seed']}; "
        f"median of {args.runs} interleaved runs after a warm-up; peak extra memory "
        f"the median of {args.memory_runs} fresh process(es) per contender"
    )
    failures: list[str] = []
    verdicts: list[str] = []
    with tempfile.TemporaryDirectory() as out_dir:
        for layout in layouts:
            with shared_directory() as where:
                input_dir = Path(where)
                lcfg = dict(cfg, layout=layout, input=str(input_dir))
                write_input(lcfg, input_dir)
                problems, lines = whole_table(lcfg, args, out_dir)
            failures += problems
            verdicts += lines
        print()
        print(f"verdicts ({args.scale:g} x):")
        for line in verdicts:
            print(f"  {line}")
        if args.scale != 1:
            print("\n(CSV and growth sections run at 1 x only)")
        else:
            if not args.skip_csv:
                failures += csv_section(size, args, out_dir)
            if not args.skip_growth:
                growth_section(size, cfg, args, out_dir)
    print(f"after: {load()}")
    return 1 if failures else 0


def shared_directory() -> Any:
    """A temporary directory in shared memory (``/dev/shm``) where there is one."""
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return tempfile.TemporaryDirectory(prefix="skl-perf-", dir=where)


def whole_table(
    cfg: dict[str, Any], args: Any, out_dir: str
) -> tuple[list[str], list[str]]:
    """Time, measure and check every contender on one layout; print the verdicts."""
    layout = cfg["layout"]
    n = cfg["waves"] * cfg["orgs"]
    int8_bytes = n * cfg["items"]
    names = list(CONTENDERS)
    workers = measure(names, cfg, args.runs, out_dir)
    memory, method = measure_memory(names, cfg, args.memory_runs)
    extra = {name: float(np.median(memory[name])) for name in names}
    lib_s = workers["library"].median

    def ratio(a: str, b: str) -> float:
        """The median over the rounds of a's time over b's in the same round."""
        pairs = zip(workers[a].times, workers[b].times, strict=True)
        return float(np.median([x / y for x, y in pairs]))

    print()
    print(f"layout {layout}: {LAYOUTS[layout]}")
    print(
        f"{'contender':<22}{'median':>10}{'x floor':>9}{'/ library':>11}"
        f"{'peak extra':>12}{'range':>14}{'x int8':>8}"
    )
    for name, w in workers.items():
        spread = f"{min(memory[name]) / 2**20:.0f}-{max(memory[name]) / 2**20:.0f}"
        print(
            f"{name:<22}{w.median * 1e3:>8.0f}ms{ratio(name, 'floor'):>9.2f}"
            f"{ratio(name, 'library'):>11.2f}{mib(extra[name]):>12}{spread:>10} MiB"
            f"{extra[name] / int8_bytes:>8.2f}"
        )
    print(
        "times: medians; ratios: the median over the rounds of the ratio within "
        f"a round; memory: {method}, in a fresh process per figure after a warm-up"
    )
    print(
        "library peak extra, each process: "
        + ", ".join(f"{m / 2**20:.1f}" for m in memory["library"])
        + " MiB"
    )
    traced = traced_memory("library", cfg)
    print(
        f"library live peak (tracemalloc: numpy and Python allocations only): "
        f"{mib(traced['traced_peak'])}, Arrow pool {mib(traced['arrow_peak_rise'])}; "
        f"the rest of the peak resident set is freed memory the allocators keep"
    )
    shared = (cfg["waves"] * cfg["orgs"]) * cfg["items"] * 8
    private = sum(w.peak["private"] for w in workers.values())
    print(
        f"the timing run held {(shared + private) / 2**30:.1f} GiB at most: the "
        f"shared items {shared / 2**30:.1f} GiB and the workers' own peaks "
        f"{private / 2**30:.1f} GiB (summed; they do not all peak at once)"
    )
    problems = agreement(out_dir, names, bool(cfg["weights"]))
    print(
        "agreement: OK (counts exact; every rate, interval and delta within "
        f"{TOLERANCE:g} of the library's)"
        if not problems
        else "agreement: FAILED\n  " + "\n  ".join(problems)
    )
    duck_s = workers["duckdb"].median
    to_floor = ratio("library", "floor")
    to_pandas = ratio("pandas+statsmodels", "library")
    to_duck = ratio("duckdb", "library")
    faster = 4.0 if args.scale >= 5 else 3.0
    lib_extra = extra["library"] / int8_bytes
    targets = [
        (f"library <= 2 x floor: {to_floor:.2f} x", to_floor <= 2),
        (
            f"library >= {faster:g} x faster than pandas+statsmodels: "
            f"{to_pandas:.2f} x",
            to_pandas >= faster,
        ),
        (
            f"library faster than duckdb: {lib_s * 1e3:.0f} vs {duck_s * 1e3:.0f} ms "
            f"({to_duck:.2f} x)",
            to_duck > 1,
        ),
        (
            f"library peak extra < 1.5 x int8 matrix: {lib_extra:.2f} x "
            f"({mib(extra['library'])})",
            lib_extra < 1.5,
        ),
    ]
    lines = []
    for label, ok in targets:
        line = f"[{layout}, {args.scale:g} x] {label}: {'PASS' if ok else 'MISS'}"
        print(f"target {line}")
        lines.append(line)
    return problems, lines


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
            f"  peak extra {mib(w.peak['peak_extra'])}"
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
    met = "PASS" if best <= 3 * base else "MISS"
    print(f"  target [csv] library within 3 x read_csv: {best / base:.2f} x: {met}")
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
        scaled = dict(cfg, orgs=int(cfg["orgs"] * factor), layout="panel")
        with shared_directory() as where:
            input_dir = Path(where)
            scaled["input"] = str(input_dir)
            write_input(scaled, input_dir)
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
    verdict = "PASS" if flat else "MISS"
    print(
        "  target [growth] linear cost (per added row within 25 %): "
        f"{max(slopes) / min(slopes):.2f} x: {verdict}"
    )
    per_row = [t / r for r, t in points]
    print(
        "  time per row, largest over smallest: "
        f"{max(per_row) / min(per_row):.2f} x (not a target: issue 19 withdrew "
        "issue 7's clause, a fixed cost per call is fine)"
    )


if __name__ == "__main__":
    sys.exit(main())
