"""Give freed memory back to the operating system after a large read.

Reading a large file frees most of what it allocated (the file's bytes,
pyarrow's blocks), but the allocators keep freed memory for reuse: the
process's resident set stays at the read's peak, and what comes after it
adds to that. :func:`release_freed_memory` asks pyarrow's pool and, on
Linux with glibc, ``malloc_trim`` to return it — as Dask's workers do.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["release_freed_memory"]


def release_freed_memory() -> None:
    """Return freed heap memory to the operating system, where that can be done."""
    pyarrow = sys.modules.get("pyarrow")
    if pyarrow is not None:
        pyarrow.default_memory_pool().release_unused()
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, …)
        return
    trim(0)
