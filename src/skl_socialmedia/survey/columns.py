"""Classifying the columns of a survey by their names (shared by every source).

Column names: ``wave``, ``org_code``, ``org_kind`` and ``weight`` are reserved
(in any case, with surrounding spaces); ``uses`` and dotted names are items;
every other column is an attribute — except a name that looks like a
misspelt reserved or item name (``weigth``, ``use``, ``orgkind``,
``org code``, ``channel_facebook``, a name with a NUL in it), which is a
problem suggesting the intended name, so that a typo never quietly becomes
an attribute. Columns named in ``attributes=`` are attributes whatever their
names.
"""

from __future__ import annotations

import difflib
import importlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import (
    InvalidArgumentError,
    MissingExtraError,
    UnknownNameError,
)
from skl_socialmedia.model.items import (
    USES,
    custom_item,
    is_item_name,
    parse_item,
)
from skl_socialmedia.model.vocabulary import CHANNELS, PURPOSES, REASONS
from skl_socialmedia.problems import Problems
from skl_socialmedia.survey.arguments import (
    name_argument,
    names_argument,
    roles_argument,
    shown,
)
from skl_socialmedia.survey.design import Design
from skl_socialmedia.survey.relation import is_relation, relation_columns

__all__ = [
    "RESERVED",
    "column_mapping",
    "survey_columns",
    "unmasked",
    "wave_values",
]

#: Column names with a fixed meaning; every other column is an item or attribute.
RESERVED = ("wave", "org_code", "org_kind", "weight")


def column_mapping(columns: object) -> dict[str, Any]:
    """Return ``columns`` as a dict: a mapping, or a data frame (duck-typed).

    A DuckDB relation gives a placeholder for each column, read when the
    items are known (see :mod:`~skl_socialmedia.survey.relation`). A numpy
    masked array (as DuckDB's ``fetchnumpy()`` returns) is passed on
    as it is: the survey builder reads masked values as missing, never their
    underlying data (see :func:`unmasked`).
    """
    if isinstance(columns, Mapping):
        return {str(k): v for k, v in columns.items()}
    if is_relation(columns):  # read once the items are known (see relation.py)
        _pyarrow("reading a DuckDB relation")
        return dict(relation_columns(columns))
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
    return {str(name): columns[name] for name in names}


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
        return _pyarrow("reading an Arrow stream (a DuckDB relation, …)").table(columns)
    return columns


def _pyarrow(what: str) -> Any:
    """Import pyarrow, or raise the error naming the ``arrow`` extra."""
    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        raise MissingExtraError(what, "arrow", "pyarrow") from None


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


def _number_kind(values: Any) -> str:
    """Return ``"i"``/``"f"`` for a column of integers/floats, else ``""``.

    Read from the column's type (numpy, pandas, polars, Arrow), or for a
    list from its values; booleans are no numbers here.
    """
    kind = getattr(getattr(values, "dtype", None), "kind", None)
    if kind == "O" and isinstance(values, np.ndarray):
        values = values.tolist()  # Python objects (JSON records): by their types
    elif isinstance(kind, str):
        return kind if kind in ("i", "u", "f") else ""
    arrow_type = str(getattr(values, "type", getattr(values, "dtype", "")))
    for prefix, found in (("int", "i"), ("uint", "i"), ("Int", "i"), ("UInt", "i")):
        if arrow_type.startswith(prefix):
            return found
    if arrow_type.startswith(("float", "double", "halffloat", "Float")):
        return "f"
    if isinstance(values, list | tuple) and values:
        types = set(map(type, values))
        if types <= {int}:
            return "i"
        if types <= {int, float}:
            return "f"
    return ""


#: A whole number as Python writes it (``2010``; not ``02010`` or ``+1``).
_CANONICAL_INT = re.compile(r"^(0|-?[1-9][0-9]*)\Z")


