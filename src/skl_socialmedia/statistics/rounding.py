"""Display rounding: round half up, the way tables and press releases round.

Python's :func:`round` rounds half to even (``round(76.5) == 76``, banker's
rounding) and works on the binary value (``round(0.765 * 100)`` sees
76.49999999999999).  :func:`round_half_up` rounds halves away from zero, like
``decimal.ROUND_HALF_UP`` and spreadsheet ``ROUND``: 76.5 → 77, −2.5 → −3, and it
treats values within 1e-9 of a half (after scaling) as the half, so that decimal
halves spoilt by binary representation still round up.

Rounded parts need not sum to the rounded total: 33.4 + 33.3 + 33.3 = 100 but the
rounded parts give 33 + 33 + 33 = 99.  Round each published number from the
unrounded value and do not force sums; say so in a footnote where it shows.

numpy is imported only for arrays and for the errors: a Python float (what the
report's display rounds) takes the scalar evaluator of the same formula
(:func:`_half_up`, written once over the namespace ``xp``: ``_ops_scalar`` or
``_ops_array``), so the report starts without numpy (issue 19).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, overload

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import _ops_scalar

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from skl_socialmedia.statistics._types import FloatArray, Namespace, Real

__all__ = ["HALF_TOLERANCE", "round_half_up"]

HALF_TOLERANCE = 1e-9
"""Scaled values this close below a half are rounded as the half."""

MAX_DECIMALS = 308
"""``decimals`` must lie in ``[-MAX_DECIMALS, MAX_DECIMALS]`` (10**308 is the
largest power of ten a float holds)."""

_WHOLE = 2.0**52
"""Scaled values from here on are whole numbers already: nothing to round."""

_EXACT_INT = 2**53
"""Python integers up to this size are floats exactly (the scalar path's)."""


@overload
def round_half_up(x: float, decimals: int = 0) -> float: ...


@overload
def round_half_up(x: npt.NDArray[np.generic], decimals: int = 0) -> FloatArray: ...


def round_half_up(
    x: float | npt.NDArray[np.generic], decimals: int = 0
) -> float | FloatArray:
    """Round half away from zero to ``decimals`` places (exact for decimal halves).

    >>> round_half_up(76.5), round(76.5)
    (77.0, 76)
    >>> round_half_up(0.765 * 100), round_half_up(-2.5), round_half_up(0.125, 2)
    (77.0, -3.0, 0.13)

    Args:
        x: A number or an array of numbers (finite).
        decimals: Decimal places (negative rounds to tens, hundreds, …).

    Returns:
        A float for a scalar, else a float64 array.  A value with no digits
        beyond ``decimals`` places (it is a whole number once scaled) comes
        back unchanged.

    Raises:
        InvalidArgumentError: ``x`` not finite numbers, ``decimals`` not an
            integer in [-308, 308], or a result too large for a float.
    """
    if type(decimals) is int and -MAX_DECIMALS <= decimals <= MAX_DECIMALS:
        number = _plain_number(x)
        if number is not None:
            rounded = _scalar_round_half_up(number, decimals)
            if rounded is not None:
                return rounded
    return _round_half_up_array(x, decimals)


def _plain_number(x: object) -> float | None:
    """Return ``x`` as a float if a finite Python float or small int, else ``None``.

    Those are converted exactly as the array path converts them; anything else
    (numpy scalars, arrays, NaN, infinities, huge integers) goes the array way.
    """
    if type(x) is float:
        return x if math.isfinite(x) else None
    if type(x) is int and -_EXACT_INT <= x <= _EXACT_INT:
        return float(x)
    return None


def _half_up(x: Real, scale: float, xp: Namespace) -> Real:
    """Round ``x`` half up at ``scale`` (``10**decimals``) over the namespace ``xp``.

    One formula for both evaluators: scale ``|x|``, floor after adding a half
    and :data:`HALF_TOLERANCE`, sign, unscale; ``x`` itself once the scaled
    value is whole (``>= 2**52``, or infinite); ``+ 0.0`` turns −0.0 into 0.0.
    """
    scaled = xp.abs(x) * scale
    rounded = xp.floor(scaled + 0.5 + HALF_TOLERANCE)
    unrounded = xp.sign(x) * rounded / scale
    # already whole once scaled (also inf: too many decimals to matter)
    return xp.where(scaled >= _WHOLE, x, unrounded) + 0.0  # -0.0 → 0.0


def _scalar_round_half_up(x: float, decimals: int) -> float | None:
    """:func:`round_half_up` of a finite float on Python floats, without numpy.

    :func:`_half_up` over :mod:`._ops_scalar`, so the array path's float.

    Args:
        x: A finite float.
        decimals: An integer in ``[-MAX_DECIMALS, MAX_DECIMALS]`` (unchecked).

    Returns:
        The rounded float, or ``None`` if it is too large for a float (the
        array path raises the error).
    """
    result: float = _half_up(x, 10.0**decimals, _ops_scalar)
    return result if math.isfinite(result) else None


def _round_half_up_array(
    x: float | npt.NDArray[np.generic], decimals: int
) -> float | FloatArray:
    """:func:`round_half_up` on numpy: arrays, other scalars and every error."""
    import numpy as np

    from skl_socialmedia.statistics import _ops_array
    from skl_socialmedia.statistics._validation import as_float_array

    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)):
        raise InvalidArgumentError(f"decimals must be an integer, got {decimals!r}")
    if not -MAX_DECIMALS <= int(decimals) <= MAX_DECIMALS:
        raise InvalidArgumentError(
            f"decimals must lie between -{MAX_DECIMALS} and {MAX_DECIMALS} "
            f"(a float has no digits beyond), got {int(decimals)}"
        )
    values = as_float_array(x, "x")
    scale = 10.0 ** int(decimals)
    with np.errstate(over="ignore"):
        result = _half_up(values, scale, _ops_array)
    if not bool(np.all(np.isfinite(result))):
        raise InvalidArgumentError(
            f"rounding to {int(decimals)} decimals gives a number too large for a float"
        )
    if result.ndim == 0:
        return float(result)
    out: FloatArray = result
    return out
