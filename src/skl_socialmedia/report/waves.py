"""The waves a report shows and the changes it gives, whatever the data."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from skl_socialmedia.errors import UnknownNameError, UsageError

__all__ = ["CHANGES", "compared_waves", "report_waves"]

#: Which changes a report shows: the first to the last wave, or each
#: consecutive pair of waves.
CHANGES = ("first-last", "consecutive")


def report_waves(
    waves: Sequence[str],
    before: object | None,
    after: object | None,
    changes: str = "first-last",
) -> tuple[list[str], list[tuple[str, str]]]:
    """Return the waves a report shows and the (before, after) changes it gives.

    By default every wave and the change from the first to the last;
    ``before``/``after`` pick two waves (shown alone); ``changes=
    "consecutive"`` gives each consecutive change instead.
    """
    if changes not in CHANGES:
        raise UsageError(
            f"changes must be one of {', '.join(CHANGES)}, not {changes!r}"
        )
    first, last = compared_waves(waves, before, after)
    shown = list(waves) if before is None and after is None else [first, last]
    if changes == "consecutive":
        return shown, list(itertools.pairwise(shown))
    return shown, [(first, last)]


def compared_waves(
    waves: Sequence[str], before: object | None, after: object | None
) -> tuple[str, str]:
    """Return the waves a report compares (by default the first and last)."""
    if len(waves) < 2 and (before is None or after is None):
        raise UsageError(f"a report compares two waves; the data have {list(waves)}")
    first = _wave(waves, before) if before is not None else waves[0]
    last = _wave(waves, after) if after is not None else waves[-1]
    if first == last:
        raise UsageError(f"cannot compare wave {first!r} with itself")
    return first, last


def _wave(waves: Sequence[str], label: object) -> str:
    text = str(label).strip()
    if text not in waves:
        raise UnknownNameError("wave", label, waves)
    return text
