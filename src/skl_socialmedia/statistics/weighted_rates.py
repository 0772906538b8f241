"""Weighted rates with Kish's effective sample size (the approximation by name).

``p = Σw·y / Σw`` with the interval of the chosen method on
``n_eff = (Σw)² / Σw²``; a design's linearised variance is in
:mod:`~skl_socialmedia.statistics.design_rates`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics._types import RATE_METHODS, RateMethod
from skl_socialmedia.statistics._validation import (
    as_float_array,
    check_confidence,
    check_method,
    first_bad,
)
from skl_socialmedia.statistics.intervals import proportion_interval
from skl_socialmedia.statistics.rates import (
    WEIGHTED,
    Rate,
    RateArray,
    check_counts,
    kish_effective_n,
)

__all__ = ["weighted_rate", "weighted_rate_array"]


def weighted_rate_array(
    weighted_successes: npt.ArrayLike,
    weighted_total: npt.ArrayLike,
    sum_squared_weights: npt.ArrayLike,
    *,
    confidence: float = 0.95,
    method: RateMethod = "wilson",
) -> RateArray:
    """Weighted rates: estimate from the weights, interval from Kish's effective n.

    ``p = Σw·y / Σw`` and ``n_eff = (Σw)² / Σw²``; the interval is the chosen
    method applied to ``(p · n_eff, n_eff)``.

    Args:
        weighted_successes: ``Σ w·y`` (sums of the weights of the yes answers).
        weighted_total: ``Σ w`` over the base, ``> 0``.
        sum_squared_weights: ``Σ w²`` over the base, in ``(0, (Σw)²]``.
        confidence: Two-sided confidence level in (0, 1).
        method: Interval method, as for :func:`rate`.

    Raises:
        InvalidArgumentError: inconsistent sums or bad confidence.
        UnknownNameError: unknown method.
    """
    level = check_confidence(confidence)
    name = check_method(method, "rate method", RATE_METHODS)
    ws = as_float_array(weighted_successes, "weighted_successes")
    wt = as_float_array(weighted_total, "weighted_total")
    ssw = as_float_array(sum_squared_weights, "sum_squared_weights")
    try:
        ws, wt, ssw = np.broadcast_arrays(ws, wt, ssw)
    except ValueError as exc:
        raise InvalidArgumentError(
            "weighted_successes, weighted_total and sum_squared_weights have "
            f"incompatible shapes {ws.shape}, {wt.shape}, {ssw.shape}"
        ) from exc
    # Sums computed separately may differ by rounding: allow 1e-12 relative.
    check_counts(ws, wt, slack=1e-12, names=("weighted_successes", "weighted_total"))
    if bool(np.any(ssw <= 0.0)):
        raise InvalidArgumentError(
            f"sum_squared_weights must be positive, got {first_bad(ssw, ssw <= 0.0)}"
        )
    too_big = ssw > wt * wt * (1.0 + 1e-12)
    if bool(np.any(too_big)):
        raise InvalidArgumentError(
            "sum_squared_weights cannot exceed weighted_total squared for "
            f"non-negative weights, got {first_bad(ssw, too_big)}"
        )
    ws = np.minimum(ws, wt)
    value = ws / wt
    n_eff = kish_effective_n(wt, ssw)
    low, high = proportion_interval(value, n_eff, level, name)
    return RateArray(
        successes=ws,
        total=wt,
        value=value,
        low=low,
        high=high,
        method=name,
        confidence=level,
        population=None,
        effective_n=n_eff,
        design=WEIGHTED,
    )


def weighted_rate(
    weighted_successes: float,
    weighted_total: float,
    sum_squared_weights: float,
    *,
    confidence: float = 0.95,
    method: RateMethod = "wilson",
) -> Rate:
    """Compute a weighted rate: estimate from weights, interval from Kish's n.

    Args:
        weighted_successes: ``Σ w·y``, the sum of the weights of the yes answers.
        weighted_total: ``Σ w`` over the base.
        sum_squared_weights: ``Σ w²`` over the base.
        confidence: Two-sided confidence level in (0, 1).
        method: Interval method, as for :func:`rate`.

    Returns:
        A :class:`Rate` with ``design == "weighted (Kish)"``.
    """
    for label, value in (
        ("weighted_successes", weighted_successes),
        ("weighted_total", weighted_total),
        ("sum_squared_weights", sum_squared_weights),
    ):
        if np.ndim(value) != 0:
            raise InvalidArgumentError(
                f"{label} must be a single number; use weighted_rate_array() for arrays"
            )
    result = weighted_rate_array(
        weighted_successes,
        weighted_total,
        sum_squared_weights,
        confidence=confidence,
        method=method,
    )
    return result[()]
