"""The built-in counting engine: numpy bincount group-bys over encoded columns.

:func:`count` answers a :class:`~skl_socialmedia.tally.spec.CountSpec` with a
:class:`~skl_socialmedia.tally.model.Tally`; its modules hold one algorithm
each (:mod:`.waves`, :mod:`.panels`, :mod:`.sizes`), the keys and rows they
share (:mod:`.keys`, :mod:`.rows`) and every tuning constant (:mod:`.tuning`).
"""

from __future__ import annotations

from skl_socialmedia.tally.numpy_engine.engine import count

__all__ = ["count"]
