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

The module is also callable: ``skl_socialmedia.tally(data, spec, engine="auto")``
is :func:`skl_socialmedia.engines.tally` (the engine chosen by the data). Type
checkers see a module, not a function: typed code calls
``skl_socialmedia.engines.tally``, the same function.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from skl_socialmedia.tally.estimates import (
    Counts,
    EstimateOptions,
    delta_table,
    rate_table,
)
from skl_socialmedia.tally.model import PANEL_CELLS, LongTally, Tally
from skl_socialmedia.tally.spec import CountSpec
from skl_socialmedia.tally.tables import DeltaRow, DeltaTable, RateRow, RateTable

if TYPE_CHECKING:
    from skl_socialmedia.engines.front import Engine

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


class _CallableModule(types.ModuleType):
    """The package, callable as :func:`skl_socialmedia.engines.tally`."""

    def __call__(
        self,
        data: Any,
        spec: CountSpec | None = None,
        /,
        *,
        engine: Engine = "auto",
        **keywords: Any,
    ) -> Tally:
        """Count ``data`` by ``spec``: :func:`skl_socialmedia.engines.tally`."""
        from skl_socialmedia.engines.front import tally

        return tally(data, spec, engine=engine, **keywords)


sys.modules[__name__].__class__ = _CallableModule
