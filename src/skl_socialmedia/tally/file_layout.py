"""The Tally as a file: its fields, encoded one by one, and the JSON layout.

A tally file holds every field of a :class:`~skl_socialmedia.tally.model.Tally`
(labels, counts, weighted sums, panel cells, design moments, and any field
added later), each encoded by the kind of its value, so that reading gives the
very tally that was written, bit for bit:

=================  ==========================================================
``kind``           value
=================  ==========================================================
``none``           ``None`` (a field not counted, such as unweighted sums)
``str``            one string (``grouping``, ``among``)
``int``            one whole number (``weight_scale``)
``float``          one float
``bool``           ``true`` / ``false``
``labels``         a tuple of strings (``waves``, ``groups``, ``items``…)
``label_tuples``   a tuple of tuples of strings (``pairs``: (before, after))
``values``         a tuple of scalars, each kept with its type
                   (``wave_values``): pairs ``[type, text]``, the type
                   ``int``, ``float``, ``str`` or ``bool``, the text its
                   ``str()`` (a float's ``repr()``, which reads back exactly)
``array``          an n-dimensional array: its ``dtype`` (``int64``,
                   ``float64`` or ``bool``), its ``shape`` and its values
                   flattened in row-major (C) order
=================  ==========================================================

The JSON layout (:func:`json_document`) is one object::

    {"schema": "skl-socialmedia/tally/1",
     "library": "0.1.0",
     "fields": {"waves": {"kind": "labels", "values": ["2010", "2012"]},
                "yes": {"kind": "array", "dtype": "int64", "shape": [2, 1, 3],
                        "values": [...]}, ...}}

Floats are written as the shortest decimal that reads back as the same
float, and ``inf``, ``-inf`` and ``nan`` as the strings ``"Infinity"``,
``"-Infinity"`` and ``"NaN"``. The Parquet layout is in
:mod:`~skl_socialmedia.tally.parquet_file`. ``1`` in the schema is
:data:`LAYOUT_VERSION`: it changes only when the way fields are encoded does;
a field added to the Tally is carried by the same layout.

This module knows no Tally: it encodes the fields of any attrs instance and
builds any attrs class from decoded fields (:func:`build`).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import attrs
import numpy as np
import numpy.typing as npt

from skl_socialmedia._atomic import write_atomically
from skl_socialmedia._version import __version__
from skl_socialmedia.errors import (
    DataError,
    InvalidArgumentError,
    Location,
    SklSocialMediaError,
)

__all__ = [
    "KINDS",
    "LAYOUT",
    "LAYOUT_VERSION",
    "METADATA_KEY",
    "SCHEMA",
    "Entry",
    "Kind",
    "build",
    "check_header",
    "decode",
    "document_entries",
    "encode",
    "fields_of",
    "json_document",
    "read_json",
    "write_json",
]

#: The name of the layout, before its version in :data:`SCHEMA`.
LAYOUT = "skl-socialmedia/tally"
#: The version of the layout (how fields are encoded), not of the library.
LAYOUT_VERSION = 1
#: What a tally file's ``schema`` says.
SCHEMA = f"{LAYOUT}/{LAYOUT_VERSION}"
#: The key of a tally's Parquet key-value metadata (its marker).
METADATA_KEY = "skl_socialmedia.tally"

#: The kinds of field value a tally file holds.
Kind = Literal[
    "none", "str", "int", "float", "bool", "labels", "label_tuples", "values", "array"
]
KINDS: tuple[Kind, ...] = (
    "none",
    "str",
    "int",
    "float",
    "bool",
    "labels",
    "label_tuples",
    "values",
    "array",
)
#: The dtypes an ``array`` field is stored as, by numpy dtype kind.
_DTYPES = {"i": "int64", "u": "int64", "f": "float64", "b": "bool"}
_SCALARS = (str, int, float, bool, np.integer, np.floating, np.bool_)
_NON_FINITE = {"Infinity": math.inf, "-Infinity": -math.inf, "NaN": math.nan}

T = TypeVar("T")


@attrs.frozen
class Entry:
    """One encoded field: its ``kind`` and value (see the module's table).

    ``values`` is the value itself for ``str``, ``int``, ``float`` and
    ``bool``, a tuple for ``labels`` and ``label_tuples``, and a flat numpy
    array for ``array`` (with its ``dtype`` name and ``shape``).
    """

    kind: Kind
    values: Any = None
    dtype: str | None = None
    shape: tuple[int, ...] = ()


def fields_of(instance: object) -> dict[str, object]:
    """Return the attrs fields of ``instance`` by name, in declaration order."""
    fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(instance)))
    return {f.name: getattr(instance, f.name) for f in fields}


def encode(name: str, value: object) -> Entry:
    """Encode the field ``name``'s ``value`` by its kind.

    A value of any other kind (a dict, an object array) is an
    :class:`~skl_socialmedia.errors.InvalidArgumentError` naming the field.
    """
    if value is None:
        return Entry("none")
    if isinstance(value, bool | np.bool_):
        return Entry("bool", bool(value))
    if isinstance(value, int | np.integer):
        return Entry("int", int(value))
    if isinstance(value, float | np.floating):
        return Entry("float", float(value))
    if isinstance(value, str):
        return Entry("str", value)
    if isinstance(value, np.ndarray):
        dtype = _DTYPES.get(value.dtype.kind)
        if dtype is None:
            raise InvalidArgumentError(
                f"cannot write the field {name!r}: arrays of {value.dtype} "
                "have no place in a tally file"
            )
        flat = np.ascontiguousarray(value, dtype=dtype).reshape(-1)
        return Entry("array", flat, dtype, tuple(int(n) for n in value.shape))
    if isinstance(value, tuple):
        if all(isinstance(v, str) for v in value):
            return Entry("labels", value)
        if all(
            isinstance(v, tuple) and all(isinstance(x, str) for x in v) for v in value
        ):
            return Entry("label_tuples", value)
        if all(isinstance(v, _SCALARS) for v in value):
            return Entry("values", tuple(_tagged(v) for v in value))
    raise InvalidArgumentError(
        f"cannot write the field {name!r}: a {type(value).__name__} has no "
        "place in a tally file"
    )


def decode(name: str, entry: Entry, where: Location) -> object:
    """Return the field value of ``entry``; a malformed one is a DataError."""

    def bad(why: str) -> DataError:
        return DataError(f"field {name!r}: {why}", where)

    kind, values = entry.kind, entry.values
    if kind == "none":
        return None
    if kind in ("str", "int", "float", "bool"):
        wanted = {"str": str, "int": int, "float": float, "bool": bool}[kind]
        if kind == "float" and isinstance(values, int | str):
            values = _float(values, bad)
        if kind == "int" and isinstance(values, bool):
            raise bad("expected a whole number, not a boolean")
        if not isinstance(values, wanted):
            raise bad(f"expected a {kind}, not {values!r}")
        return values
    if kind == "labels":
        return _labels(values, bad)
    if kind == "label_tuples":
        if not isinstance(values, list | tuple):
            raise bad("expected a list of lists of labels")
        return tuple(_labels(v, bad) for v in values)
    if kind == "values":
        if not isinstance(values, list | tuple):
            raise bad("expected a list of [type, text] pairs")
        return tuple(_untagged(v, bad) for v in values)
    if kind == "array":
        return _array(entry, bad)
    raise bad(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")


def _tagged(value: object) -> tuple[str, str]:
    """Return ``[type, text]`` of a scalar (a float's text reads back exactly)."""
    if isinstance(value, bool | np.bool_):
        return ("bool", str(bool(value)).lower())
    if isinstance(value, int | np.integer):
        return ("int", str(int(value)))
    if isinstance(value, float | np.floating):
        return ("float", repr(float(value)))
    return ("str", str(value))


def _untagged(pair: object, bad: Any) -> object:
    if not (isinstance(pair, list | tuple) and len(pair) == 2) or not all(
        isinstance(p, str) for p in pair
    ):
        raise bad(f"expected a [type, text] pair, not {pair!r}")
    kind, text = pair
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        raise bad(f"not a {kind}: {text!r}") from None
    if kind == "bool" and text in ("true", "false"):
        return text == "true"
    if kind == "str":
        return text
    raise bad(f"not a value: {list(pair)!r}")


def _labels(values: object, bad: Any) -> tuple[str, ...]:
    if not isinstance(values, list | tuple | np.ndarray) or not all(
        isinstance(v, str) for v in values
    ):
        raise bad("expected a list of labels (strings)")
    return tuple(values)


def _float(value: object, bad: Any) -> float:
    if isinstance(value, str):
        if value not in _NON_FINITE:
            raise bad(f"not a number: {value!r}")
        return _NON_FINITE[value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad(f"not a number: {value!r}")
    return float(value)


def _array(entry: Entry, bad: Any) -> npt.NDArray[Any]:
    if entry.dtype not in ("int64", "float64", "bool"):
        raise bad(f"unknown array dtype {entry.dtype!r}")
    shape = entry.shape
    if not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        raise bad(f"a shape is whole numbers, not {list(shape)}")
    values = entry.values
    if not isinstance(values, np.ndarray):
        if not isinstance(values, list):
            raise bad("expected a list of values")
        if entry.dtype == "float64":
            values = [_float(v, bad) for v in values]
        elif entry.dtype == "int64" and not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            raise bad("expected whole numbers")
        elif entry.dtype == "bool" and not all(isinstance(v, bool) for v in values):
            raise bad("expected booleans")
        try:
            values = np.array(values, dtype=entry.dtype)
        except OverflowError:
            raise bad("a whole number beyond 64 bits") from None
    if values.ndim != 1 or values.size != math.prod(shape):
        raise bad(f"{values.size} values do not fill the shape {list(shape)}")
    result: npt.NDArray[Any] = values.astype(entry.dtype, copy=False).reshape(shape)
    return result


def build(cls: type[T], entries: Mapping[str, Entry], where: Location) -> T:
    """Return ``cls(**fields)`` of decoded ``entries`` (an attrs class).

    A field ``cls`` does not have (written by a newer version) and a missing
    field without a default are errors; so is a tally the fields do not make
    (:class:`~skl_socialmedia.errors.InvalidArgumentError` of ``cls``,
    reported as a :class:`~skl_socialmedia.errors.DataError` naming the file).
    """
    known = attrs.fields_dict(cls)  # type: ignore[arg-type]
    unknown = [name for name in entries if name not in known]
    if unknown:
        raise DataError(
            f"unknown tally fields {unknown} (written by a newer skl-socialmedia?)",
            where,
        )
    missing = [
        name
        for name, field in known.items()
        if name not in entries and field.default is attrs.NOTHING
    ]
    if missing:
        raise DataError(f"the tally file lacks the fields {missing}", where)
    values = {name: decode(name, entry, where) for name, entry in entries.items()}
    try:
        return cls(**values)
    except SklSocialMediaError as exc:
        raise DataError(f"not a consistent tally: {exc}", where) from None
    except (TypeError, ValueError) as exc:
        raise DataError(f"not a consistent tally: {exc}", where) from None


def check_header(header: object, where: Location) -> None:
    """Check a tally file's header (its ``schema``): this layout, a known version."""
    schema = header.get("schema") if isinstance(header, Mapping) else None
    if not isinstance(schema, str) or not schema.startswith(LAYOUT + "/"):
        raise DataError(f"not a tally file (no schema {SCHEMA!r})", where)
    version = schema.removeprefix(LAYOUT + "/")
    if not (version.isascii() and version.isdecimal()):
        raise DataError(f"unknown tally layout {schema!r}", where)
    if int(version) > LAYOUT_VERSION:
        raise DataError(
            f"the tally layout {schema!r} is newer than this skl-socialmedia "
            f"reads ({SCHEMA!r}): upgrade skl-socialmedia",
            where,
        )


def _json_values(entry: Entry) -> Any:
    if entry.kind in ("label_tuples", "values"):
        return [list(v) for v in entry.values]
    if entry.kind == "labels":
        return list(entry.values)
    if entry.kind == "float":
        return _json_float(entry.values)
    if entry.kind == "array":
        values = entry.values.tolist()
        if entry.dtype == "float64" and not np.all(np.isfinite(entry.values)):
            values = [_json_float(v) for v in values]
        return values
    return entry.values


def _json_float(value: float) -> float | str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def json_document(fields: Mapping[str, object]) -> dict[str, Any]:
    """Return the JSON layout of ``fields`` (see the module), ready for ``json``."""
    encoded = {}
    for name, value in fields.items():
        entry = encode(name, value)
        item: dict[str, Any] = {"kind": entry.kind}
        if entry.kind == "array":
            item["dtype"] = entry.dtype
            item["shape"] = list(entry.shape)
        if entry.kind != "none":
            item["values"] = _json_values(entry)
        encoded[name] = item
    return {"schema": SCHEMA, "library": __version__, "fields": encoded}


def write_json(fields: Mapping[str, object], path: str | os.PathLike[str]) -> None:
    """Write ``fields`` to ``path`` in the JSON layout, atomically."""
    text = json.dumps(json_document(fields), allow_nan=False, ensure_ascii=False)
    write_atomically(Path(path), text + "\n")


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def read_json(path: str | os.PathLike[str]) -> tuple[dict[str, Entry], Location]:
    """Read the entries of a tally written by :func:`write_json`.

    Returns them with the file's :class:`~skl_socialmedia.errors.Location`;
    a file that cannot be read, is not JSON or not this layout is a
    :class:`~skl_socialmedia.errors.DataError` naming it.
    """
    where = Location(file=os.fspath(path))
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError("no such file", where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read the tally file: {exc}", where) from None
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise DataError(f"not JSON: {exc}", where) from None
    return document_entries(document, where), where


def document_entries(document: object, where: Location) -> dict[str, Entry]:
    """Return the entries of a tally's JSON document (see :func:`json_document`).

    A document that is not this layout is a
    :class:`~skl_socialmedia.errors.DataError` at ``where``.
    """
    check_header(document, where)
    assert isinstance(document, Mapping)
    fields = document.get("fields")
    if not isinstance(fields, Mapping):
        raise DataError("a tally file's 'fields' must be an object", where)
    entries = {}
    for name, item in fields.items():
        if not isinstance(item, Mapping) or item.get("kind") not in KINDS:
            raise DataError(
                f"field {name!r}: expected an object with a 'kind' of "
                f"{', '.join(KINDS)}",
                where,
            )
        shape = item.get("shape", [])
        entries[name] = Entry(
            item["kind"],
            item.get("values"),
            item.get("dtype"),
            tuple(shape) if isinstance(shape, list) else (-1,),
        )
    return entries
