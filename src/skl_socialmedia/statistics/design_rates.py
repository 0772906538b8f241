"""Design-based rates: a proportion with the variance its design gives it.

A caller that computed the variance of ``Σw·y / Σw`` under its design (e.g.
by Taylor linearisation, :func:`~skl_socialmedia.statistics.linearised_ratio`)
turns it into a rate with :func:`design_rate_array`: the interval is any
method on the effective size ``n_eff = p(1 − p)/Var(p)``, as R's
``svyciprop`` does.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics._quantiles import as_degrees_of_freedom, t_quantile
from skl_socialmedia.statistics._types import RATE_METHODS, FloatArray, RateMethod
from skl_socialmedia.statistics._validation import (
    as_float_array,
    as_numeric_array,
    check_confidence,
    check_method,
    first_bad,
)
from skl_socialmedia.statistics.intervals import proportion_interval
from skl_socialmedia.statistics.rates import (
    LINEARISED,
    SAMPLE_SIZE_DESIGNS,
    WEIGHTED,
    Rate,
    RateArray,
    check_counts,
)

__all__ = ["design_rate", "design_rate_array"]


def _scalar_df(df: float) -> float:
    """Validate shared degrees of freedom: one number ``> 0`` (``inf`` allowed)."""
    if np.ndim(df) != 0:
        raise InvalidArgumentError(
            "df must be a single number, shared by the rates (the design's degrees "
            f"of freedom), got an array of shape {np.shape(df)}"
        )
    return float(as_degrees_of_freedom(df))


def design_rate_array(
    successes: npt.ArrayLike,
    total: npt.ArrayLike,
    variance: npt.ArrayLike,
    *,
    n: npt.ArrayLike | None = None,
    df: float = math.inf,
    confidence: float = 0.95,
    method: RateMethod = "wilson",
    design: str = LINEARISED,
    boundary_n: npt.ArrayLike | None = None,
) -> RateArray:
    """Design-based rates: the estimate's variance is given, e.g. linearised.

    ``value = successes/total`` (weighted sums, so a ratio estimator) and the
    interval is the chosen method applied to the effective size
    ``n_eff = value (1 − value)/variance`` — how R's ``survey::svyciprop`` turns
    a design variance into an effective size — with the critical value
    ``t_quantile(confidence, df)`` in place of the normal one (Jeffreys and
    Clopper-Pearson keep their beta quantiles at ``confidence``).
    ``method="logit"`` is ``svyciprop(method="xlogit")`` (and, to convergence,
    ``"logit"``) for the same ``df``.

    Boundaries: ``variance == 0`` with ``0 < value < 1`` (e.g. a census) gives
    ``n_eff = inf``, the zero-width interval [value, value].  At ``value`` 0 or 1
    a ratio of 0/1 answers has variance 0 whatever the design, which says
    nothing about the sampling error: ``n_eff`` is then the unweighted ``n`` when
    it is given (the chosen method's boundary interval on ``n``, e.g. Wilson's
    ``[0, t²/(n + t²)]``), else ``inf`` (zero width). ``boundary_n`` overrides
    that size per rate — ``inf`` where the rate is a census, whose interval is
    the estimate also at 0 or 100 %.

    >>> r = design_rate_array([30.0], [100.0], [0.21 / 99], method="logit")[0]
    >>> round(r.effective_n), round(r.low, 4), round(r.high, 4)
    (99, 0.218, 0.3971)

    Args:
        successes: ``Σ w·y``, the (weighted) sums of the yes answers, ``>= 0``.
        total: ``Σ w`` over the base, ``> 0``, at least ``successes``.
        variance: The variance of ``successes/total`` under the design, ``>= 0``
            (computed by the caller, e.g. by Taylor linearisation).
        n: The unweighted number of answers behind each rate, ``> 0``, or
            ``None``: it gives ``design_effect`` (``variance`` over
            ``value (1 − value)/n``; NaN without ``n`` and where ``value`` is 0
            or 1) and ``n_eff`` at ``value`` 0 or 1.
        df: The design's degrees of freedom (e.g. PSUs minus strata), one
            number ``> 0`` shared by the rates; ``inf`` (default) uses the normal
            quantile and needs no scipy.
        confidence: Two-sided confidence level in (0, 1).
        method: Interval method, as for :func:`rate` (default ``wilson``).
        design: Label stored in ``design`` (default ``"linearised"``); not one of
            the labels of the other constructors.
        boundary_n: The effective size at ``value`` 0 or 1, per rate (default
            ``n``); ``inf`` for a census.

    Returns:
        A :class:`RateArray` of the broadcast shape with ``se = sqrt(variance)``,
        ``design_effect``, ``df`` and ``quantile`` set; ``population`` is None.

    Raises:
        InvalidArgumentError: bad sums, a negative or non-finite variance, a bad
            ``n``, ``df`` or confidence level; the message names the first bad
            element.
        UnknownNameError: unknown method.
        MissingExtraError: finite ``df``, or ``jeffreys``/``clopper-pearson``,
            without scipy (the ``exact`` extra).
    """
    level = check_confidence(confidence)
    name = check_method(method, "rate method", RATE_METHODS)
    if not isinstance(design, str) or not design:
        raise InvalidArgumentError(f"design must be a non-empty label, got {design!r}")
    if design in (*SAMPLE_SIZE_DESIGNS, WEIGHTED):
        raise InvalidArgumentError(
            f"design {design!r} is the label of another constructor's rates; "
            "pick another (default 'linearised')"
        )
    degrees = _scalar_df(df)
    x = as_float_array(successes, "successes")
    base = as_float_array(total, "total")
    var = as_float_array(variance, "variance")
    arrays = [x, base, var]
    if n is not None:
        arrays.append(as_float_array(n, "n"))
    try:
        broadcast = np.broadcast_arrays(*arrays)
    except ValueError as exc:
        names = "successes, total, variance" + (" and n" if n is not None else "")
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise InvalidArgumentError(
            f"{names} have incompatible shapes {shapes}"
        ) from exc
    x, base, var = broadcast[:3]
    # Weighted sums computed separately may differ by rounding: 1e-12 relative.
    check_counts(x, base, slack=1e-12)
    if bool(np.any(var < 0.0)):
        raise InvalidArgumentError(
            f"variance must not be negative, got {first_bad(var, var < 0.0)}"
        )
    size: FloatArray | None = None
    if n is not None:
        size = broadcast[3]
        if bool(np.any(size <= 0.0)):
            raise InvalidArgumentError(
                "n (the unweighted number of answers) must be positive, got "
                f"{first_bad(size, size <= 0.0)}"
            )
    x = np.minimum(x, base)
    value = x / base
    pq = value * (1.0 - value)
    inside = pq > 0.0
    edge = np.full(value.shape, np.inf) if size is None else size
    if boundary_n is not None:
        given = as_numeric_array(boundary_n, "boundary_n")
        if bool(np.any(np.isnan(given) | (given <= 0))):
            raise InvalidArgumentError("boundary_n must be positive (inf allowed)")
        edge = np.broadcast_to(given, value.shape)
    with np.errstate(all="ignore"):
        n_eff = np.where(inside, np.where(var > 0.0, pq / var, np.inf), edge)
        if size is None:
            deff = np.full(value.shape, np.nan)
        else:
            deff = np.where(inside, var / (pq / size), np.nan)
    quantile = t_quantile(level, degrees)
    low, high = proportion_interval(value, n_eff, level, name, quantile=quantile)
    return RateArray(
        successes=x,
        total=base,
        value=value,
        low=low,
        high=high,
        method=name,
        confidence=level,
        population=None,
        effective_n=n_eff,
        design=design,
        se=np.sqrt(var),
        design_effect=deff,
        df=degrees,
        quantile=quantile,
    )


def design_rate(
    successes: float,
    total: float,
    variance: float,
    *,
    n: float | None = None,
    df: float = math.inf,
    confidence: float = 0.95,
    method: RateMethod = "wilson",
    design: str = LINEARISED,
) -> Rate:
    """Compute a design-based rate from its (weighted) sums and its variance.

    The scalar form of :func:`design_rate_array`, which documents the arguments:
    ``n_eff = value (1 − value)/variance`` and the interval on the Student's t
    quantile of ``df`` degrees of freedom.

    >>> r = design_rate(30, 100, 0.21 / 99, method="logit", df=99)
    >>> round(r.low, 4), round(r.high, 4), round(r.quantile, 4)
    (0.2171, 0.3984, 1.9842)

    Returns:
        A :class:`Rate` with ``design == "linearised"`` (or the given label).
    """
    labelled = (("successes", successes), ("total", total), ("variance", variance))
    for label, item in (*labelled, ("n", n)):
        if item is not None and np.ndim(item) != 0:
            raise InvalidArgumentError(
                f"{label} must be a single number; use design_rate_array() for arrays"
            )
    result = design_rate_array(
        successes,
        total,
        variance,
        n=n,
        df=df,
        confidence=confidence,
        method=method,
        design=design,
    )
    return result[()]
