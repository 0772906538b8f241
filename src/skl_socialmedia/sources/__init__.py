"""Data sources: the canonical microdata CSV and JSON records (and, via plugins, more).

:class:`CsvSource` and :class:`JsonSource` carry their ``name``, URI
``schemes`` and file ``suffixes`` for the plugin system; :func:`load_survey`
loads microdata through whichever registered source claims the location.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.plugins.dispatch import load
from skl_socialmedia.sources.microdata.canonical_csv import CsvSource, read_csv
from skl_socialmedia.sources.microdata.json_records import JsonSource, read_json
from skl_socialmedia.survey.model import Survey

__all__ = ["CsvSource", "JsonSource", "load_survey", "read_csv", "read_json"]


def load_survey(path: str | Path, **options: Any) -> Survey:
    """Load microdata through the data source that claims ``path``.

    Like :func:`skl_socialmedia.load`, but the result must be a :class:`Survey`:
    a source of published figures is an error here.
    """
    location = str(path)
    loaded = load(location, **options)
    if not isinstance(loaded, Survey):
        raise DataError(
            "holds published figures, not response-level data (microdata)",
            Location(file=location),
        )
    return loaded
