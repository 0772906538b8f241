"""Counts and the tables computed from them: microdata → Tally → estimates.

- :mod:`~skl_socialmedia.tally.model`: the :class:`Tally` (sufficient
  statistics per wave, group and item, and the panel), its merge with ``+``;
- :mod:`~skl_socialmedia.tally.estimates`: Tally → :class:`RateTable` and
  :class:`DeltaTable`;
- :mod:`~skl_socialmedia.tally.tables`: those tables;
- :mod:`~skl_socialmedia.tally.numpy_engine`: the built-in counting kernels.
"""

from __future__ import annotations

from skl_socialmedia.tally.model import PANEL_CELLS, Tally
from skl_socialmedia.tally.tables import DeltaRow, DeltaTable, RateRow, RateTable

__all__ = ["PANEL_CELLS", "DeltaRow", "DeltaTable", "RateRow", "RateTable", "Tally"]
