"""Long rows to the arrays of a tally: what :meth:`Tally.from_long` reads.

A ``GROUP BY`` returns one row per (wave, group, item); the arrays of a
:class:`~skl_socialmedia.tally.model.Tally` hold one cell per combination.
This module turns the one into the other, checking as it goes: every label
known, no cell twice, every count a whole number, and NULL (a masked or
``None`` value) only where a sum ran over no rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.survey.encode import MISSING_LABEL, is_integer_like, sort_labels
from skl_socialmedia.tally.counts import Counts

__all__ = [
    "CELL_COLUMNS",
    "CROSS_COLUMNS",
    "MOMENT_COLUMNS",
    "SCALE_COLUMN",
    "WEIGHTED_COLUMNS",
    "long_tables",
    "parse_cross",
    "parse_design",
    "parse_long",
]

#: The panel cells' columns, in the order of the tally's last panel axis.
CELL_COLUMNS = ("both", "before_only", "after_only", "neither")
#: The columns of a weighted tally's sums.
WEIGHTED_COLUMNS = ("weighted_yes", "weighted_base", "squared_weights")
#: The column of a weighted tally's weight scale (its sums are of the weights
#: divided by 2**scale): written only when it is not 0.
SCALE_COLUMN = "weight_scale"


def _table(value: object, what: str) -> dict[str, Any]:
    """Return the columns of a mapping or a data frame, by name."""
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    names = getattr(value, "column_names", None) or getattr(value, "columns", None)
    if names is None or not hasattr(value, "__getitem__"):
        raise TypeError(f"{what} must be a mapping of column name to array-like")
    return {str(name): value[name] for name in names}


def _masked(values: object) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
    """Return a column's values and where they are NULL."""
    if isinstance(values, np.ma.MaskedArray):
        return np.asarray(values.data), np.ma.getmaskarray(values)
    to_numpy = getattr(values, "to_numpy", None)  # a pandas or polars column
    array = np.asarray(values if to_numpy is None else to_numpy())
    if array.dtype == object:
        null = np.array([_is_null(v) for v in array.tolist()], dtype=bool)
        return array, null
    if array.dtype.kind == "f":
        return array, np.isnan(array)  # how pandas hands on SQL's NULL
    return array, np.zeros(array.shape, dtype=bool)


def _is_null(value: object) -> bool:
    """Whether a value is NULL: None, NaN or pandas' NA."""
    if value is None or type(value).__name__ == "NAType":
        return True
    return isinstance(value, float) and value != value


def _bad(what: str, column: str, row: int, value: object) -> DataError:
    """Return the error of a bad value at ``row`` (0-based) of ``column``."""
    return DataError(
        f"row {row}: {what}", Location(column=column, row=row, value=value)
    )


def _labels(table: dict[str, Any], column: str) -> npt.NDArray[np.str_]:
    if column not in table:
        raise DataError(f"the long rows have no column {column!r}")
    values, null = _masked(table[column])
    if null.any():
        row = int(np.flatnonzero(null)[0])
        raise _bad("a label is NULL", column, row, None)
    if values.dtype.kind == "f":
        whole = np.isfinite(values) & (values == np.round(values))
        if not whole.all():
            row = int(np.flatnonzero(~whole)[0])
            raise _bad("a label is not a whole number", column, row, values[row])
        values = values.astype(np.int64)
    return np.asarray([str(v).strip() for v in values.tolist()], dtype=str)


def _order(found: npt.NDArray[np.str_], given: Sequence[object] | None) -> list[str]:
    """Return the labels in the order given, else sorted.

    A GROUP BY's rows come in no order: the labels are sorted as numbers when
    all are whole numbers, else as text, with the group of missing values
    last, as a survey orders them.
    """
    if given is not None:
        return [str(v).strip() for v in given]
    distinct = [str(v) for v in dict.fromkeys(found.tolist())]
    present = [v for v in distinct if v != MISSING_LABEL]
    ordered = sort_labels(present) if is_integer_like(present) else sorted(present)
    return ordered + [MISSING_LABEL] * (len(present) < len(distinct))


