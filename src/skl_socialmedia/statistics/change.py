"""Relative change, kept apart from percentage points.

A rise from 30 % to 69 % is +39 percentage points (:mod:`.deltas`) but a relative
change of +130 % (``69 / 30 − 1``).  Mixing the two is a classic error in press
texts; this module has its own names (``relative_change``, ``RelativeChange``) and
its own unit (``percent``, never ``pp``).
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics._types import FloatArray
from skl_socialmedia.statistics._validation import as_float_array
from skl_socialmedia.statistics.rates import Rate, RateArray

__all__ = ["RelativeChange", "relative_change", "relative_change_array"]


@attrs.frozen
class RelativeChange:
    """A relative change ``after / before − 1`` (a fraction; 0.3 is +30 %).

    Attributes:
        value: ``after / before − 1``.
    """

    value: float

    @property
    def percent(self) -> float:
        """The relative change in percent (not percentage points)."""
        return 100.0 * self.value


def _values(item: Rate | RateArray | npt.ArrayLike, name: str) -> FloatArray:
    if isinstance(item, (Rate, RateArray)):
        return np.asarray(item.value, dtype=np.float64)
    return as_float_array(item, name)


def relative_change_array(
    before: RateArray | npt.ArrayLike, after: RateArray | npt.ArrayLike
) -> FloatArray:
    """Relative changes ``after / before − 1``, elementwise.

    Where ``before`` is 0 the relative change is undefined and the result is NaN
    (:func:`relative_change` raises instead).
    """
    b, a = np.broadcast_arrays(_values(before, "before"), _values(after, "after"))
    with np.errstate(all="ignore"):
        result: FloatArray = np.where(
            b != 0.0, a / np.where(b != 0.0, b, 1.0) - 1.0, np.nan
        )
    return result


def relative_change(before: Rate | float, after: Rate | float) -> RelativeChange:
    """Compute the relative change from ``before`` to ``after`` (rates or numbers).

    >>> round(relative_change(0.30, 0.69).percent)
    130

    Raises:
        InvalidArgumentError: ``before`` is 0 (the relative change is undefined),
            or an argument is not a single finite number or rate.
    """
    b = _values(before, "before")
    a = _values(after, "after")
    if b.ndim or a.ndim:
        raise InvalidArgumentError(
            "relative_change() takes single values; use relative_change_array()"
        )
    if float(b) == 0.0:
        raise InvalidArgumentError(
            "the relative change from 0 is undefined; report the change in "
            "percentage points instead"
        )
    return RelativeChange(float(relative_change_array(b, a)))
