"""The Spark engine: the numpy engine per partition (needs the ``spark`` extra).

:func:`count` answers a :class:`~skl_socialmedia.tally.spec.CountSpec` over a
PySpark DataFrame in the canonical microdata layout: the rows are
repartitioned by ``org_code`` (every wave of an organisation in one
partition, so that the panels add up), each partition's Arrow batches become
a :class:`~skl_socialmedia.survey.Survey` counted by the numpy engine
(``mapInArrow``), and the partitions' tallies come back to the driver (a few
kilobytes each, in the exact JSON tally layout) to be added with ``+`` in a
tree. The sum is put in the numpy engine's order of labels.

The same code runs on ``local[2]`` and on a cluster: only the session
differs. The Python workers must have ``skl-socialmedia`` installed (on
``local``, set ``PYSPARK_PYTHON`` to the interpreter that has it).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

from skl_socialmedia.engines.partitions import (
    add_all,
    count_part,
    finished,
    from_bytes,
    to_bytes,
)
from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.spec import CountSpec

__all__ = ["count", "count_batches"]


def _spark() -> Any:
    try:
        import pyspark.sql
        import pyspark.sql.functions
    except ImportError:
        raise MissingExtraError("the Spark engine", "spark", "pyspark") from None
    return pyspark.sql


def count_batches(
    batches: Iterator[Any],
    spec: CountSpec,
    options: dict[str, Any],
    names: list[str] | None = None,
) -> Iterator[Any]:
    """Yield one Arrow batch holding the tally of a partition's batches.

    The batch has one column, ``tally``: the tally in the JSON tally layout
    (none for a partition without rows). ``names`` are the columns' real
    names (Spark's ``mapInArrow`` cannot pass names with dots, such as
    ``channel.facebook``: they travel as ``_c0``, ``_c1``…).
    """
    import pyarrow as pa

    found = list(batches)
    if not found:
        return  # an empty partition
    table = pa.Table.from_batches(found)
    if names is not None:
        table = table.rename_columns(names)
    tally = count_part(table, spec, options) if table.num_rows else None
    if tally is not None:
        yield pa.RecordBatch.from_pydict(
            {"tally": pa.array([to_bytes(tally)], pa.binary())}
        )


def count(
    data: Any,
    spec: CountSpec,
    *,
    partitions: int | None = None,
    register: Any = None,
    **options: Any,
) -> Tally:
    """Answer ``spec`` over the Spark DataFrame ``data`` with a :class:`Tally`.

    ``partitions`` (default: the session's default parallelism) is how many
    partitions of whole organisations are counted; ``register`` (default:
    none, any codes) and ``options`` go to each partition's
    :meth:`Survey.from_columns <skl_socialmedia.survey.Survey.from_columns>`.
    """
    sql = _spark()
    if not isinstance(data, sql.DataFrame):
        raise InvalidArgumentError(
            f"the Spark engine counts a Spark DataFrame, not a {type(data).__name__}"
        )
    if "org_code" not in data.columns:
        raise InvalidArgumentError("the DataFrame has no column 'org_code'")
    session = data.sparkSession
    n = partitions or session.sparkContext.defaultParallelism
    settings = {"register": register, **options}

    names = list(data.columns)
    safe = data.select(
        [
            sql.functions.col(f"`{name.replace('`', '``')}`").alias(f"_c{i}")
            for i, name in enumerate(names)
        ]
    )
    org = f"_c{names.index('org_code')}"

    def counted(batches: Iterator[Any]) -> Iterator[Any]:
        return count_batches(batches, spec, settings, names)

    with warnings.catch_warnings():
        # Arrow batches only: PySpark's warning about pandas 3 does not apply
        warnings.filterwarnings(
            "ignore", "PySpark does not yet fully support pandas", FutureWarning
        )
        mapped = safe.repartition(n, org).mapInArrow(counted, "tally binary")
    rows = mapped.collect()
    return finished(spec, add_all(from_bytes(bytes(row.tally)) for row in rows))
