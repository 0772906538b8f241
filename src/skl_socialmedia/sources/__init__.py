"""Data sources: the canonical microdata CSV and JSON records (and, via plugins, more).

:class:`CsvSource` and :class:`JsonSource` carry their ``name``, URI
``schemes`` and file ``suffixes`` for the plugin system; :func:`load_survey`
picks one by the file suffix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.sources.canonical_csv import CsvSource, read_csv
from skl_socialmedia.sources.json_records import JsonSource, read_json
from skl_socialmedia.survey import Survey

__all__ = ["CsvSource", "JsonSource", "load_survey", "read_csv", "read_json"]

_MICRODATA_SOURCES = (CsvSource, JsonSource)


def load_survey(path: str | Path, **options: Any) -> Survey:
    """Read a microdata file, choosing the source by suffix (``.csv``, ``.json``)."""
    location = str(path)
    for cls in _MICRODATA_SOURCES:
        if any(location.startswith(f"{s}://") for s in cls.schemes):
            return cls().load(location, **options)
    suffix = Path(location).suffix.lower()
    for cls in _MICRODATA_SOURCES:
        if suffix in cls.suffixes:
            return cls().load(location, **options)
    known = [s for cls in _MICRODATA_SOURCES for s in cls.suffixes]
    raise UnknownNameError("microdata file suffix", suffix or location, known)
