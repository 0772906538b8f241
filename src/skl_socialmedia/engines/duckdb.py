"""The DuckDB engine: a CountSpec pushed down as SQL (needs the ``duckdb`` extra).

:func:`count` answers a :class:`~skl_socialmedia.tally.spec.CountSpec` over
data DuckDB reads — a relation, a table or view name, a file (Parquet, CSV,
JSON: anything ``SELECT * FROM 'path'`` reads), a pandas or Arrow table —
with the :class:`~skl_socialmedia.tally.model.Tally` the numpy engine gives
for the same rows. DuckDB does the work, out of core where it must:

1. one pass encodes the rows into a temporary table: the wave's code, the
   group's key (the ``by`` attributes' codes, mixed radix, as the numpy
   engine combines them), the stratum, the organisation, whether the row is in
   the ``among`` base, the weight (divided by the tally's power of two, see
   :mod:`skl_socialmedia.tally.numpy_engine.scaling`) and each item's answer;
   the labels of waves, attributes and strata come from their distinct values
   through the numpy engine's own encoding, so they are the same labels in the
   same order;
2. a ``GROUP BY`` wave, group and stratum counts the rows, the base rows and
   per item the yes answers and answers, with weights their sums;
3. a join of the table with itself on the organisation and the group, for
   each (before, after) pair, counts the panel cells and cross moments.

Checked as the Survey builder checks them: a row without wave or
organisation, an organisation twice in a wave, an answer other than 1, 0 or
missing, a weight that is missing, negative or not finite, an organisation
in two strata. Routing is not re-checked: blanks are missing (the routed
base), as in the Survey.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia.engines.assemble import (
    Cells,
    Labels,
    PanelCells,
    assemble,
    scatter,
)
from skl_socialmedia.engines.duckdb_checks import (
    at,
    check_rows,
    ldexp_sql,
    population_of,
    units_of,
    weight_scale_of,
)
from skl_socialmedia.engines.duckdb_run import (
    Dropping,
    Run,
    duckdb_module,
    quote,
    source_of,
)
from skl_socialmedia.engines.order import attribute_order
from skl_socialmedia.errors import (
    DataError,
    UnknownNameError,
)
from skl_socialmedia.model import OrgKind
from skl_socialmedia.survey.columns import wave_values
from skl_socialmedia.survey.encode import MISSING_LABEL, encode
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.spec import CountSpec

__all__ = ["count"]


def count(
    data: Any,
    spec: CountSpec,
    *,
    connection: Any = None,
) -> Tally:
    """Answer ``spec`` over ``data`` with a :class:`Tally`, counted by DuckDB.

    ``data`` is a DuckDB relation, the name of a table or view (in
    ``connection``, else DuckDB's default connection), a path to a file DuckDB
    reads (``.parquet``, ``.csv``, ``.json``, globs such as ``parts/*.parquet``),
    or a pandas or Arrow table. Its columns are the canonical microdata
    columns (see the module). The relation's connection must be
    ``connection`` when one is given.
    """
    duckdb = duckdb_module()
    con, source, where = source_of(duckdb, data, connection)
    run = Run(con, source, where)
    try:
        if source == "":
            source = run.register("input", data)
            run.source = source
        return _count(run, spec)
    finally:
        run.close()


def _count(run: Run, spec: CountSpec) -> Tally:
    try:
        return _count_rows(run, spec)
    finally:
        if isinstance(run.con, Dropping):
            run.con.drop()


def _columns(run: Run) -> list[str]:
    return run.columns(f"SELECT * FROM {run.source} LIMIT 0")


def _require(columns: Sequence[str], spec: CountSpec) -> None:
    design = spec.design
    wanted: list[tuple[str, str]] = [("column", "wave"), ("column", "org_code")]
    wanted += [("attribute", b) for b in spec.by]
    wanted += [("item of this survey", i) for i in spec.items]
    if spec.among is not None:
        wanted.append(("item of this survey", spec.among))
    if spec.weight is not None:
        wanted.append(("weight column", spec.weight))
    if design is not None and design.strata is not None:
        wanted.append(("strata column", design.strata))
    if design is not None and isinstance(design.population, str):
        wanted.append(("population column", design.population))
    for what, name in wanted:
        if name not in columns:
            raise UnknownNameError(what, name, columns)


def _distinct(run: Run, column: str) -> tuple[Any, npt.NDArray[Any], list[str]]:
    """Return a column's distinct values (Arrow), their codes and the labels.

    The labels are the numpy engine's (:func:`~skl_socialmedia.survey.encode.
    encode` of the distinct values); a value that is missing has code -1.
    """
    table = run.arrow(f"SELECT DISTINCT {quote(column)} AS raw FROM {run.source}")
    raw = table.column("raw").to_numpy(zero_copy_only=False)
    if raw.dtype.kind == "O" or table.column("raw").null_count:
        raw = np.array(table.column("raw").to_pylist(), dtype=object)
    codes, labels = encode(raw)
    codes = np.asarray(codes, dtype=np.int64)
    if column == "org_kind":  # read as a Survey reads it (region: county council)
        codes, labels = _org_kinds(codes, list(labels))
    return table, codes, list(labels)


def _org_kinds(
    codes: npt.NDArray[np.int64], labels: list[str]
) -> tuple[npt.NDArray[np.int64], list[str]]:
    """Return org_kind codes and labels as a Survey without a register has them."""
    parsed = []
    for label in labels:
        try:
            parsed.append(OrgKind.parse(label).value)
        except UnknownNameError:
            parsed.append(label)
    names = attribute_order("org_kind", parsed)
    remap = np.array([names.index(p) for p in parsed] + [-1], dtype=np.int64)
    return remap[codes], names


def _mapping(run: Run, what: str, table: Any, codes: npt.NDArray[Any]) -> str:
    import pyarrow as pa

    mapping = table.append_column("code", pa.array(codes, type=pa.int64()))
    return run.register(what, mapping)


def _count_rows(run: Run, spec: CountSpec) -> Tally:
    columns = _columns(run)
    _require(columns, spec)
    design = spec.design if spec.design is not None and spec.design.linearised else None
    joins: list[str] = []
    # waves
    table, codes, wave_labels = _distinct(run, "wave")
    if np.any(codes < 0):
        raise DataError("a row has no wave", at(run, "wave"))
    wave_map = _mapping(run, "waves", table, codes)
    joins.append(f"JOIN {wave_map} mw ON s.{quote('wave')} IS NOT DISTINCT FROM mw.raw")
    raw_waves = table.column("raw").to_numpy(zero_copy_only=False)
    numbers = wave_values(raw_waves, wave_labels)
    index = {wave: w for w, wave in enumerate(wave_labels)}
    for wave in {w for pair in spec.pairs for w in pair}:
        if wave not in index:
            raise UnknownNameError("wave", wave, wave_labels)
    # groups: each attribute's code, missing as one more, mixed radix
    sizes: list[int] = []
    attribute_labels: list[list[str]] = []
    key = "0"
    for k, name in enumerate(spec.by):
        table, codes, labels = _distinct(run, name)
        mapped = _mapping(run, f"by{k}", table, codes)
        joins.append(
            f"JOIN {mapped} m{k} ON s.{quote(name)} IS NOT DISTINCT FROM m{k}.raw"
        )
        size = len(labels) + 1
        code = f"(CASE WHEN m{k}.code < 0 THEN {size - 1} ELSE m{k}.code END)"
        key = f"({key} * {size} + {code})"
        sizes.append(size)
        attribute_labels.append(labels)
    # strata
    strata: tuple[str, ...] = ("all",)
    stratum, strata_join = "0", ""
    if design is not None and design.strata is not None:
        table, codes, labels = _distinct(run, design.strata)
        if np.any(codes < 0):
            raise DataError("a row has no stratum", at(run, design.strata))
        mapped = _mapping(run, "strata", table, codes)
        strata_join = (
            f"JOIN {mapped} mh ON s.{quote(design.strata)} IS NOT DISTINCT FROM mh.raw"
        )
        joins.append(strata_join)
        stratum = "mh.code"
        strata = tuple(labels)
    scale = 0 if spec.weight is None else weight_scale_of(run, spec.weight)
    integer_codes = _is_integer(run, "org_code")
    rows = _rows_table(run, spec, key, stratum, joins, scale, integer_codes)
    check_rows(run, rows, design is not None and design.strata is not None)
    group_keys = np.asarray(
        run.numpy(f"SELECT DISTINCT g FROM {rows} ORDER BY g")["g"],
        dtype=np.int64,
    )
    groups, values = _group_labels(group_keys, sizes, attribute_labels)
    units = population = None
    if design is not None:
        units = units_of(run, rows, len(strata))
        population = population_of(
            run, design.population, strata, units, stratum, strata_join
        )
    found = Labels(
        tuple(wave_labels),
        groups,
        values,
        numbers,
        strata,
        units,
        population,
    )
    shape = (len(wave_labels), len(groups), len(strata))
    cells = _cells(run, spec, rows, shape, group_keys, scale)
    panel = None
    if spec.pairs:
        pairs = [(index[b], index[a]) for b, a in spec.pairs]
        panel = _panel(run, spec, rows, pairs, shape, group_keys, design is not None)
    return assemble(spec, found, cells, panel)


def _answer(column: str) -> str:
    """Return SQL for an answer: 1, 0, NULL (missing) or 2 (not an answer)."""
    x = f"CAST({quote(column)} AS DOUBLE)"
    return (
        f"(CASE WHEN {x} IS NULL OR isnan({x}) THEN NULL "
        f"WHEN {x} = 1 THEN 1 WHEN {x} = 0 THEN 0 ELSE 2 END)::TINYINT"
    )


def _rows_table(
    run: Run,
    spec: CountSpec,
    key: str,
    stratum: str,
    joins: list[str],
    scale: int,
    integer_codes: bool = False,
) -> str:
    rows = run.name("rows")
    items = [*spec.items, *([] if spec.among is None else [spec.among])]
    answers = ", ".join(f"{_answer(item)} AS y{j}" for j, item in enumerate(items))
    among = "TRUE" if spec.among is None else f"(y{len(items) - 1} = 1)"
    weight = "NULL::DOUBLE"
    if spec.weight is not None:
        weight = ldexp_sql(f"CAST(s.{quote(spec.weight)} AS DOUBLE)", -scale)
    org = f"trim(CAST(s.{quote('org_code')} AS VARCHAR))"
    if integer_codes:  # the same organisations as their text: joined as numbers
        org = f"s.{quote('org_code')}"
    run.sql(
        f"CREATE TEMP TABLE {rows} AS SELECT w, g, h, o, wt, {among} AS f, "
        + ", ".join(f"y{j}" for j in range(len(items)))
        + f" FROM (SELECT mw.code AS w, {key} AS g, {stratum} AS h, {org} AS o, "
        f"{weight} AS wt, {answers} FROM {run.source} s {' '.join(joins)})"
    )
    run.created.append(("TABLE", rows.strip('"').replace('""', '"')))
    bad = " OR ".join(f"y{j} = 2" for j in range(len(items)))
    found = run.one(f"SELECT * FROM {rows} WHERE {bad} LIMIT 1")
    if found is not None:
        for j, item in enumerate(items):
            if found[6 + j] == 2:
                raise DataError(
                    "an answer must be 1 (yes), 0 (no) or missing",
                    at(run, item),
                )
    if spec.weight is not None:
        w = f"CAST({quote(spec.weight)} AS DOUBLE)"
        (n_bad,) = run.one(
            f"SELECT count(*) FROM {run.source} WHERE {w} IS NULL OR NOT "
            f"isfinite({w}) OR {w} < 0"
        )
        if n_bad:
            raise DataError(
                f"{n_bad} weights are missing, negative or not finite",
                at(run, spec.weight),
            )
    return rows


def _is_integer(run: Run, column: str) -> bool:
    """Whether ``column`` has an integer type in the input."""
    (kind,) = run.one(f"SELECT typeof({quote(column)}) FROM {run.source} LIMIT 1") or (
        "",
    )
    return str(kind) in {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT",
        "UINTEGER", "UBIGINT", "HUGEINT",
    }  # fmt: skip


def _group_labels(
    keys: npt.NDArray[np.int64], sizes: list[int], labels: list[list[str]]
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    if not sizes:
        return ("all",), ()
    values = []
    for key in keys.tolist():
        parts = []
        for size, names in zip(reversed(sizes), reversed(labels), strict=True):
            key, code = divmod(key, size)
            parts.append(MISSING_LABEL if code == size - 1 else names[code])
        values.append(tuple(reversed(parts)))
    return tuple(" / ".join(v) for v in values), tuple(values)


def _sums(j: int, weighted: bool, among: bool) -> Iterator[str]:
    """Yield the aggregates of item ``j``'s answers in the base (no FILTER)."""
    y = f"(CASE WHEN f THEN y{j} END)" if among else f"y{j}"
    answered = f"({y} * 0 + 1)"  # 1 where answered, NULL where missing
    yield f"sum({y})::BIGINT AS yes{j}"
    yield f"count({y}) AS base{j}"
    if weighted:
        yield f"sum(wt * {y}) AS wy{j}"
        yield f"sum(wt * {answered}) AS w{j}"
        yield f"sum(wt * wt * {answered}) AS ww{j}"
        yield f"sum(wt * wt * {y}) AS wwy{j}"


def _cells(
    run: Run,
    spec: CountSpec,
    rows: str,
    shape: tuple[int, int, int],
    group_keys: npt.NDArray[np.int64],
    scale: int,
) -> Cells:
    weighted = spec.weight is not None
    aggregates = itertools.chain.from_iterable(
        _sums(j, weighted, spec.among is not None) for j in range(len(spec.items))
    )
    found = run.numpy(
        "SELECT w, g, h, count(*) AS n, count(*) FILTER (WHERE f) AS d"
        + "".join(f", {a}" for a in aggregates)
        + f" FROM {rows} GROUP BY w, g, h"
    )
    index = (found["w"], np.searchsorted(group_keys, found["g"]), found["h"])

    def per_item(prefix: str, dtype: type) -> npt.NDArray[Any]:
        if not spec.items:
            return np.zeros((*shape, 0), dtype)
        stacked = np.stack(
            [_filled(found[f"{prefix}{j}"], dtype) for j in range(len(spec.items))],
            axis=-1,
        )
        return scatter(shape, index, stacked)

    sums = None
    if weighted:
        sums = tuple(per_item(p, np.float64) for p in ("wy", "w", "ww", "wwy"))
    return Cells(
        scatter(shape, index, _filled(found["n"], np.int64)),
        scatter(shape, index, _filled(found["d"], np.int64)),
        per_item("yes", np.int64),
        per_item("base", np.int64),
        sums,  # type: ignore[arg-type]
        scale,
    )


def _filled(values: Any, dtype: type) -> npt.NDArray[Any]:
    """Return a column as an array, NULL (a sum over no rows) as 0."""
    if isinstance(values, np.ma.MaskedArray):
        values = values.filled(0)
    return np.asarray(values, dtype=dtype)


def _panel(
    run: Run,
    spec: CountSpec,
    rows: str,
    pairs: list[tuple[int, int]],
    shape: tuple[int, int, int],
    group_keys: npt.NDArray[np.int64],
    design: bool,
) -> PanelCells:
    pair_values = ", ".join(f"({p}, {b}, {a})" for p, (b, a) in enumerate(pairs))
    aggregates = []
    weighted = design and spec.weight is not None
    for j in range(len(spec.items)):
        yb, ya = f"b.y{j}", f"a.y{j}"
        # over the organisations answering in both waves: yes in both, yes
        # before, yes after, how many (the cells follow; no FILTER needed)
        before, after = f"({yb} + 0 * {ya})", f"({ya} + 0 * {yb})"
        aggregates += [
            f"sum({yb} * {ya})::BIGINT AS c0_{j}",
            f"sum({before})::BIGINT AS c1_{j}",
            f"sum({after})::BIGINT AS c2_{j}",
            f"count({yb} * {ya}) AS c3_{j}",
        ]
        if weighted:
            pw = "(b.wt * a.wt)"
            aggregates += [
                f"sum({pw} * {yb} * {ya}) AS x0_{j}",
                f"sum({pw} * {after}) AS x1_{j}",
                f"sum({pw} * {before}) AS x2_{j}",
                f"sum({pw} * ({yb} * 0 + {ya} * 0 + 1)) AS x3_{j}",
            ]
    n_i = len(spec.items)
    p_shape = (len(pairs), shape[1], shape[2])
    if not n_i:
        return PanelCells(np.zeros((*p_shape, 0, 4), np.int64))
    found = run.numpy(
        "SELECT p.k AS p, b.g AS g, b.h AS h, "
        + ", ".join(aggregates)
        + f" FROM (VALUES {pair_values}) p(k, bw, aw) "
        f"JOIN {rows} b ON b.w = p.bw JOIN {rows} a ON a.w = p.aw "
        "AND a.o = b.o AND a.g = b.g AND a.h = b.h "
        "WHERE b.f AND a.f GROUP BY 1, 2, 3"
    )
    index = (found["p"], np.searchsorted(group_keys, found["g"]), found["h"])

    def block(prefix: str, dtype: type) -> npt.NDArray[Any]:
        stacked = np.stack(
            [
                np.stack(
                    [_filled(found[f"{prefix}{c}_{j}"], dtype) for c in range(4)],
                    axis=-1,
                )
                for j in range(n_i)
            ],
            axis=-2,
        )
        return scatter(p_shape, index, stacked)

    sums = block("c", np.int64)  # yes in both, yes before, yes after, answered
    yes_both, yes_before, yes_after, n = (sums[..., c] for c in range(4))
    cells = np.stack(
        [
            yes_both,
            yes_before - yes_both,
            yes_after - yes_both,
            n - yes_before - yes_after + yes_both,
        ],
        axis=-1,
    )
    cross = block("x", np.float64) if weighted else None
    return PanelCells(cells, cross)
