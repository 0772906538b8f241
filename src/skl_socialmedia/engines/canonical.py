"""The spec of a canonical microdata file, read from its columns (for ``--engine``).

:func:`file_spec` builds the :class:`~skl_socialmedia.tally.spec.CountSpec`
the command line's ``report`` counts, from the columns and waves DuckDB finds
in a file: the items (``uses``, ``channel.*``, ``purpose.*``, ``reason.*``
unless named), the grouping (``org_kind`` when the file has it, unless
named), the weight (a ``weight`` column: a linearised design, as a Survey
has) and consecutive wave pairs.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from skl_socialmedia.engines.duckdb_run import Run, duckdb_module, quote, source_of
from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.survey.design import Design
from skl_socialmedia.survey.encode import encode
from skl_socialmedia.tally.spec import CountSpec

__all__ = ["ITEM_PREFIXES", "file_spec"]

#: The names of canonical item columns: ``uses`` and these prefixes.
ITEM_PREFIXES = ("channel.", "purpose.", "reason.")


def _columns_and_waves(data: Any) -> tuple[list[str], list[str]]:
    duckdb = duckdb_module()
    con, source, where = source_of(duckdb, data, None)
    run = Run(con, source, where)
    try:
        columns = run.columns(f"SELECT * FROM {source} LIMIT 0")
        if "wave" not in columns:
            raise UnknownNameError("column", "wave", columns)
        raw = run.numpy(f"SELECT DISTINCT {quote('wave')} AS w FROM {source}")["w"]
        _codes, labels = encode(raw)
        return columns, list(labels)
    finally:
        run.close()


def file_spec(
    data: Any,
    *,
    items: Sequence[str] | None = None,
    by: str | None = "org_kind",
    among: str | None = None,
    strata: str | None = None,
) -> CountSpec:
    """Return the spec of ``report`` over the canonical file ``data``.

    ``by`` ``"org_kind"`` (the default) groups by it only when the file has
    the column; ``"none"`` or ``None``: no grouping.
    """
    columns, waves = _columns_and_waves(data)
    if items is None:
        items = [c for c in columns if c == "uses" or c.startswith(ITEM_PREFIXES)]
    items = [i for i in items if i != among]
    if by == "none" or (by == "org_kind" and "org_kind" not in columns):
        by = None
    weight = "weight" if "weight" in columns else None
    design = None
    if weight is not None or strata is not None:
        design = Design(weight=weight, strata=strata)
    return CountSpec(
        items=items,
        by=by,
        among=among,
        pairs=list(itertools.pairwise(waves)),
        weight=weight,
        design=design if design is not None and design.linearised else None,
        panel_cells="auto",
    )
