"""What the counting kernels return: raw arrays per wave, cell and item."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from skl_socialmedia.tally.numpy_engine.keys import Floats, Ints

__all__ = ["Counted"]


class Counted(NamedTuple):
    """What the kernels counted, per wave, group (cell of the grouping) and item."""

    respondents: Ints  # (W, G)
    domain: Ints  # (W, G)
    yes: Ints  # (W, G, I)
    base: Ints  # (W, G, I)
    weighted: list[Floats] | None  # Σw·y, Σw, Σw², Σw²·y, each (W, G, I)
    panel: Ints  # (P, G, I, 4)
    sizes: Ints  # (P, G, I)
    counted: npt.NDArray[np.bool_]  # (P, G, I)
