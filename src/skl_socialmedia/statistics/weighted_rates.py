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

    The sums may be of any scale (weights of 1e-170 or 1e200): only their
    ratios are used, ``value = Σw·y/Σw`` and ``n_eff = (Σw)²/Σw²``, each
    computed on the sums divided by a power of two (exact) so that nothing
    overflows or underflows.

    Raises:
        InvalidArgumentError: inconsistent sums or bad confidence.
        UnknownNameError: unknown method.
    """
    level = check_confidence(confidence)
    name = check_method(method, "rate method", RATE_METHODS)
    ws = as_float_array(weighted_successes, "weighted_successes (Σw·y)")
    wt = as_float_array(weighted_total, "weighted_total (Σw)")
    ssw = as_float_array(sum_squared_weights, "sum_squared_weights (Σw²)")
    try:
        ws, wt, ssw = np.broadcast_arrays(ws, wt, ssw)
    except ValueError as exc:
        raise InvalidArgumentError(
            "weighted_successes, weighted_total and sum_squared_weights have "
            f"incompatible shapes {ws.shape}, {wt.shape}, {ssw.shape}"
        ) from exc
    # Sums computed separately may differ by rounding: allow 1e-12 relative.
    check_counts(
        ws,
        wt,
        slack=1e-12,
        names=("weighted_successes (Σw·y)", "weighted_total (Σw)"),
    )
    if bool(np.any(ssw <= 0.0)):
        raise InvalidArgumentError(
            "sum_squared_weights (Σw²) must be positive, got "
            f"{first_bad(ssw, ssw <= 0.0)}"
        )
    # Scale invariance: divide Σw·y and Σw by the power of two of Σw, Σw² by
    # its square (exact), so that (Σw)² can neither overflow nor underflow.
    _mantissa, exponent = np.frexp(wt)
    with np.errstate(under="ignore"):
        unit_ws = np.ldexp(ws, -exponent)
        unit_wt = np.ldexp(wt, -exponent)
        unit_ssw = np.ldexp(ssw, -2 * exponent)
    too_big = unit_ssw > unit_wt * unit_wt * (1.0 + 1e-12)
    if bool(np.any(too_big)):
        raise InvalidArgumentError(
            "sum_squared_weights (Σw²) cannot exceed weighted_total (Σw) squared "
            f"for non-negative weights, got {first_bad(ssw, too_big)}"
        )
    ws = np.minimum(ws, wt)
    value = np.minimum(unit_ws, unit_wt) / unit_wt
    # (inf where Σw² is below (Σw)² by more than a float's range: a census)
    with np.errstate(divide="ignore"):
        n_eff = np.where(unit_ssw > 0.0, kish_effective_n(unit_wt, unit_ssw), np.inf)
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