def _codes(
    found: npt.NDArray[np.str_], labels: Sequence[str], column: str
) -> npt.NDArray[np.intp]:
    index = {label: i for i, label in enumerate(labels)}
    distinct, inverse = np.unique(found, return_inverse=True)
    lookup = np.array([index.get(str(v), -1) for v in distinct.tolist()], np.intp)
    codes: npt.NDArray[np.intp] = lookup[inverse.reshape(-1)]
    if np.any(codes < 0):
        row = int(np.flatnonzero(codes < 0)[0])
        raise _bad(f"unknown {column} label", column, row, str(found[row]))
    return codes


def _numbers(
    table: dict[str, Any],
    column: str,
    empty: npt.NDArray[np.bool_] | None,
    *,
    whole: bool,
) -> npt.NDArray[Any]:
    """Return a column of counts (or sums); NULL only where ``empty``."""
    values, null = _masked(table[column])
    if null.any():
        allowed = np.zeros_like(null) if empty is None else empty
        if np.any(null & ~allowed):
            row = int(np.flatnonzero(null & ~allowed)[0])
            raise _bad("NULL where there are answers", column, row, None)
        values = np.where(null, 0, values)
    try:
        numbers = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(f"column {column!r} is not numeric") from None
    bad = ~np.isfinite(numbers) | (numbers < 0)
    if whole:
        bad |= numbers != np.round(numbers)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        kind = "a whole number" if whole else "a number"
        raise _bad(f"not {kind} of 0 or more", column, row, values[row])
    return numbers.astype(np.int64) if whole else numbers


def _scatter(
    shape: tuple[int, ...],
    index: tuple[npt.NDArray[np.intp], ...],
    values: npt.NDArray[Any],
) -> npt.NDArray[Any]:
    out = np.zeros(shape, dtype=values.dtype)
    out[index] = values
    return out


def _unique_cells(
    flat: npt.NDArray[np.intp], labels: list[npt.NDArray[np.str_]], column: str
) -> None:
    order = np.argsort(flat, kind="stable")
    twice = np.flatnonzero(flat[order][1:] == flat[order][:-1])
    if len(twice):
        row = int(order[twice[0] + 1])
        cell = " / ".join(str(labels_[row]) for labels_ in labels)
        raise _bad(f"cell {cell} appears twice", column, row, cell)


def _per_wave_group(
    table: dict[str, Any],
    column: str,
    index: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]],
    shape: tuple[int, int],
) -> npt.NDArray[np.int64]:
    """Return a (wave, group) column, which must agree across the items."""
    values = _numbers(table, column, None, whole=True)
    high = np.zeros(shape, np.int64)
    low = np.full(shape, np.iinfo(np.int64).max)
    np.maximum.at(high, index, values)
    np.minimum.at(low, index, values)
    differ = np.flatnonzero((high != low)[index])
    if len(differ):
        row = int(differ[0])
        raise _bad(
            "differs between the items of one wave and group", column, row, values[row]
        )
    return high


