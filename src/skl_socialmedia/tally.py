"""The Tally: sufficient statistics per (wave, group, item), mergeable with ``+``.

A :class:`Tally` holds, per wave, group and item, the number of yes answers,
the base (answers that are not missing), and for weighted surveys the
weighted sums and the sums of squared weights; per pair of waves it holds the
panel 2×2 cells of the organisations that answered in both. Nothing else is
needed for rates, intervals and deltas, so any engine that can count (a
database ``GROUP BY``, Spark, DuckDB) can build a Tally and hand it to
:meth:`Tally.rates` and :meth:`Tally.pp_deltas`.

Tallies of disjoint parts of a survey add up (``a + b``) to the tally of the
whole. Shard by organisation (every wave of an organisation in one shard) so
that the panel cells add up too.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any, Literal, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia._encode import (
    CHUNK,
    Codes,
    chunks,
    code_dtype,
    is_integer_like,
    parallel_map,
)
from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.tables import DeltaTable, RateTable

__all__ = ["PANEL_CELLS", "Tally", "count_tally"]

#: The order of the panel cells along the last axis of :attr:`Tally.panel`.
PANEL_CELLS = ("both", "before_only", "after_only", "neither")

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def _ints(value: Any) -> Ints:
    array = np.asarray(value)
    if array.size and (
        array.dtype.kind not in "iuf" or np.any(array != np.round(array))
    ):
        raise InvalidArgumentError("tally counts must be whole numbers")
    result: Ints = array.astype(np.int64)
    if np.any(result < 0):
        raise InvalidArgumentError("tally counts must not be negative")
    return result


def _floats(value: Any) -> Floats | None:
    return None if value is None else np.asarray(value, dtype=np.float64)


def _labels(value: Sequence[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _pairs(value: Sequence[Sequence[object]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(b), str(a)) for b, a in value)


@attrs.frozen(eq=False)
class Tally:
    """Counts per (wave, group, item) and panel cells per (pair, group, item).

    Arrays, with W waves, G groups, I items and P wave pairs:

    - ``respondents`` (W, G): rows (organisations) per wave and group;
    - ``domain`` (W, G): of those, the rows answering yes to ``among`` (the
      respondents when there is no ``among``), for the finite population
      correction of a filtered base;
    - ``yes``, ``base`` (W, G, I): yes answers, and answers that are not
      missing (among those answering yes to ``among``, if set);
    - ``weighted_yes``, ``weighted_base``, ``squared_weights`` (W, G, I):
      the same as sums of weights and of squared weights, or ``None``;
    - ``panel`` (P, G, I, 4): for each pair in ``pairs``, organisations that
      answered in both waves within the same group, split into
      :data:`PANEL_CELLS` (yes in both, yes only before, only after, neither).
    """

    waves: tuple[str, ...] = attrs.field(converter=_labels)
    groups: tuple[str, ...] = attrs.field(converter=_labels)
    items: tuple[str, ...] = attrs.field(converter=_labels)
    respondents: Ints = attrs.field(converter=_ints)
    yes: Ints = attrs.field(converter=_ints)
    base: Ints = attrs.field(converter=_ints)
    weighted_yes: Floats | None = attrs.field(default=None, converter=_floats)
    weighted_base: Floats | None = attrs.field(default=None, converter=_floats)
    squared_weights: Floats | None = attrs.field(default=None, converter=_floats)
    pairs: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    panel: Ints | None = attrs.field(default=None)
    grouping: str | None = None
    among: str | None = None
    domain: Ints | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        shape = (len(self.waves), len(self.groups), len(self.items))
        if self.domain is None:
            object.__setattr__(self, "domain", self.respondents.copy())
        else:
            object.__setattr__(self, "domain", _ints(self.domain))
        if self.domain_rows.shape != shape[:2] or np.any(
            self.domain_rows > self.respondents
        ):
            raise InvalidArgumentError(
                "domain must have the shape of respondents and not exceed it"
            )
        if self.panel is None:
            object.__setattr__(
                self, "panel", np.zeros((len(self.pairs), *shape[1:], 4), np.int64)
            )
        else:
            object.__setattr__(self, "panel", _ints(self.panel))
        if self.respondents.shape != shape[:2]:
            raise InvalidArgumentError(
                f"respondents has shape {self.respondents.shape}, expected {shape[:2]}"
            )
        weighted = [self.weighted_yes, self.weighted_base, self.squared_weights]
        for name, array in zip(("yes", "base"), (self.yes, self.base), strict=True):
            if array.shape != shape:
                raise InvalidArgumentError(
                    f"{name} has shape {array.shape}, not {shape}"
                )
        if any(w is None for w in weighted) and not all(w is None for w in weighted):
            raise InvalidArgumentError(
                "weighted_yes, weighted_base and squared_weights go together"
            )
        for sums in weighted:
            if sums is not None and sums.shape != shape:
                raise InvalidArgumentError(f"weighted sums must have shape {shape}")
        if np.any(self.yes > self.base):
            raise InvalidArgumentError("a tally has more yes answers than answers")
        assert self.panel is not None
        if self.panel.shape != (len(self.pairs), *shape[1:], 4):
            raise InvalidArgumentError(
                f"panel has shape {self.panel.shape}, "
                f"expected {(len(self.pairs), *shape[1:], 4)}"
            )
        for before, after in self.pairs:
            for wave in (before, after):
                if wave not in self.waves:
                    raise InvalidArgumentError(f"pair wave {wave!r} is not a wave")

    @property
    def weighted(self) -> bool:
        """Whether the tally carries weighted sums."""
        return self.weighted_base is not None

    @property
    def domain_rows(self) -> Ints:
        """The rows in the base population per (wave, group), shape (W, G)."""
        assert self.domain is not None
        return self.domain

    @property
    def panel_cells(self) -> Ints:
        """The panel cells, shape (P, G, I, 4) (see :data:`PANEL_CELLS`)."""
        assert self.panel is not None
        return self.panel

    def __add__(self, other: object) -> Tally:
        """Return the tally of both parts, aligning waves, groups, items and pairs."""
        if not isinstance(other, Tally):
            return NotImplemented
        return merge(self, other)

    def rates(
        self,
        *,
        confidence: float = 0.95,
        method: str = "wilson",
        population: float | Mapping[str, float] | None = None,
    ) -> RateTable:
        """Return the rate of every (wave, group, item) cell with its interval."""
        from skl_socialmedia._estimate import rate_table

        return rate_table(
            self, confidence=confidence, method=method, population=population
        )

    def pp_deltas(
        self,
        *,
        pairs: Sequence[tuple[object, object]] | None = None,
        paired: bool | Literal["auto"] = "auto",
        method: str = "newcombe",
        paired_method: str = "newcombe",
        confidence: float = 0.95,
        rate_method: str = "wilson",
        population: float | Mapping[str, float] | None = None,
    ) -> DeltaTable:
        """Return the pp change of every (pair, group, item) with its interval.

        ``pairs`` defaults to the tallied pairs. See
        :meth:`skl_socialmedia.survey.Survey.pp_delta` for ``paired``.
        """
        from skl_socialmedia._estimate import delta_table

        return delta_table(
            self,
            pairs=pairs,
            paired=paired,
            method=method,
            paired_method=paired_method,
            confidence=confidence,
            rate_method=rate_method,
            population=population,
        )


def _union(a: Sequence[str], b: Sequence[str]) -> list[str]:
    out = list(a) + [x for x in b if x not in a]
    return sorted(out, key=int) if is_integer_like(out) else out


def merge(a: Tally, b: Tally) -> Tally:
    """Return ``a + b``: counts added cell by cell over the union of labels."""
    for name in ("grouping", "among"):
        if getattr(a, name) != getattr(b, name):
            raise InvalidArgumentError(
                f"cannot add tallies with different {name}: "
                f"{getattr(a, name)!r} and {getattr(b, name)!r}"
            )
    if a.weighted != b.weighted:
        raise InvalidArgumentError("cannot add a weighted and an unweighted tally")
    waves = _union(a.waves, b.waves)
    groups = _union(a.groups, b.groups)
    items = list(a.items) + [x for x in b.items if x not in a.items]
    pairs = list(a.pairs) + [p for p in b.pairs if p not in a.pairs]
    shape = (len(waves), len(groups), len(items))
    arrays: dict[str, Any] = {
        "respondents": np.zeros(shape[:2], np.int64),
        "domain": np.zeros(shape[:2], np.int64),
    }
    names = ["yes", "base"]
    if a.weighted:
        names += ["weighted_yes", "weighted_base", "squared_weights"]
    for name in names:
        arrays[name] = np.zeros(shape, np.int64 if name in ("yes", "base") else float)
    panel = np.zeros((len(pairs), *shape[1:], 4), np.int64)
    for part in (a, b):
        w = [waves.index(x) for x in part.waves]
        g = [groups.index(x) for x in part.groups]
        i = [items.index(x) for x in part.items]
        p = [pairs.index(x) for x in part.pairs]
        arrays["respondents"][np.ix_(w, g)] += part.respondents
        arrays["domain"][np.ix_(w, g)] += part.domain_rows
        for name in names:
            arrays[name][np.ix_(w, g, i)] += getattr(part, name)
        panel[np.ix_(p, g, i, [0, 1, 2, 3])] += part.panel_cells
    return Tally(
        waves,
        groups,
        items,
        **arrays,
        pairs=pairs,
        panel=panel,
        grouping=a.grouping,
        among=a.among,
    )


# -- counting ------------------------------------------------------------------
#
# Each row's answers to a batch of k items, coded 0/1/2 (missing/no/yes), are
# the base-3 digits of a key that also holds the row's (wave, group) cell; one
# ``np.bincount`` of the keys counts every combination, and an item's counts
# are the sums over the other digits. So a batch of five items costs one
# bincount. Panel cells work the same way with base-9 digits (the answer
# before × the answer after), and the answers of the organisations in a panel
# are counted once: their per-wave counts are the panel counts' margins. The
# batches run on several threads.

#: The most bins one bincount may fill (its counts stay in cache).
_MAX_BINS = 1 << 17
#: Rows per piece in the counting loops.
_ROWS = 1 << 18

Rows = slice | npt.NDArray[np.intp]


def _batch_size(cells: int, states: int, most: int) -> int:
    """Return how many items one key can hold for ``cells`` cells."""
    k = 1
    while k < most and cells * states ** (k + 1) <= _MAX_BINS:
        k += 1
    return k


#: What one bin of a joint count costs (zeroing, adding, its margins) as a
#: multiple of what one row costs per batch of items (measured, roughly).
_BIN_COST = 3.0


def _digits_for(rows: int, cells: int, most: int) -> int:
    """Return how many items (base-3 digits) one key should hold.

    Each batch of k items reads every row once and handles ``cells * 3**k``
    bins: per item, ``(rows + _BIN_COST * cells * 3**k) / k``. Many rows a
    cell want many digits; few rows a cell (small surveys, many groups)
    want fewer. Both ways of counting a survey's waves ask with the same
    rows and cells, so that their weighted sums add up in the same order.
    """

    def cost(k: int) -> float:
        return (rows + _BIN_COST * cells * 3.0**k) / k

    return min(range(1, most + 1), key=cost)  # (the first of equals)


def _batches(count: int, k: int) -> list[list[int]]:
    return [list(range(i, min(i + k, count))) for i in range(0, count, k)]


@functools.cache
def _digit_selector(states: int, k: int, m: int) -> Floats:
    """Return S with ``S[key, d] = 1`` when digit ``m`` of ``key`` (of k) is d."""
    keys = np.arange(states**k)
    matrix = np.zeros((states**k, states))
    matrix[keys, keys // states ** (k - 1 - m) % states] = 1.0
    matrix.flags.writeable = False
    return matrix


def _margins(counts: Any, rows: int, k: int, states: int) -> Floats:
    """Return each item's counts by digit, shape (rows, k, states).

    ``counts`` holds the bincount of keys ``row * states**k + digits``. An
    item's counts are the sums over the other digits: a product with a 0/1
    matrix per item (exact for counts, which are far below 2**53; small
    enough that BLAS runs it on the calling thread).
    """
    out = np.empty((rows, k, states))
    if np.asarray(counts).dtype.kind == "f":
        # sums of weights: over the other digits one at a time, in a fixed
        # order (BLAS's depends on the shapes), so every path adds alike
        digits = np.asarray(counts).reshape(rows, *([states] * k))
        for m in range(k):
            summed = digits
            for axis in range(k, 0, -1):
                if axis != m + 1:
                    summed = summed.sum(axis=axis)
            out[:, m] = summed
        return out
    joint = np.asarray(counts, dtype=np.float64).reshape(rows, states**k)
    for m in range(k):
        np.matmul(joint, _digit_selector(states, k, m), out=out[:, m])
    return out


def _key_base(
    code: Codes, states: int, *, in_place: bool = False
) -> npt.NDArray[np.int32]:
    """Return ``code * states + offset``: the keys without their digits.

    ``in_place`` needs int32 codes (they become the keys).
    """
    base: npt.NDArray[np.int32] = code if in_place else np.empty(len(code), np.int32)
    np.multiply(code, states, out=base, dtype=np.int32)
    base += (states - 1) // 2
    return base


def _rebase(
    base: npt.NDArray[np.int32], states: int, fewer: int
) -> npt.NDArray[np.int32]:
    """Return the key base for ``fewer`` states from one for ``states``."""
    if fewer == states:
        return base
    code = (base - (states - 1) // 2) // (states // fewer)
    return code + (fewer - 1) // 2


def _base3_digits(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    k: int,
    where: Rows,
    out: npt.NDArray[np.int8],
    scratch: npt.NDArray[np.int8],
) -> None:
    """Write the answers (-1, 0, 1) of a batch of items as k base-3 digits.

    ``out`` receives, for the rows ``where``, the sum of each item's answer
    times ``3 ** (k - 1 - i)``: the first item is the most significant digit
    (with fewer than k items, the last digits stay 0).
    """
    np.multiply(answers[where, columns[0]], 3 ** (k - 1), out=out)
    for i, column in enumerate(columns[1:], start=1):
        np.multiply(answers[where, column], 3 ** (k - 1 - i), out=scratch)
        out += scratch


def _add_keys(
    key: npt.NDArray[np.intp],
    counts: Ints,
    sums: Floats | None,
    squares: Floats | None,
    weights: Floats | None,
) -> None:
    """Add the bincount of ``key`` (and of its weights and squared weights)."""
    bins = len(counts)
    counts += np.bincount(key, minlength=bins)
    if weights is not None and sums is not None and squares is not None:
        sums += np.bincount(key, weights, bins)
        squares += np.bincount(key, weights * weights, bins)


def _count_batch(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rows: npt.NDArray[np.intp] | None,
    base: npt.NDArray[np.int32],
    bins: int,
    weights: Floats | None,
) -> tuple[Ints, Floats | None, Floats | None]:
    """Count one batch of items per cell: joint counts over base-3 digits.

    ``rows`` selects the rows (all when ``None``); ``base`` holds each selected
    row's cell key (see :func:`_key_base`).
    """
    counts = np.zeros(bins, np.int64)
    sums = None if weights is None else np.zeros(bins)
    squares = None if weights is None else np.zeros(bins)
    size = min(_ROWS, len(base))
    acc = np.empty(size, np.int8)
    tmp = np.empty(size, np.int8)
    key = np.empty(size, np.intp)  # what np.bincount takes without a copy
    for part in chunks(len(base), _ROWS):
        m = part.stop - part.start
        a, t, kk = acc[:m], tmp[:m], key[:m]
        where: Rows = part if rows is None else rows[part]
        _base3_digits(answers, columns, len(columns), where, a, t)
        np.add(base[part], a, out=kk)
        _add_keys(
            kk, counts, sums, squares, None if weights is None else weights[where]
        )
    return counts, sums, squares


def _cells(
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


def count_tally(
    *,
    wave: Codes,
    waves: Sequence[str],
    group: Codes,
    groups: Sequence[str],
    org: Codes,
    n_orgs: int,
    answers: npt.NDArray[np.int8],
    items: Sequence[str],
    item_columns: Sequence[int],
    among_column: int | None = None,
    weights: Floats | None = None,
    pairs: Sequence[tuple[int, int]] = (),
    grouping: str | None = None,
    among: str | None = None,
) -> Tally:
    """Count a survey's answers into a :class:`Tally` (bincount group-bys).

    Rows are organisations in waves: ``wave``, ``group`` and ``org`` are integer
    codes per row; ``answers`` the int8 item matrix (1 yes, 0 no, -1 missing);
    ``pairs`` the wave index pairs whose panel cells are wanted. The loops run
    over batches of items, pairs and pieces of rows, never over cells or rows;
    the batches run on several threads (see :func:`~skl_socialmedia._encode.threads`).
    """
    n_w, n_g, n_i = len(waves), len(groups), len(item_columns)
    shape = (n_w, n_g)
    n_cells = n_w * n_g
    filt = None if among_column is None else answers[:, among_column] == 1
    # without pairs, rows in wave order are counted wave by wave (no cell array)
    slices = _wave_slices(wave, n_w) if not (pairs and n_i) else None
    # counting wave by wave gives the rows per cell too (all rows are the base)
    by_wave_rows = slices is not None and filt is None and n_i > 0
    cell: npt.NDArray[np.int32] | None = None
    if not by_wave_rows:
        cell, respondents, domain = _cells(
            wave, group, n_w, n_g, filt, keep=slices is None
        )
    yes = np.zeros((n_cells, n_i), np.int64)
    base = np.zeros((n_cells, n_i), np.int64)
    panel = np.zeros((len(pairs), n_g, n_i, 4), np.int64)
    rows: npt.NDArray[np.intp] | None = None
    if pairs and n_i:
        covered = _panels(
            panel,
            yes,
            base,
            wave=wave,
            group=group,
            org=org,
            n_orgs=n_orgs,
            answers=answers,
            item_columns=item_columns,
            filt=filt,
            pairs=pairs,
            n_waves=n_w,
            margins=weights is None,
        )
        if covered is not None:
            rows = np.flatnonzero(~covered)
    weighted = None if weights is None else [np.zeros((n_cells, n_i)) for _ in "wbs"]
    if slices is not None:
        rows_per_cell = _count_by_wave(
            yes,
            base,
            weighted,
            answers,
            item_columns,
            slices,
            group,
            n_g,
            filt,
            weights,
        )
        if by_wave_rows:
            respondents = domain = rows_per_cell
    elif rows is None or len(rows):
        assert cell is not None
        _count_items(
            yes, base, weighted, answers, item_columns, cell, rows, n_cells, weights
        )
    weighted_yes, weighted_base, squared_weights = (
        (None, None, None)
        if weighted is None
        else (w.reshape(*shape, n_i) for w in weighted)
    )
    return Tally(
        waves,
        groups,
        items,
        respondents.reshape(shape),
        yes.reshape(*shape, n_i),
        base.reshape(*shape, n_i),
        weighted_yes,
        weighted_base,
        squared_weights,
        pairs=[(waves[b], waves[a]) for b, a in pairs],
        panel=panel,
        grouping=grouping,
        among=among,
        domain=domain.reshape(shape),
    )


def _count_items(
    yes: Ints,
    base: Ints,
    weighted: list[Floats] | None,
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    cell: npt.NDArray[np.int32],
    rows: npt.NDArray[np.intp] | None,
    n_cells: int,
    weights: Floats | None,
) -> None:
    """Add the counts of ``rows`` (all when ``None``) per cell to the arrays."""
    n_i = len(item_columns)
    if not n_i:
        return
    most = _batch_size(n_cells + 1, 3, 5)
    batches = _batches(n_i, _digits_for(len(cell), n_cells, most))
    k = len(batches[0])
    # the cells become key bases in place (the caller needs them no more)
    key_base = _key_base(cell if rows is None else cell[rows], 3**k, in_place=True)

    def count(batch: list[int]) -> list[Floats]:
        k = len(batch)
        counted = _count_batch(
            answers,
            [item_columns[j] for j in batch],
            rows,
            _rebase(key_base, 3 ** len(batches[0]), 3**k),
            (n_cells + 1) * 3**k,
            weights,
        )
        # per item and cell: (missing, no, yes), without the sentinel cell
        return [
            _margins(c, n_cells + 1, k, 3)[:n_cells] for c in counted if c is not None
        ]

    for batch, margins in zip(batches, parallel_map(count, batches), strict=True):
        _add_margins(yes, base, weighted, batch, margins)


def _add_margins(
    yes: Ints,
    base: Ints,
    weighted: list[Floats] | None,
    batch: list[int],
    margins: list[Floats],
) -> Ints:
    """Add a batch's margins (cells, k, missing/no/yes) to the tally's arrays.

    ``margins`` are the counts, then (weighted) the sums of weights and of
    squared weights; returns the counts as integers.
    """
    counts = np.rint(margins[0]).astype(np.int64)
    yes[:, batch] += counts[..., 2]
    base[:, batch] += counts[..., 1] + counts[..., 2]
    if weighted is not None:
        sums, squares = margins[1], margins[2]
        weighted[0][:, batch] += sums[..., 2]
        weighted[1][:, batch] += sums[..., 1] + sums[..., 2]
        weighted[2][:, batch] += squares[..., 1] + squares[..., 2]
    return counts


def _count_by_wave(
    yes: Ints,
    base: Ints,
    weighted: list[Floats] | None,
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    slices: list[slice],
    group: Codes,
    n_groups: int,
    filt: npt.NDArray[np.bool_] | None,
    weights: Floats | None,
) -> Ints:
    """Add the counts per cell to the arrays, for rows in wave order.

    Returns the rows in the base per cell (wave × group), from the first batch.

    As :func:`_count_items`, but a few waves at a time: a key holds the
    wave (of those few), the group (``n_groups`` outside the base) and the
    digits, so the key bases are narrow (int16 while they fit) and the bins
    stay in cache. A smaller last batch keeps the digits of a full one (its
    unused digits are 0). The rows of each wave follow on from the last's.
    """
    n_i, n_w, n_g = len(item_columns), len(slices), n_groups
    rows_per_cell: Ints = np.zeros(n_w * n_g, np.int64)
    if not n_i:
        return rows_per_cell
    k = _digits_for(len(group), n_w * n_g, _batch_size(n_g + 1, 3, 5))
    states = 3**k
    bins = (n_g + 1) * states  # per wave
    narrow = int(np.iinfo(np.int16).max)
    per_span = max(1, narrow // bins)
    dtype = np.int16 if per_span * bins <= narrow else np.int32
    spans = [(w, min(w + per_span, n_w)) for w in range(0, n_w, per_span)]

    def count(batch: list[int]) -> list[Floats]:
        columns = [item_columns[j] for j in batch]
        counts = np.zeros(n_w * bins, np.int64)
        sums = None if weights is None else np.zeros(n_w * bins)
        squares = None if weights is None else np.zeros(n_w * bins)
        longest = max(slices[w1 - 1].stop - slices[w0].start for w0, w1 in spans)
        size = min(_ROWS, longest)
        acc = np.empty(size, np.int8)
        tmp = np.empty(size, np.int8)
        key_base = np.empty(size, dtype)
        key = np.empty(size, np.intp)  # what np.bincount takes without a copy
        for w0, w1 in spans:
            rows = slice(slices[w0].start, slices[w1 - 1].stop)
            span_bins = slice(w0 * bins, w1 * bins)
            for piece in chunks(rows.stop - rows.start, _ROWS):
                part = slice(rows.start + piece.start, rows.start + piece.stop)
                m = piece.stop - piece.start
                a, t, kb, kk = acc[:m], tmp[:m], key_base[:m], key[:m]
                # the key without its digits: the wave in the span and the
                # group, offset by half the states
                np.multiply(group[part], states, out=kb, dtype=dtype)
                if filt is not None:
                    kb[~filt[part]] = n_g * states
                kb += (states - 1) // 2
                for w in range(w0 + 1, w1):
                    lo = max(slices[w].start, part.start) - part.start
                    hi = min(slices[w].stop, part.stop) - part.start
                    if lo < hi:
                        kb[lo:hi] += (w - w0) * bins
                _base3_digits(answers, columns, k, part, a, t)
                np.add(kb, a, out=kk)
                _add_keys(
                    kk,
                    counts[span_bins],
                    None if sums is None else sums[span_bins],
                    None if squares is None else squares[span_bins],
                    None if weights is None else weights[part],
                )
        # per wave, group and item: (missing, no, yes), without the sentinel
        return [
            _margins(c, n_w * (n_g + 1), k, 3)
            .reshape(n_w, n_g + 1, k, 3)[:, :n_g, : len(batch)]
            .reshape(n_w * n_g, len(batch), 3)
            for c in (counts, sums, squares)
            if c is not None
        ]

    batches = _batches(n_i, k)
    for batch, margins in zip(batches, parallel_map(count, batches), strict=True):
        counts = _add_margins(yes, base, weighted, batch, margins)
        if batch is batches[0]:
            rows_per_cell += counts[:, 0].sum(axis=-1)
    return rows_per_cell


def _wave_slices(wave: Codes, n_waves: int) -> list[slice] | None:
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


def _wave_rows(wave: Codes, n_waves: int) -> list[Rows]:
    """Return the rows of each wave: slices when rows are in wave order."""
    slices = _wave_slices(wave, n_waves)
    if slices is not None:
        return list(slices)
    order = np.argsort(wave, kind="stable")
    bounds = np.concatenate(
        [[0], np.cumsum(np.bincount(wave, minlength=n_waves)[:n_waves])]
    )
    return [order[bounds[w] : bounds[w + 1]] for w in range(n_waves)]


def _index(rows: Rows) -> npt.NDArray[np.intp]:
    if isinstance(rows, slice):
        return np.arange(rows.start, rows.stop, dtype=np.intp)
    return rows


def _pair_rows(
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
    else:
        partner = np.full(n_orgs, -1, dtype=np.intp)
        partner[org_a] = _index(rows_a)
        matched = partner[org_b]
        keep = matched >= 0
        rb, ra = _index(rows_b)[keep], matched[keep]
    g_b, g_a = group[rb], group[ra]
    code = g_b.astype(code_dtype(n_groups + 1))
    outside = g_b != g_a
    if filt is not None:
        outside |= ~(filt[rb] & filt[ra])
    code[outside] = n_groups
    return rb, ra, code


def _shifted(rows: Rows, part: slice) -> Rows:
    if isinstance(rows, slice):
        return slice(rows.start + part.start, rows.start + part.stop)
    return rows[part]


def _panel_batch(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rb: Rows,
    ra: Rows,
    base: npt.NDArray[np.int32],
    bins: int,
) -> Ints:
    """Count one batch of items' before × after answers per group (base-9 digits)."""
    k = len(columns)
    counts = np.zeros(bins, np.int64)
    size = min(_ROWS, len(base))
    acc = np.empty(size, np.int16)
    pair = np.empty(size, np.int8)
    tmp = np.empty(size, np.int16)
    key = np.empty(size, np.intp)
    for part in chunks(len(base), _ROWS):
        m = part.stop - part.start
        a, p, t, kk = acc[:m], pair[:m], tmp[:m], key[:m]
        sb, sa = _shifted(rb, part), _shifted(ra, part)
        for i, column in enumerate(columns):
            np.multiply(answers[sb, column], 3, out=p)
            p += answers[sa, column]
            if i == 0:
                np.multiply(p, 9 ** (k - 1), out=a, dtype=np.int16)
            else:
                np.multiply(p, 9 ** (k - 1 - i), out=t, dtype=np.int16)
                a += t
        np.add(base[part], a, out=kk)
        counts += np.bincount(kk, minlength=bins)
    return counts


