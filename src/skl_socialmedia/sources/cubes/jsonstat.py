"""JSON-stat: tables from PxWeb's API, Eurostat's dissemination API and others.

Reads JSON-stat 2.0 datasets (``"class": "dataset"``), 2.0 bundles and
JSON-stat 1.x bundles (``{"name": {dataset}}``; the first dataset, or the one
``dataset=`` names). ``value`` may be an array or an object (sparse, by
position); ``status`` a string (every cell), an array or an object; a
category's ``unit`` gives its measure and decimals; ``note`` (of the
dataset, a dimension or a category) is kept, and ``extension`` goes into the
source. Status symbols are read as Eurostat letters, PC-Axis dots or SDMX
codes (:func:`~skl_socialmedia.published.flags.guess_flags`); Eurostat's
``extension.status.label`` is kept beside them. See https://json-stat.org/format/.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.model.localized import Text
from skl_socialmedia.published.cube import (
    Dimension,
    Measure,
    Observation,
    PublishedCube,
)
from skl_socialmedia.published.flags import guess_flags
from skl_socialmedia.published.json_text import json_encoding, load_json_file

__all__ = ["is_jsonstat", "parse_jsonstat", "read_jsonstat"]

_HEAD = 65536
_CLASS = re.compile(r'"class"\s*:\s*"(dataset|bundle|collection)"')
_V1 = re.compile(
    r'^\s*\{\s*"[^"\\]*"\s*:\s*\{\s*"(dimension|value|label|source|updated|status)"'
)
_V2 = re.compile(r'"version"\s*:\s*"2\.\d+"')


def is_jsonstat(path: str, encoding: str | None = None) -> bool:
    """Whether the file at ``path`` looks like JSON-stat (by its first bytes).

    A 2.0 file declares its ``class`` (``dataset``, ``bundle``) or
    ``version``; a 1.x bundle is an object whose first member is an object
    starting with ``dimension``, ``value``, ``label``, ``source`` or
    ``status``. Unreadable files are not JSON-stat (the reader that gets
    them reports the problem).
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return False
    try:
        text = head.decode(json_encoding(head, encoding), errors="replace")
    except Exception:  # an unknown encoding: let the reader say so
        return False
    text = text.removeprefix("\ufeff")
    return bool(_CLASS.search(text) or _V2.search(text) or _V1.match(text))


def _where(file: str, column: str | None = None, value: object = None) -> Location:
    return Location(file=file, column=column, value=value)


def _need(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], at: str,
          file: str) -> Any:  # fmt: skip
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise DataError(
            f"{at}: {key!r} is missing or of the wrong type",
            _where(file, f"{at}.{key}" if at else key, _short(value)),
        )
    return value


def _short(value: object) -> object:
    text = repr(value)
    return value if len(text) <= 60 else text[:57] + "..."


def _pick(data: Any, file: str, dataset: str | None) -> tuple[str, Mapping[str, Any]]:
    """Return (name, dataset object) of a 2.0 dataset, 2.0 bundle or 1.x bundle."""
    if not isinstance(data, Mapping):
        raise DataError("JSON-stat must be an object at the top level", _where(file))
    kind = data.get("class")
    if kind == "dataset":
        return Path(file).stem, data
    if kind == "collection":
        raise DataError(
            "a JSON-stat collection holds links, not data; fetch a dataset",
            _where(file, "class", kind),
        )
    members = {
        k: v for k, v in data.items() if isinstance(v, Mapping) and "dimension" in v
    }
    if not members:
        raise DataError(
            "not a JSON-stat dataset or bundle (no dataset with a 'dimension')",
            _where(file),
        )
    if dataset is None:
        name = next(iter(members))
    elif dataset in members:
        name = dataset
    else:
        raise DataError(
            f"no dataset {dataset!r} (datasets: {', '.join(members)})",
            _where(file, "dataset", dataset),
        )
    return name, members[name]