def parse_long(
    rows: object,
    panel: object | None,
    *,
    waves: Sequence[object] | None,
    groups: Sequence[object] | None,
    items: Sequence[str] | None,
    among: bool,
) -> dict[str, Any]:
    """Return the keyword arguments of a Tally for its long rows (and panel)."""
    table = _table(rows, "rows")
    for column in ("yes", "base"):
        if column not in table:
            raise DataError(f"the long rows have no column {column!r}")
    found = [_labels(table, c) for c in ("wave", "group", "item")]
    wave_labels = _order(found[0], waves)
    group_labels = _order(found[1], groups)
    item_labels = (
        [str(v) for v in dict.fromkeys(found[2].tolist())]
        if items is None
        else [str(i) for i in items]
    )
    shape = (len(wave_labels), len(group_labels), len(item_labels))
    index = tuple(
        _codes(f, labels, column)
        for f, labels, column in zip(
            found,
            (wave_labels, group_labels, item_labels),
            ("wave", "group", "item"),
            strict=True,
        )
    )
    flat = np.ravel_multi_index(index, shape) if len(index[0]) else index[0]
    _unique_cells(flat, found, "item")
    base = _numbers(table, "base", None, whole=True)
    empty = base == 0
    yes = _numbers(table, "yes", empty, whole=True)
    result: dict[str, Any] = {
        "waves": wave_labels,
        "groups": group_labels,
        "items": item_labels,
        "yes": _scatter(shape, index, yes),
        "base": _scatter(shape, index, base),
    }
    if any(c in table for c in WEIGHTED_COLUMNS):
        for column in WEIGHTED_COLUMNS:
            if column not in table:
                raise DataError(f"weighted long rows need a column {column!r}")
            sums = _numbers(table, column, empty, whole=False)
            result[column] = _scatter(shape, index, sums)
    if SCALE_COLUMN in table:
        result["weight_scale"] = _weight_scale(table)
    wave_group = (index[0], index[1])
    largest = result["base"].max(axis=2, initial=0)
    for column in ("respondents", "domain"):
        if column in table:
            result[column] = _per_wave_group(table, column, wave_group, shape[:2])
        else:
            result[column] = largest
    if "respondents" in table and "domain" not in table and not among:
        result["domain"] = result["respondents"]
    pairs, cells, sizes, counted = _panel(panel, wave_labels, group_labels, item_labels)
    result.update(pairs=pairs, panel=cells, panel_sizes=sizes, panel_counted=counted)
    return result


