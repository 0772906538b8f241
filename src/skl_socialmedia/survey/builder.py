"""Checking and encoding the columns of a survey (shared by every source).

Every problem found is recorded in a :class:`~skl_socialmedia.problems.Problems`
collector and raised together at the end; nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import chunks, parallel_start
from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.model.items import (
    custom_item,
    default_routing,
    is_item_name,
    parse_item,
)
from skl_socialmedia.model.organisations import OrgKind
from skl_socialmedia.model.register import Register
from skl_socialmedia.model.routing import AskedAmong, RoutingOverrides, resolve_routing
from skl_socialmedia.problems import Problems
from skl_socialmedia.survey.answers import ACCEPTED, answer_codes
from skl_socialmedia.survey.encode import (
    Categorical,
    Codes,
    code_dtype,
    encode,
    factorizable,
    first_appearance_order,
    is_integer_like,
    parse_weights,
    to_array,
)

__all__ = ["RESERVED", "SurveyParts", "build_parts", "column_mapping"]

#: Column names with a fixed meaning; every other column is an item or attribute.
RESERVED = ("wave", "org_code", "org_kind", "weight")

Columns = Mapping[str, Any]

#: Answers parsed by one task of the thread pool, at least (see build_parts).
_TASK_VALUES = 1 << 20


@attrs.frozen(eq=False)
class SurveyParts:
    """The checked, encoded columns a :class:`~skl_socialmedia.survey.Survey` holds."""

    waves: tuple[str, ...]
    wave: Codes
    orgs: Sequence[str]
    org: Codes
    items: tuple[str, ...]
    answers: npt.NDArray[np.int8]
    weights: npt.NDArray[np.float64] | None
    attributes: dict[str, Categorical]


def column_mapping(columns: object) -> dict[str, Any]:
    """Return ``columns`` as a dict: a mapping, or a data frame (duck-typed)."""
    if isinstance(columns, Mapping):
        return {str(k): v for k, v in columns.items()}
    names = getattr(columns, "columns", None)
    if names is None or not hasattr(columns, "__getitem__"):
        raise TypeError(
            "columns must be a mapping of column name to array-like, or a data frame"
        )
    return {str(name): columns[name] for name in names}


def _constant(value: object) -> Callable[[int], object]:
    return lambda _row: value


def _cell(array: npt.NDArray[Any]) -> Callable[[int], object]:
    return lambda row: array[row].item() if hasattr(array[row], "item") else array[row]


def _classify(
    names: Sequence[str],
    items: Sequence[str] | Mapping[str, str] | None,
    problems: Problems,
    header_line: int | None,
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Split columns into reserved, items (column → item) and attributes."""
    reserved: dict[str, str] = {}
    found: dict[str, str] = {}
    attributes: list[str] = []
    for name in names:
        if name.strip().lower() in RESERVED:
            key = name.strip().lower()
            if key in reserved:
                problems.add(
                    f"column {key!r} appears twice", column=name, line=header_line
                )
            reserved[key] = name
    if items is not None:
        wanted = dict(items) if isinstance(items, Mapping) else {c: c for c in items}
        for column, item in wanted.items():
            if column not in names:
                problems.add(
                    "item column named in items= is missing",
                    column=column,
                    line=header_line,
                )
            else:
                found[column] = custom_item(item)
        attributes = [n for n in names if n not in found and n not in reserved.values()]
    else:
        for name in names:
            if name in reserved.values():
                continue
            if is_item_name(name):
                try:
                    found[name] = parse_item(name)
                except UnknownNameError as error:
                    problems.add(
                        f"unknown item column: {error}", column=name, line=header_line
                    )
            else:
                attributes.append(name)
    seen: dict[str, str] = {}
    for column, item in found.items():
        if item in seen:
            problems.add(
                f"columns {seen[item]!r} and {column!r} are the same item {item!r}",
                column=column,
                line=header_line,
            )
        seen[item] = column
    return reserved, found, attributes


def _labels_column(
    column: str, values: object, problems: Problems, *, required: bool
) -> tuple[Codes, Sequence[str]]:
    codes, labels = encode(values)
    if required and len(codes) and codes.min() < 0:
        missing = np.flatnonzero(codes < 0)
        if len(missing):
            problems.add_rows(f"{column} is blank", missing, column=column, values=None)
    return codes, labels


