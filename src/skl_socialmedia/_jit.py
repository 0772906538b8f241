"""Compiled kernels for the longest loops, where the ``jit`` extra is installed.

With numba installed (``pip install 'skl-socialmedia[jit]'``), whole-column
loops (parsing a column of numbers into answer codes) run as compiled
kernels that hold no GIL: the pool's threads then run side by side, where
numpy's many short calls make them queue for the GIL. Without numba, or
with ``SKL_SOCIALMEDIA_JIT=0``, the numpy code does the same work; both give
the same codes and the same counts, bit for bit (the tests run both).

A kernel is compiled the first time it meets a type of column (a second
or two), then kept in numba's cache beside the package, so a later process
loads it in milliseconds; work smaller than :data:`MIN_VALUES` values never
waits for it.
"""

from __future__ import annotations

import functools
import os
import warnings
from types import ModuleType

__all__ = ["MIN_VALUES", "kernels"]

#: The fewest values of a column worth a compiled kernel (below, numpy).
MIN_VALUES = 1 << 16


@functools.cache
def _compiled() -> ModuleType | None:
    try:
        from skl_socialmedia import _jit_kernels
    except ImportError:  # numba is not installed
        return None
    except Exception as exc:  # numba is installed, but broken here
        warnings.warn(
            f"numba is installed but does not import ({type(exc).__name__}: "
            f"{exc}); skl-socialmedia uses numpy instead (the same results, "
            "slower on big tables)",
            RuntimeWarning,
            stacklevel=4,
        )
        return None
    return _jit_kernels


def kernels(size: int) -> ModuleType | None:
    """Return the compiled kernels for work on ``size`` values, or ``None``.

    ``None`` when numba is not installed, when ``SKL_SOCIALMEDIA_JIT`` is
    ``0`` (or ``off``, ``false``, ``no``), or when the work is smaller than
    :data:`MIN_VALUES` and ``SKL_SOCIALMEDIA_JIT`` is not ``always`` (which
    the tests use to run the kernels on small inputs).
    """
    setting = os.environ.get("SKL_SOCIALMEDIA_JIT", "").strip().lower()
    if setting in ("0", "off", "false", "no"):
        return None
    if size < MIN_VALUES and setting != "always":
        return None
    return _compiled()
