"""The weights' scale: a power of two that keeps their sums of squares finite.

A tally's estimates are ratios of weighted sums — ``Σw·y / Σw``, Kish's
``(Σw)² / Σw²``, the linearised variance — and do not change when every
weight is multiplied by one number. Their sums of squares, though, overflow
for weights of 1e200 and underflow to zero for weights of 1e-170. The engine
therefore counts with the weights divided by ``2**scale`` (exact: the
mantissas do not change, so neither do the sums' roundings), and the tally
keeps ``scale`` (:attr:`~skl_socialmedia.tally.model.Tally.weight_scale`):
``Σw = weighted_base · 2**scale``, ``Σw² = squared_weights · 4**scale``.

The scale is 0 — the weights as given — while all positive weights lie in
[2**-256, 2**256], where nothing can overflow or underflow; beyond, it is the
power of two nearest the weights' mean, so that they average about 1.
"""

from __future__ import annotations

import numpy as np

from skl_socialmedia.tally.numpy_engine.keys import Floats

__all__ = ["SAFE_EXPONENT", "scaled_weights", "weight_scale"]

#: Weights within [2**-SAFE_EXPONENT, 2**SAFE_EXPONENT] are counted as given.
SAFE_EXPONENT = 256


def weight_scale(weights: Floats | None) -> int:
    """Return the power of two to divide ``weights`` by (0: none needed).

    Zero (and any non-positive or non-finite) weights are left out of the
    choice; no positive weight gives 0.
    """
    if weights is None or not len(weights):
        return 0
    positive = weights[(weights > 0.0) & np.isfinite(weights)]
    if not len(positive):
        return 0
    low, high = float(positive.min()), float(positive.max())
    if low >= 2.0**-SAFE_EXPONENT and high <= 2.0**SAFE_EXPONENT:
        return 0
    # the mean without overflow: of the weights divided by the largest's
    # power of two (at most 1), then that power put back
    top = int(np.frexp(high)[1])
    mean = float(np.mean(np.ldexp(positive, -top)))
    return top + int(np.frexp(mean)[1])


def scaled_weights(weights: Floats | None, scale: int) -> Floats | None:
    """Return ``weights / 2**scale`` (the same array when ``scale`` is 0)."""
    if weights is None or scale == 0:
        return weights
    with np.errstate(under="ignore"):
        result: Floats = np.ldexp(weights, -scale)
    return result
