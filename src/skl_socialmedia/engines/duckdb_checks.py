"""The DuckDB engine's checks and design: weights, organisations, strata.

What the Survey builder checks of the rows, checked by SQL over the encoded
rows table; the weights' scale (the numpy engine's rule,
:mod:`skl_socialmedia.tally.numpy_engine.scaling`); the strata's units and
population sizes (as :func:`skl_socialmedia.tally.numpy_engine.design.stratify`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia.engines.duckdb_run import Run, quote
from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.tally.numpy_engine.design import check_population, given_population
from skl_socialmedia.tally.numpy_engine.scaling import SAFE_EXPONENT

__all__ = [
    "at",
    "check_rows",
    "ldexp_sql",
    "population_of",
    "units_of",
    "weight_scale_of",
]


def at(run: Run, column: str) -> Location:
    """Return the location of ``column`` in the input."""
    return Location(file=run.where.file, column=column)


def weight_scale_of(run: Run, weight: str) -> int:
    """Return the numpy engine's weight scale (:mod:`.scaling`), by SQL."""
    w = f"CAST({quote(weight)} AS DOUBLE)"
    positive = f"{w} > 0 AND isfinite({w})"
    low, high = run.one(f"SELECT min({w}), max({w}) FROM {run.source} WHERE {positive}")
    if low is None:
        return 0
    if low >= 2.0**-SAFE_EXPONENT and high <= 2.0**SAFE_EXPONENT:
        return 0
    top = int(np.frexp(high)[1])
    (mean,) = run.one(
        f"SELECT avg({ldexp_sql(w, -top)}) FROM {run.source} WHERE {positive}"
    )
    return top + int(np.frexp(float(mean))[1])


def ldexp_sql(value: str, exponent: int) -> str:
    """Return SQL for ``value · 2**exponent``, in two exact steps."""
    if exponent == 0:
        return value
    half = exponent // 2
    return (
        f"({value} * {math.ldexp(1.0, half)!r} * {math.ldexp(1.0, exponent - half)!r})"
    )


def check_rows(run: Run, rows: str, stratified: bool) -> None:
    """Raise unless every row has an organisation, once per wave, in one stratum."""
    (missing,) = run.one(
        f"SELECT count(*) FROM {rows} WHERE o IS NULL OR CAST(o AS VARCHAR) = ''"
    )
    if missing:
        raise DataError("a row has no organisation code", at(run, "org_code"))
    twice = run.one(
        f"SELECT o, w FROM {rows} GROUP BY o, w HAVING count(*) > 1 LIMIT 1"
    )
    if twice is not None:
        raise DataError(
            f"organisation {twice[0]!r} has two rows in one wave",
            at(run, "org_code"),
        )
    if stratified:
        moved = run.one(
            f"SELECT o FROM {rows} GROUP BY o HAVING count(DISTINCT h) > 1 LIMIT 1"
        )
        if moved is not None:
            raise DataError(
                f"organisation {moved[0]!r} is in two strata; an organisation is "
                "one sampling unit in every wave"
            )


def units_of(run: Run, rows: str, n_strata: int) -> npt.NDArray[np.int64]:
    """Return the organisations (in any wave) of each stratum, shape (H,)."""
    found = run.numpy(f"SELECT h, count(DISTINCT o) AS n FROM {rows} GROUP BY h")
    units = np.zeros(n_strata, np.int64)
    units[np.asarray(found["h"], dtype=np.intp)] = np.asarray(found["n"])
    return units


def population_of(
    run: Run,
    given: Any,
    strata: tuple[str, ...],
    units: npt.NDArray[np.int64],
    stratum: str,
    strata_join: str,
) -> npt.NDArray[np.float64]:
    """Return each stratum's population size (``inf``: none), checked."""
    sizes = np.full(len(strata), math.inf)
    if given is None:
        pass
    elif isinstance(given, str):
        column = f"CAST(s.{quote(given)} AS DOUBLE)"
        found = run.numpy(
            f"SELECT {stratum} AS h, min({column}) AS lo, max({column}) AS hi, "
            f"count(*) FILTER (WHERE {column} IS NULL OR NOT isfinite({column})) "
            f"AS bad FROM {run.source} s {strata_join} GROUP BY 1"
        )
        if np.any(np.asarray(found["bad"]) > 0) or np.any(
            np.asarray(found["lo"]) != np.asarray(found["hi"])
        ):
            raise DataError(
                "the population size differs within a stratum, or is missing",
                at(run, given),
            )
        sizes[np.asarray(found["h"], dtype=np.intp)] = np.asarray(found["lo"])
    else:
        sizes = given_population(given, strata, units)
    check_population(sizes, strata, units)
    return sizes
