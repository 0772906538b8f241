"""The Dask engine: the numpy engine per partition, tallies summed (``dask`` extra).

:func:`count` answers a :class:`~skl_socialmedia.tally.spec.CountSpec` over a
``dask.dataframe`` DataFrame in the canonical microdata layout. The rows are
shuffled by organisation (every wave of an organisation in one partition, so
that the panels add up), each partition becomes a
:class:`~skl_socialmedia.survey.Survey` (checked as any Survey is) counted by
the numpy engine, and the partitions' tallies are added with ``+`` in a tree
reduction on the workers. The sum is put in the numpy engine's order of
labels: the tally the numpy engine gives for all rows at once.

The code is the same on a laptop and on a cluster: it runs on the scheduler
that is active — a ``dask.distributed.Client`` connected to a cluster, a
``LocalCluster``, or Dask's default threads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from skl_socialmedia.engines.partitions import add_all, count_part, finished
from skl_socialmedia.errors import (
    DataError,
    InvalidArgumentError,
    MissingExtraError,
)
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.spec import CountSpec

__all__ = ["count", "tree_sum"]


def _dask() -> Any:
    try:
        import dask
        import dask.dataframe
    except ImportError:
        raise MissingExtraError("the Dask engine", "dask", "dask") from None
    return dask


def tree_sum(parts: Sequence[Any], dask: Any, fan_in: int = 8) -> Any:
    """Return the delayed sum of delayed tallies, added ``fan_in`` at a time."""
    add = dask.delayed(_add_many, pure=True)
    level = list(parts)
    while len(level) > 1:
        level = [add(*level[i : i + fan_in]) for i in range(0, len(level), fan_in)]
    return level[0]


def _add_many(*tallies: Tally | None) -> Tally | None:
    return add_all(tallies, fan_in=len(tallies))


def count(
    data: Any,
    spec: CountSpec,
    *,
    shuffle: bool = True,
    register: Any = None,
    **options: Any,
) -> Tally:
    """Answer ``spec`` over the dask DataFrame ``data`` with a :class:`Tally`.

    ``shuffle=False`` trusts that every organisation's rows already lie in
    one partition (say, files written per organisation shard); otherwise the
    rows are shuffled by ``org_code`` first. ``register`` (default: none, any
    codes) and ``options`` go to each partition's
    :meth:`Survey.from_columns <skl_socialmedia.survey.Survey.from_columns>`.
    """
    dask = _dask()
    if not isinstance(data, dask.dataframe.DataFrame):
        raise InvalidArgumentError(
            f"the Dask engine counts a dask DataFrame, not a {type(data).__name__}"
        )
    if "org_code" not in data.columns:
        raise DataError("missing required column 'org_code'")
    frame = data.shuffle(on="org_code") if shuffle else data
    settings = {"register": register, **options}
    parts = [
        dask.delayed(count_part, pure=True)(piece, spec, settings)
        for piece in frame.to_delayed()
    ]
    if not parts:
        raise DataError("no rows to count")
    (total,) = dask.compute(tree_sum(parts, dask))
    return finished(spec, total)
