"""Low-base flags for proportions, following the NCHS presentation standards.

Parker JD, Talih M, Malec DJ, et al. *National Center for Health Statistics Data
Presentation Standards for Proportions.* Vital Health Stat 2(175), 2017.  The
steps, as implemented by NCHS's own R package ``surveytable`` (CDCgov/surveytable,
``R/z_lpe.R``, function ``.lpe_percents``):

1. effective sample size ``< 30`` → suppress;
2. else absolute interval width ``<= 0.05`` → present;
3. else absolute width ``>= 0.30`` → suppress;
4. else relative width ``width / p > 130 %`` → suppress;
5. a presented estimate whose complement has relative width
   ``width / (1 − p) > 130 %`` gets a footnote;
6. a presented estimate of exactly 0 % or 100 % is flagged for statistical review
   (the width rules are not applied to it: its relative width is undefined).

The effective sample size is capped at the actual sample size (NCHS sets a design
effect below 1 to 1), so a finite population correction can never lift a small
sample over the threshold.  The standards also flag fewer than 8 degrees of freedom
for review; that needs a complex design's PSU count and does not apply here.  NCHS
prescribes the Korn-Graubard (Clopper-Pearson with effective size) interval for the
width rules; these flags use whichever interval the rate was computed with — use
``method="clopper-pearson"`` to follow NCHS to the letter.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics._types import BoolArray, FloatArray

__all__ = [
    "ABSOLUTE_WIDTH_PRESENT",
    "ABSOLUTE_WIDTH_SUPPRESS",
    "MIN_EFFECTIVE_N",
    "RELATIVE_WIDTH_SUPPRESS",
    "LowBaseFlags",
    "LowBaseFlagsArray",
    "low_base_flags",
    "low_base_flags_array",
]

MIN_EFFECTIVE_N = 30.0
"""Suppress below this effective sample size."""
ABSOLUTE_WIDTH_PRESENT = 0.05
"""Present (if the base is large enough) at or below this interval width."""
ABSOLUTE_WIDTH_SUPPRESS = 0.30
"""Suppress at or above this interval width."""
RELATIVE_WIDTH_SUPPRESS = 130.0
"""Suppress above this relative width, in percent of the estimate."""


def _reasons(
    low_effective_n: bool,
    wide_absolute: bool,
    wide_relative: bool,
    footnote_complement: bool,
    review: bool,
) -> tuple[str, ...]:
    reasons = []
    if low_effective_n:
        reasons.append("suppress: effective sample size below 30")
    if wide_absolute:
        reasons.append("suppress: confidence interval 30 percentage points or wider")
    if wide_relative:
        reasons.append("suppress: relative confidence interval width above 130 %")
    if footnote_complement:
        reasons.append(
            "footnote: the complement's relative interval width is above 130 %"
        )
    if review:
        reasons.append("review: estimate of 0 % or 100 %")
    return tuple(reasons)


@attrs.frozen
class LowBaseFlags:
    """NCHS (Parker et al. 2017) presentation flags for one proportion.

    Attributes:
        effective_n: Effective sample size used (capped at the sample size).
        width: Absolute interval width, ``high − low``.
        relative_width: ``100 · width / value`` in percent (``inf`` at 0).
        low_effective_n: Effective sample size below 30 (suppress).
        wide_absolute: Width of 0.30 or more (suppress).
        wide_relative: Width above 0.05 and relative width above 130 % (suppress).
        footnote_complement: Presented, but the complement ``1 − value`` has a
            relative width above 130 % (footnote).
        review: Presented estimate of exactly 0 or 1 (statistical review).
    """

    effective_n: float
    width: float
    relative_width: float
    low_effective_n: bool
    wide_absolute: bool
    wide_relative: bool
    footnote_complement: bool
    review: bool

    @property
    def suppress(self) -> bool:
        """Whether the standards say not to present the estimate."""
        return self.low_effective_n or self.wide_absolute or self.wide_relative

    @property
    def reasons(self) -> tuple[str, ...]:
        """Human-readable reasons, empty when the estimate is fine as it is."""
        return _reasons(
            self.low_effective_n,
            self.wide_absolute,
            self.wide_relative,
            self.footnote_complement,
            self.review,
        )


@attrs.frozen(eq=False)
class LowBaseFlagsArray:
    """NCHS presentation flags for many proportions (arrays of one shape)."""

    effective_n: FloatArray
    width: FloatArray
    relative_width: FloatArray
    low_effective_n: BoolArray
    wide_absolute: BoolArray
    wide_relative: BoolArray
    footnote_complement: BoolArray
    review: BoolArray

    @property
    def suppress(self) -> BoolArray:
        """Whether the standards say not to present each estimate."""
        result: BoolArray = (
            self.low_effective_n | self.wide_absolute | self.wide_relative
        )
        return result

    def __len__(self) -> int:
        if self.width.ndim == 0:
            raise TypeError("len() of a 0-dimensional LowBaseFlagsArray")
        return int(self.width.shape[0])

    def __getitem__(self, index: int | tuple[int, ...]) -> LowBaseFlags:
        return LowBaseFlags(
            effective_n=float(self.effective_n[index]),
            width=float(self.width[index]),
            relative_width=float(self.relative_width[index]),
            low_effective_n=bool(self.low_effective_n[index]),
            wide_absolute=bool(self.wide_absolute[index]),
            wide_relative=bool(self.wide_relative[index]),
            footnote_complement=bool(self.footnote_complement[index]),
            review=bool(self.review[index]),
        )


def low_base_flags_array(
    value: npt.ArrayLike,
    low: npt.ArrayLike,
    high: npt.ArrayLike,
    effective_n: npt.ArrayLike,
    *,
    sample_size: npt.ArrayLike | None = None,
) -> LowBaseFlagsArray:
    """NCHS presentation flags, elementwise (vectorised form of :func:`low_base_flags`).

    Args:
        value: Estimated proportions in [0, 1].
        low: Lower confidence limits.
        high: Upper confidence limits.
        effective_n: Effective sample sizes.
        sample_size: Actual sample sizes, used to cap ``effective_n``; ``None``
            when unknown (e.g. weighted rates, whose Kish size never exceeds it).
    """
    arrays = [np.asarray(v, dtype=np.float64) for v in (value, low, high, effective_n)]
    if sample_size is not None:
        arrays.append(np.asarray(sample_size, dtype=np.float64))
    arrays = list(np.broadcast_arrays(*arrays))
    p, lo, hi, n_eff = arrays[:4]
    if sample_size is not None:
        n_eff = np.minimum(n_eff, arrays[4])
    if bool(np.any(np.isnan(p) | (p < 0.0) | (p > 1.0))):
        raise InvalidArgumentError("value must be a proportion in [0, 1]")
    width = hi - lo
    with np.errstate(all="ignore"):
        relative = np.where(p > 0.0, 100.0 * width / p, np.inf)
        complement = np.where(p < 1.0, 100.0 * width / (1.0 - p), np.inf)
    at_bound = (p <= 0.0) | (p >= 1.0)
    low_n = n_eff < MIN_EFFECTIVE_N
    judged = ~low_n & ~at_bound & (width > ABSOLUTE_WIDTH_PRESENT)
    wide_absolute = judged & (width >= ABSOLUTE_WIDTH_SUPPRESS)
    wide_relative = judged & ~wide_absolute & (relative > RELATIVE_WIDTH_SUPPRESS)
    suppressed = low_n | wide_absolute | wide_relative
    footnote = judged & ~suppressed & (complement > RELATIVE_WIDTH_SUPPRESS)
    review = ~suppressed & at_bound
    return LowBaseFlagsArray(
        effective_n=n_eff,
        width=width,
        relative_width=relative,
        low_effective_n=low_n,
        wide_absolute=wide_absolute,
        wide_relative=wide_relative,
        footnote_complement=footnote,
        review=review,
    )


def low_base_flags(
    value: float,
    low: float,
    high: float,
    effective_n: float,
    *,
    sample_size: float | None = None,
) -> LowBaseFlags:
    """NCHS (Parker et al. 2017) presentation flags for one proportion.

    >>> low_base_flags(0.5, 0.4, 0.6, 100.0).suppress
    False
    >>> low_base_flags(0.5, 0.3, 0.7, 100.0).reasons
    ('suppress: confidence interval 30 percentage points or wider',)

    Args:
        value: The estimated proportion.
        low: Lower confidence limit.
        high: Upper confidence limit.
        effective_n: Effective sample size of the interval.
        sample_size: Actual sample size (caps ``effective_n``), if known.
    """
    flags = low_base_flags_array(value, low, high, effective_n, sample_size=sample_size)
    return flags[()]