def _waves(
    values: object, asked: Sequence[object] | None, problems: Problems
) -> tuple[Codes, tuple[str, ...], npt.NDArray[np.bool_] | None]:
    """Encode the wave column; return codes, wave labels and the rows kept.

    The rows kept are ``None`` when all are (no ``waves`` asked for).
    """
    codes, labels = _labels_column("wave", values, problems, required=True)
    if asked is None:
        order = (
            list(range(len(labels)))
            if is_integer_like(labels)
            else first_appearance_order(codes, len(labels))
        )
        waves = tuple(labels[i] for i in order)
        keep = None
    else:
        waves = tuple(str(w).strip() for w in asked)
        if len(set(waves)) != len(waves):
            problems.add(f"waves asked for more than once: {list(waves)}")
        for wave in waves:
            if wave not in labels:
                problems.add(f"wave {wave!r} has no rows", column="wave", value=wave)
        keep = np.isin(codes, [labels.index(w) for w in waves if w in labels])
        keep |= codes < 0
    index = {label: i for i, label in enumerate(waves)}
    order = [index.get(label, -1) for label in labels]
    if order == list(range(len(waves))):  # the waves in the labels' order
        return codes, waves, keep
    remap = np.array([*order, -1], dtype=code_dtype(len(waves)))
    return remap[codes], waves, keep


def _zero_padded(code: str, register: Register) -> str | None:
    if code.isdigit():
        for width in (4, 2):
            padded = code.zfill(width)
            if padded != code and padded in register:
                return padded
    return None


def _check_orgs(
    codes: Codes,
    labels: Sequence[str],
    register: Register | None,
    problems: Problems,
) -> None:
    if register is None:
        return
    for i, code in enumerate(labels):
        if code in register:
            continue
        hint = ""
        padded = _zero_padded(code, register)
        if padded is not None:
            hint = f" (leading zeros lost? {padded!r} is known; read codes as text)"
        problems.add_rows(
            f"unknown organisation code in register {register.name!r}{hint}",
            np.flatnonzero(codes == i),
            column="org_code",
            values=_constant(code),
        )


def _strictly_increasing(wave: Codes, org: Codes) -> bool:
    """Return whether the rows are in strictly increasing (wave, organisation) order.

    Such rows (a usual layout) have no duplicates; the check stops at the
    first piece out of order.
    """
    for part in chunks(max(len(wave) - 1, 0)):
        after = slice(part.start + 1, part.stop + 1)
        w0, w1 = wave[part], wave[after]
        later = (w1 > w0) | ((w1 == w0) & (org[after] > org[part]))
        if not later.all():
            return False
    return True


def _no_duplicates(wave: Codes, org: Codes, n_orgs: int, n_waves: int) -> bool:
    """Return whether no (wave, organisation) occurs twice, in linear time.

    ``False`` when there are duplicates or the check would need too much
    memory (then :func:`_duplicates` sorts).
    """
    if _strictly_increasing(wave, org):
        return True
    size = n_waves * max(n_orgs, 1)
    if size > 8 * len(wave) + (1 << 20):
        return False
    seen = np.zeros(size, dtype=bool)
    rows = 0
    for part in chunks(len(wave)):
        w, o = wave[part], org[part]
        key = w.astype(np.intp) * n_orgs + o
        valid = (w >= 0) & (o >= 0)
        if not valid.all():
            key = key[valid]
        seen[key] = True
        rows += len(key)
    return int(np.count_nonzero(seen)) == rows


def _duplicates(
    wave: Codes,
    org: Codes,
    n_orgs: int,
    waves: tuple[str, ...],
    orgs: Sequence[str],
    problems: Problems,
) -> None:
    if _no_duplicates(wave, org, n_orgs, len(waves)):
        return
    valid = np.flatnonzero((wave >= 0) & (org >= 0))
    key = wave[valid].astype(np.int64) * max(n_orgs, 1) + org[valid]
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    dup = np.flatnonzero(sorted_key[1:] == sorted_key[:-1])
    if not len(dup):
        return
    later = valid[order[dup + 1]]
    earlier = valid[order[dup]]
    first = dict(zip(later.tolist(), earlier.tolist(), strict=True))
    problems.add_rows(
        lambda row: (
            f"duplicate row for wave {waves[wave[row]]!r} and organisation "
            f"{orgs[org[row]]!r} (first at {problems.where(first[row])})"
        ),
        later,
        column="org_code",
        values=lambda row: orgs[org[row]],
    )