def _panel_tables(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rb: Rows,
    ra: Rows,
    base: npt.NDArray[np.int32],
    n_groups: int,
) -> Ints:
    """Return each group's and item's 3 × 3 table of (before, after) answers.

    Shape (G, k, 3, 3), indexed by answer + 1 (missing, no, yes) before and
    after; ``base`` as for :func:`_panel_batch`, the groups' sentinel dropped.
    """
    k = len(columns)
    counts = _panel_batch(answers, columns, rb, ra, base, (n_groups + 1) * 9**k)
    joint = _margins(counts, n_groups + 1, k, 9)[:n_groups]
    tables: Ints = np.rint(joint).astype(np.int64).reshape(n_groups, k, 3, 3)
    return tables


def _panel_cells(tables: Ints) -> Ints:
    """Return the :data:`PANEL_CELLS` of 3 × 3 tables, on a last axis of 4."""
    cells: Ints = np.stack(
        [tables[..., 2, 2], tables[..., 2, 1], tables[..., 1, 2], tables[..., 1, 1]],
        axis=-1,
    )
    return cells


def _panels(
    panel: Ints,
    yes: Ints,
    base: Ints,
    *,
    wave: Codes,
    group: Codes,
    org: Codes,
    n_orgs: int,
    answers: npt.NDArray[np.int8],
    item_columns: Sequence[int],
    filt: npt.NDArray[np.bool_] | None,
    pairs: Sequence[tuple[int, int]],
    n_waves: int,
    margins: bool,
) -> npt.NDArray[np.bool_] | None:
    """Fill ``panel`` (P, G, I, 4) with the panel cells of every wave pair.

    With ``margins``, the panel counts' margins also give each wave's counts of
    the rows in one of its pairs' panels: they are added to ``yes`` and
    ``base`` (cells × items), and the rows so counted are returned (a mask),
    so that only the others need counting.
    """
    n_p, n_g, n_i, _ = panel.shape
    rows = _wave_rows(wave, n_waves)
    matched = [
        _pair_rows(rows[b], rows[a], group, org, n_orgs, filt, n_g) for b, a in pairs
    ]
    k = _batch_size(n_g + 1, 9, 3)
    batches = _batches(n_i, k)
    key_bases = [_key_base(code, 9 ** len(batches[0])) for _rb, _ra, code in matched]
    tasks = [(p, batch) for p in range(n_p) for batch in batches]

    def count(task: tuple[int, list[int]]) -> Ints:
        p, batch = task
        rb, ra, _code = matched[p]
        columns = [item_columns[j] for j in batch]
        base = _rebase(key_bases[p], 9 ** len(batches[0]), 9 ** len(batch))
        return _panel_tables(answers, columns, rb, ra, base, n_g)

    # The pair whose panel counts each wave: the first it starts, else ends.
    side: dict[int, tuple[int, int]] = {}
    for p, (_b, a) in reversed(list(enumerate(pairs))):
        side[a] = (p, 1)
    for p, (b, _a) in reversed(list(enumerate(pairs))):
        side[b] = (p, 0)
    use = {(p, s): w for w, (p, s) in side.items()} if margins else {}
    for (p, batch), cells in zip(tasks, parallel_map(count, tasks), strict=True):
        panel[p, :, batch] = _panel_cells(cells).transpose(1, 0, 2)
        for s in (0, 1):
            w = use.get((p, s))
            if w is None:
                continue
            margin = cells.sum(axis=3 - s)  # (G, k, 3): missing, no, yes
            rows_w = slice(w * n_g, (w + 1) * n_g)
            yes[rows_w, batch] += margin[..., 2]
            base[rows_w, batch] += margin[..., 1] + margin[..., 2]
    if not margins:
        return None
    covered = np.zeros(len(wave), dtype=bool)
    for (p, s), _w in use.items():
        rb, ra, code = matched[p]
        inside = code < n_g
        mine = rb if s == 0 else ra
        if isinstance(mine, slice):
            covered[mine] = inside
        else:
            covered[mine[inside]] = True
    return covered


