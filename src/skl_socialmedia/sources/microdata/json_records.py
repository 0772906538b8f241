"""Microdata as JSON records: one object per organisation per wave.

The file holds a list of objects, or an object whose ``"records"`` member is
that list (and whose ``"description"``, if any, says what the data are)::

    [{"wave": 2010, "org_code": "0114", "uses": true, "channel.facebook": "ja"},
     {"wave": 2012, "org_code": "0114", "uses": 1, "channel.facebook": null}]

Keys are the columns of the canonical CSV; a key absent from a record is a
missing value (for an item: a missing answer). Answers may be JSON booleans,
1/0, any accepted answer string, or ``null``. Problems are named by record
number (1-based) and column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.model.register import Register, get_register
from skl_socialmedia.model.routing import RoutingOverrides
from skl_socialmedia.problems import Problems
from skl_socialmedia.published.figures import (
    PublishedFigures,
    json_encoding,
    load_json_file,
    read_published,
)
from skl_socialmedia.sources.microdata.canonical_csv import (
    check_options,
    check_values,
)
from skl_socialmedia.survey.model import Survey

__all__ = ["JsonSource", "read_json", "records_to_columns"]

_SCALARS = (str, int, float, bool, type(None))
_OPTIONS = (
    "register",
    "items",
    "waves",
    "attributes",
    "encoding",
    "max_errors",
    "routing",
    "columns",
)


def records_to_columns(
    records: Sequence[object], problems: Problems
) -> dict[str, np.ndarray[Any, np.dtype[Any]]]:
    """Turn records (dicts) into columns of Python objects, ``None`` where absent."""
    names: dict[str, None] = {}
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            problems.add(
                f"a record must be an object, not {type(record).__name__}", row=index
            )
            continue
        names.update(dict.fromkeys(str(k) for k in record))
    columns = {}
    for name in names:
        values = np.empty(len(records), dtype=object)
        for index, record in enumerate(records):
            value = record.get(name) if isinstance(record, Mapping) else None
            if not isinstance(value, _SCALARS):
                problems.add(
                    "a value must be a string, number, boolean or null",
                    row=index,
                    column=name,
                    value=type(value).__name__,
                )
                value = None
            values[index] = value
        columns[name] = values
    return columns


def read_json(
    path: str | Path,
    *,
    register: Register | str | None = "se",
    items: Sequence[str] | Mapping[str, str] | str | None = None,
    waves: Sequence[object] | str | None = None,
    encoding: str | None = None,
    max_errors: int = 20,
    routing: RoutingOverrides = None,
    attributes: Sequence[str] | str | None = None,
    columns: Mapping[str, str] | str | None = None,
) -> Survey:
    """Read microdata JSON records into a :class:`Survey`.

    Options as for :func:`~skl_socialmedia.sources.microdata.canonical_csv.read_csv`
    (checked before the file is read); an object's ``"description"`` string is
    the survey's description. The file is UTF-8 unless a byte-order mark says
    UTF-16 or UTF-32, or ``encoding`` names another encoding. What is not JSON
    (``NaN``, ``Infinity``, an integer too long to read, nesting too deep to
    read) is an error naming the file and, where it can, the line.
    """
    options = check_values(
        {
            "register": register,
            "items": items,
            "waves": waves,
            "encoding": encoding,
            "max_errors": max_errors,
            "routing": routing,
            "attributes": attributes,
            "columns": columns,
        }
    )
    resolved = get_register(register)
    file = str(path)
    data = load_json_file(path, encoding)
    description = None
    if isinstance(data, Mapping) and "records" in data:
        if isinstance(data.get("description"), str):
            description = data["description"]
        data = data["records"]
    if not isinstance(data, list):
        raise DataError(
            "expected a list of records (or an object with a 'records' list)",
            Location(file=file),
        )
    limit = 20 if max_errors is None else options["max_errors"]  # None: default
    problems = Problems(file=file, row_word="record", row_base=1, limit=limit)
    if not data:
        problems.add("no records")
    found = records_to_columns(data, problems)
    extra = {} if attributes is None else {"attributes": options["attributes"]}
    return Survey.from_columns(
        found,
        items=options["items"],
        register=resolved,
        waves=options["waves"],
        problems=problems,
        routing=routing,
        description=description,
        **extra,
        **(options["columns"] or {}),
    )


class JsonSource:
    """Data source for microdata as JSON records (``.json``, ``json://path``).

    Options: ``register``, ``items``, ``waves``, ``attributes``, ``encoding``,
    ``max_errors``, ``routing`` and ``columns``; see :func:`read_json`.
    """

    name: ClassVar[str] = "json"
    schemes: ClassVar[tuple[str, ...]] = ("json",)
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = (
        "microdata: one JSON record per organisation per wave "
        "(or published figures, by their schema)"
    )

    def load(self, location: str, **options: Any) -> Survey | PublishedFigures:
        """Read the JSON file at ``location`` (a path or ``json://path``).

        A file in the published-figures layout (its ``schema`` is
        ``skl-socialmedia/published-figures/…``) is read as published figures.
        """
        path = location.removeprefix("json://")
        given = check_options(self.name, options, _OPTIONS)
        if _declares_published_schema(path, given.get("encoding")):
            return read_published(path, given.get("encoding"))
        return read_json(path, **given)


def _declares_published_schema(path: str, encoding: str | None = None) -> bool:
    """Whether the file starts like a published-figures document."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False  # read_json reports the problem with its location
    text = head.decode(json_encoding(head, encoding), errors="replace")
    return (
        re.search(r'"schema"\s*:\s*"skl-socialmedia/published-figures/', text)
        is not None
    )
