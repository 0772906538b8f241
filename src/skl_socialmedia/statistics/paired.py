"""Percentage-point changes for a panel: the same organisations in both waves.

From the 2×2 table of a panel of ``n`` — ``both`` (yes, yes), ``before_only``
(yes, no), ``after_only`` (no, yes), ``neither`` — the before proportion is
``(both + before_only)/n``, the after proportion ``(both + after_only)/n`` and the
change ``(after_only − before_only)/n``.  The p-value is McNemar's test.  See
:mod:`skl_socialmedia.statistics.paired_intervals` for the methods.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import _ops_array, _ops_scalar
from skl_socialmedia.statistics._quantiles import cached_normal_quantile
from skl_socialmedia.statistics._types import (
    PAIRED_METHODS,
    Namespace,
    PairedMethod,
    Real,
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
from skl_socialmedia.statistics.deltas import Delta, DeltaArray
from skl_socialmedia.statistics.paired_intervals import (
    PAIRED_FORMULAS,
    paired_difference_interval,
    scalar_paired_difference_interval,
    scaled_table,
)
from skl_socialmedia.statistics.significance import (
    MCNEMAR,
    mcnemar_p_value,
    scalar_mcnemar_p_value,
)

__all__ = ["paired_pp_delta", "paired_pp_delta_array", "paired_se_formula"]


def paired_pp_delta_array(
    both: npt.ArrayLike,
    before_only: npt.ArrayLike,
    after_only: npt.ArrayLike,
    neither: npt.ArrayLike,
    *,
    confidence: float = 0.95,
    method: PairedMethod = "newcombe",
) -> DeltaArray:
    """Paired changes for arrays of 2×2 panel tables (vectorised form).

    Args:
        both: Counts of yes in both waves.
        before_only: Counts of yes before and no after.
        after_only: Counts of no before and yes after.
        neither: Counts of no in both waves.
        confidence: Two-sided confidence level in (0, 1).
        method: ``newcombe`` (Newcombe 1998c method 10, default), ``wald``
            (method 1) or ``tango`` (Tango 1998 score interval).

    Returns:
        A :class:`DeltaArray` with ``paired=True`` and McNemar's test.

    Raises:
        InvalidArgumentError: negative or non-finite counts, an empty table, or a
            bad confidence level.
        UnknownNameError: unknown method.
    """
    level = check_confidence(confidence)
    name = check_method(method, "paired delta method", PAIRED_METHODS)
    cells = [
        as_float_array(value, label)
        for value, label in (
            (both, "both"),
            (before_only, "before_only"),
            (after_only, "after_only"),
            (neither, "neither"),
        )
    ]
    try:
        a, b, c, d = np.broadcast_arrays(*cells)
    except ValueError as exc:
        raise InvalidArgumentError(
            "the four cells have incompatible shapes "
            f"{', '.join(str(cell.shape) for cell in cells)}"
        ) from exc
    for cell, label in (
        (a, "both"),
        (b, "before_only"),
        (c, "after_only"),
        (d, "neither"),
    ):
        if bool(np.any(cell < 0.0)):
            raise InvalidArgumentError(
                f"{label} must not be negative, got {first_bad(cell, cell < 0.0)}"
            )
    # the cells scaled by a power of two where they are huge (exact), so
    # that sums and squares stay finite for cells up to the largest double
    (sa, sb, sc, sd), e = scaled_table(a, b, c, d)
    n = sa + sb + sc + sd
    if bool(np.any(n <= 0.0)):
        raise InvalidArgumentError(
            "a paired table needs at least one organisation; all four cells are 0"
            f"{locate(n <= 0.0)[1]}"
        )
    low, high = paired_difference_interval(a, b, c, d, level, name)
    with np.errstate(over="ignore"):
        root_n = np.ldexp(n, (e / 2.0).astype(np.int64))  # sqrt(2**e) · n
    se = paired_se_formula(sb, sc, n, root_n, _ops_array)
    return DeltaArray(
        value=(sc - sb) / n,
        low=low,
        high=high,
        method=name,
        confidence=level,
        paired=True,
        p_value=mcnemar_p_value(b, c),
        test=MCNEMAR,
        before=(sa + sb) / n,
        after=(sa + sc) / n,
        se=se,
    )


def paired_se_formula(b: Real, c: Real, n: Real, root_n: Real, xp: Namespace) -> Real:
    """Return the standard error of ``(c − b)/n`` over ``xp`` (``root_n = 2**(e/2) n``).

    ``sqrt(b + c − (c − b)²/n) / n`` for the unscaled table; ``b``, ``c`` and
    ``n`` may be scaled by ``2**-e`` (:func:`scaled_table`).
    """
    return xp.sqrt(xp.maximum(b + c - (c - b) ** 2 / n, 0.0)) / root_n


def paired_pp_delta(
    both: float,
    before_only: float,
    after_only: float,
    neither: float,
    *,
    confidence: float = 0.95,
    method: PairedMethod = "newcombe",
) -> Delta:
    """Compute the change between two waves for a panel of the same organisations.

    >>> d = paired_pp_delta(36, 2, 12, 0)  # Newcombe (1998c), example (a)
    >>> round(d.value, 4), round(d.low, 4), round(d.high, 4)
    (0.2, 0.0569, 0.3404)

    Args:
        both: Count of yes in both waves.
        before_only: Count of yes before, no after.
        after_only: Count of no before, yes after.
        neither: Count of no in both waves.
        confidence: Two-sided confidence level in (0, 1).
        method: ``newcombe`` (default), ``wald`` or ``tango``.

    Returns:
        A :class:`Delta` with ``paired=True`` and McNemar's test.
    """
    fast = _scalar_paired(both, before_only, after_only, neither, confidence, method)
    if fast is not None:
        return fast
    for value, label in (
        (both, "both"),
        (before_only, "before_only"),
        (after_only, "after_only"),
        (neither, "neither"),
    ):
        if np.ndim(value) != 0:
            raise InvalidArgumentError(
                f"{label} must be a single number; "
                "use paired_pp_delta_array() for arrays"
            )
    result = paired_pp_delta_array(
        both, before_only, after_only, neither, confidence=confidence, method=method
    )
    return result[()]


_SCALAR_METHODS = {name: name for name in PAIRED_FORMULAS}

#: Tables with a cell above this need scaling: they take the array path.
_SCALAR_CELL_MAX = 2.0**250


def _scalar_paired(
    both: object,
    before_only: object,
    after_only: object,
    neither: object,
    confidence: object,
    method: object,
) -> Delta | None:
    """:func:`paired_pp_delta` on floats, without arrays; ``None``: the array path.

    Only for valid cells of the scalar types, none above 2**250 (no scaling),
    a valid float confidence and a method of :data:`PAIRED_FORMULAS`; anything
    else (including every error) is left to :func:`paired_pp_delta_array`, as
    is a result that would need IEEE special values.
    """
    level = scalar_confidence(confidence)
    name = _SCALAR_METHODS.get(method) if type(method) is str else None
    a = scalar_number(both)
    b = scalar_number(before_only)
    c = scalar_number(after_only)
    d = scalar_number(neither)
    if level is None or name is None or a is None or b is None:
        return None
    if c is None or d is None:
        return None
    top = _SCALAR_CELL_MAX
    if not (0.0 <= a <= top and 0.0 <= b <= top and 0.0 <= c <= top):
        return None
    if not 0.0 <= d <= top:
        return None
    n = a + b + c + d
    if not n > 0.0:
        return None
    z = cached_normal_quantile(level)
    try:
        low, high = scalar_paired_difference_interval(a, b, c, d, z, name)
        p_value = scalar_mcnemar_p_value(b, c)
        se = paired_se_formula(b, c, n, n, _ops_scalar)
    except (ZeroDivisionError, OverflowError, ValueError):
        return None
    return Delta(
        (c - b) / n,
        low,
        high,
        name,
        level,
        True,
        p_value,
        MCNEMAR,
        (a + b) / n,
        (a + c) / n,
        se,
        math.inf,
        z,
        "paired",
    )
