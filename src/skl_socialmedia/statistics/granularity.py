"""Granularity check: the whole-number counts that round to a published percentage.

A percentage published without its base can still be tested against candidate
bases.  87 % is 13 of 15, but no count of 20 or 21 organisations rounds to 87 %
(17/20 = 85 %, 18/20 = 90 %; 18/21 = 85.7 %, 19/21 = 90.5 %), so an 87 % of
county councils cannot be a share of all 20 or 21 of them: it is a share of the
respondents.

The arithmetic is exact (integers, no floating point): ``k`` of ``n`` rounds half
up to ``t`` at ``d`` decimals when ``(2t − 1)·n <= 2·100·10^d·k < (2t + 1)·n``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import attrs

from skl_socialmedia.errors import InvalidArgumentError

__all__ = ["CountFit", "matching_counts"]


@attrs.frozen
class CountFit:
    """A whole-number count consistent with a published percentage.

    Attributes:
        successes: The count ``k``.
        total: The base ``n``.
        percent: The exact percentage ``100 · k / n``.
    """

    successes: int
    total: int
    percent: float


def _bases(bases: int | range | Sequence[int]) -> list[int]:
    items = [bases] if isinstance(bases, int) else list(bases)
    result = []
    for base in items:
        if isinstance(base, bool) or not isinstance(base, int) or base < 1:
            raise InvalidArgumentError(
                f"bases must be whole numbers >= 1, got {base!r}"
            )
        result.append(base)
    return result


def matching_counts(
    percent: float, bases: int | range | Sequence[int], *, decimals: int = 0
) -> tuple[CountFit, ...]:
    """List the counts ``k`` of each base ``n`` that round (half up) to ``percent``.

    >>> [(f.successes, f.total) for f in matching_counts(87, range(10, 25))]
    [(13, 15), (20, 23)]
    >>> matching_counts(87, [20, 21])
    ()

    Args:
        percent: The published percentage, e.g. 87 (or 87.5 with ``decimals=1``).
        bases: A base, or the candidate bases (a range or a sequence).
        decimals: Decimal places the percentage was published with.

    Returns:
        The fits, ordered by base then count; empty if none fits.

    Raises:
        InvalidArgumentError: ``percent`` outside [0, 100] or with more decimals
            than ``decimals``; bases not whole numbers >= 1.
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise InvalidArgumentError(
            f"decimals must be a whole number >= 0, got {decimals!r}"
        )
    if isinstance(percent, bool) or not isinstance(percent, (int, float)):
        raise InvalidArgumentError(f"percent must be a number, got {percent!r}")
    if not (math.isfinite(percent) and 0.0 <= percent <= 100.0):
        raise InvalidArgumentError(f"percent must lie in [0, 100], got {percent!r}")
    scale = 10**decimals
    target = round(percent * scale)
    if abs(percent * scale - target) > 1e-6:
        raise InvalidArgumentError(
            f"percent {percent!r} has more than {decimals} decimal(s); "
            "pass decimals= to match how it was published"
        )
    unit = 2 * 100 * scale  # 2·100·10^d
    fits: list[CountFit] = []
    for n in _bases(bases):
        # smallest k with unit·k >= (2t − 1)·n, largest with unit·k < (2t + 1)·n
        k_min = max(-((-(2 * target - 1) * n) // unit), 0)
        k_max = min(((2 * target + 1) * n - 1) // unit, n)
        fits.extend(CountFit(k, n, 100.0 * k / n) for k in range(k_min, k_max + 1))
    return tuple(fits)
