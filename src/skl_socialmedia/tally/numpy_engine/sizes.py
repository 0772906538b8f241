"""Panel sizes: how many organisations answered an item in both waves.

The sizes take one bit per item (eight items per key, cheaper than the
panel cells): the sign bit of ``before | after`` (missing in either wave) or,
where a pair's panel is both waves' whole set of rows, of ``before & after``
(missing in both), of which there are few (see :func:`count_pair_sizes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from skl_socialmedia._jit import kernels
from skl_socialmedia._parallel import chunks, parallel_map
from skl_socialmedia.survey.encode import Codes
from skl_socialmedia.tally.numpy_engine import tuning
from skl_socialmedia.tally.numpy_engine.keys import (
    Ints,
    Rows,
    batch_size,
    bit_counts,
    scratch_pieces,
    sign_bits,
    split_batches,
)
from skl_socialmedia.tally.numpy_engine.rows import match_pairs, shifted


def _missing_in_both(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    sb: Rows,
    sa: Rows,
    both: npt.NDArray[np.int8],
    acc: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.uint8]]:
    """Return the rows of a piece missing an item in both waves, and their digits.

    The rows are positions in the piece; a row's digits hold one bit per item,
    1 where that item is missing in both waves (the sign bit of ``before &
    after``), the first item in the lowest bit. ``both`` and ``acc`` are
    scratch of the piece's length.
    """
    sign_bits(answers, columns, sb, sa, np.bitwise_and, both, acc)
    # (np.flatnonzero is ten times faster on booleans than on bytes)
    hit = np.flatnonzero(np.not_equal(acc, 0, out=both.view(np.bool_)))
    digits = acc[hit]
    digits >>= 8 - len(columns)
    return hit, digits


def whole_panel_sizes(
    wave_counts: tuple[Ints, Ints],
    before: int,
    after: int,
    batch: list[int],
    missing: Ints,
) -> Ints:
    """Return the panel sizes (G, k) of a pair whose panel is both waves' rows.

    Each organisation of the group is in both waves, so those answering in
    both are the answers of either wave, less the respondents, plus those
    ``missing`` the item in both waves.
    """
    respondents, base = wave_counts
    sizes: Ints = (
        base[before][:, batch]
        + base[after][:, batch]
        - respondents[before][:, None]
        + missing
    )
    return sizes


def _bit_batch(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rb: Rows,
    ra: Rows,
    code: Codes,
    bins: int,
    *,
    both_missing: bool,
) -> Ints:
    """Count, per panel group, a batch of (at most 8) items' one-bit digits.

    An item's digit is 1 when its answer is missing in either wave: the sign
    bit of ``before | after`` (answers are 1, 0 or -1), shifted into a byte.
    With ``both_missing``, when it is missing in both waves (the sign bit of
    ``before & after``): such rows are few, so only the rows with a digit 1
    are counted; the counts of the digits 1 are then exact, those of the
    digits 0 are not wanted.
    """
    k = len(columns)
    counts = np.zeros(bins, np.int64)
    scratch = scratch_pieces(len(code), np.int8, np.uint8, np.intp)
    for part, (both, acc, key) in scratch:
        sb, sa = shifted(rb, part), shifted(ra, part)
        if both_missing:
            hit, digits = _missing_in_both(answers, columns, sb, sa, both, acc)
            key = np.left_shift(code[part][hit], k, dtype=np.intp)
            key += digits
        else:
            sign_bits(answers, columns, sb, sa, np.bitwise_or, both, acc)
            if k < 8:
                acc >>= 8 - k
            np.left_shift(code[part], k, out=key, dtype=np.intp)
            key += acc
        counts += np.bincount(key, minlength=bins)
    return counts


class _Run(NamedTuple):
    """Pairs of waves whose rows can be read as one range (see :func:`_runs`)."""

    pairs: list[int]
    rows: slice  # the before rows of all the pairs
    offset: int  # from a before row to its after row
    starts: npt.NDArray[np.intp]  # each pair's first before row


def _runs(
    matched: Sequence[tuple[Rows, Rows, Codes]], whole: Sequence[bool]
) -> list[_Run]:
    """Group whole-sample pairs into runs whose rows follow on from each other.

    A run's pairs have slices of rows, each pair's before (and after) rows
    starting where the previous pair's end, as consecutive waves in wave
    order do: (2015, 2016), (2016, 2017), … Its rows can be read as one
    range, the after rows at a fixed offset from the before rows.
    """
    runs: list[tuple[list[int], list[slice], list[slice]]] = []
    for p, (rb, ra, _code) in enumerate(matched):
        if not (whole[p] and isinstance(rb, slice) and isinstance(ra, slice)):
            continue
        if runs and runs[-1][0][-1] == p - 1:
            pairs, before, after = runs[-1]
            if before[-1].stop == rb.start and after[-1].stop == ra.start:
                pairs.append(p)
                before.append(rb)
                after.append(ra)
                continue
        runs.append(([p], [rb], [ra]))
    return [
        _Run(
            pairs,
            slice(before[0].start, before[-1].stop),
            after[0].start - before[0].start,
            np.array([rows.start for rows in before], np.intp),
        )
        for pairs, before, after in runs
    ]


def _missing_in_both_run(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rows: slice,
    offset: int,
    starts: npt.NDArray[np.intp],
    group: Codes,
    n_groups: int,
) -> Ints:
    """As :func:`_bit_batch` with ``both_missing``, for ``rows`` of a run of pairs.

    The after rows are ``offset`` rows on from the before rows; ``starts``
    are the first (before) rows of the run's pairs. The keys hold the pair,
    the group and the digits: ``(pair * (n_groups + 1) + group) << k``.
    """
    k = len(columns)
    m = rows.stop - rows.start
    compiled = kernels(m * k)
    if compiled is not None:  # the same counts, by a loop that holds no GIL
        found: Ints = np.zeros(len(starts) * (n_groups + 1) << k, np.int64)
        compiled.missing_in_both_counts(
            answers,
            np.array(columns, np.int64),
            rows.start,
            rows.stop,
            offset,
            starts,
            group,
            n_groups,
            found,
        )
        return found
    both = np.empty(m, np.int8)
    acc = np.empty(m, np.uint8)
    after = slice(rows.start + offset, rows.stop + offset)
    hit, digits = _missing_in_both(answers, columns, rows, after, both, acc)
    at = hit + rows.start
    pair = np.searchsorted(starts, at, side="right") - 1
    key = np.left_shift(pair * (n_groups + 1) + group[at], k, dtype=np.intp)
    key += digits
    bins = len(starts) * (n_groups + 1) << k
    counts: Ints = np.bincount(key, minlength=bins)
    return counts


def _run_sizes(
    n_pairs: Ints,
    runs: list[_Run],
    *,
    pairs: Sequence[tuple[int, int]],
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    group: Codes,
    n_groups: int,
    wave_counts: tuple[Ints, Ints],
) -> None:
    """Fill ``n_pairs`` (P, G, I) for the pairs in ``runs`` (whole samples).

    As the sizes of :func:`count_pair_sizes` with ``wave_counts``, but every
    pair of a run at once, in big pieces of its rows.
    """
    n_g, n_i = n_groups, len(item_columns)
    batches = split_batches(n_i, batch_size(n_g + 1, 2, 8))
    tasks = [
        (r, b, slice(run.rows.start + part.start, run.rows.start + part.stop))
        for r, run in enumerate(runs)
        for part in chunks(run.rows.stop - run.rows.start, tuning.RUN_ROWS)
        for b in range(len(batches))
    ]

    def count(task: tuple[int, int, slice]) -> Ints:
        r, b, rows = task
        columns = [item_columns[j] for j in batches[b]]
        run = runs[r]
        counts = _missing_in_both_run(
            answers, columns, rows, run.offset, run.starts, group, n_g
        )
        # per pair, group and item: rows missing the item in both waves
        n_run = len(run.pairs)
        missing = bit_counts(counts, n_run * (n_g + 1), len(columns), 1)
        return missing.reshape(n_run, n_g + 1, len(columns))[:, :n_g]

    totals: dict[tuple[int, int], Ints] = {}
    for (r, b, _rows), counts in zip(tasks, parallel_map(count, tasks), strict=True):
        if (r, b) in totals:
            totals[r, b] += counts
        else:
            totals[r, b] = counts
    for (r, b), missing in totals.items():
        run, batch = runs[r], batches[b]
        for i, p in enumerate(run.pairs):
            before, after = pairs[p]
            sizes = whole_panel_sizes(wave_counts, before, after, batch, missing[i])
            n_pairs[p, :, batch] = sizes.T


def count_pair_sizes(
    *,
    wave: Codes,
    n_waves: int,
    group: Codes,
    n_groups: int,
    org: Codes,
    n_orgs: int,
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    among_column: int | None,
    pairs: Sequence[tuple[int, int]],
    wave_counts: tuple[Ints, Ints] | None = None,
) -> Ints:
    """Return every panel's size per item, ``n_pairs`` (P, G, I).

    A panel's size is the number of organisations answering in both waves
    within the group. The sizes take one bit per item (eight items per key,
    cheaper than the cells).

    ``wave_counts`` (the respondents (W, G) and bases (W, G, I) of a tally
    without pairs) make the sizes cheaper where a pair's panel is both waves'
    whole set of rows (the same organisations, in the same groups, all in the
    base): then ``n_pairs = before + after - respondents + missing in both``,
    and only the few rows missing an answer in both waves are counted.
    """
    n_p, n_i, n_g = len(pairs), len(item_columns), n_groups
    n_pairs = np.zeros((n_p, n_g, n_i), np.int64)
    if not n_p or not n_i:
        return n_pairs
    filt = None if among_column is None else answers[:, among_column] == 1
    rows, matched = match_pairs(wave, n_waves, group, org, n_orgs, filt, n_g, pairs)
    del filt

    def length(r: Rows) -> int:
        return r.stop - r.start if isinstance(r, slice) else len(r)

    whole = [
        wave_counts is not None
        and length(rb) == length(rows[b]) == length(rows[a])
        and not bool(np.any(code == n_g))
        and bool(np.array_equal(wave_counts[0][b], wave_counts[0][a]))
        for (b, a), (rb, _ra, code) in zip(pairs, matched, strict=True)
    ]
    k2 = batch_size(n_g + 1, 2, 8)

    def sizes(task: tuple[int, list[int]]) -> Ints:
        p, batch = task
        rb, ra, code = matched[p]
        k = len(batch)
        columns = [item_columns[j] for j in batch]
        if whole[p] and wave_counts is not None:
            counts = _bit_batch(
                answers, columns, rb, ra, code, (n_g + 1) << k, both_missing=True
            )
            missing = bit_counts(counts, n_g + 1, k, 1)[:n_g]
            return whole_panel_sizes(wave_counts, *pairs[p], batch, missing)
        counts = _bit_batch(
            answers, columns, rb, ra, code, (n_g + 1) << k, both_missing=False
        )
        # bit 0: answered in both
        return bit_counts(counts, n_g + 1, k, 0)[:n_g]

    runs = _runs(matched, whole) if wave_counts is not None else []
    in_run = np.zeros(n_p, dtype=bool)
    if runs and wave_counts is not None:
        in_run[[p for run in runs for p in run.pairs]] = True
        _run_sizes(
            n_pairs,
            runs,
            pairs=pairs,
            answers=answers,
            item_columns=item_columns,
            group=group,
            n_groups=n_g,
            wave_counts=wave_counts,
        )
    batches = list(split_batches(n_i, k2))
    # batch by batch, pair after pair: a wave's columns, read as the after
    # wave of one pair, are still in cache as the before wave of the next
    tasks = [(p, batch) for batch in batches for p in range(n_p) if not in_run[p]]
    for (p, batch), found in zip(tasks, parallel_map(sizes, tasks), strict=True):
        n_pairs[p, :, batch] = found.T
    return n_pairs
