"""Every tuning constant of the numpy engine, in one place.

The kernels read them as ``tuning.NAME`` when they run, so a test may patch
them (small pieces, few bins) to exercise the paths that big inputs take.
They change how the work is cut up, never the counts.
"""

from __future__ import annotations

__all__ = ["BIN_COST", "MAX_BINS", "PRODUCT_SIZE", "ROWS", "RUN_ROWS", "TASK_ROWS"]

#: The most bins one bincount may fill (its counts stay in cache).
MAX_BINS = 1 << 17

#: Rows per piece in the counting loops.
ROWS = 1 << 18

#: Rows per task when the pairs of a run are counted together (big calls
#: keep the thread pool's workers from queueing for the GIL).
RUN_ROWS = 1 << 20

#: Rows × keys one panel task counts: a pair's items go in runs of keys
#: (small calls, such as shards, get one task a pair).
TASK_ROWS = 1 << 20

#: The most multiply-adds of one matrix product (rows × columns × inner):
#: OpenBLAS runs smaller ones on the calling thread, not on threads of its own.
PRODUCT_SIZE = 1 << 19

#: What one bin of a joint count costs (zeroing, adding, its margins) as a
#: multiple of what one row costs per batch of items (measured, roughly).
BIN_COST = 3.0
