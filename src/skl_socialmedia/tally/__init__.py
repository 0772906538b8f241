"""Counts and the tables computed from them: microdata → Tally → estimates.

- :mod:`~skl_socialmedia.tally.spec`: the :class:`CountSpec` every engine
  answers;
- :mod:`~skl_socialmedia.tally.model`: the :class:`Tally` (sufficient
  statistics per wave, group and item, and the panel), its merge with ``+``,
  and its long form (:meth:`Tally.from_long`, :meth:`Tally.to_long`);
- :mod:`~skl_socialmedia.tally.estimates`: Tally → :class:`RateTable` and
  :class:`DeltaTable`;
- :mod:`~skl_socialmedia.tally.tables`: those tables;
- :mod:`~skl_socialmedia.tally.numpy_engine`: the built-in counting kernels.
"""

from __future__ import annotations

from skl_socialmedia.tally.estimates import (
    Counts,
    EstimateOptions,
    delta_table,
    rate_table,
)
from skl_socialmedia.tally.model import PANEL_CELLS, LongTally, Tally
from skl_socialmedia.tally.spec import CountSpec
from skl_socialmedia.tally.tables import DeltaRow, DeltaTable, RateRow, RateTable

__all__ = [
    "PANEL_CELLS",
    "CountSpec",
    "Counts",
    "DeltaRow",
    "DeltaTable",
    "EstimateOptions",
    "LongTally",
    "RateRow",
    "RateTable",
    "Tally",
    "delta_table",
    "rate_table",
]