def _weight_scale(table: dict[str, Any]) -> int:
    """Return the rows' weight scale: one whole number on every row."""
    values, null = _masked(table[SCALE_COLUMN])
    try:
        numbers = np.asarray(np.where(null, np.nan, values), dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(f"column {SCALE_COLUMN!r} is not numeric") from None
    if not len(numbers):
        return 0
    bad = ~np.isfinite(numbers) | (numbers != np.round(numbers))
    bad |= numbers != numbers[0]
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise _bad(
            "the weight scale must be one whole number on every row",
            SCALE_COLUMN,
            row,
            values[row],
        )
    return int(numbers[0])


def _panel(
    panel: object | None,
    wave_labels: list[str],
    group_labels: list[str],
    item_labels: list[str],
) -> tuple[list[tuple[str, str]], Any, Any, Any]:
    """Return the pairs, cells, sizes and counted mask of the panel rows."""
    if panel is None:
        return [], None, None, None
    table = _table(panel, "panel")
    if "pair" in table and "before" not in table:
        pair_values = list(table["pair"])
        table["before"] = [p[0] for p in pair_values]
        table["after"] = [p[1] for p in pair_values]
    before, after = _labels(table, "before"), _labels(table, "after")
    for labels, column in ((before, "before"), (after, "after")):
        _codes(labels, wave_labels, column)
    pair_labels = list(dict.fromkeys(zip(before.tolist(), after.tolist(), strict=True)))
    pairs = [(str(b), str(a)) for b, a in pair_labels]
    found_pairs = np.array(
        [pairs.index((str(b), str(a))) for b, a in zip(before, after, strict=True)],
        np.intp,
    )
    found = [_labels(table, c) for c in ("group", "item")]
    index = (
        found_pairs,
        _codes(found[0], group_labels, "group"),
        _codes(found[1], item_labels, "item"),
    )
    shape = (len(pairs), len(group_labels), len(item_labels))
    flat = np.ravel_multi_index(index, shape) if len(found_pairs) else found_pairs
    _unique_cells(flat, [before, after, *found], "item")
    cells = np.zeros((*shape, 4), np.int64)
    for c, column in enumerate(CELL_COLUMNS):
        if column not in table:
            raise DataError(f"the panel rows have no column {column!r}")
        cells[..., c][index] = _numbers(table, column, None, whole=True)
    sizes = cells.sum(axis=-1)
    if "n_pairs" in table:
        sizes = _scatter(shape, index, _numbers(table, "n_pairs", None, whole=True))
    counted = np.ones(shape, dtype=bool)
    if "counted" in table:
        counted[index] = np.asarray(table["counted"], dtype=bool)
    return pairs, cells, sizes, counted


#: The columns of a design table's moments (see :data:`~.model.MOMENTS`).
MOMENT_COLUMNS = (
    "weighted_yes",
    "weighted_base",
    "squared_weighted_yes",
    "squared_weights",
)


def parse_design(
    design: object,
    wave_labels: Sequence[str],
    group_labels: Sequence[str],
    item_labels: Sequence[str],
) -> dict[str, Any]:
    """Return the design fields of a Tally from its design table.

    One row per (wave, group, stratum, item): the four moments, and the
    stratum's ``units`` and ``population`` (``inf`` or blank: none), which
    must agree across a stratum's rows.
    """
    table = _table(design, "design")
    found = [_labels(table, c) for c in ("wave", "group", "stratum", "item")]
    strata = [str(v) for v in dict.fromkeys(found[2].tolist())]
    index = (
        _codes(found[0], wave_labels, "wave"),
        _codes(found[1], group_labels, "group"),
        _codes(found[2], strata, "stratum"),
        _codes(found[3], item_labels, "item"),
    )
    shape = (len(wave_labels), len(group_labels), len(strata), len(item_labels))
    flat = np.ravel_multi_index(index, shape) if len(index[0]) else index[0]
    _unique_cells(flat, found, "item")
    moments = np.zeros((*shape, len(MOMENT_COLUMNS)))
    for k, column in enumerate(MOMENT_COLUMNS):
        if column not in table:
            raise DataError(f"the design rows have no column {column!r}")
        moments[..., k][index] = _numbers(table, column, None, whole=False)
    units = np.zeros(len(strata), np.int64)
    population = np.full(len(strata), np.inf)
    for column, out, at in (
        ("units", units, (index[2],)),
        ("population", population, (index[2],)),
    ):
        if column not in table:
            raise DataError(f"the design rows have no column {column!r}")
        values, null = _masked(table[column])
        numbers = np.where(null, np.inf, values).astype(np.float64)
        out[at] = numbers
        differ = out[at] != numbers
        if differ.any():
            row = int(np.flatnonzero(differ)[0])
            raise _bad("differs within a stratum", column, row, numbers[row])
    return {
        "strata": strata,
        "units": units,
        "strata_population": population,
        "moments": moments,
    }


#: The columns of a cross-moment table (see :data:`~.model.CROSS`).
CROSS_COLUMNS = ("yes_both", "yes_after", "yes_before", "answered_both")


def parse_cross(
    cross: object,
    pairs: Sequence[tuple[str, str]],
    group_labels: Sequence[str],
    strata: Sequence[str],
    item_labels: Sequence[str],
) -> np.ndarray:
    """Return the cross moments (P, G, H, I, 4) from their long rows."""
    table = _table(cross, "cross")
    found = [_labels(table, c) for c in ("before", "after", "group", "stratum", "item")]
    pair_of = {pair: p for p, pair in enumerate(pairs)}
    at = [
        pair_of.get((str(b), str(a)), -1)
        for b, a in zip(found[0], found[1], strict=True)
    ]
    pair_index = np.asarray(at, dtype=np.intp)
    if np.any(pair_index < 0):
        row = int(np.flatnonzero(pair_index < 0)[0])
        raise _bad("a pair without panel rows", "before", row, str(found[0][row]))
    index = (
        pair_index,
        _codes(found[2], group_labels, "group"),
        _codes(found[3], strata, "stratum"),
        _codes(found[4], item_labels, "item"),
    )
    shape = (len(pairs), len(group_labels), len(strata), len(item_labels))
    flat = np.ravel_multi_index(index, shape) if len(pair_index) else pair_index
    _unique_cells(flat, found, "item")
    moments = np.zeros((*shape, len(CROSS_COLUMNS)))
    for k, column in enumerate(CROSS_COLUMNS):
        if column not in table:
            raise DataError(f"the cross rows have no column {column!r}")
        moments[..., k][index] = _numbers(table, column, None, whole=False)
    return moments


def _text(labels: Sequence[str], at: npt.NDArray[np.intp]) -> npt.NDArray[np.str_]:
    """Return the labels at the positions ``at`` (an empty text array for none)."""
    if not len(at):
        return np.array([], dtype=str)
    result: npt.NDArray[np.str_] = np.asarray(labels, dtype=str)[at]
    return result


def long_tables(counts: Counts) -> tuple[dict[str, npt.NDArray[Any]], ...]:
    """Return a tally's long tables: rows and panel, and a design's two more.

    What :meth:`~skl_socialmedia.tally.model.Tally.to_long` gives and
    :func:`parse_long`, :func:`parse_design` and :func:`parse_cross` read.
    """
    w, g, i = np.indices(counts.base.shape).reshape(3, -1)
    rows: dict[str, npt.NDArray[Any]] = {
        "wave": _text(counts.waves, w),
        "group": _text(counts.groups, g),
        "item": _text(counts.items, i),
        "yes": counts.yes.reshape(-1).copy(),
        "base": counts.base.reshape(-1).copy(),
        "respondents": counts.respondents[w, g],
        "domain": counts.domain_rows[w, g],
    }
    for name in WEIGHTED_COLUMNS:
        sums = getattr(counts, name)
        if sums is not None:
            rows[name] = np.asarray(sums).reshape(-1).copy()
    scale = int(getattr(counts, "weight_scale", 0))
    if scale:
        rows[SCALE_COLUMN] = np.full(len(w), scale, dtype=np.int64)
    befores = [b for b, _ in counts.pairs]
    afters = [a for _, a in counts.pairs]
    p, g, i = np.indices(counts.panel_size_counts.shape).reshape(3, -1)
    cells = counts.panel_cells.reshape(-1, 4)
    panel: dict[str, npt.NDArray[Any]] = {
        "before": _text(befores, p),
        "after": _text(afters, p),
        "group": _text(counts.groups, g),
        "item": _text(counts.items, i),
    }
    for c, name in enumerate(CELL_COLUMNS):
        panel[name] = cells[:, c].copy()
    panel["n_pairs"] = counts.panel_size_counts.reshape(-1).copy()
    panel["counted"] = counts.panel_cells_counted.reshape(-1).copy()
    if not counts.design_based:
        return rows, panel
    moments = counts.design_moments
    w, g, h, i = np.indices(moments.shape[:4]).reshape(4, -1)
    design: dict[str, npt.NDArray[Any]] = {
        "wave": _text(counts.waves, w),
        "group": _text(counts.groups, g),
        "stratum": _text(counts.strata, h),
        "item": _text(counts.items, i),
    }
    for k, name in enumerate(MOMENT_COLUMNS):
        design[name] = moments[..., k].reshape(-1).copy()
    design["units"] = counts.stratum_units[h]
    design["population"] = counts.population_sizes[h]
    moments = counts.design_cross_moments
    p, g, h, i = np.indices(moments.shape[:4]).reshape(4, -1)
    cross: dict[str, npt.NDArray[Any]] = {
        "before": _text(befores, p),
        "after": _text(afters, p),
        "group": _text(counts.groups, g),
        "stratum": _text(counts.strata, h),
        "item": _text(counts.items, i),
    }
    for k, name in enumerate(CROSS_COLUMNS):
        cross[name] = moments[..., k].reshape(-1).copy()
    return rows, panel, design, cross
