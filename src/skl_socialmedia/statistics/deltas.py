"""Percentage-point changes between two rates from independent samples.

``pp_delta(before, after)`` estimates ``after.value − before.value`` with an
interval from each rate's value and effective sample size (so finite-population
and weighted rates carry their designs into the change) and the two-sided p-value
of the pooled two-proportion z test.  See
:mod:`skl_socialmedia.statistics.difference_intervals` for the methods.
"""

from __future__ import annotations

import math
from typing import SupportsIndex

import attrs
import numpy as np

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.notebook import delta_html, delta_repr
from skl_socialmedia.statistics._quantiles import (
    cached_normal_quantile,
    normal_quantile,
)
from skl_socialmedia.statistics._types import (
    DELTA_METHODS,
    BoolArray,
    DeltaMethod,
    FloatArray,
)
from skl_socialmedia.statistics._validation import check_method, scalar_confidence
from skl_socialmedia.statistics.difference_intervals import (
    DIFFERENCE_FORMULAS,
    SQUARE_AND_ADD_RATES,
    difference_interval,
    scalar_difference_from_limits,
    scalar_difference_interval,
)
from skl_socialmedia.statistics.intervals import MIN_SIZE
from skl_socialmedia.statistics.rates import Rate, RateArray
from skl_socialmedia.statistics.significance import (
    TWO_PROPORTION_Z,
    excludes_zero,
    scalar_two_proportion_p_value,
    two_proportion_p_value,
)

__all__ = ["Delta", "DeltaArray", "pp_delta", "pp_delta_array"]


def _nan_equal(value: float) -> object:
    """Comparison key that makes NaN equal to NaN (for "unknown" fields)."""
    return "nan" if value != value else value


def _quantile_default(self: Delta | DeltaArray) -> float:
    level = self.confidence
    if isinstance(level, int | float) and 0.0 < level < 1.0:
        return normal_quantile(level)
    return math.nan


def _construction_default(self: Delta | DeltaArray) -> str:
    return "paired" if self.paired else "independent"


@attrs.frozen
class Delta:
    """A change ``after − before`` between two proportions, with its interval.

    Attributes:
        value: ``after − before``, a fraction in [−1, 1].
        low: Lower confidence limit.
        high: Upper confidence limit.
        method: Interval method, e.g. ``"newcombe"``.
        confidence: Two-sided confidence level.
        paired: Whether the paired (panel) interval was used.
        p_value: Two-sided p-value of ``test``.
        test: ``"two-proportion z"`` (independent) or ``"McNemar"`` (paired).
        before: The before proportion.
        after: The after proportion.
        se: The change's standard error (NaN where unknown).
        df: Degrees of freedom of the quantile (``inf``: normal).
        quantile: The critical value the interval used, where one did.
        construction: ``"paired"`` (a complete panel's 2×2 table),
            ``"overlap"`` (the waves joined by the correlation of their
            estimates through the organisations in both) or ``"independent"``.
        n_pairs: The organisations that answered in both waves (``None``
            where not known, as for a change computed from two rates).
        correlation: The estimated correlation of the two estimates (0 for
            independent samples, NaN where unknown).
        effective_n: The size per wave of two independent simple random
            samples with the change's variance (NaN where unknown).
        design_effect: The change's variance over that of two independent
            simple random samples of the waves' sizes (NaN where unknown).

    Equality compares the change, its interval and how it was made; the
    last four fields (what a table row adds) are left out of it.
    """

    value: float
    low: float
    high: float
    method: str
    confidence: float
    paired: bool
    p_value: float
    test: str
    before: float
    after: float
    se: float = attrs.field(default=math.nan, eq=_nan_equal)
    df: float = math.inf
    quantile: float = attrs.field(
        default=attrs.Factory(_quantile_default, takes_self=True), eq=_nan_equal
    )
    construction: str = attrs.field(
        default=attrs.Factory(_construction_default, takes_self=True)
    )
    n_pairs: int | None = attrs.field(default=None, eq=False)
    correlation: float = attrs.field(default=math.nan, eq=False)
    effective_n: float = attrs.field(default=math.nan, eq=False)
    design_effect: float = attrs.field(default=math.nan, eq=False)

    @property
    def pp(self) -> float:
        """The change in percentage points."""
        return 100.0 * self.value

    @property
    def low_pp(self) -> float:
        """The lower limit in percentage points."""
        return 100.0 * self.low

    @property
    def high_pp(self) -> float:
        """The upper limit in percentage points."""
        return 100.0 * self.high

    @property
    def significant(self) -> bool:
        """Whether the interval excludes 0."""
        return self.low > 0.0 or self.high < 0.0

    def __repr__(self) -> str:
        return delta_repr(self)

    def _repr_html_(self) -> str:
        """Return the change as a one-row HTML table, for notebooks."""
        return delta_html(self)


