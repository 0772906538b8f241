"""Vectorised interval kernels for a single proportion.

Every kernel takes the observed proportion ``p`` and the (effective) sample size
``n`` as float64 arrays — ``n`` may be fractional (weighted or finite-population
data, where the effective count of successes is ``p * n``) — and returns the
lower and upper limits as arrays.  :func:`proportion_interval` dispatches on the
method name and deals with the two degenerate sizes: ``n == 0`` (no information:
the interval is [0, 1]) and ``n == inf`` (a census: the interval is the point).

The formulas, with ``z`` the two-sided normal critical value of the confidence
level (or the critical value given as ``quantile``, e.g. a Student's t one) and
``q = 1 - p``:

* ``wald``: ``p ± z sqrt(p q / n)``, clipped to [0, 1].
* ``wilson`` (Wilson 1927; Newcombe 1998a method 3):
  ``(p + z²/2n ± z sqrt(p q / n + z²/4n²)) / (1 + z²/n)``.
* ``wilson-cc`` (Newcombe 1998a method 4, continuity corrected):
  ``L = (2np + z² − 1 − z sqrt(z² − 2 − 1/n + 4p(nq + 1))) / (2(n + z²))``,
  ``U = (2np + z² + 1 + z sqrt(z² + 2 − 1/n + 4p(nq − 1))) / (2(n + z²))``,
  with ``L = 0`` when ``p = 0`` and ``U = 1`` when ``p = 1``.
* ``agresti-coull`` (Agresti & Coull 1998): add ``z²/2`` successes and ``z²/2``
  failures, ``ñ = n + z²``, ``p̃ = (np + z²/2) / ñ``, then ``p̃ ± z sqrt(p̃ q̃ / ñ)``,
  clipped to [0, 1].
* ``logit`` (the delta-method interval on the log-odds; R ``survey::svyciprop``
  ``method="xlogit"``, and to convergence ``"logit"``, with ``n = p q / Var(p)``):
  ``expit(logit(p) ± z / sqrt(n p q))``.  The log-odds are undefined at ``p = 0``
  and ``p = 1``; there it falls back to Wilson's limits, ``[0, z²/(n + z²)]`` and
  ``[n/(n + z²), 1]``.
* ``jeffreys`` (Brown, Cai & DasGupta 2001): equal-tailed Beta(x + ½, n − x + ½)
  quantiles, with ``L = 0`` when ``x = 0`` and ``U = 1`` when ``x = n``.
* ``clopper-pearson`` (Clopper & Pearson 1934): ``L = B(α/2; x, n − x + 1)``,
  ``U = B(1 − α/2; x + 1, n − x)``, with ``L = 0`` when ``x = 0`` and ``U = 1``
  when ``x = n``.

``jeffreys`` and ``clopper-pearson`` need scipy (the ``exact`` extra); they take
their beta quantiles at the confidence level and ignore ``quantile``.

The closed-form methods are written once over a namespace ``xp`` (the
``*_formula`` functions, listed in :data:`FORMULAS`): evaluated on float64
arrays by the kernels here (``xp`` is :mod:`._ops_array`, numpy) and on Python
floats by :func:`scalar_proportion_interval` (``xp`` is :mod:`._ops_scalar`,
``math``), the scalar path of :func:`~.rates.rate`. One formula, two evaluators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import _ops_array, _ops_scalar
from skl_socialmedia.statistics._quantiles import beta_quantile, normal_quantile
from skl_socialmedia.statistics._types import (
    RATE_METHODS,
    FloatArray,
    Namespace,
    RateMethod,
    Real,
)
from skl_socialmedia.statistics._validation import (
    as_numeric_array,
    check_confidence,
    check_method,
    check_proportions,
    check_sizes,
    first_bad,
)

__all__ = [
    "FORMULAS",
    "MIN_SIZE",
    "agresti_coull_formula",
    "agresti_coull_interval",
    "clopper_pearson_interval",
    "jeffreys_interval",
    "limits",
    "logit_formula",
    "logit_interval",
    "proportion_interval",
    "scalar_proportion_interval",
    "wald_formula",
    "wald_interval",
    "wilson_cc_formula",
    "wilson_cc_interval",
    "wilson_formula",
    "wilson_interval",
]

Interval = tuple[FloatArray, FloatArray]

MIN_SIZE = 1e-9
"""Smallest positive effective size the kernels see (smaller ones are raised)."""


Formula = Callable[[Real, Real, Real, Namespace], tuple[Real, Real]]
"""A single-proportion formula ``(p, n, z, xp) -> (low, high)``."""

Quantile = float | FloatArray
"""A critical value, or one per element (broadcast against ``p`` and ``n``)."""

MAX_QUANTILE = 1e100
"""Critical values above this (Student's t on a tiny ``df`` at a confidence
near 1) are lowered to it in the kernels, whose squares must stay finite: the
interval is [0, 1] to within 1e-80 anyway."""


def _z(confidence: float, quantile: Quantile | None) -> Quantile:
    """Return ``quantile`` if given, else the normal critical value."""
    return normal_quantile(confidence) if quantile is None else quantile


def wald_formula(p: Real, n: Real, z: Real, xp: Namespace) -> tuple[Real, Real]:
    """Wald limits ``p ± z sqrt(p(1 − p)/n)`` over ``xp``, unclipped."""
    half = z * xp.sqrt(p * (1.0 - p) / n)
    return p - half, p + half


def wilson_formula(p: Real, n: Real, z: Real, xp: Namespace) -> tuple[Real, Real]:
    """Wilson score limits (Newcombe 1998a, method 3) over ``xp``."""
    z2n = z * z / n
    centre = (p + z2n / 2.0) / (1.0 + z2n)
    half = z / (1.0 + z2n) * xp.sqrt(p * (1.0 - p) / n + z2n / (4.0 * n))
    low = xp.where(p <= 0.0, 0.0, centre - half)
    high = xp.where(p >= 1.0, 1.0, centre + half)
    return low, high


def wilson_cc_formula(p: Real, n: Real, z: Real, xp: Namespace) -> tuple[Real, Real]:
    """Continuity-corrected Wilson limits (Newcombe 1998a, method 4) over ``xp``.

    The radicands can only go negative for effective sizes below one (fractional
    ``n``); they are then taken as zero.
    """
    z2 = z * z
    q = 1.0 - p
    inverse = 1.0 / n
    # Newcombe's numerators and radicands divided by n (and n²), which keeps
    # them finite for any n up to the largest double.
    radicand_low = (z2 - 2.0 - inverse) * inverse * inverse + 4.0 * p * (
        q + inverse
    ) * inverse
    radicand_high = (z2 + 2.0 - inverse) * inverse * inverse + 4.0 * p * (
        q - inverse
    ) * inverse
    denominator = 2.0 * (1.0 + z2 * inverse)
    low = (
        2.0 * p + (z2 - 1.0) * inverse - z * xp.sqrt(xp.maximum(radicand_low, 0.0))
    ) / denominator
    high = (
        2.0 * p + (z2 + 1.0) * inverse + z * xp.sqrt(xp.maximum(radicand_high, 0.0))
    ) / denominator
    return xp.where(p <= 0.0, 0.0, low), xp.where(p >= 1.0, 1.0, high)


def agresti_coull_formula(
    p: Real, n: Real, z: Real, xp: Namespace
) -> tuple[Real, Real]:
    """Agresti-Coull limits over ``xp``: Wald on ``z²/2`` added successes, failures."""
    n_tilde = n + z * z
    p_tilde = (n * p + z * z / 2.0) / n_tilde
    half = z * xp.sqrt(p_tilde * (1.0 - p_tilde) / n_tilde)
    return p_tilde - half, p_tilde + half


def _expit(x: Real, xp: Namespace) -> Real:
    """Return the logistic function ``1 / (1 + exp(−x))``, without overflow."""
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


def logit_formula(p: Real, n: Real, z: Real, xp: Namespace) -> tuple[Real, Real]:
    """Logit limits ``expit(logit(p) ± z/sqrt(n p q))`` over ``xp``.

    Wilson's limits at ``p = 0`` and ``p = 1``, where the log-odds are undefined.
    """
    inside = (p > 0.0) & (p < 1.0)
    safe = xp.where(inside, p, 0.5)
    centre = xp.log(safe) - xp.log1p(-safe)
    half = z / xp.sqrt(n * safe * (1.0 - safe))
    edge_low, edge_high = wilson_formula(p, n, z, xp)
    low = xp.where(inside, _expit(centre - half, xp), edge_low)
    high = xp.where(inside, _expit(centre + half, xp), edge_high)
    return low, high


FORMULAS: dict[str, Formula] = {
    "wilson": wilson_formula,
    "wilson-cc": wilson_cc_formula,
    "agresti-coull": agresti_coull_formula,
    "wald": wald_formula,
    "logit": logit_formula,
}
"""The methods written once over a namespace: evaluated on arrays and on floats."""


def wald_interval(
    p: FloatArray, n: FloatArray, confidence: float, *, quantile: Quantile | None = None
) -> Interval:
    """Wald (simple asymptotic) interval ``p ± z sqrt(p(1 − p)/n)``, unclipped."""
    return wald_formula(p, n, _z(confidence, quantile), _ops_array)


def wilson_interval(
    p: FloatArray, n: FloatArray, confidence: float, *, quantile: Quantile | None = None
) -> Interval:
    """Wilson score interval (Newcombe 1998a, method 3)."""
    return wilson_formula(p, n, _z(confidence, quantile), _ops_array)


def wilson_cc_interval(
    p: FloatArray, n: FloatArray, confidence: float, *, quantile: Quantile | None = None
) -> Interval:
    """Continuity-corrected Wilson score interval (Newcombe 1998a, method 4).

    The radicands can only go negative for effective sizes below one (fractional
    ``n``); they are then taken as zero.
    """
    return wilson_cc_formula(p, n, _z(confidence, quantile), _ops_array)


def agresti_coull_interval(
    p: FloatArray, n: FloatArray, confidence: float, *, quantile: Quantile | None = None
) -> Interval:
    """Agresti-Coull interval: Wald on ``z²/2`` added successes and failures."""
    return agresti_coull_formula(p, n, _z(confidence, quantile), _ops_array)


def logit_interval(
    p: FloatArray, n: FloatArray, confidence: float, *, quantile: Quantile | None = None
) -> Interval:
    """Logit (delta-method log-odds) interval ``expit(logit(p) ± z/sqrt(n p q))``.

    With ``n = p q / Var(p)`` this is R ``survey::svyciprop(method="xlogit")``
    (``"logit"`` gives the same to the convergence of its glm fit).  At ``p = 0``
    and ``p = 1`` the log-odds are undefined: the limits are Wilson's there,
    ``[0, z²/(n + z²)]`` and ``[n/(n + z²), 1]`` — not degenerate, and between the
    logit limits of the neighbouring counts.
    """
    return logit_formula(p, n, _z(confidence, quantile), _ops_array)


def jeffreys_interval(
    p: FloatArray, n: FloatArray, confidence: float, *, quantile: Quantile | None = None
) -> Interval:
    """Jeffreys interval: equal-tailed Beta(x + ½, n − x + ½) quantiles (scipy).

    The beta quantiles are at ``confidence``; ``quantile`` is ignored.
    """
    alpha = 1.0 - check_confidence(confidence)
    x = p * n
    a = x + 0.5
    b = np.maximum(n - x, 0.0) + 0.5
    low = np.where(p <= 0.0, 0.0, beta_quantile(a, b, alpha / 2.0))
    high = np.where(p >= 1.0, 1.0, beta_quantile(a, b, alpha / 2.0, upper=True))
    return low, high


def clopper_pearson_interval(
    p: FloatArray, n: FloatArray, confidence: float, *, quantile: Quantile | None = None
) -> Interval:
    """Clopper-Pearson ("exact") interval from beta quantiles (scipy).

    The beta quantiles are at ``confidence``; ``quantile`` is ignored.
    """
    alpha = 1.0 - check_confidence(confidence)
    x = p * n
    failures = np.maximum(n - x, 0.0)
    # Where a limit is fixed at 0 or 1 its beta parameter would be 0; use 1.
    # Elsewhere a parameter may still round to 0 (p or 1 - p near the
    # smallest float, times a small n): keep it positive, which puts that
    # limit at 0 or 1 rather than NaN.
    tiny = np.finfo(np.float64).tiny
    successes = np.where(p > 0.0, np.maximum(x, tiny), 1.0)
    low = beta_quantile(successes, failures + 1.0, alpha / 2.0)
    others = np.where(p < 1.0, np.maximum(failures, tiny), 1.0)
    high = beta_quantile(x + 1.0, others, alpha / 2.0, upper=True)
    return np.where(p <= 0.0, 0.0, low), np.where(p >= 1.0, 1.0, high)


class Kernel(Protocol):
    """A single-proportion interval kernel (the ``*_interval`` functions)."""

    def __call__(
        self,
        p: FloatArray,
        n: FloatArray,
        confidence: float,
        *,
        quantile: Quantile | None = None,
    ) -> Interval: ...


_KERNELS: dict[str, Kernel] = {
    "wilson": wilson_interval,
    "wilson-cc": wilson_cc_interval,
    "agresti-coull": agresti_coull_interval,
    "wald": wald_interval,
    "logit": logit_interval,
    "jeffreys": jeffreys_interval,
    "clopper-pearson": clopper_pearson_interval,
}


def _as_quantile(quantile: npt.ArrayLike) -> FloatArray:
    """Validate critical values: numeric, finite and positive."""
    z = as_numeric_array(quantile, "quantile")
    bad = ~(np.isfinite(z) & (z > 0.0))
    if bool(np.any(bad)):
        raise InvalidArgumentError(
            "quantile must be a finite critical value > 0 (e.g. 1.96), got "
            f"{first_bad(z, bad)}"
        )
    return z


def proportion_interval(
    p: npt.ArrayLike,
    n: npt.ArrayLike,
    confidence: float = 0.95,
    method: RateMethod = "wilson",
    *,
    quantile: npt.ArrayLike | None = None,
) -> Interval:
    """Two-sided interval for a proportion ``p`` observed on (effective) size ``n``.

    Args:
        p: Observed proportions in [0, 1].
        n: Effective sample sizes, ``>= 0``; fractional values and ``inf`` allowed.
        confidence: Two-sided confidence level in (0, 1).
        method: One of ``wilson``, ``wilson-cc``, ``agresti-coull``, ``wald``,
            ``logit``, ``jeffreys``, ``clopper-pearson``.
        quantile: Critical value(s) to use instead of the normal quantile of
            ``confidence``, e.g. ``t_quantile(confidence, df)`` for a design with
            ``df`` degrees of freedom; finite and ``> 0``, broadcast against ``p``
            and ``n``.  ``wilson``, ``wilson-cc``, ``agresti-coull``, ``wald`` and
            ``logit`` use it as their ``z``; ``jeffreys`` and ``clopper-pearson``
            keep their beta quantiles at ``confidence`` and ignore it.  ``None``
            (default) is ``normal_quantile(confidence)``.

    Returns:
        ``(low, high)`` arrays (broadcast shape of ``p``, ``n`` and ``quantile``),
        always within [0, 1] and containing ``p``.  ``n == 0`` gives [0, 1];
        ``n == inf`` (a census) gives the zero-width interval [p, p].

    Raises:
        InvalidArgumentError: ``p`` outside [0, 1], ``n`` negative or NaN,
            ``quantile`` not finite and positive, or a bad confidence level.
        UnknownNameError: unknown method.
    """
    kernel = _KERNELS[check_method(method, "rate method", RATE_METHODS)]
    level = check_confidence(confidence)
    z: FloatArray | None = None
    if quantile is None:
        ps, ns = np.broadcast_arrays(
            np.asarray(p, dtype=np.float64), np.asarray(n, dtype=np.float64)
        )
    else:
        z = _as_quantile(quantile)
        ps, ns, z = np.broadcast_arrays(
            np.asarray(p, dtype=np.float64), np.asarray(n, dtype=np.float64), z
        )
    check_proportions(ps, "p")
    check_sizes(ns, "n")
    if z is not None:
        z = np.minimum(z, MAX_QUANTILE)

    def formula(p: Real, n: Real, z: Real, xp: Namespace) -> tuple[Real, Real]:
        return kernel(p, n, level, quantile=z)

    with np.errstate(all="ignore"):
        result: Interval = limits(ps, ns, z, formula, _ops_array)
    return result


def scalar_proportion_interval(
    p: float, n: float, z: float, method: str
) -> tuple[float, float]:
    """:func:`proportion_interval` for one valid ``p`` and ``n``, on floats.

    The scalar evaluator of the :data:`FORMULAS` methods, at the critical value
    ``z``.  No validation: the callers pass a proportion, a size ``>= 0`` and a
    finite ``z > 0``.

    Raises:
        ZeroDivisionError, OverflowError, ValueError: where the array path
            would meet an IEEE special value; callers fall back to it.
    """
    result: tuple[float, float] = limits(p, n, z, FORMULAS[method], _ops_scalar)
    return result


def limits(
    p: Real, n: Real, z: Real, formula: Formula, xp: Namespace
) -> tuple[Real, Real]:
    """Evaluate ``formula`` over ``xp`` for valid ``p`` and ``n`` (any size >= 0).

    The whole of :func:`proportion_interval` after its checks.  Sizes below
    :data:`MIN_SIZE` (only reachable with fractional effective sizes) are
    raised to it, which keeps the formulas finite; the interval is then all but
    [0, 1] anyway.  Size 0 gives [0, 1], a census (``inf``) the point ``[p, p]``.
    The limits are clipped to [0, 1] and widened to hold the estimate; NaN (a
    bug) propagates through minimum/maximum rather than being hidden.
    """
    regular = xp.isfinite(n) & (n > 0.0)
    low, high = formula(p, xp.where(regular, xp.maximum(n, MIN_SIZE), 1.0), z, xp)
    low = xp.where(regular, low, xp.where(n > 0.0, p, 0.0))
    high = xp.where(regular, high, xp.where(n > 0.0, p, 1.0))
    low = xp.minimum(xp.clip(low, 0.0, 1.0), p)
    high = xp.maximum(xp.clip(high, 0.0, 1.0), p)
    return low, high
