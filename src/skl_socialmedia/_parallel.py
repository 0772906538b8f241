"""Pieces of rows and a small thread pool for whole-column work.

numpy releases the GIL inside its loops, so whole-column work (parsing item
columns, counting batches of items) runs on several cores from a small
thread pool. ``SKL_SOCIALMEDIA_THREADS=1`` turns it off. Loops over rows go
piece by piece (:func:`chunks`), so their temporaries stay in cache.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__ = ["CHUNK", "chunks", "parallel_map", "parallel_start", "threads"]

#: Rows processed at a time by the chunked loops (temporaries stay in cache).
CHUNK = 1 << 16

T = TypeVar("T")
R = TypeVar("R")


def chunks(n: int, size: int = CHUNK) -> Iterator[slice]:
    """Yield slices that cover ``range(n)`` in pieces of ``size``."""
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


_POOL: ThreadPoolExecutor | None = None
_POOL_SIZE = 0
_LOCK = threading.Lock()
_IN_WORKER = threading.local()


def threads() -> int:
    """Return how many threads whole-table work may use (at most 8).

    ``SKL_SOCIALMEDIA_THREADS`` sets it; otherwise the CPUs this process may
    run on.
    """
    env = os.environ.get("SKL_SOCIALMEDIA_THREADS", "").strip()
    if env.isascii() and env.isdecimal() and int(env) > 0:
        return min(int(env), 64)
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not on Linux
        count = os.cpu_count() or 1
    return max(1, min(count, 8))


def _reset_pool() -> None:  # pragma: no cover - runs in a forked child
    global _POOL, _POOL_SIZE
    _POOL, _POOL_SIZE = None, 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_pool)


def _pool(size: int) -> ThreadPoolExecutor:
    global _POOL, _POOL_SIZE
    with _LOCK:
        if _POOL is None or size != _POOL_SIZE:
            if _POOL is not None:
                _POOL.shutdown(wait=False)
            _POOL = ThreadPoolExecutor(size, thread_name_prefix="skl_socialmedia")
            _POOL_SIZE = size
        return _POOL


def _in_worker(func: Callable[[T], R]) -> Callable[[T], R]:
    def run(task: T) -> R:
        _IN_WORKER.active = True
        try:
            return func(task)
        finally:
            _IN_WORKER.active = False

    return run


def parallel_map(func: Callable[[T], R], tasks: Sequence[T]) -> list[R]:
    """Return ``[func(t) for t in tasks]``, run on :func:`threads` threads.

    The results keep the order of ``tasks``; an exception in a task is raised
    here. Called from inside a task, it runs serially (no nested pools).
    """
    size = min(threads(), len(tasks))
    if size <= 1 or getattr(_IN_WORKER, "active", False):
        return [func(task) for task in tasks]
    return list(_pool(size).map(_in_worker(func), tasks))


def parallel_start(func: Callable[[T], R], tasks: Sequence[T]) -> Callable[[], list[R]]:
    """Start ``[func(t) for t in tasks]`` on the pool; return what collects it.

    The caller may work meanwhile; calling the returned function waits for
    the results (in the order of ``tasks``) and raises a task's exception.
    Without a pool (one thread, or inside a task) the tasks run when
    collected.
    """
    size = min(threads(), len(tasks))
    if size <= 1 or getattr(_IN_WORKER, "active", False):
        return lambda: [func(task) for task in tasks]
    pool = _pool(size)
    run = _in_worker(func)
    futures = [pool.submit(run, task) for task in tasks]
    return lambda: [future.result() for future in futures]