def wave_values(values: Any, labels: Sequence[str]) -> tuple[int | float, ...]:
    """Return the waves ``labels`` as the numbers they were, for a numeric column.

    A column read from a file without types (``untyped``, as the CSV source's)
    gives numbers where every wave is a whole number as Python writes it.
    Empty for a column of text (or of anything else): the labels are the waves.
    """
    kind = _number_kind(values)
    if getattr(values, "untyped", False) and all(
        _CANONICAL_INT.match(label) for label in labels
    ):
        kind = "i"  # text from a file without types (CSV): numbers as written
    if kind in ("i", "u"):
        return tuple(int(label) for label in labels)
    if kind == "f":
        return tuple(float(label) for label in labels)
    return ()


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
    roles: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Split columns into reserved, items (column → item) and attributes.

    The ``explicit`` columns (``attributes=``) are attributes whatever their
    names; another column that would be an attribute but looks like a
    misspelt reserved or item name is a problem (see :func:`_near_miss`).
    ``roles`` names the columns of reserved roles that are called otherwise
    (``{"org_code": "org_id"}``).
    """
    reserved: dict[str, str] = {}
    found: dict[str, str] = {}
    attributes: list[str] = []
    as_attribute = set(explicit)
    roles = dict(roles or {})
    for role, column in roles.items():
        if column in names:
            reserved[role] = column
        else:
            problems.add(
                f"column named by {role}= is missing; the columns are: "
                + ", ".join(map(repr, names)),
                column=column,
                line=header_line,
            )
    for column in explicit:
        if column not in names:
            problems.add(
                "column named in attributes= is missing",
                column=column,
                line=header_line,
            )
    for name in names:
        if name in as_attribute or name in roles.values():
            continue
        if name.strip().lower() in RESERVED:
            key = name.strip().lower()
            if key in roles:
                problems.add(
                    f"column {name!r} is there as well as the column named by "
                    f"{key}={roles[key]!r}; rename or drop one",
                    column=name,
                    line=header_line,
                )
                continue
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


def survey_columns(
    columns: object,
    design: Design | None,
    description: str | None,
    attributes: Sequence[str] | str | None,
    roles: Mapping[str, str | None] | None = None,
) -> tuple[dict[str, Any], list[str] | None, Design | None]:
    """Return the columns, attributes and design of ``Survey.from_columns``.

    The design's ``strata`` and ``population`` columns are attributes by
    name; its weight column (if not ``weight``) becomes ``weight``, and so
    does the column named by the ``weight`` role of ``roles``.
    """
    mapping = column_mapping(columns)
    if design is not None and not isinstance(design, Design):
        raise InvalidArgumentError(
            f"design= must be a Design or None, not {shown(design)}"
        )
    weight = roles_argument(roles).get("weight")
    if weight is not None:
        if design is not None and design.weight not in (None, "weight", weight):
            raise InvalidArgumentError(
                f"weight={weight!r} and the design's weight column "
                f"{design.weight!r} differ; name the weights once"
            )
        design = (
            Design(weight) if design is None else attrs.evolve(design, weight=weight)
        )
    if description is not None:
        name_argument("description", description, "a description")
    explicit = names_argument("attributes", attributes)
    if design is not None:  # the design's columns are attributes by name
        named = [
            c
            for c in (design.strata, design.population)
            if isinstance(c, str)
            and c in mapping
            and c.strip().lower() not in RESERVED
            and not is_item_name(c)
        ]
        explicit = [*(explicit or []), *named] if named else explicit
    if design is not None and design.weight not in (None, "weight"):
        if design.weight not in mapping:
            raise UnknownNameError("weight column", design.weight, list(mapping))
        if any(name.strip().lower() == "weight" for name in mapping):
            raise InvalidArgumentError(
                f"the design's weights are {design.weight!r}, but there is a "
                "'weight' column too; rename one"
            )
        mapping = {
            ("weight" if k == design.weight else k): v for k, v in mapping.items()
        }
    return mapping, explicit, design
