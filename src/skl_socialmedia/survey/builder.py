"""Checking and encoding the columns of a survey (shared by every source).

Every problem found is recorded in a :class:`~skl_socialmedia.problems.Problems`
collector and raised together at the end; nothing is dropped.

Column names: ``wave``, ``org_code``, ``org_kind`` and ``weight`` are reserved
(in any case, with surrounding spaces); ``uses`` and dotted names are items;
every other column is an attribute — except a name that looks like a
misspelt reserved or item name (``weigth``, ``use``, ``orgkind``,
``org code``, ``channel_facebook``, a name with a NUL in it), which is a
problem suggesting the intended name, so that a typo never quietly becomes
an attribute. Columns named in ``attributes=`` are attributes whatever their
names.

Wave labels that are the same number written differently (``2010`` and
``02010``, ``2010.0``) are a problem naming both spellings and a row of each:
they are not two waves, and which spelling is meant is not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia._jit import prepare
from skl_socialmedia._parallel import chunks, parallel_start
from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.model.items import default_routing
from skl_socialmedia.model.register import Register
from skl_socialmedia.model.routing import AskedAmong, RoutingOverrides, resolve_routing
from skl_socialmedia.problems import Problems
from skl_socialmedia.survey.answers import ACCEPTED, answer_codes
from skl_socialmedia.survey.arguments import (
    items_argument,
    name_argument,
    names_argument,
    roles_argument,
    shown,
    waves_argument,
)
from skl_socialmedia.survey.columns import (
    RESERVED,
    _classify,
    column_mapping,
    unmasked,
    wave_values,
)
from skl_socialmedia.survey.encode import (
    Categorical,
    Codes,
    IntegerLabels,
    code_dtype,
    encode,
    factorizable,
    first_appearance_order,
    is_integer_like,
    parse_weights,
    to_array,
)
from skl_socialmedia.survey.frame_codes import native_column
from skl_socialmedia.survey.organisations import (
    _check_orgs,
    _county,
    _in_register,
    _org_kind,
)
from skl_socialmedia.survey.relation import RelationColumn, read_relation

__all__ = [
    "RESERVED",
    "SurveyParts",
    "build_parts",
    "column_mapping",
    "items_argument",
    "name_argument",
    "names_argument",
    "unmasked",
    "waves_argument",
]

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
    #: The waves as given, where the column was numeric (``2010`` for the
    #: label ``"2010"``); empty where the waves came as text.
    wave_values: tuple[int | float, ...] = ()


def _cell(array: npt.NDArray[Any]) -> Callable[[int], object]:
    return lambda row: array[row].item() if hasattr(array[row], "item") else array[row]


def _weight_problem(value: object) -> str:
    """Return the problem of a bad weight (what else is not a number, if text)."""
    problem = "weight is not a non-negative number"
    if isinstance(value, str) and any(
        ch == "_" or (ch.isdigit() and not ch.isascii()) for ch in value
    ):
        problem += " (write numbers in the digits 0-9, without '_')"
    return problem


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
    values: object, asked: Sequence[str] | None, problems: Problems
) -> tuple[Codes, tuple[str, ...], npt.NDArray[np.bool_] | None]:
    """Encode the wave column; return codes, wave labels and the rows kept.

    The rows kept are ``None`` when all are (no ``waves`` asked for).
    """
    codes, labels = _labels_column("wave", values, problems, required=True)
    _same_numbers(codes, labels, problems)
    if asked is None:
        order = (
            list(range(len(labels)))
            if is_integer_like(labels)
            else first_appearance_order(codes, len(labels))
        )
        waves = tuple(labels[i] for i in order)
        keep = None
    else:
        waves = tuple(asked)
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


#: A wave label that is a decimal number (``2010``, ``02010``, ``2010.0``; in
#: any script's digits, ``٢٠١٠``, so that those are one number too).
_DECIMAL = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)\Z")


def _same_numbers(codes: Codes, labels: Sequence[str], problems: Problems) -> None:
    """Report wave labels that are one number written differently.

    ``2010`` and ``02010`` (or ``2010.0``, ``+2010``) would otherwise be two
    waves; which spelling is meant is not guessed. Each problem names both
    spellings and a row of each.
    """
    if isinstance(labels, IntegerLabels):  # whole numbers, each written once
        return
    spellings: dict[Decimal, list[int]] = {}
    for i, label in enumerate(labels):
        if _DECIMAL.match(label):
            spellings.setdefault(Decimal(label).normalize(), []).append(i)
    clashes = [found for found in spellings.values() if len(found) > 1]
    if not clashes:
        return
    present = codes >= 0
    first = np.full(len(labels), -1, dtype=np.intp)
    uniq, at = np.unique(codes[present], return_index=True)
    first[uniq] = np.flatnonzero(present)[at]
    for found in clashes:
        used = sorted((int(first[i]), i) for i in found if first[i] >= 0)
        if len(used) < 2:
            continue
        (at_one, one), *others = used  # the spelling that comes first, and others
        for row, other in others:
            problems.add(
                f"waves {labels[one]!r} (first at {problems.where(at_one)}) and "
                f"{labels[other]!r} (first at {problems.where(row)}) are the same "
                "number written differently; write every wave the same way",
                row=row,
                column="wave",
                value=labels[other],
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

    def cell(self, name: str) -> Callable[[int], object]:
        """Return the value of column ``name`` at a row, for a problem's report.

        A column that reads one field (``text(row)``, as the CSV source's) is
        not made an array; others become one at the first value asked for.
        """
        text = getattr(self.raw[name], "text", None)
        if callable(text):
            return lambda row: text(row)
        return lambda row: _cell(self[name])(row)


def _frozen(labels: Sequence[str]) -> Sequence[str]:
    return tuple(labels) if isinstance(labels, list) else labels


def build_parts(
    columns: Columns,
    *,
    items: Sequence[str] | Mapping[str, str] | str | None = None,
    register: Register | None = None,
    waves: Sequence[object] | str | None = None,
    problems: Problems | None = None,
    header_line: int | None = None,
    routing: RoutingOverrides = None,
    attributes: Sequence[str] | str | None = None,
    roles: Mapping[str, str | None] | None = None,
) -> tuple[SurveyParts, dict[str, AskedAmong]]:
    """Check and encode survey columns, raising every problem found together.

    Returns the parts and the resolved routing (item → whom it is asked of);
    an answer where the routing says the item was not asked is a problem.
    ``items``, ``waves`` and ``attributes`` are as for
    :meth:`Survey.from_columns <skl_socialmedia.survey.model.Survey.from_columns>`
    (one name as a string is a list of one); ``roles`` names the columns of
    reserved roles called otherwise (``{"wave": "year"}``).
    """
    if not isinstance(columns, Mapping):
        raise InvalidArgumentError(
            f"columns must be a mapping of column name to values, not {shown(columns)}"
        )
    wanted_items = items_argument(items)
    wanted_waves = waves_argument(waves)
    explicit = names_argument("attributes", attributes) or []
    for name in explicit:
        if name.strip().lower() in ("wave", "org_code", "org_kind"):
            raise InvalidArgumentError(
                f"attributes= names {name!r}, a reserved column that cannot be an "
                "attribute"
            )
    if register is not None and not isinstance(register, Register):
        raise InvalidArgumentError(
            f"register= must be a Register or None, not {shown(register)}"
        )
    if problems is not None and not isinstance(problems, Problems):
        raise InvalidArgumentError(
            f"problems= must be a Problems collector or None, not {shown(problems)}"
        )
    if header_line is not None and (
        isinstance(header_line, bool) or not isinstance(header_line, int)
    ):
        raise InvalidArgumentError(
            f"header_line= must be a line number or None, not {shown(header_line)}"
        )
    problems = Problems() if problems is None else problems
    columns = {str(name): values for name, values in columns.items()}
    names = list(columns)
    named = roles_argument(roles)
    reserved, item_columns, attribute_names = _classify(
        names, wanted_items, explicit, problems, header_line, named
    )
    # problems of a reserved column name the column as the input spells it
    for key, name in reserved.items():
        if name != key:
            problems.columns.setdefault(key, problems.columns.get(name, name))
    for required in ("wave", "org_code"):
        if required not in reserved and required not in named:
            problems.add(
                f"missing required column {required!r} (called otherwise? name "
                f"it with {required}=NAME, at the command line --columns "
                f"{required}=NAME); the columns are: " + ", ".join(map(repr, names)),
                column=required,
                line=header_line,
            )
    if not item_columns and wanted_items is None:
        problems.add(
            "no item columns (expected uses, channel.<id>, purpose.<id>, "
            "reason.<id>, or name them with items=)",
            line=header_line,
        )
    # A DuckDB relation is read now, its answers parsed into the matrix batch
    # by batch on the pool (see relation.py); its item columns stay
    # placeholders that read a value again only to report it.
    relation = read_relation(columns, list(item_columns))
    if relation is not None:
        columns = relation[0]
    # Data-frame columns of text or nullable values stay as they are (encoded
    # by their own factorize), and so do pyarrow and polars columns (their
    # answers made numpy on the pool, their text encoded by pyarrow), and
    # masked item columns (their answers parsed, then masked, on the pool);
    # everything else becomes a numpy array now, masked values missing.
    arrays = _LazyArrays(
        {
            name: values
            if factorizable(values, "")
            or native_column(values)
            or isinstance(values, RelationColumn)
            or (name in item_columns and isinstance(values, np.ma.MaskedArray))
            else to_array(unmasked(values))
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
    answers = (
        np.empty((n, len(item_names)), dtype=np.int8, order="F")
        if relation is None
        else relation[1]
    )

    def parse(task: list[tuple[int, str]]) -> list[npt.NDArray[np.intp]]:
        return [
            answer_codes(arrays.raw[column], out=answers[:, j])[1] for j, column in task
        ]

    # The answers are parsed on the pool while this thread encodes the other
    # columns (hashing text, while the parsing waits on memory). Hashing on
    # the pool too would be no faster, and would leave each worker thread
    # holding memory of its own in pyarrow's allocator. Short columns go a
    # few to a task (a task costs about as much as parsing 100,000 values).
    prepare(n * len(item_columns))  # the compiled kernels, for a big survey
    item_list = list(enumerate(item_columns))
    per_task = max(1, _TASK_VALUES // max(n, 1))
    tasks = [item_list[i : i + per_task] for i in range(0, len(item_list), per_task)]
    parsed = parallel_start(parse, tasks) if relation is None else relation[2]

    wave, wave_labels, keep = _waves(
        arrays.raw[reserved["wave"]], wanted_waves, problems
    )
    org, org_labels = _labels_column(
        "org_code", arrays.raw[reserved["org_code"]], problems, required=True
    )
    known = {} if register is None else _in_register(org_labels, register)
    _check_orgs(org, org_labels, register, known, problems)
    _duplicates(wave, org, len(org_labels), wave_labels, org_labels, problems)

    weights = None
    if "weight" in reserved:
        column = reserved["weight"]
        weights, bad = parse_weights(arrays.raw[column])
        bad_rows = np.flatnonzero(bad)
        if len(bad_rows):  # (the column as an array only to report its values)
            value = arrays.cell(column)
            problems.add_rows(
                lambda row: _weight_problem(value(row)),
                bad_rows,
                column=column,
                values=value,
            )

    encoded = {name: _attribute(arrays.raw[name]) for name in attribute_names}
    bad_by_item = [rows for task in parsed() for rows in task]
    for (_j, column), bad_rows in zip(item_list, bad_by_item, strict=True):
        if len(bad_rows):  # (the column as an array only to report its values)
            problems.add_rows(
                f"not a yes/no answer; accepted: {ACCEPTED}",
                bad_rows,
                column=column,
                values=arrays.cell(column),
            )

    resolved = resolve_routing(item_names, default_routing(item_names), routing)
    _check_routing(answers, item_columns, resolved, arrays, problems)

    by_name: dict[str, Categorical] = {}
    kind = _org_kind(
        arrays.raw[reserved["org_kind"]] if "org_kind" in reserved else None,
        org,
        org_labels,
        register,
        known,
        problems,
    )
    if kind is not None:
        by_name["org_kind"] = kind
    for name in attribute_names:
        by_name[name] = encoded[name]
    if "county" not in by_name:
        county = _county(org, org_labels, register, known)
        if county is not None:
            by_name["county"] = county
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
            by_name,
            wave_values(arrays.raw[reserved["wave"]], wave_labels),
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
        {name: cat.take(rows) for name, cat in by_name.items()},
        wave_values(arrays.raw[reserved["wave"]], wave_labels),
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
                values=arrays.cell(column),
            )
