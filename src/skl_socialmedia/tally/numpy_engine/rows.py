"""Which rows the counts read: cells, the rows of each wave, matched pairs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import CHUNK, chunks
from skl_socialmedia.survey.encode import Codes, code_dtype
from skl_socialmedia.tally.numpy_engine.keys import Ints, Rows


def row_cells(
    wave: Codes,
    group: Codes,
    n_waves: int,
    n_groups: int,
    filt: npt.NDArray[np.bool_] | None,
    *,
    keep: bool = True,
) -> tuple[npt.NDArray[np.int32] | None, Ints, Ints]:
    """Return each row's cell (``n_cells`` outside the base), respondents, domain.

    Without ``keep`` the cells are only counted (``None`` is returned for them).
    """
    n_cells = n_waves * n_groups
    n = len(wave)
    cell = np.empty(n if keep else min(n, CHUNK), np.int32)
    respondents: Ints = np.zeros(n_cells + 1, np.int64)
    domain: Ints = respondents if filt is None else np.zeros(n_cells + 1, np.int64)
    # counted piece by piece: np.bincount copies its input to intp
    for part in chunks(n):
        c = cell[part] if keep else cell[: part.stop - part.start]
        np.multiply(wave[part], n_groups, out=c, dtype=np.int32)
        c += group[part]
        respondents += np.bincount(c, minlength=n_cells + 1)
        if filt is not None:
            c[~filt[part]] = n_cells
            domain += np.bincount(c, minlength=n_cells + 1)
    return (cell if keep else None), respondents[:n_cells], domain[:n_cells]


def wave_slices(wave: Codes, n_waves: int) -> list[slice] | None:
    """Return the rows of each wave as slices, or ``None`` if not in wave order."""
    n = len(wave)
    ordered = all(
        bool(np.all(wave[part.start + 1 : part.stop + 1] >= wave[part]))
        for part in chunks(max(n - 1, 0))
    )
    if not ordered:
        return None
    # the wave codes' own type, or searchsorted copies them to int64
    bounds = np.searchsorted(
        wave, np.arange(n_waves + 1).astype(wave.dtype), side="left"
    )
    return [slice(int(bounds[w]), int(bounds[w + 1])) for w in range(n_waves)]


def wave_rows(wave: Codes, n_waves: int) -> list[Rows]:
    """Return the rows of each wave: slices when rows are in wave order."""
    slices = wave_slices(wave, n_waves)
    if slices is not None:
        return list(slices)
    order = np.argsort(wave, kind="stable")
    bounds = np.concatenate(
        [[0], np.cumsum(np.bincount(wave, minlength=n_waves)[:n_waves])]
    )
    return [order[bounds[w] : bounds[w + 1]] for w in range(n_waves)]


def row_index(rows: Rows) -> npt.NDArray[np.intp]:
    """Return rows given as a slice or an index, as an index."""
    if isinstance(rows, slice):
        return np.arange(rows.start, rows.stop, dtype=np.intp)
    return rows


def pair_rows(
    rows_b: Rows,
    rows_a: Rows,
    group: Codes,
    org: Codes,
    n_orgs: int,
    filt: npt.NDArray[np.bool_] | None,
    n_groups: int,
) -> tuple[Rows, Rows, Codes]:
    """Match the organisations of two waves: their rows and panel group codes.

    Organisations outside the panel's group (a different group in the two
    waves, or not yes to ``among`` in both) get the sentinel group ``n_groups``.
    """
    org_b, org_a = org[rows_b], org[rows_a]
    rb: Rows
    ra: Rows
    if len(org_b) == len(org_a) and np.array_equal(org_b, org_a):
        rb, ra = rows_b, rows_a
    elif not len(org_b) or not len(org_a) or _apart(org_b, org_a):
        rb = ra = np.empty(0, dtype=np.intp)  # no organisation in both waves
    else:
        # A row's index fits int32 in any survey below 2**31 rows: half the
        # table of one entry per organisation (15 MiB for 2,000,000 of them).
        small = len(group) < np.iinfo(np.int32).max
        partner = np.full(n_orgs, -1, dtype=np.int32 if small else np.intp)
        partner[org_a] = row_index(rows_a)
        matched = partner[org_b]
        del partner
        keep = matched >= 0
        rb, ra = row_index(rows_b)[keep], matched[keep].astype(np.intp, copy=False)
    g_b, g_a = group[rb], group[ra]
    code = g_b.astype(code_dtype(n_groups + 1))
    outside = g_b != g_a
    if filt is not None:
        outside |= ~(filt[rb] & filt[ra])
    code[outside] = n_groups
    return rb, ra, code


def _apart(org_b: Codes, org_a: Codes) -> bool:
    """Whether the two waves' organisation codes lie in ranges that do not meet."""
    return bool(org_b.max() < org_a.min() or org_a.max() < org_b.min())


def shifted(rows: Rows, part: slice) -> Rows:
    """Return the rows of ``rows`` at the positions ``part``."""
    if isinstance(rows, slice):
        return slice(rows.start + part.start, rows.start + part.stop)
    return rows[part]


def match_pairs(
    wave: Codes,
    n_waves: int,
    group: Codes,
    org: Codes,
    n_orgs: int,
    filt: npt.NDArray[np.bool_] | None,
    n_groups: int,
    pairs: Sequence[tuple[int, int]],
) -> tuple[list[Rows], list[tuple[Rows, Rows, Codes]]]:
    """Return the rows of each wave, and each pair's matched rows and groups.

    See :func:`wave_rows` and :func:`pair_rows`.
    """
    rows = wave_rows(wave, n_waves)
    matched = [
        pair_rows(rows[b], rows[a], group, org, n_orgs, filt, n_groups)
        for b, a in pairs
    ]
    return rows, matched