def _sign_bits(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    sb: Rows,
    sa: Rows,
    combine: np.ufunc,
    both: npt.NDArray[np.int8],
    acc: npt.NDArray[np.uint8],
) -> None:
    """Pack the sign bits of ``combine(before, after)`` of (at most 8) items.

    The last item's bit ends up in the top bit of each byte of ``acc``, the
    first item's ``len(columns) - 1`` places below it; ``both`` is scratch.
    """
    x = both.view(np.uint8)
    for i, column in enumerate(columns):
        combine(answers[sb, column], answers[sa, column], out=both)
        if i == 0:
            np.bitwise_and(x, 0x80, out=acc)
        else:
            np.bitwise_and(x, 0x80, out=x)
            np.right_shift(acc, 1, out=acc)
            acc |= x


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
    _sign_bits(answers, columns, sb, sa, np.bitwise_and, both, acc)
    # (np.flatnonzero is ten times faster on booleans than on bytes)
    hit = np.flatnonzero(np.not_equal(acc, 0, out=both.view(np.bool_)))
    digits = acc[hit]
    digits >>= 8 - len(columns)
    return hit, digits


def _bit_counts(counts: Any, rows: int, k: int, bit: int) -> Ints:
    """Return, per row of keys and item, the keys whose item's bit is ``bit``.

    ``counts`` holds the bincount of keys ``row << k | digits`` with the first
    item in the lowest bit (digit ``k - 1 - m`` of the key is item m, hence
    the reversal); the result has shape (rows, k), items in order.
    """
    margins = _margins(counts, rows, k, 2)[:, ::-1, bit]
    result: Ints = np.rint(margins).astype(np.int64)
    return result


