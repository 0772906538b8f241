"""Rates (proportions) with confidence intervals: binomial, finite population, weighted.

Three designs give the effective sample size ``n_eff`` that every interval method
uses (with ``x_eff = p · n_eff`` effective successes):

* ``binomial`` — ``n_eff = n``.
* ``finite population`` — ``population = N`` known: the survey variance of a
  proportion under simple random sampling without replacement is
  ``Var(p) = (1 − n/N) · p(1 − p)/(n − 1)`` (Cochran 1977, §3.3), and
  ``n_eff = p(1 − p)/Var(p) = (n − 1)/(1 − n/N)``, the way R's
  ``survey::svyciprop`` turns a design variance into an effective size (Korn &
  Graubard 1998).  A census (``n = N``) has ``n_eff = inf`` and a zero-width
  interval; one respondent (``n = 1 < N``) has ``n_eff = 0`` and the interval
  [0, 1].
* ``weighted (Kish)`` — weights ``w``: ``p = Σw·y / Σw`` and Kish's effective size
  ``n_eff = (Σw)² / Σw²`` (Kish 1965; Kish 1992, "Weighting for unequal Pi").
* ``linearised`` (:func:`design_rate_array`) — the caller gives the estimator's
  variance ``Var(p)`` (e.g. Taylor-linearised for a complex design) and
  ``n_eff = p(1 − p)/Var(p)``, as ``survey::svyciprop`` does; the interval uses
  the Student's t quantile on the design's degrees of freedom.

Every rate also carries its standard error ``se``, its design effect
``design_effect`` (``Var(p)`` over the simple-random-sampling variance
``p(1 − p)/n`` of the same unweighted ``n``; NaN where ``n`` is unknown), the
degrees of freedom ``df`` of its critical value and that value, ``quantile``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, SupportsIndex

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.notebook import rate_html, rate_repr
from skl_socialmedia.statistics import _ops_array, _ops_scalar
from skl_socialmedia.statistics._quantiles import (
    cached_normal_quantile,
    normal_quantile,
)
from skl_socialmedia.statistics._rate_formulas import (
    binomial_se_formula,
    finite_population_formula,
    size_design_effect_formula,
)
from skl_socialmedia.statistics._types import (
    RATE_METHODS,
    FloatArray,
    RateMethod,
)
from skl_socialmedia.statistics._validation import (
    as_float_array,
    check_confidence,
    check_method,
    first_bad,
    locate,
    scalar_confidence,
    scalar_number,
)
from skl_socialmedia.statistics.intervals import (
    FORMULAS,
    limits,
    proportion_interval,
)

if TYPE_CHECKING:
    from skl_socialmedia.statistics.flags import LowBaseFlags, LowBaseFlagsArray

__all__ = [
    "Rate",
    "RateArray",
    "finite_population_effective_n",
    "kish_effective_n",
    "rate",
    "rate_array",
]

BINOMIAL = "binomial"
FINITE_POPULATION = "finite population"
WEIGHTED = "weighted (Kish)"
STRATIFIED = "stratified"
LINEARISED = "linearised"

SAMPLE_SIZE_DESIGNS = (BINOMIAL, FINITE_POPULATION, STRATIFIED)
"""Designs whose ``total`` is the unweighted sample size ``n``."""


def _binomial_se(value: npt.ArrayLike, effective_n: npt.ArrayLike) -> FloatArray:
    """``sqrt(p(1 − p)/n_eff)``: 0 for a census, NaN where ``n_eff`` is 0."""
    p = np.asarray(value, dtype=np.float64)
    n_eff = np.asarray(effective_n, dtype=np.float64)
    with np.errstate(all="ignore"):
        se: FloatArray = binomial_se_formula(p, n_eff, _ops_array)
    return se


def _size_design_effect(
    total: npt.ArrayLike, effective_n: npt.ArrayLike, design: str
) -> FloatArray:
    """``n / n_eff`` where ``total`` is ``n`` (0 for a census); else NaN.

    With ``Var(p) = p(1 − p)/n_eff`` this is ``Var(p)`` over ``p(1 − p)/n``.
    NaN where ``n_eff`` is 0 (the variance is unknown) or the design's ``total``
    is not the unweighted sample size (weights: ``n`` is not known here).
    """
    n = np.asarray(total, dtype=np.float64)
    n_eff = np.asarray(effective_n, dtype=np.float64)
    if design not in SAMPLE_SIZE_DESIGNS:
        return np.full(np.broadcast_shapes(n.shape, n_eff.shape), np.nan)
    with np.errstate(all="ignore"):
        deff: FloatArray = size_design_effect_formula(n, n_eff, _ops_array)
    return deff


def _default_quantile(confidence: float) -> float:
    """Return the normal critical value of ``confidence``; NaN for a bad level."""
    if isinstance(confidence, (int, float)) and 0.0 < confidence < 1.0:
        return normal_quantile(confidence)
    return math.nan


def _nan_equal(value: float) -> object:
    """Comparison key that makes NaN equal to NaN (for "unknown" fields)."""
    return "nan" if value != value else value


def _total_as_default(self: Rate) -> float:
    return self.total


def _se_default(self: Rate) -> float:
    return float(_binomial_se(self.value, self.effective_n))


def _design_effect_default(self: Rate) -> float:
    return float(_size_design_effect(self.total, self.effective_n, self.design))


def _quantile_default(self: Rate | RateArray) -> float:
    return _default_quantile(self.confidence)


@attrs.frozen
class Rate:
    """A proportion with its two-sided confidence interval.

    Attributes:
        successes: Count of yes (weighted sum for weighted rates).
        total: The base (weighted sum for weighted rates).
        value: Point estimate, ``successes / total``.
        low: Lower confidence limit, in [0, ``value``].
        high: Upper confidence limit, in [``value``, 1].
        method: Interval method, e.g. ``"wilson"``.
        confidence: Two-sided confidence level, e.g. 0.95.
        population: ``N`` when the finite population correction was used.
        effective_n: Sample size the interval used (``n``; ``(n − 1)/(1 − n/N)``
            with the finite population correction; Kish's size for weights).
        design: ``"binomial"``, ``"finite population"``, ``"weighted (Kish)"``,
            ``"stratified"`` or ``"linearised"`` (:func:`design_rate`).
        se: Standard error of ``value``: ``sqrt(Var(p))``; by default
            ``sqrt(value (1 − value)/effective_n)`` (0 for a census, NaN where
            ``effective_n`` is 0).
        design_effect: ``Var(p)`` over the simple-random-sampling variance
            ``p(1 − p)/n`` of the same unweighted ``n``; by default
            ``total/effective_n`` for the designs whose ``total`` is ``n``
            (binomial: 1; finite population; stratified), NaN where unknown
            (weights, or ``effective_n`` 0).  NaN compares equal to NaN here.
        df: Degrees of freedom of the critical value (``inf``: the normal).
        quantile: The critical value the interval used (``z`` or Student's
            ``t``); by default ``normal_quantile(confidence)``.  Jeffreys and
            Clopper-Pearson intervals take beta quantiles at ``confidence``
            instead.
    """

    successes: float
    total: float
    value: float
    low: float
    high: float
    method: str
    confidence: float
    population: float | None = None
    effective_n: float = attrs.field(
        default=attrs.Factory(_total_as_default, takes_self=True)
    )
    design: str = BINOMIAL
    se: float = attrs.field(
        default=attrs.Factory(_se_default, takes_self=True), eq=_nan_equal
    )
    design_effect: float = attrs.field(
        default=attrs.Factory(_design_effect_default, takes_self=True),
        eq=_nan_equal,
    )
    df: float = math.inf
    quantile: float = attrs.field(
        default=attrs.Factory(_quantile_default, takes_self=True), eq=_nan_equal
    )

    @property
    def percent(self) -> float:
        """The estimate in percent (``100 · value``)."""
        return 100.0 * self.value

    @property
    def low_percent(self) -> float:
        """The lower limit in percent."""
        return 100.0 * self.low

    @property
    def high_percent(self) -> float:
        """The upper limit in percent."""
        return 100.0 * self.high

    @property
    def width(self) -> float:
        """Absolute width of the interval, ``high − low``."""
        return self.high - self.low

    @property
    def flags(self) -> LowBaseFlags:
        """Low-base flags per the NCHS standards (Parker et al. 2017)."""
        from skl_socialmedia.statistics.flags import low_base_flags

        sample = self.total if self.design in SAMPLE_SIZE_DESIGNS else None
        return low_base_flags(
            self.value, self.low, self.high, self.effective_n, sample_size=sample
        )

    def __repr__(self) -> str:
        return rate_repr(self)

    def _repr_html_(self) -> str:
        """Return the rate as a one-row HTML table, for notebooks."""
        return rate_html(self)


def _readonly(array: FloatArray) -> FloatArray:
    out = np.array(array, dtype=np.float64)
    out.setflags(write=False)
    return out


def _optional_readonly(array: FloatArray | None) -> FloatArray | None:
    return None if array is None else _readonly(array)


def _array_total_as_default(self: RateArray) -> FloatArray:
    return self.total


def _array_se_default(self: RateArray) -> FloatArray:
    return _binomial_se(self.value, self.effective_n)


def _array_design_effect_default(self: RateArray) -> FloatArray:
    return _size_design_effect(self.total, self.effective_n, self.design)


@attrs.frozen(eq=False)
class RateArray:
    """Many rates at once, as read-only float64 arrays of one shape.

    Indexing with an integer (or a tuple for several dimensions) gives one
    :class:`Rate`.  ``method``, ``confidence``, ``design``, ``df`` and
    ``quantile`` are shared; the other fields are arrays, as described for
    :class:`Rate` (``se`` and ``design_effect`` default the same way).
    """

    successes: FloatArray = attrs.field(converter=_readonly)
    total: FloatArray = attrs.field(converter=_readonly)
    value: FloatArray = attrs.field(converter=_readonly)
    low: FloatArray = attrs.field(converter=_readonly)
    high: FloatArray = attrs.field(converter=_readonly)
    method: str
    confidence: float
    population: FloatArray | None = attrs.field(
        default=None, converter=_optional_readonly
    )
    effective_n: FloatArray = attrs.field(
        default=attrs.Factory(_array_total_as_default, takes_self=True),
        converter=_readonly,
    )
    design: str = BINOMIAL
    se: FloatArray = attrs.field(
        default=attrs.Factory(_array_se_default, takes_self=True),
        converter=_readonly,
    )
    design_effect: FloatArray = attrs.field(
        default=attrs.Factory(_array_design_effect_default, takes_self=True),
        converter=_readonly,
    )
    df: float = math.inf
    quantile: float = attrs.field(
        default=attrs.Factory(_quantile_default, takes_self=True)
    )

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the arrays."""
        return self.value.shape

    @property
    def percent(self) -> FloatArray:
        """The estimates in percent."""
        return 100.0 * self.value

    @property
    def width(self) -> FloatArray:
        """Absolute widths of the intervals."""
        return self.high - self.low

    @property
    def flags(self) -> LowBaseFlagsArray:
        """Low-base flags per the NCHS standards for proportions, elementwise."""
        from skl_socialmedia.statistics.flags import low_base_flags_array

        sample = self.total if self.design in SAMPLE_SIZE_DESIGNS else None
        return low_base_flags_array(
            self.value, self.low, self.high, self.effective_n, sample_size=sample
        )

    def __len__(self) -> int:
        if self.value.ndim == 0:
            raise TypeError("len() of a 0-dimensional RateArray")
        return int(self.value.shape[0])

    def __getitem__(self, index: SupportsIndex | tuple[SupportsIndex, ...]) -> Rate:
        shape = self.value.shape

        def pick(array: FloatArray) -> float:
            return float(np.broadcast_to(array, shape)[index])

        return Rate(
            successes=pick(self.successes),
            total=pick(self.total),
            value=pick(self.value),
            low=pick(self.low),
            high=pick(self.high),
            method=self.method,
            confidence=self.confidence,
            population=None if self.population is None else pick(self.population),
            effective_n=pick(self.effective_n),
            design=self.design,
            se=pick(self.se),
            design_effect=pick(self.design_effect),
            df=self.df,
            quantile=self.quantile,
        )


def finite_population_effective_n(
    total: npt.ArrayLike, population: npt.ArrayLike
) -> FloatArray:
    """Effective sample size ``(n − 1)/(1 − n/N)`` of a sample of ``n`` from ``N``.

    It is ``p(1 − p)/Var(p)`` for ``Var(p) = (1 − n/N) p(1 − p)/(n − 1)``;
    ``inf`` for a census (``n = N``) and 0 for ``n <= 1``.  No validation.
    """
    n, big_n = np.broadcast_arrays(
        np.asarray(total, dtype=np.float64), np.asarray(population, dtype=np.float64)
    )
    with np.errstate(all="ignore"):
        result: FloatArray = finite_population_formula(n, big_n, _ops_array)
    return result


def kish_effective_n(
    weighted_total: npt.ArrayLike, sum_squared_weights: npt.ArrayLike
) -> FloatArray:
    """Kish's effective sample size ``(Σw)² / Σw²``.  No validation."""
    wt = np.asarray(weighted_total, dtype=np.float64)
    ssw = np.asarray(sum_squared_weights, dtype=np.float64)
    with np.errstate(all="ignore"):
        result: FloatArray = wt * wt / ssw
    return result


def check_counts(
    successes: FloatArray,
    total: FloatArray,
    slack: float = 0.0,
    names: tuple[str, str] = ("successes", "total"),
) -> None:
    yes, base = names
    if bool(np.any(total <= 0.0)):
        raise InvalidArgumentError(
            f"{base} must be positive (a rate needs a base), got "
            f"{first_bad(total, total <= 0.0)}"
        )
    if bool(np.any(successes < 0.0)):
        raise InvalidArgumentError(
            f"{yes} must not be negative, got {first_bad(successes, successes < 0.0)}"
        )
    over = successes > total * (1.0 + slack)
    if bool(np.any(over)):
        index, where = locate(over)
        raise InvalidArgumentError(
            f"{yes} exceed {base}{where}: "
            f"{float(successes[index])!r} > {float(total[index])!r}"
        )


def rate_array(
    successes: npt.ArrayLike,
    total: npt.ArrayLike,
    *,
    confidence: float = 0.95,
    method: RateMethod = "wilson",
    population: npt.ArrayLike | None = None,
) -> RateArray:
    """Rates with intervals for arrays of counts (vectorised form of :func:`rate`).

    Args:
        successes: Counts of yes, ``0 <= successes <= total`` (may be fractional).
        total: Bases, ``> 0``.
        confidence: Two-sided confidence level in (0, 1).
        method: ``wilson`` (default), ``wilson-cc``, ``agresti-coull``, ``wald``,
            ``logit``, ``jeffreys`` or ``clopper-pearson`` (the last two need
            scipy).
        population: Population sizes ``N >= total`` for the finite population
            correction, or ``None`` for binomial sampling.

    Returns:
        A :class:`RateArray` of the broadcast shape.

    Raises:
        InvalidArgumentError: bad counts, population or confidence.
        UnknownNameError: unknown method.
    """
    level = check_confidence(confidence)
    name = check_method(method, "rate method", RATE_METHODS)
    x = as_float_array(successes, "successes")
    n = as_float_array(total, "total")
    try:
        x, n = np.broadcast_arrays(x, n)
    except ValueError as exc:
        raise InvalidArgumentError(
            f"successes and total have incompatible shapes {x.shape} and {n.shape}"
        ) from exc
    check_counts(x, n)
    value = x / n
    big_n: FloatArray | None = None
    if population is None:
        n_eff = n
        design = BINOMIAL
    else:
        big_n = as_float_array(population, "population")
        try:
            big_n, n, x, value = np.broadcast_arrays(big_n, n, x, value)
        except ValueError as exc:
            raise InvalidArgumentError(
                f"population has shape {big_n.shape}, incompatible with the counts' "
                f"shape {n.shape}"
            ) from exc
        short = big_n < n
        if bool(np.any(short)):
            index, where = locate(short)
            raise InvalidArgumentError(
                f"population must be at least the total (sample size){where}: "
                f"population {float(big_n[index])!r} < total {float(n[index])!r}"
            )
        n_eff = finite_population_effective_n(n, big_n)
        design = FINITE_POPULATION
    low, high = proportion_interval(value, n_eff, level, name)
    return RateArray(
        successes=x,
        total=n,
        value=value,
        low=low,
        high=high,
        method=name,
        confidence=level,
        population=big_n,
        effective_n=n_eff,
        design=design,
    )


def rate(
    successes: float,
    total: float,
    *,
    confidence: float = 0.95,
    method: RateMethod = "wilson",
    population: float | None = None,
) -> Rate:
    """Compute a rate (proportion) with its confidence interval.

    >>> r = rate(22, 29)
    >>> round(r.percent), round(r.low, 3), round(r.high, 3)
    (76, 0.579, 0.878)

    Args:
        successes: Count of yes, ``0 <= successes <= total``.
        total: The base, ``> 0``.
        confidence: Two-sided confidence level in (0, 1); default 0.95.
        method: ``wilson`` (default), ``wilson-cc``, ``agresti-coull``, ``wald``,
            ``logit``, ``jeffreys`` or ``clopper-pearson`` (the last two need
            scipy, the ``exact`` extra).
        population: Population size ``N >= total``: applies the finite population
            correction (a census, ``total == N``, gives a zero-width interval).

    Returns:
        A :class:`Rate`.

    Raises:
        InvalidArgumentError: bad counts, population or confidence.
        UnknownNameError: unknown method.
        MissingExtraError: ``jeffreys``/``clopper-pearson`` without scipy.
    """
    fast = _scalar_rate(successes, total, confidence, method, population)
    if fast is not None:
        return fast
    for name, value in (("successes", successes), ("total", total)):
        if np.ndim(value) != 0:
            raise InvalidArgumentError(
                f"{name} must be a single number; use rate_array() for arrays"
            )
    if population is not None and np.ndim(population) != 0:
        raise InvalidArgumentError(
            "population must be a single number; use rate_array() for arrays"
        )
    result = rate_array(
        successes, total, confidence=confidence, method=method, population=population
    )
    return result[()]


_SCALAR_METHODS = {name: name for name in FORMULAS}


def _scalar_rate(
    successes: object,
    total: object,
    confidence: object,
    method: object,
    population: object,
) -> Rate | None:
    """:func:`rate` on floats, without arrays; ``None``: take the array path.

    Only for valid arguments of the :data:`SCALAR_TYPES` and a method of
    :data:`FORMULAS`; anything else (including every error) is left to
    :func:`rate_array`, as is a result that would need IEEE special values.
    """
    level = scalar_confidence(confidence)
    name = _SCALAR_METHODS.get(method) if type(method) is str else None
    x = scalar_number(successes)
    n = scalar_number(total)
    if level is None or name is None or x is None or n is None:
        return None
    if not (n > 0.0 and 0.0 <= x <= n):
        return None
    xp = _ops_scalar
    big_n = None if population is None else scalar_number(population)
    try:
        if big_n is None:
            if population is not None:
                return None
            n_eff, design = n, BINOMIAL
        elif big_n >= n:
            n_eff, design = finite_population_formula(n, big_n, xp), FINITE_POPULATION
        else:
            return None
        value = x / n
        z = cached_normal_quantile(level)
        low, high = limits(value, n_eff, z, FORMULAS[name], xp)
        se = binomial_se_formula(value, n_eff, xp)
        deff = size_design_effect_formula(n, n_eff, xp)
    except (ZeroDivisionError, OverflowError, ValueError):
        return None
    return Rate(
        x, n, value, low, high, name, level, big_n, n_eff, design, se, deff, math.inf, z
    )
