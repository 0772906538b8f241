"""Engines that count where the data live: each answers a CountSpec with a Tally.

The built-in numpy engine (:mod:`skl_socialmedia.tally.numpy_engine`) counts a
:class:`~skl_socialmedia.survey.Survey` in memory. The engines here count the
same :class:`~skl_socialmedia.tally.spec.CountSpec` over data that live
elsewhere, each behind an extra, and return a
:class:`~skl_socialmedia.tally.model.Tally` with the same counts, panel cells
and design moments:

- :mod:`~skl_socialmedia.engines.duckdb` (extra ``duckdb``): the spec pushed
  down as SQL over a DuckDB relation, a table or any file DuckDB reads;
- :mod:`~skl_socialmedia.engines.dask` (extra ``dask``) and
  :mod:`~skl_socialmedia.engines.spark` (extra ``spark``): partitions of whole
  organisations counted by the numpy engine on the workers, tallies added;
- :func:`tally`: one call, the engine chosen by the type of the data.

The input is the canonical microdata layout (``docs/microdata.md``): one
row per organisation per wave, the columns ``wave``, ``org_code``, the ``by``
attributes, the weight and strata columns of the design and one column per
item, answers 1 (yes), 0 (no) or NULL (missing, and not asked). Tallies of
different engines add up with ``+``.
"""

from __future__ import annotations

from skl_socialmedia.engines.front import ENGINES, Engine, engine_for, tally

__all__ = ["ENGINES", "Engine", "engine_for", "tally"]
