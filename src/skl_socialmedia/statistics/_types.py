"""Type aliases shared by the statistics modules."""

from __future__ import annotations

from types import ModuleType
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
"""A numpy array of float64 (counts may be fractional: effective counts)."""

Real: TypeAlias = Any
"""A float or a float64 array: what the formulas written over a namespace take."""

Namespace: TypeAlias = ModuleType
"""The namespace ``xp`` of such a formula: :mod:`._ops_array` (numpy, arrays) or
:mod:`._ops_scalar` (``math``, Python floats)."""

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
