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
"""

from __future__ import annotations

from typing import overload

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics._types import FloatArray
from skl_socialmedia.statistics._validation import as_float_array

__all__ = ["HALF_TOLERANCE", "round_half_up"]

HALF_TOLERANCE = 1e-9
"""Scaled values this close below a half are rounded as the half."""


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
        A float for a scalar, else a float64 array.
    """
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)):
        raise InvalidArgumentError(f"decimals must be an integer, got {decimals!r}")
    values = as_float_array(x, "x")
    scale = 10.0 ** int(decimals)
    scaled = np.abs(values) * scale
    rounded = np.floor(scaled + 0.5 + HALF_TOLERANCE)
    result = np.sign(values) * rounded / scale + 0.0  # + 0.0 turns -0.0 into 0.0
    if result.ndim == 0:
        return float(result)
    out: FloatArray = result
    return out
