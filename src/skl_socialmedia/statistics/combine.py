"""Stratified estimates: rates of groups combined with population weights.

With strata ``h`` of population sizes (or other non-negative weights) ``W_h``,
shares ``w_h = W_h / ΣW``, rates ``p_h`` and effective sizes ``n_h``:

* estimate ``p = Σ w_h p_h``;
* variance ``Var(p) = Σ w_h² p_h(1 − p_h) / n_h`` — the stratified variance of
  a proportion (Cochran 1977, ch. 5); because each stratum's effective size
  already carries its design, a stratum with the finite population correction
  contributes ``w_h² (1 − f_h) p_h(1 − p_h)/(n_h − 1)``, a census stratum
  contributes nothing, and a weighted stratum uses Kish's size;
* effective size ``n_eff = p(1 − p) / Var(p)``, and the interval is the strata's
  method applied to ``(p · n_eff, n_eff)``, as ``survey::svyciprop`` does.

When every stratum with weight sits at 0 or 1 the estimated variance is 0
although the strata are samples; ``n_eff`` is then the p-free
``1 / Σ (w_h² / n_h)`` (what the variance formula gives when all ``p_h`` are
equal), which is infinite only if all those strata are censuses.  A stratum of
effective size 0 (one respondent under the finite population correction) with a
positive weight makes the variance unknown: the combined interval is [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from skl_socialmedia.errors import InvalidArgumentError

if TYPE_CHECKING:
    import numpy.typing as npt

    from skl_socialmedia.statistics._types import FloatArray
    from skl_socialmedia.statistics.rates import Rate, RateArray

# numpy, the checks, the rates, their intervals and quantiles are imported where
# they are used: ``stratified_value`` of a few Python floats (the published
# figures' "all organisations") needs none, so the report starts without numpy.

__all__ = ["combine", "combine_array", "stratified_value"]

T = TypeVar("T")

_SCALAR_STRATA = 8
"""Fewer strata than this take :func:`stratified_value`'s scalar path: numpy's
pairwise summation adds fewer than 8 numbers one after the other."""

_EXACT_INT = 2**53
"""Python integers up to this size are floats exactly (the scalar path's)."""


def _shares(weights: npt.ArrayLike, strata: int, shape: tuple[int, ...]) -> FloatArray:
    """Validate weights of shape ``(strata, ...)`` and return shares summing to 1."""
    import numpy as np

    from skl_socialmedia.statistics._validation import as_float_array, first_bad

    w = as_float_array(weights, "weights")
    if w.ndim == 0 or w.shape[0] != strata:
        raise InvalidArgumentError(
            f"weights must give one weight per stratum: {strata} strata, "
            f"got weights of shape {w.shape}"
        )
    if bool(np.any(w < 0.0)):
        raise InvalidArgumentError(
            f"weights must not be negative, got {first_bad(w, w < 0.0)}"
        )
    w = w.reshape(w.shape + (1,) * max(len(shape) - (w.ndim - 1), 0))
    try:
        w = np.broadcast_to(w, (strata, *np.broadcast_shapes(w.shape[1:], shape)))
    except ValueError as exc:
        raise InvalidArgumentError(
            f"weights of shape {w.shape} do not fit rates of shape {shape}"
        ) from exc
    # Normalise before summing: divide by the power of two of the largest
    # weight (exact), so that the sum cannot overflow (weights of 1e308) and
    # the shares are the same whatever the weights' scale.
    _mantissa, exponent = np.frexp(w.max(axis=0))
    w = np.ldexp(w, -exponent)
    total = w.sum(axis=0)
    if bool(np.any(total <= 0.0)):
        raise InvalidArgumentError("weights must not all be 0")
    shares: FloatArray = w / total
    return shares


def stratified_value(
    values: npt.ArrayLike, weights: npt.ArrayLike
) -> float | FloatArray:
    """Weighted average of stratum proportions: the stratified point estimate.

    For published figures without counts (no interval is possible).  E.g. the
    2012 SKL figures, 76 % of 290 municipalities and 87 % of 20 county councils:

    >>> round(100 * stratified_value([0.76, 0.87], [290, 20]), 1)
    76.7

    Args:
        values: Proportions in [0, 1], one per stratum along the first axis.
        weights: Non-negative weights (population sizes), one per stratum.

    Returns:
        A float for 1-d input, else an array over the remaining axes.
    """
    scalar = _scalar_stratified_value(values, weights)
    if scalar is not None:
        return scalar
    import numpy as np

    from skl_socialmedia.statistics._validation import as_float_array, first_bad

    p = as_float_array(values, "values")
    if p.ndim == 0 or p.shape[0] == 0:
        raise InvalidArgumentError("values must hold one proportion per stratum")
    bad = (p < 0.0) | (p > 1.0)
    if bool(np.any(bad)):
        raise InvalidArgumentError(
            f"values must be proportions in [0, 1], got {first_bad(p, bad)}"
        )
    shares = _shares(weights, p.shape[0], p.shape[1:])
    result = np.asarray((shares * p).sum(axis=0), dtype=np.float64)
    return float(result) if result.ndim == 0 else result


def _plain_numbers(values: object) -> list[float] | None:
    """Return a list or tuple of 1 to 7 plain numbers as floats, else ``None``.

    Finite Python floats other than −0.0 (numpy's sum starts from +0.0) and
    Python integers up to 2**53, converted exactly as numpy converts them.
    """
    if type(values) is not list and type(values) is not tuple:
        return None
    if not 0 < len(values) < _SCALAR_STRATA:
        return None
    numbers: list[float] = []
    for value in values:
        if type(value) is float:
            negative_zero = value == 0.0 and math.copysign(1.0, value) < 0.0
            if negative_zero or not math.isfinite(value):
                return None
            numbers.append(value)
        elif type(value) is int and -_EXACT_INT <= value <= _EXACT_INT:
            numbers.append(float(value))
        else:
            return None
    return numbers


def _scalar_stratified_value(values: object, weights: object) -> float | None:
    """:func:`stratified_value` of a few plain numbers, without numpy.

    The array path's operations in the same order, so the same float: weights
    divided by the power of two of the largest (exact), shares by the sum of
    those, the sum of shares times proportions; both sums one number after the
    other from 0.0, as numpy adds fewer than 8 numbers.

    Returns:
        The estimate, or ``None`` for input the scalar path does not take
        (the array path then computes it or raises its error).
    """
    p = _plain_numbers(values)
    w = _plain_numbers(weights)
    if p is None or w is None or len(p) != len(w):
        return None
    if not all(0.0 <= v <= 1.0 for v in p) or not all(v >= 0.0 for v in w):
        return None
    _mantissa, exponent = math.frexp(max(w))
    w = [math.ldexp(v, -exponent) for v in w]
    total = 0.0
    for v in w:
        total += v
    if not total > 0.0:
        return None
    value = 0.0
    for weight, proportion in zip(w, p, strict=True):
        value += weight / total * proportion
    return value


def combine_array(rates: Iterable[RateArray], weights: npt.ArrayLike) -> RateArray:
    """Combine strata elementwise (the vectorised form of :func:`combine`).

    Args:
        rates: One :class:`RateArray` per stratum (any iterable), all of one method,
            confidence level and ``df`` (the interval uses their Student's t
            quantile), with broadcastable shapes.
        weights: Population sizes (or other non-negative weights), shape
            ``(strata,)`` or ``(strata, *shape)``.

    Returns:
        A :class:`RateArray` with ``design == "stratified"``: ``total`` is the sum
        of the strata's totals, ``successes = value · total``, ``population`` the
        sum of the strata's populations when all are known; ``se`` is
        ``sqrt(Var(p))`` and ``design_effect`` is ``total/n_eff`` when every
        stratum's total is its unweighted sample size (binomial, finite
        population or stratified strata), else NaN.
    """
    import numpy as np

    from skl_socialmedia.statistics._quantiles import t_quantile
    from skl_socialmedia.statistics._types import RATE_METHODS
    from skl_socialmedia.statistics._validation import check_method
    from skl_socialmedia.statistics.intervals import proportion_interval
    from skl_socialmedia.statistics.rates import (
        SAMPLE_SIZE_DESIGNS,
        STRATIFIED,
        RateArray,
        _size_design_effect,
    )

    strata: list[RateArray] = _strata(rates, RateArray, "combine_array", "RateArray")
    first = strata[0]
    for stratum in strata[1:]:
        if stratum.confidence != first.confidence:
            raise InvalidArgumentError(
                "strata have different confidence levels "
                f"({first.confidence!r} and {stratum.confidence!r})"
            )
        if stratum.method != first.method:
            raise InvalidArgumentError(
                f"strata have different interval methods ({first.method!r} and "
                f"{stratum.method!r})"
            )
        if stratum.df != first.df:
            raise InvalidArgumentError(
                f"strata have different degrees of freedom ({first.df!r} and "
                f"{stratum.df!r})"
            )
    try:
        p = np.stack(np.broadcast_arrays(*(r.value for r in strata)))
        n = np.stack(np.broadcast_arrays(*(r.effective_n for r in strata)))
        totals = np.stack(np.broadcast_arrays(*(r.total for r in strata)))
    except ValueError as exc:
        shapes = ", ".join(str(r.shape) for r in strata)
        raise InvalidArgumentError(
            f"strata rates have incompatible shapes {shapes}"
        ) from exc
    _check_strata(p, n)
    shares = _shares(weights, len(strata), p.shape[1:])
    p, n, totals = (np.broadcast_to(a, shares.shape) for a in (p, n, totals))
    used = shares > 0.0
    with np.errstate(all="ignore"):
        terms = np.where(
            ~used,
            0.0,
            np.where(
                n <= 0.0,
                np.inf,
                np.where(np.isinf(n), 0.0, shares**2 * p * (1.0 - p) / n),
            ),
        )
        p_free = np.where(
            ~used,
            0.0,
            np.where(n <= 0.0, np.inf, np.where(np.isinf(n), 0.0, shares**2 / n)),
        )
        value = np.clip((shares * p).sum(axis=0), 0.0, 1.0)
        variance = terms.sum(axis=0)
        fallback = 1.0 / p_free.sum(axis=0)
        n_eff = np.where(variance > 0.0, value * (1.0 - value) / variance, fallback)
    method = check_method(first.method, "rate method", RATE_METHODS)
    quantile = t_quantile(first.confidence, first.df)
    low, high = proportion_interval(
        value, n_eff, first.confidence, method, quantile=quantile
    )
    with np.errstate(over="ignore"):
        total = totals.sum(axis=0)  # inf if the strata's totals overflow
    # total / n_eff is the design effect when every stratum's total is its
    # unweighted sample size; otherwise the combined n is unknown.
    if all(r.design in SAMPLE_SIZE_DESIGNS for r in strata):
        design_effect = _size_design_effect(total, n_eff, STRATIFIED)
    else:
        design_effect = np.full(np.shape(value), np.nan)
    populations = [r.population for r in strata]
    population: FloatArray | None = None
    if all(pop is not None for pop in populations):
        population = np.sum(
            np.stack(
                np.broadcast_arrays(*(pop for pop in populations if pop is not None))
            ),
            axis=0,
        )
    return RateArray(
        successes=np.where(value > 0.0, value * total, 0.0),
        total=total,
        value=value,
        low=low,
        high=high,
        method=first.method,
        confidence=first.confidence,
        population=population,
        effective_n=n_eff,
        design=STRATIFIED,
        design_effect=design_effect,
        df=first.df,
        quantile=quantile,
    )


def _strata(rates: object, kind: type[T], function: str, name: str) -> list[T]:
    """Return ``rates`` (any iterable of ``kind``) as a list, checked."""
    if isinstance(rates, (str, bytes)) or not isinstance(rates, Iterable):
        raise InvalidArgumentError(
            f"{function}() takes a sequence of {name} objects, one per stratum, "
            f"got {type(rates).__name__}"
        )
    strata = list(rates)
    if not strata:
        raise InvalidArgumentError(f"{function}() needs at least one stratum")
    from skl_socialmedia.statistics.rates import RateArray

    for index, item in enumerate(strata):
        if not isinstance(item, kind):
            hint = (
                "; use combine_array() for RateArray"
                if isinstance(item, RateArray)
                else ""
            )
            raise InvalidArgumentError(
                f"{function}() takes {name} objects, got {type(item).__name__} "
                f"for stratum {index}{hint}"
            )
    return strata


def _check_strata(p: FloatArray, n: FloatArray) -> None:
    """Refuse strata whose value is no proportion or whose size is no size."""
    import numpy as np

    from skl_socialmedia.statistics._validation import locate

    for values, bad, what in (
        (p, ~((p >= 0.0) & (p <= 1.0)), "value {}, not a proportion in [0, 1]"),
        (n, ~(n >= 0.0), "effective_n {}, not a size >= 0"),
    ):
        if bool(np.any(bad)):
            index, _where = locate(bad)
            rest = f" at index {index[1:]}" if len(index) > 1 else ""
            raise InvalidArgumentError(
                f"the rate of stratum {index[0]}{rest} has "
                + what.format(repr(float(values[index])))
            )


def combine(rates: Iterable[Rate], weights: Sequence[float] | npt.ArrayLike) -> Rate:
    """Combine groups into the stratified estimate, weighted by population sizes.

    E.g. municipalities and county councils combined, each weighted by how many
    there are.  Strata computed with ``population=`` keep their finite population
    correction in the combined variance.

    Args:
        rates: One :class:`Rate` per stratum (same method, confidence level and
            ``df``), any iterable.
        weights: Population sizes (or other non-negative weights), one per
            stratum: a flat sequence.

    Returns:
        A :class:`Rate` with ``design == "stratified"``.

    Raises:
        InvalidArgumentError: not Rates, no stratum, a Rate whose value is not
            a proportion, weights not one non-negative finite number per
            stratum, or strata of different methods or confidence levels.
    """
    import numpy as np

    from skl_socialmedia.statistics.deltas import _as_rate_array
    from skl_socialmedia.statistics.rates import Rate

    strata: list[Rate] = _strata(rates, Rate, "combine", "Rate")
    if np.ndim(weights) != 1:
        shape = np.shape(weights) if _is_numeric(weights) else None
        raise InvalidArgumentError(
            f"weights must be one number per stratum ({len(strata)} strata), got "
            + (f"an array of shape {shape}" if shape is not None else repr(weights))
            + "; use combine_array() for arrays of rates"
        )
    result = combine_array([_as_rate_array(item) for item in strata], weights)
    return result[()]


def _is_numeric(value: object) -> bool:
    """Whether numpy sees ``value`` as numbers (for an error message)."""
    import numpy as np

    try:
        return np.asarray(value).dtype.kind in "biuf"
    except (TypeError, ValueError):
        return False
