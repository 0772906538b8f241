"""Progress on a terminal for long loads (tqdm, when installed; never required).

``progress(total, what)`` is a context manager yielding ``advance(n)``. It shows
a bar on standard error only when standard error is a terminal, tqdm is
installed (the ``progress`` extra), the work is large enough to take a few
seconds, and progress is not switched off (:func:`set_quiet`, the command
line's ``--quiet``, or ``SKL_SOCIALMEDIA_QUIET=1``). Otherwise ``advance`` does
nothing, at no cost.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["MIN_TOTAL", "progress", "quiet", "set_quiet"]

#: Below this many units (rows, bytes) no bar is shown: the work is quick.
MIN_TOTAL = 2_000_000

_QUIET = False


def set_quiet(flag: bool = True) -> None:
    """Switch progress display off (``True``) or back on."""
    global _QUIET
    _QUIET = bool(flag)


def quiet() -> bool:
    """Whether progress is off: asked for, or not a terminal."""
    if _QUIET or os.environ.get("SKL_SOCIALMEDIA_QUIET", "") not in ("", "0"):
        return True
    stream = sys.stderr
    return stream is None or not getattr(stream, "isatty", lambda: False)()


def _nothing(_n: int = 1) -> None:
    return None


@contextlib.contextmanager
def progress(
    total: int | None, what: str, *, unit: str = "rows"
) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``; show a bar for ``what`` when it is worth it."""
    if (total is not None and total < MIN_TOTAL) or quiet():
        yield _nothing
        return
    try:
        from tqdm import tqdm
    except ImportError:
        yield _nothing
        return
    bar: Any = tqdm(
        total=total, desc=what, unit=unit, unit_scale=True, leave=False, file=sys.stderr
    )
    try:
        yield bar.update
    finally:
        bar.close()