def _org_kind(
    values: object | None,
    org: Codes,
    orgs: Sequence[str],
    register: Register | None,
    problems: Problems,
) -> Categorical | None:
    kinds = [k.value for k in OrgKind]
    expected: Codes | None = None
    if register is not None:
        expected = np.array(
            [
                kinds.index(register.get(c).kind.value) if c in register else -1
                for c in orgs
            ]
            + [-1],
            dtype=np.int8,
        )[org]
    if values is None:
        return None if expected is None else Categorical(expected, tuple(kinds))
    codes, labels = encode(values)
    parsed: list[str] = []
    for label in labels:
        try:
            parsed.append(OrgKind.parse(label).value)
        except UnknownNameError as error:
            if register is not None:
                problems.add_rows(
                    str(error),
                    np.flatnonzero(codes == labels.index(label)),
                    column="org_kind",
                    values=_constant(label),
                )
            parsed.append(label)
    if expected is None:
        names = [k for k in kinds if k in parsed] + sorted(set(parsed) - set(kinds))
        remap = np.array(
            [names.index(p) for p in parsed] + [-1], dtype=code_dtype(len(names))
        )
        return Categorical(remap[codes], tuple(names))
    remap = np.array(
        [kinds.index(p) if p in kinds else -1 for p in parsed] + [-1], dtype=np.int8
    )
    given = remap[codes]
    blank = codes < 0
    given[blank] = expected[blank]
    gotland = {
        c
        for c in orgs
        if register is not None and c in register and register.get(c).regional_role
    }
    regional = np.isin(org, [orgs.index(c) for c in gotland])
    wrong = np.flatnonzero(
        (given != expected) & (given >= 0) & (expected >= 0) & ~regional
    )
    problems.add_rows(
        lambda row: (
            f"organisation {orgs[org[row]]!r} is a {kinds[expected[row]]} "
            "in the register"
        ),
        wrong,
        column="org_kind",
        values=lambda row: labels[codes[row]],
    )
    return Categorical(given, tuple(kinds))


def _county(
    org: Codes, orgs: Sequence[str], register: Register | None
) -> Categorical | None:
    if register is None or not register.counties:
        return None
    names = [c.name for c in register.counties]
    per_org: list[int] = []
    for code in orgs:
        county = register.get(code).county if code in register else None
        known = county is not None and any(c.code == county for c in register.counties)
        per_org.append(
            names.index(register.county(county).name) if known and county else -1
        )
    dtype = code_dtype(len(names))
    return Categorical(np.array([*per_org, -1], dtype=dtype)[org], tuple(names))


def _attribute(values: object) -> Categorical:
    codes, labels = encode(values)
    return Categorical(codes, tuple(labels))