def _whole_panel_sizes(
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


def _answered_batch(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rb: Rows,
    ra: Rows,
    code: Codes,
    bins: int,
) -> Ints:
    """Count, per panel group, a batch of (at most 8) items' one-bit digits.

    An item's digit is 1 when its answer is missing in either wave: the sign
    bit of ``before | after`` (answers are 1, 0 or -1), shifted into a byte.
    """
    k = len(columns)
    counts = np.zeros(bins, np.int64)
    size = min(_ROWS, len(code))
    both = np.empty(size, np.int8)
    acc = np.empty(size, np.uint8)
    key = np.empty(size, np.intp)
    for part in chunks(len(code), _ROWS):
        m = part.stop - part.start
        a, kk = acc[:m], key[:m]
        sb, sa = _shifted(rb, part), _shifted(ra, part)
        _sign_bits(answers, columns, sb, sa, np.bitwise_or, both[:m], a)
        if k < 8:
            a >>= 8 - k
        np.left_shift(code[part], k, out=kk, dtype=np.intp)
        kk += a
        counts += np.bincount(kk, minlength=bins)
    return counts


def _missing_in_both_batch(
    answers: npt.NDArray[np.int8],
    columns: list[int],
    rb: Rows,
    ra: Rows,
    code: Codes,
    bins: int,
) -> Ints:
    """Count, per panel group, a batch of (at most 8) items' one-bit digits.

    An item's digit is 1 when its answer is missing in both waves: the sign
    bit of ``before & after``. Such rows are few, so only the rows with a
    digit 1 are counted; the counts of the digits 1 are then exact, those of
    the digits 0 are not wanted.
    """
    k = len(columns)
    counts = np.zeros(bins, np.int64)
    size = min(_ROWS, len(code))
    both = np.empty(size, np.int8)
    acc = np.empty(size, np.uint8)
    for part in chunks(len(code), _ROWS):
        m = part.stop - part.start
        sb, sa = _shifted(rb, part), _shifted(ra, part)
        hit, digits = _missing_in_both(answers, columns, sb, sa, both[:m], acc[:m])
        key = np.left_shift(code[part][hit], k, dtype=np.intp)
        key += digits
        counts += np.bincount(key, minlength=bins)
    return counts


#: Rows per task when the pairs of a run are counted together (big calls
#: keep the thread pool's workers from queueing for the GIL).
_RUN_ROWS = 1 << 20


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
    """As :func:`_missing_in_both_batch`, for ``rows`` of a run of pairs.

    The after rows are ``offset`` rows on from the before rows; ``starts``
    are the first (before) rows of the run's pairs. The keys hold the pair,
    the group and the digits: ``(pair * (n_groups + 1) + group) << k``.
    """
    k = len(columns)
    m = rows.stop - rows.start
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

    As the sizes of :func:`count_pair_cells` with ``wave_counts``, but every
    pair of a run at once, in big pieces of its rows.
    """
    n_g, n_i = n_groups, len(item_columns)
    batches = _batches(n_i, _batch_size(n_g + 1, 2, 8))
    tasks = [
        (r, b, slice(run.rows.start + part.start, run.rows.start + part.stop))
        for r, run in enumerate(runs)
        for part in chunks(run.rows.stop - run.rows.start, _RUN_ROWS)
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
        missing = _bit_counts(counts, n_run * (n_g + 1), len(columns), 1)
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
            sizes = _whole_panel_sizes(wave_counts, before, after, batch, missing[i])
            n_pairs[p, :, batch] = sizes.T


def count_pair_cells(
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
    bases: tuple[Ints, Ints] | None,
    wave_counts: tuple[Ints, Ints] | None = None,
) -> tuple[Ints, Ints]:
    """Return every panel's size per item, and its cells where they may be used.

    Returns ``panel`` (P, G, I, 4) and ``n_pairs`` (P, G, I), the organisations
    answering in both waves within the group (the panel's size), exact
    everywhere. ``bases`` are the (P, G, I) answer counts of each pair's waves
    (the rows of a tally without pairs); the panel cells (base-9 digits, as
    :func:`count_tally` counts them) are wanted only where the panel is both
    waves' whole sample — ``n_pairs == before == after > 0``, as
    ``paired="auto"`` chooses — and are counted for every (pair, item) with
    such a group; elsewhere they are zero. ``bases=None`` wants none.

    The sizes take one bit per item (eight items per key, cheaper than the
    cells). Equal bases are necessary for a whole-sample panel, so a (pair,
    item) whose bases differ in every group needs only its sizes; one whose
    bases are equal in every group with answers (a balanced panel) is counted
    as cells at once; the rest get their sizes first, then cells if needed.

    ``wave_counts`` (the respondents (W, G) and bases (W, G, I) of a tally
    without pairs) make the sizes cheaper where a pair's panel is both waves'
    whole set of rows (the same organisations, in the same groups, all in the
    base): then ``n_pairs = before + after - respondents + missing in both``,
    and only the few rows missing an answer in both waves are counted.
    """
    n_p, n_i, n_g = len(pairs), len(item_columns), n_groups
    panel = np.zeros((n_p, n_g, n_i, 4), np.int64)
    n_pairs = np.zeros((n_p, n_g, n_i), np.int64)
    if not n_p or not n_i:
        return panel, n_pairs
    filt = None if among_column is None else answers[:, among_column] == 1
    rows = _wave_rows(wave, n_waves)
    matched = [
        _pair_rows(rows[b], rows[a], group, org, n_orgs, filt, n_g) for b, a in pairs
    ]
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
    if bases is None:
        direct = np.zeros((n_p, n_i), dtype=bool)
        maybe = direct
    else:
        before, after = bases
        equal = (before == after) & (before > 0)
        answered = (before > 0) | (after > 0)
        direct = equal.any(axis=1) & (equal | ~answered).all(axis=1)
        maybe = equal.any(axis=1) & ~direct
    k9 = _batch_size(n_g + 1, 9, 3)
    k2 = _batch_size(n_g + 1, 2, 8)

    def tasks_for(wanted: npt.NDArray[np.bool_], k: int) -> list[tuple[int, list[int]]]:
        per_pair = []
        for p in range(n_p):
            chosen = np.flatnonzero(wanted[p]).tolist()
            per_pair.append([[chosen[j] for j in b] for b in _batches(len(chosen), k)])
        # batch by batch, pair after pair: a wave's columns, read as the after
        # wave of one pair, are still in cache as the before wave of the next
        return [
            (p, batches[i])
            for i in range(max(map(len, per_pair), default=0))
            for p, batches in enumerate(per_pair)
            if i < len(batches)
        ]

    def sizes(task: tuple[int, list[int]]) -> Ints:
        p, batch = task
        rb, ra, code = matched[p]
        k = len(batch)
        columns = [item_columns[j] for j in batch]
        if whole[p] and wave_counts is not None:
            counts = _missing_in_both_batch(
                answers, columns, rb, ra, code, (n_g + 1) << k
            )
            missing = _bit_counts(counts, n_g + 1, k, 1)[:n_g]
            return _whole_panel_sizes(wave_counts, *pairs[p], batch, missing)
        counts = _answered_batch(answers, columns, rb, ra, code, (n_g + 1) << k)
        # bit 0: answered in both
        return _bit_counts(counts, n_g + 1, k, 0)[:n_g]

    def cells(task: tuple[int, list[int]]) -> Ints:
        p, batch = task
        rb, ra, code = matched[p]
        columns = [item_columns[j] for j in batch]
        base = _key_base(code, 9 ** len(batch))
        return _panel_cells(_panel_tables(answers, columns, rb, ra, base, n_g))

    def run(
        full: list[tuple[int, list[int]]], bits: list[tuple[int, list[int]]]
    ) -> None:
        tasks = [(True, t) for t in full] + [(False, t) for t in bits]

        def count(task: tuple[bool, tuple[int, list[int]]]) -> Ints:
            return cells(task[1]) if task[0] else sizes(task[1])

        for (is_cells, (p, batch)), counted in zip(
            tasks, parallel_map(count, tasks), strict=True
        ):
            if is_cells:
                panel[p, :, batch] = counted.transpose(1, 0, 2)
                n_pairs[p, :, batch] = counted.sum(axis=-1).T
            else:
                n_pairs[p, :, batch] = counted.T

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
    run(tasks_for(direct, k9), tasks_for(~direct & ~in_run[:, None], k2))
    if bases is not None and maybe.any():
        whole = (n_pairs == bases[0]) & (n_pairs == bases[1]) & (n_pairs > 0)
        run(tasks_for(maybe & whole.any(axis=1), k9), [])
    return panel, n_pairs
