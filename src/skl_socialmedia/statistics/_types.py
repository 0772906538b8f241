"""Type aliases shared by the statistics modules."""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
"""A numpy array of float64 (counts may be fractional: effective counts)."""

BoolArray: TypeAlias = npt.NDArray[np.bool_]
"""A numpy array of booleans."""

RateMethod: TypeAlias = Literal[
    "wilson",
    "wilson-cc",
    "agresti-coull",
    "wald",
    "logit",
    "jeffreys",
    "clopper-pearson",
]
"""Interval methods for a single proportion."""

DeltaMethod: TypeAlias = Literal[
    "newcombe", "newcombe-cc", "wald", "agresti-caffo", "miettinen-nurminen"
]
"""Interval methods for the difference of two independent proportions."""

PairedMethod: TypeAlias = Literal["newcombe", "wald", "tango"]
"""Interval methods for the difference of two paired proportions."""

RATE_METHODS: tuple[RateMethod, ...] = (
    "wilson",
    "wilson-cc",
    "agresti-coull",
    "wald",
    "logit",
    "jeffreys",
    "clopper-pearson",
)
DELTA_METHODS: tuple[DeltaMethod, ...] = (
    "newcombe",
    "newcombe-cc",
    "wald",
    "agresti-caffo",
    "miettinen-nurminen",
)
PAIRED_METHODS: tuple[PairedMethod, ...] = ("newcombe", "wald", "tango")