class _LazyArrays:
    """Columns as given (``raw``), turned into numpy arrays when first indexed."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self._arrays: dict[str, npt.NDArray[Any]] = {}

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        if name not in self._arrays:
            self._arrays[name] = to_array(self.raw[name])
        return self._arrays[name]


def _frozen(labels: Sequence[str]) -> Sequence[str]:
    return tuple(labels) if isinstance(labels, list) else labels


def build_parts(
    columns: Columns,
    *,
    items: Sequence[str] | Mapping[str, str] | None = None,
    register: Register | None = None,
    waves: Sequence[object] | None = None,
    problems: Problems | None = None,
    header_line: int | None = None,
    routing: RoutingOverrides = None,
) -> tuple[SurveyParts, dict[str, AskedAmong]]:
    """Check and encode survey columns, raising every problem found together.

    Returns the parts and the resolved routing (item → whom it is asked of);
    an answer where the routing says the item was not asked is a problem.
    """
    problems = Problems() if problems is None else problems
    names = list(columns)
    reserved, item_columns, attribute_names = _classify(
        names, items, problems, header_line
    )
    # problems of a reserved column name the column as the input spells it
    for key, name in reserved.items():
        if name != key:
            problems.columns.setdefault(key, problems.columns.get(name, name))
    for required in ("wave", "org_code"):
        if required not in reserved:
            problems.add(
                f"missing required column {required!r}",
                column=required,
                line=header_line,
            )
    if not item_columns and items is None:
        problems.add(
            "no item columns (expected uses, channel.<id>, purpose.<id>, "
            "reason.<id>, or name them with items=)",
            line=header_line,
        )
    # Data-frame columns of text or nullable values stay as they are (encoded
    # by their own factorize); everything else becomes a numpy array now.
    arrays = _LazyArrays(
        {
            name: values if factorizable(values, "") else to_array(values)
            for name, values in columns.items()
        }
    )
    lengths = {name: len(a) for name, a in arrays.raw.items()}
    if len(set(lengths.values())) > 1:
        problems.add(f"columns differ in length: {lengths}")
        problems.check()
    if "wave" not in reserved or "org_code" not in reserved:
        problems.check()
    n = next(iter(lengths.values())) if lengths else 0

    item_names = tuple(item_columns.values())
    answers = np.empty((n, len(item_names)), dtype=np.int8, order="F")

    def parse(task: list[tuple[int, str]]) -> list[npt.NDArray[np.intp]]:
        return [
            answer_codes(arrays.raw[column], out=answers[:, j])[1] for j, column in task
        ]

    # The answers are parsed on the pool while this thread encodes the other
    # columns (hashing text, while the parsing waits on memory). Hashing on
    # the pool too would be no faster, and would leave each worker thread
    # holding memory of its own in pyarrow's allocator. Short columns go a
    # few to a task (a task costs about as much as parsing 100,000 values).
    item_list = list(enumerate(item_columns))
    per_task = max(1, _TASK_VALUES // max(n, 1))
    tasks = [item_list[i : i + per_task] for i in range(0, len(item_list), per_task)]
    parsed = parallel_start(parse, tasks)

    wave, wave_labels, keep = _waves(arrays.raw[reserved["wave"]], waves, problems)
    org, org_labels = _labels_column(
        "org_code", arrays.raw[reserved["org_code"]], problems, required=True
    )
    _check_orgs(org, org_labels, register, problems)
    _duplicates(wave, org, len(org_labels), wave_labels, org_labels, problems)

    weights = None
    if "weight" in reserved:
        column = reserved["weight"]
        weights, bad = parse_weights(arrays[column])
        problems.add_rows(
            "weight is not a non-negative number",
            np.flatnonzero(bad),
            column=column,
            values=_cell(arrays[column]),
        )

    encoded = {name: _attribute(arrays.raw[name]) for name in attribute_names}
    bad_by_item = [rows for task in parsed() for rows in task]
    for (_j, column), bad_rows in zip(item_list, bad_by_item, strict=True):
        if len(bad_rows):  # (the column as an array only to report its values)
            problems.add_rows(
                f"not a yes/no answer; accepted: {ACCEPTED}",
                bad_rows,
                column=column,
                values=_cell(arrays[column]),
            )

    resolved = resolve_routing(item_names, default_routing(item_names), routing)
    _check_routing(answers, item_columns, resolved, arrays, problems)

    attributes: dict[str, Categorical] = {}
    kind = _org_kind(
        arrays.raw[reserved["org_kind"]] if "org_kind" in reserved else None,
        org,
        org_labels,
        register,
        problems,
    )
    if kind is not None:
        attributes["org_kind"] = kind
    for name in attribute_names:
        attributes[name] = encoded[name]
    if "county" not in attributes:
        county = _county(org, org_labels, register)
        if county is not None:
            attributes["county"] = county
    problems.check()

    if keep is None or bool(keep.all()):
        parts = SurveyParts(
            wave_labels,
            wave,
            _frozen(org_labels),
            org,
            item_names,
            answers,
            weights,
            attributes,
        )
        return parts, resolved
    rows = np.flatnonzero(keep)
    parts = SurveyParts(
        wave_labels,
        wave[rows],
        _frozen(org_labels),
        org[rows],
        item_names,
        np.asfortranarray(answers[rows]),
        None if weights is None else weights[rows],
        {name: cat.take(rows) for name, cat in attributes.items()},
    )
    return parts, resolved


def _check_routing(
    answers: npt.NDArray[np.int8],
    item_columns: Mapping[str, str],
    routing: Mapping[str, AskedAmong],
    arrays: _LazyArrays,
    problems: Problems,
) -> None:
    """Report every answer given where the routing says the item was not asked."""
    columns = {item: j for j, item in enumerate(item_columns.values())}
    names = list(item_columns)
    for item, asked in routing.items():
        j, r = columns[item], columns[asked.item]
        other = 0 if asked.answer else 1  # the router's answer that skips the item
        rows = np.flatnonzero((answers[:, r] == other) & (answers[:, j] >= 0))
        if len(rows):
            column = names[j]
            problems.add_rows(
                f"answered, but {item} is asked only of organisations answering "
                f"{'yes' if asked.answer else 'no'} to {asked.item} (this one "
                f"answered {'no' if asked.answer else 'yes'}); pass "
                f"routing={{{item!r}: None}} to keep such answers",
                rows,
                column=column,
                values=_cell(arrays[column]),
            )