def _readonly(array: FloatArray) -> FloatArray:
    out = np.array(array, dtype=np.float64)
    out.setflags(write=False)
    return out


@attrs.frozen(eq=False)
class DeltaArray:
    """Many changes at once, as read-only float64 arrays of one shape."""

    value: FloatArray = attrs.field(converter=_readonly)
    low: FloatArray = attrs.field(converter=_readonly)
    high: FloatArray = attrs.field(converter=_readonly)
    method: str
    confidence: float
    paired: bool
    p_value: FloatArray = attrs.field(converter=_readonly)
    test: str
    before: FloatArray = attrs.field(converter=_readonly)
    after: FloatArray = attrs.field(converter=_readonly)
    se: FloatArray | None = attrs.field(default=None)
    df: float = math.inf
    quantile: float = attrs.field(
        default=attrs.Factory(_quantile_default, takes_self=True), eq=_nan_equal
    )
    construction: str = attrs.field(
        default=attrs.Factory(_construction_default, takes_self=True)
    )

    def __attrs_post_init__(self) -> None:
        se = np.full(self.value.shape, np.nan) if self.se is None else self.se
        object.__setattr__(self, "se", _readonly(np.broadcast_to(se, self.value.shape)))

    @property
    def standard_errors(self) -> FloatArray:
        """The changes' standard errors (NaN where unknown)."""
        assert self.se is not None
        return self.se

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the arrays."""
        return self.value.shape

    @property
    def pp(self) -> FloatArray:
        """The changes in percentage points."""
        return 100.0 * self.value

    @property
    def low_pp(self) -> FloatArray:
        """The lower limits in percentage points."""
        return 100.0 * self.low

    @property
    def high_pp(self) -> FloatArray:
        """The upper limits in percentage points."""
        return 100.0 * self.high

    @property
    def significant(self) -> BoolArray:
        """Whether each interval excludes 0."""
        return excludes_zero(self.low, self.high)

    def __len__(self) -> int:
        if self.value.ndim == 0:
            raise TypeError("len() of a 0-dimensional DeltaArray")
        return int(self.value.shape[0])

    def __getitem__(self, index: SupportsIndex | tuple[SupportsIndex, ...]) -> Delta:
        return Delta(
            value=float(self.value[index]),
            low=float(self.low[index]),
            high=float(self.high[index]),
            method=self.method,
            confidence=self.confidence,
            paired=self.paired,
            p_value=float(self.p_value[index]),
            test=self.test,
            before=float(self.before[index]),
            after=float(self.after[index]),
            se=float(self.standard_errors[index]),
            df=self.df,
            quantile=self.quantile,
            construction=self.construction,
        )


def _check_rates(before: RateArray, after: RateArray) -> None:
    if before.confidence != after.confidence:
        raise InvalidArgumentError(
            "the two rates have different confidence levels "
            f"({before.confidence!r} and {after.confidence!r}); "
            "compute them at one level"
        )
    for label, rates in (("before", before), ("after", after)):
        values = rates.value
        if bool(np.any(np.isnan(values) | (values < 0.0) | (values > 1.0))):
            raise InvalidArgumentError(f"{label} rate value must lie in [0, 1]")
        sizes = rates.effective_n
        if bool(np.any(np.isnan(sizes) | (sizes < 0.0))):
            raise InvalidArgumentError(f"{label} rate effective_n must be non-negative")


def pp_delta_array(
    before: RateArray, after: RateArray, *, method: DeltaMethod = "newcombe"
) -> DeltaArray:
    """Compute changes between rates of independent samples, elementwise.

    Args:
        before: Rates in the earlier wave.
        after: Rates in the later wave (shape broadcastable with ``before``).
        method: ``newcombe`` (Newcombe 1998b method 10, default), ``newcombe-cc``
            (method 11), ``wald`` (method 1), ``agresti-caffo`` or
            ``miettinen-nurminen``.

    Returns:
        A :class:`DeltaArray`; the confidence level is the rates' own.

    Raises:
        InvalidArgumentError: the rates' confidence levels differ, or their
            shapes do not broadcast.
        UnknownNameError: unknown method.
    """
    name = check_method(method, "delta method", DELTA_METHODS)
    for label, rates in (("before", before), ("after", after)):
        if not isinstance(rates, RateArray):
            raise InvalidArgumentError(
                f"pp_delta_array() takes two RateArray objects, got "
                f"{type(rates).__name__} for {label}; use pp_delta() for Rate"
            )
    _check_rates(before, after)
    try:
        p1, n1, p2, n2 = np.broadcast_arrays(
            before.value, before.effective_n, after.value, after.effective_n
        )
    except ValueError as exc:
        raise InvalidArgumentError(
            "the before and after rates have incompatible shapes "
            f"{before.shape} and {after.shape}"
        ) from exc
    low, high = difference_interval(p1, n1, p2, n2, before.confidence, name)
    return DeltaArray(
        value=p2 - p1,
        low=low,
        high=high,
        method=name,
        confidence=before.confidence,
        paired=False,
        p_value=two_proportion_p_value(p1, n1, p2, n2),
        test=TWO_PROPORTION_Z,
        before=p1,
        after=p2,
        se=np.hypot(before.se, after.se),
    )


def _as_rate_array(item: Rate) -> RateArray:
    return RateArray(
        successes=np.asarray(item.successes, dtype=np.float64),
        total=np.asarray(item.total, dtype=np.float64),
        value=np.asarray(item.value, dtype=np.float64),
        low=np.asarray(item.low, dtype=np.float64),
        high=np.asarray(item.high, dtype=np.float64),
        method=item.method,
        confidence=item.confidence,
        population=None
        if item.population is None
        else np.asarray(item.population, dtype=np.float64),
        effective_n=np.asarray(item.effective_n, dtype=np.float64),
        design=item.design,
        se=np.asarray(item.se, dtype=np.float64),
        design_effect=np.asarray(item.design_effect, dtype=np.float64),
        df=item.df,
        quantile=item.quantile,
    )


def pp_delta(before: Rate, after: Rate, *, method: DeltaMethod = "newcombe") -> Delta:
    """Compute the change ``after − before`` between rates of independent samples.

    >>> from skl_socialmedia.statistics import rate
    >>> d = pp_delta(rate(38, 62), rate(22, 29))
    >>> round(d.pp, 1), round(d.low_pp, 1), round(d.high_pp, 1)
    (14.6, -6.6, 31.8)

    Args:
        before: The earlier rate.
        after: The later rate (same confidence level).
        method: ``newcombe`` (default), ``newcombe-cc``, ``wald``,
            ``agresti-caffo`` or ``miettinen-nurminen``.

    Returns:
        A :class:`Delta` with ``paired=False`` and the two-proportion z test.
    """
    if not isinstance(before, Rate) or not isinstance(after, Rate):
        raise InvalidArgumentError(
            "pp_delta() takes two Rate objects; use pp_delta_array() for RateArray"
        )
    fast = _scalar_delta(before, after, method)
    if fast is not None:
        return fast
    result = pp_delta_array(
        _as_rate_array(before), _as_rate_array(after), method=method
    )
    return result[()]


_SCALAR_METHODS = {name: name for name in DIFFERENCE_FORMULAS}


def _own_limits_fit(before: Rate, after: Rate, method: str, z: float) -> bool:
    """Whether Newcombe's limits may square and add the rates' own intervals.

    They may where both rates are of the interval the method is built on, at
    its critical value ``z``, on sizes the kernels take as they are (at least
    :data:`MIN_SIZE`, finite): the intervals are then the ones the method
    would compute again (:func:`~skl_socialmedia.statistics.intervals.limits`
    on the rate and its effective size).
    """
    single = SQUARE_AND_ADD_RATES.get(method)
    return (
        single is not None
        and before.method == single == after.method
        and before.quantile == z == after.quantile
        and MIN_SIZE <= before.effective_n < math.inf
        and MIN_SIZE <= after.effective_n < math.inf
        and type(before.low) is type(before.high) is float
        and type(after.low) is type(after.high) is float
    )


def _scalar_delta(before: Rate, after: Rate, method: object) -> Delta | None:
    """:func:`pp_delta` on floats, without arrays; ``None``: take the array path.

    Only for rates whose fields are floats with valid values, at one valid
    confidence level, and a method of :data:`DIFFERENCE_FORMULAS`; anything
    else (including every error) is left to :func:`pp_delta_array`, as is a
    result that would need IEEE special values.
    """
    name = _SCALAR_METHODS.get(method) if type(method) is str else None
    level = scalar_confidence(before.confidence)
    p1, n1, se1 = before.value, before.effective_n, before.se
    p2, n2, se2 = after.value, after.effective_n, after.se
    if name is None or level is None or after.confidence != level:
        return None
    if not (
        float is type(p1) is type(n1) is type(se1) is type(p2) is type(n2) is type(se2)
    ):
        return None
    if not (0.0 <= p1 <= 1.0 and 0.0 <= p2 <= 1.0 and n1 >= 0.0 and n2 >= 0.0):
        return None
    z = cached_normal_quantile(level)
    try:
        if _own_limits_fit(before, after, name, z):
            low, high = scalar_difference_from_limits(
                p1, before.low, before.high, p2, after.low, after.high
            )
        else:
            low, high = scalar_difference_interval(p1, n1, p2, n2, z, name)
        p_value = scalar_two_proportion_p_value(p1, n1, p2, n2)
    except (ZeroDivisionError, OverflowError, ValueError):
        return None
    return Delta(
        p2 - p1,
        low,
        high,
        name,
        level,
        False,
        p_value,
        TWO_PROPORTION_Z,
        p1,
        p2,
        math.hypot(se1, se2),
        math.inf,
        z,
        "independent",
    )