def _strings(value: object, at: str, file: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(
            f"{at} must be a list of strings", _where(file, at, _short(value))
        )
    return list(value)


def _notes(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _category_codes(dim_id: str, category: Mapping[str, Any], file: str) -> list[str]:
    at = f"dimension.{dim_id}.category"
    index = category.get("index")
    labels = category.get("label")
    if index is None:
        if not isinstance(labels, Mapping) or len(labels) != 1:
            raise DataError(
                f"{at} needs an 'index' (or a 'label' of one category)",
                _where(file, at),
            )
        return [str(next(iter(labels)))]
    if isinstance(index, list):
        return [str(v) for v in _strings(index, f"{at}.index", file)]
    if isinstance(index, Mapping):
        if not all(
            isinstance(v, int) and not isinstance(v, bool) for v in index.values()
        ):
            raise DataError(
                f"{at}.index positions must be whole numbers",
                _where(file, f"{at}.index", _short(dict(index))),
            )
        positions = sorted(index.items(), key=lambda kv: kv[1])
        codes = [str(k) for k, _ in positions]
        if [v for _, v in positions] != list(range(len(codes))):
            raise DataError(
                f"{at}.index positions must be 0, 1, 2, … each once",
                _where(file, f"{at}.index", _short(dict(index))),
            )
        return codes
    raise DataError(f"{at}.index must be a list or an object", _where(file, at))


def _dimension(
    dim_id: str, raw: object, role: str | None, file: str
) -> tuple[Dimension, dict[str, Measure]]:
    at = f"dimension.{dim_id}"
    if not isinstance(raw, Mapping):
        raise DataError(f"{at} must be an object", _where(file, at))
    category = _need(raw, "category", Mapping, at, file)
    codes = _category_codes(dim_id, category, file)
    labels = category.get("label") or {}
    if not isinstance(labels, Mapping):
        raise DataError(f"{at}.category.label must be an object", _where(file, at))
    label = raw.get("label", dim_id)
    notes = category.get("note") or {}
    units: dict[str, Measure] = {}
    unit_of = category.get("unit")
    for code, unit in (unit_of if isinstance(unit_of, Mapping) else {}).items():
        if isinstance(unit, Mapping):
            name = unit.get("label") or unit.get("base") or unit.get("symbol") or ""
            decimals = unit.get("decimals")
            units[str(code)] = Measure.of(
                str(name), decimals if isinstance(decimals, int) else None
            )
    try:
        dim = Dimension(
            id=dim_id,
            label=str(label),
            codes=tuple(codes),
            labels={str(k): str(v) for k, v in labels.items() if str(k) in codes},
            role=role,
            notes={
                str(k): " ".join(_notes(v))
                for k, v in (notes.items() if isinstance(notes, Mapping) else ())
                if _notes(v)
            },
        )
    except DataError as exc:
        raise DataError(exc.message, _where(file, at)) from None
    return dim, units


def _roles(role: object) -> dict[str, str]:
    found: dict[str, str] = {}
    if isinstance(role, Mapping):
        for name in ("time", "metric", "geo"):
            listed = role.get(name)
            for dim_id in listed if isinstance(listed, list) else ():
                if isinstance(dim_id, str):
                    found.setdefault(dim_id, name)
    return found


def _by_position(value: object, size: int, what: str, file: str) -> dict[int, Any]:
    """Return cells by position from an array or an object of positions."""
    if isinstance(value, list):
        if len(value) != size:
            raise DataError(
                f"{what} has {len(value)} entries for {size} cells",
                _where(file, what),
            )
        return dict(enumerate(value))
    if isinstance(value, Mapping):
        out = {}
        for key, cell in value.items():
            text = str(key)
            if not (text.isascii() and text.isdecimal()) or int(text) >= size:
                raise DataError(
                    f"{what}: position {key!r} is not a cell (0 to {size - 1})",
                    _where(file, what, key),
                )
            out[int(key)] = cell
        return out
    raise DataError(f"{what} must be an array or an object", _where(file, what))


def parse_jsonstat(data: Any, file: str = "<json-stat>", *,
                   dataset: str | None = None) -> PublishedCube:  # fmt: skip
    """Make a :class:`PublishedCube` of parsed JSON-stat (1.x or 2.0).

    Errors are :class:`~skl_socialmedia.errors.DataError` naming ``file`` and
    the member (``dimension.geo.category.index``, ``value``).
    """
    name, ds = _pick(data, file, dataset)
    dims_raw = _need(ds, "dimension", Mapping, "", file)
    if "id" in ds:  # 2.0
        ids = _strings(ds["id"], "id", file)
        sizes = ds.get("size")
        roles = _roles(ds.get("role"))
    else:  # 1.x: id, size and role inside "dimension"
        ids = _strings(dims_raw.get("id"), "dimension.id", file)
        sizes = dims_raw.get("size")
        roles = _roles(dims_raw.get("role"))
    dims, units = [], {}
    for dim_id in ids:
        dim, found = _dimension(dim_id, dims_raw.get(dim_id), roles.get(dim_id), file)
        dims.append(dim)
        units.update(found)
    if not isinstance(sizes, list) or [len(d) for d in dims] != sizes:
        raise DataError(
            "size does not match the dimensions' categories "
            f"({[len(d) for d in dims]})",
            _where(file, "size", _short(sizes)),
        )
    total = math.prod(sizes) if sizes else 0
    values = _by_position(ds.get("value"), total, "value", file)
    status_raw = ds.get("status")
    if isinstance(status_raw, str):
        statuses: dict[int, Any] = dict.fromkeys(range(total), status_raw)
    elif status_raw is None:
        statuses = {}
    else:
        statuses = _by_position(status_raw, total, "status", file)
    observations = []
    strides = [math.prod(sizes[i + 1 :]) for i in range(len(sizes))]
    for position in sorted(set(values) | set(statuses)):
        value = values.get(position)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float)
        ):
            raise DataError(
                f"value[{position}] is not a number or null",
                _where(file, f"value[{position}]", _short(value)),
            )
        if value is not None and not math.isfinite(value):
            raise DataError("a value is not finite", _where(file, f"value[{position}]"))
        symbol = statuses.get(position)
        symbol = "" if symbol is None else str(symbol)
        key = tuple(
            d.codes[(position // s) % len(d)]
            for d, s in zip(dims, strides, strict=True)
        )
        observations.append(
            Observation(
                key=key,
                value=None if value is None else float(value),
                flags=guess_flags(symbol),
                symbols=(symbol,) if symbol.strip() else (),
            )
        )
    source: dict[str, Any] = {"format": "JSON-stat"}
    for member in ("source", "updated", "href", "extension"):
        if member in ds:
            source[member] = ds[member]
    if isinstance(ds.get("source"), str):
        source["publisher"] = ds["source"]
    notes = [Text(n, n) for n in _notes(ds.get("note"))]
    for dim in dims:
        raw = dims_raw.get(dim.id)
        for text in _notes(raw.get("note") if isinstance(raw, Mapping) else None):
            notes.append(Text(f"{dim.label.en}: {text}", f"{dim.label.sv}: {text}"))
    metric = next((d for d in dims if d.role == "metric"), None)
    unit = _unit_dimension(dims)
    if metric is None and len(units) == 1:
        unit = next(iter(units.values()))
    return PublishedCube(
        id=name,
        title=str(ds.get("label", name)),
        source=source,
        dimensions=tuple(dims),
        observations=tuple(observations),
        unit=unit,
        units=units,
        notes=tuple(notes),
        file=file,
    )


def _unit_dimension(dims: Sequence[Dimension]) -> Measure | None:
    """Eurostat's ``unit`` dimension of one category gives the cube's unit."""
    for dim in dims:
        if dim.id.lower() in ("unit", "unit_measure") and len(dim) == 1:
            code = dim.codes[0]
            return Measure.of(f"{code} {dim.label_of(code)}")
    return None


def read_jsonstat(path: str | Path, *, encoding: str | None = None,
                  dataset: str | None = None) -> PublishedCube:  # fmt: skip
    """Read a JSON-stat file into a :class:`PublishedCube`."""
    return parse_jsonstat(load_json_file(path, encoding), str(path), dataset=dataset)
