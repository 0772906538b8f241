"""Compiled kernels for the longest loops, where the ``jit`` extra is installed.

With numba installed (``pip install 'skl-socialmedia[jit]'``), whole-column
loops (parsing a column of numbers into answer codes, counting a whole
table) run as compiled kernels that hold no GIL: the pool's threads then run
side by side, where numpy's many short calls make them queue for the GIL.
Without numba, or with ``SKL_SOCIALMEDIA_JIT=off``, the numpy code does the
same work; both give the same codes and the same counts, bit for bit (the
tests run both).

Loading numba and its compiler costs about 0.4 s and 130 MiB once in a
process, which the kernels win back only on big work. So the setting
``SKL_SOCIALMEDIA_JIT`` says when they are used:

- ``auto`` (the default): once loaded, for work of :data:`MIN_VALUES` values
  and more; they are loaded by a survey or a tally of :data:`LOAD_VALUES`
  answers and more (10,000,000 rows of 27 items), so that a command-line
  job on a file of a million rows never pays for them;
- ``on`` (``1``, ``yes``, ``true``): loaded by the first work of
  :data:`MIN_VALUES` values — for a notebook or a server, which make many
  big tables in one process;
- ``off`` (``0``, ``no``, ``false``): never;
- ``always``: at any size (the tests use it on small inputs).

A kernel is compiled the first time it meets a type of column (a second or
two), then kept in numba's cache beside the package, so a later process
loads it from there.
"""

from __future__ import annotations

import os
import warnings
from types import ModuleType

__all__ = ["LOAD_VALUES", "MIN_VALUES", "kernels", "prepare"]

#: The fewest values of one loop worth a compiled kernel (below, numpy).
MIN_VALUES = 1 << 16

#: The fewest answers of a survey or a tally that load the kernels (``auto``).
LOAD_VALUES = 1 << 28

_ON = ("on", "1", "yes", "true")
_OFF = ("off", "0", "no", "false")

#: The kernels once an import was tried: ``[module]``, or ``[None]`` without
#: numba; empty before.
_loaded: list[ModuleType | None] = []


def _setting() -> str:
    setting = os.environ.get("SKL_SOCIALMEDIA_JIT", "").strip().lower() or "auto"
    if setting in ("auto", "always", *_ON, *_OFF):
        return setting
    warnings.warn(
        f"SKL_SOCIALMEDIA_JIT={setting!r} is not auto, on, off or always; using auto",
        RuntimeWarning,
        stacklevel=4,
    )
    return "auto"


def _import() -> ModuleType | None:
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
            stacklevel=5,
        )
        return None
    return _jit_kernels


def _load() -> ModuleType | None:
    if not _loaded:
        _loaded.append(_import())
    return _loaded[0]


def prepare(values: int) -> None:
    """Load the kernels now if a survey or tally of ``values`` answers wants them.

    Under ``auto``, work of :data:`LOAD_VALUES` answers and more; under
    ``on`` or ``always``, any (they load at the first kernel anyway).
    """
    setting = _setting()
    if setting in _OFF:
        return
    if setting != "auto" or values >= LOAD_VALUES:
        _load()


def kernels(size: int) -> ModuleType | None:
    """Return the compiled kernels for a loop over ``size`` values, or ``None``.

    ``None`` without numba, under ``off``, for fewer than :data:`MIN_VALUES`
    values (unless ``always``), and under ``auto`` until :func:`prepare`
    has loaded them.
    """
    setting = _setting()
    if setting in _OFF or (size < MIN_VALUES and setting != "always"):
        return None
    if setting == "auto":
        return _loaded[0] if _loaded else None
    return _load()


def _forget() -> None:
    """Forget the kernels (for tests that import them again)."""
    _loaded.clear()
