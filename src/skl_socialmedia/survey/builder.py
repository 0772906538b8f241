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

import difflib
import importlib
import numbers
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import chunks, parallel_start
from skl_socialmedia.errors import (
    InvalidArgumentError,
    MissingExtraError,
    UnknownNameError,
)
from skl_socialmedia.model.items import (
    USES,
    custom_item,
    default_routing,
    is_item_name,
    parse_item,
)
from skl_socialmedia.model.organisations import Organisation, OrgKind
from skl_socialmedia.model.register import Register
from skl_socialmedia.model.routing import AskedAmong, RoutingOverrides, resolve_routing
from skl_socialmedia.model.vocabulary import CHANNELS, PURPOSES, REASONS
from skl_socialmedia.problems import Problems
from skl_socialmedia.survey.answers import ACCEPTED, answer_codes
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


# -- arguments -----------------------------------------------------------------
#
# Each returns its argument in one normal form, or raises InvalidArgumentError
# naming the argument, the value given and what is expected. One name given
# where a list of names is expected is a list of one, never of its characters.


def shown(value: object) -> str:
    """Return ``value`` for an error message: its repr (shortened) and its type."""
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{text} (of type {type(value).__name__})"


def _listed(argument: str, value: object, expected: str) -> list[object]:
    """Return the elements of a list-like ``value`` (a string is one element)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, bytes | bytearray | Mapping) or not isinstance(
        value, Iterable
    ):
        raise InvalidArgumentError(
            f"{argument}= must be {expected}, not {shown(value)}"
        )
    return list(value)


def name_argument(argument: str, value: object, what: str = "a name") -> str:
    """Return ``value`` if it is a string (the error names ``argument``)."""
    if not isinstance(value, str):
        raise InvalidArgumentError(
            f"{argument}= must be {what} (a string), not {shown(value)}"
        )
    return value


def names_argument(
    argument: str, value: object, what: str = "column names"
) -> list[str] | None:
    """Return a list of names from ``None``, one name, or a list (tuple …) of names."""
    if value is None:
        return None
    expected = f"a list of {what}, or one as a string"
    names = _listed(argument, value, expected)
    for name in names:
        if not isinstance(name, str):
            raise InvalidArgumentError(
                f"{argument}= must be {expected}; {shown(name)} is not a name"
            )
    return [str(name) for name in names]


def items_argument(value: object) -> list[str] | dict[str, str] | None:
    """Return ``items=``: ``None``, a list of columns, or a mapping column → item."""
    if isinstance(value, Mapping):
        out: dict[str, str] = {}
        for column, item in value.items():
            if not isinstance(column, str) or not isinstance(item, str):
                raise InvalidArgumentError(
                    "items= must be a mapping of column names to item names "
                    f"(strings), not of {shown(column)} to {shown(item)}"
                )
            out[column] = item
        return out
    return names_argument(
        "items", value, "item column names (or a mapping column → item name)"
    )


def waves_argument(value: object) -> list[str] | None:
    """Return ``waves=`` as text labels: ``None``, one label, or a list of labels.

    A label is text or a whole number (``2010``).
    """
    if value is None:
        return None
    expected = "a list of wave labels (text or whole numbers), or one as a string"
    labels = _listed("waves", value, expected)
    out = []
    for label in labels:
        if isinstance(label, bool) or not isinstance(label, str | numbers.Integral):
            raise InvalidArgumentError(
                f"waves= must be {expected}; {shown(label)} is not a wave label"
            )
        out.append(str(label).strip())
    return out


def column_mapping(columns: object) -> dict[str, Any]:
    """Return ``columns`` as a dict: a mapping, or a data frame (duck-typed).

    A numpy masked array (as DuckDB's ``fetchnumpy()`` returns) keeps its
    mask: masked values are missing, never their underlying data.
    """
    if isinstance(columns, Mapping):
        return {str(k): unmasked(v) for k, v in columns.items()}
    columns = _arrow_or_frame(columns)
    if hasattr(columns, "column_names") and hasattr(columns, "column"):
        # a pyarrow Table or RecordBatch: its columns by name
        return {str(name): columns.column(name) for name in columns.column_names}
    names = getattr(columns, "columns", None)
    if names is None or not hasattr(columns, "__getitem__"):
        raise InvalidArgumentError(
            "columns must be a mapping of column name to array-like, or a data "
            f"frame, not {shown(columns)}"
        )
    return {str(name): unmasked(columns[name]) for name in names}


def _arrow_or_frame(columns: Any) -> Any:
    """Return a frame ``from_columns`` reads by column: collect, or read Arrow.

    A polars LazyFrame is collected; pandas and polars frames are read by
    column as they are; anything else that speaks the Arrow PyCapsule stream
    interface (``__arrow_c_stream__``: a DuckDB relation, …) is read into a
    ``pyarrow.Table`` (the ``arrow`` extra).
    """
    module = type(columns).__module__.split(".")[0]
    if module == "polars" and type(columns).__name__ == "LazyFrame":
        return columns.collect()
    if module in ("pandas", "polars", "pyarrow"):
        return columns
    if hasattr(columns, "__arrow_c_stream__"):
        try:
            pyarrow = importlib.import_module("pyarrow")
        except ImportError:
            raise MissingExtraError(
                "reading an Arrow stream (a DuckDB relation, …)", "arrow", "pyarrow"
            ) from None
        return pyarrow.table(columns)
    return columns


def unmasked(values: Any) -> Any:
    """Return a masked array as a plain one with its masked values missing.

    Numbers become floats with NaN where masked, anything else objects with
    ``None``; an array without masked values is its data. Other values are
    returned as they are.
    """
    if not isinstance(values, np.ma.MaskedArray):
        return values
    mask = np.ma.getmaskarray(values)
    if not mask.any():
        return np.asarray(values.data)
    if values.dtype.kind in "biuf":
        out: npt.NDArray[Any] = values.data.astype(np.float64)
        out[mask] = np.nan
        return out
    objects = values.data.astype(object)
    objects[mask] = None
    return objects


def _constant(value: object) -> Callable[[int], object]:
    return lambda _row: value


def _cell(array: npt.NDArray[Any]) -> Callable[[int], object]:
    return lambda row: array[row].item() if hasattr(array[row], "item") else array[row]


#: Separators that a misspelt column name may use where the real one has ``_``.
_SEPARATORS = re.compile(r"[\s\-_.]+")
#: Names that are no typo of a reserved or item name, but mean one.
_SYNONYMS = {"usage": USES}
#: How alike a name and a reserved or item name must be to be a likely typo
#: (``difflib`` ratio: ``weigth``/``weight`` 0.83, ``use``/``uses`` 0.86).
_CLOSE = 0.75


def _squashed(name: str) -> str:
    """Return ``name`` lower case, without invisible characters, separators ``_``."""
    text = "".join(
        ch
        for ch in unicodedata.normalize("NFKC", name)
        if not unicodedata.category(ch).startswith("C")
    )
    return _SEPARATORS.sub("_", text.strip().lower()).strip("_")


def _item_names() -> list[str]:
    """Return the canonical item names (``uses``, ``channel.facebook`` …) now known."""
    names = [USES]
    for prefix, vocabulary in (
        ("channel", CHANNELS),
        ("purpose", PURPOSES),
        ("reason", REASONS),
    ):
        names.extend(f"{prefix}.{term_id}" for term_id in vocabulary.ids)
    return names


def _near_miss(name: str, candidates: Sequence[str]) -> str | None:
    """Return the problem of an attribute ``name`` that looks like a misspelling.

    That is a name that is, or is close to (see :data:`_CLOSE`), one of the
    reserved or item ``candidates`` once case, separators and invisible
    characters are ignored; or a name with a NUL in it.
    """
    squashed = {_squashed(c): c for c in candidates}
    joined = {k.replace("_", ""): c for k, c in squashed.items()}
    key = _squashed(name)
    match = squashed.get(key) or joined.get(key.replace("_", ""))
    if match is None and key in _SYNONYMS and _SYNONYMS[key] in candidates:
        match = _SYNONYMS[key]
    if match is None and key:
        close = difflib.get_close_matches(key, list(squashed), n=1, cutoff=_CLOSE)
        match = squashed[close[0]] if close else None
    invisible = sorted(
        {f"U+{ord(ch):04X}" for ch in name if unicodedata.category(ch) in ("Cc", "Cf")}
        - {"U+0009", "U+000A", "U+000D"}
    )
    if match is None and "\0" not in name:
        return None
    what = "the reserved column" if match in RESERVED else "the item"
    keep = "or list it in attributes= to keep it as an attribute"
    if match is None:
        return f"column name has invisible characters ({', '.join(invisible)}); " + (
            f"rename it, {keep}"
        )
    if invisible:
        return (
            f"column name has invisible characters ({', '.join(invisible)}) and "
            f"looks like {what} {match!r} without them; rename it to {match!r}, {keep}"
        )
    return (
        f"column name looks like a misspelling of {what} {match!r}; "
        f"rename it to {match!r}, {keep}"
    )


def _classify(
    names: Sequence[str],
    items: Sequence[str] | Mapping[str, str] | None,
    explicit: Sequence[str],
    problems: Problems,
    header_line: int | None,
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Split columns into reserved, items (column → item) and attributes.

    The ``explicit`` columns (``attributes=``) are attributes whatever their
    names; another column that would be an attribute but looks like a
    misspelt reserved or item name is a problem (see :func:`_near_miss`).
    """
    reserved: dict[str, str] = {}
    found: dict[str, str] = {}
    attributes: list[str] = []
    as_attribute = set(explicit)
    for column in explicit:
        if column not in names:
            problems.add(
                "column named in attributes= is missing",
                column=column,
                line=header_line,
            )
    for name in names:
        if name in as_attribute:
            continue
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
            elif column in as_attribute:
                problems.add(
                    "column named both in items= and in attributes=",
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
            if name not in as_attribute and is_item_name(name):
                try:
                    found[name] = parse_item(name)
                except UnknownNameError as error:
                    problems.add(
                        f"unknown item column: {error}", column=name, line=header_line
                    )
            else:
                attributes.append(name)
    # Near-misses: of the reserved names always, of the item names when the
    # items are found by their names.
    candidates = [*RESERVED, *(_item_names() if items is None else ())]
    for name in attributes:
        if name in as_attribute:
            continue
        problem = _near_miss(name, candidates)
        if problem is not None:
            problems.add(problem, column=name, line=header_line)
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


def _zero_padded(code: str, register: Register) -> str | None:
    """Return ``code`` with the leading zeros a spreadsheet drops, if that is known."""
    if code.isdigit():
        for width in (4, 2):
            padded = code.zfill(width)
            if padded != code and padded in register:
                return padded
    return None


def _in_register(labels: Sequence[str], register: Register) -> dict[int, Organisation]:
    """Return the organisations of the register among ``labels``, by position.

    Linear in the labels (a dict look-up each); labels of an integer column
    are looked up from the register's side (a search per register code).
    """
    if isinstance(labels, IntegerLabels) and len(labels) > len(register):
        found = {}
        for org in register:
            if org.code in labels:
                found[labels.index(org.code)] = org
        return found
    return {i: register.get(code) for i, code in enumerate(labels) if code in register}


def _check_orgs(
    codes: Codes,
    labels: Sequence[str],
    register: Register | None,
    known: Mapping[int, Organisation],
    problems: Problems,
) -> None:
    """Report every row whose organisation code is not in the register.

    ``known`` is :func:`_in_register` of the labels. One pass over the rows
    (a look-up table per label), whatever the number of codes.
    """
    if register is None or len(known) == len(labels):
        return
    unknown = np.ones(len(labels) + 1, dtype=bool)  # the last for code -1
    unknown[list(known)] = False
    unknown[-1] = False
    rows = np.flatnonzero(unknown[codes])
    hints: dict[int, str] = {}

    def message(row: int) -> str:
        code = int(codes[row])
        if code not in hints:
            padded = _zero_padded(labels[code], register)
            hints[code] = (
                ""
                if padded is None
                else f" (leading zeros lost? {padded!r} is known; read codes as text)"
            )
        return f"unknown organisation code in register {register.name!r}{hints[code]}"

    problems.add_rows(
        message, rows, column="org_code", values=lambda row: labels[codes[row]]
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
    known: Mapping[int, Organisation],
    problems: Problems,
) -> Categorical | None:
    kinds = [k.value for k in OrgKind]
    expected: Codes | None = None
    if register is not None:
        per_org = np.full(len(orgs) + 1, -1, dtype=np.int8)  # the last for code -1
        for i, organisation in known.items():
            per_org[i] = kinds.index(organisation.kind.value)
        expected = per_org[org]
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
    gotland = [i for i, organisation in known.items() if organisation.regional_role]
    regional = np.isin(org, gotland)
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
    org: Codes,
    orgs: Sequence[str],
    register: Register | None,
    known: Mapping[int, Organisation],
) -> Categorical | None:
    if register is None or not register.counties:
        return None
    counties = register.counties
    names = [c.name for c in counties]
    codes = {c.code: names.index(c.name) for c in counties}
    dtype = code_dtype(len(names))
    per_org = np.full(len(orgs) + 1, -1, dtype=dtype)  # the last for code -1
    for i, organisation in known.items():
        if organisation.county is not None:
            per_org[i] = codes.get(organisation.county, -1)
    return Categorical(per_org[org], tuple(names))


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
    items: Sequence[str] | Mapping[str, str] | str | None = None,
    register: Register | None = None,
    waves: Sequence[object] | str | None = None,
    problems: Problems | None = None,
    header_line: int | None = None,
    routing: RoutingOverrides = None,
    attributes: Sequence[str] | str | None = None,
) -> tuple[SurveyParts, dict[str, AskedAmong]]:
    """Check and encode survey columns, raising every problem found together.

    Returns the parts and the resolved routing (item → whom it is asked of);
    an answer where the routing says the item was not asked is a problem.
    ``items``, ``waves`` and ``attributes`` are as for
    :meth:`Survey.from_columns <skl_socialmedia.survey.model.Survey.from_columns>`
    (one name as a string is a list of one).
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
    reserved, item_columns, attribute_names = _classify(
        names, wanted_items, explicit, problems, header_line
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
    if not item_columns and wanted_items is None:
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
            value = _cell(arrays[column])
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
                values=_cell(arrays[column]),
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
