"""``tally(data, spec, engine="auto")``: one call, the engine chosen by the data.

:func:`tally` answers a :class:`~skl_socialmedia.tally.spec.CountSpec` (or
the keywords of one) over ``data`` with the engine that fits its type:

- a :class:`~skl_socialmedia.survey.Survey`, a mapping of columns, a pandas,
  polars or Arrow table → the numpy engine (columns become a Survey first,
  checked as always);
- a DuckDB relation, a table name or a file path → ``duckdb``;
- a Spark DataFrame → ``spark``; a dask DataFrame → ``dask``.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.spec import CountSpec

__all__ = ["ENGINES", "Engine", "engine_for", "tally"]

#: The engines :func:`tally` knows.
Engine = Literal["auto", "numpy", "duckdb", "dask", "spark"]
ENGINES: tuple[Engine, ...] = ("auto", "numpy", "duckdb", "dask", "spark")
_SPEC_KEYWORDS = ("items", "by", "among", "pairs", "weight", "panel_cells", "design")


def engine_for(data: Any) -> Engine:
    """Return the engine ``engine="auto"`` picks for ``data`` (by its type)."""
    module = type(data).__module__ or ""
    if isinstance(data, str | os.PathLike) or module.startswith(("duckdb", "_duckdb")):
        return "duckdb"
    if module.startswith("pyspark"):
        return "spark"
    if module.startswith("dask"):
        return "dask"
    return "numpy"


def tally(
    data: Any,
    spec: CountSpec | None = None,
    /,
    *,
    engine: Engine = "auto",
    **keywords: Any,
) -> Tally:
    """Count ``data`` by ``spec`` (or by the keywords of a CountSpec).

    The spec's keywords (``items``, ``by``, ``among``, ``pairs``, ``weight``,
    ``panel_cells``, ``design``) build the spec when none is given; the other
    keywords go to the engine (``connection=`` for DuckDB, ``partitions=``
    for Spark, ``register=`` for the Surveys of the numpy, Dask and Spark
    engines). ``engine`` names one of :data:`ENGINES`.
    """
    if engine not in ENGINES:
        raise InvalidArgumentError(
            f"engine must be one of {', '.join(ENGINES)}, not {engine!r}"
        )
    given = {k: keywords.pop(k) for k in _SPEC_KEYWORDS if k in keywords}
    if spec is None:
        spec = CountSpec(**given)
    elif given:
        raise InvalidArgumentError(
            f"give a CountSpec or its keywords, not both ({', '.join(given)})"
        )
    chosen = engine_for(data) if engine == "auto" else engine
    if chosen == "duckdb":
        from skl_socialmedia.engines import duckdb

        return duckdb.count(data, spec, **keywords)
    if chosen == "dask":
        from skl_socialmedia.engines import dask

        return dask.count(data, spec, **keywords)
    if chosen == "spark":
        from skl_socialmedia.engines import spark

        return spark.count(data, spec, **keywords)
    return _numpy(data, spec, **keywords)


def _numpy(
    data: Any, spec: CountSpec, *, register: Any = None, **options: Any
) -> Tally:
    from skl_socialmedia.survey.model import Survey
    from skl_socialmedia.tally.numpy_engine import count

    if not isinstance(data, Survey):
        data = Survey.from_columns(
            data, register=register, design=spec.design, **options
        )
    elif options:
        raise InvalidArgumentError(
            f"a Survey is counted as it is: no options ({', '.join(options)})"
        )
    return count(spec, data._parts)
