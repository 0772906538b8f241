"""Data sources: microdata (CSV, JSON, Excel, Parquet) and published tables.

The microdata sources :class:`CsvSource`, :class:`JsonSource`,
:class:`ExcelSource` and :class:`ParquetSource`, and the table sources
:class:`JsonStatSource`, :class:`PxSource` and :class:`SdmxCsvSource`, carry
their ``name``, URI ``schemes`` and file ``suffixes`` for the plugin system;
:func:`load_survey` loads microdata through whichever registered source claims
the location.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.plugins.dispatch import load
from skl_socialmedia.sources.cubes.jsonstat import read_jsonstat
from skl_socialmedia.sources.cubes.px import read_px
from skl_socialmedia.sources.cubes.sdmx_csv import read_sdmx_csv
from skl_socialmedia.sources.cubes.sources import (
    JsonStatSource,
    PxSource,
    SdmxCsvSource,
)
from skl_socialmedia.sources.microdata.canonical_csv import CsvSource, read_csv
from skl_socialmedia.sources.microdata.json_records import JsonSource, read_json
from skl_socialmedia.sources.microdata.parquet import ParquetSource, read_parquet
from skl_socialmedia.sources.microdata.spreadsheet import ExcelSource, read_excel
from skl_socialmedia.survey.model import Survey

__all__ = [
    "CsvSource",
    "ExcelSource",
    "JsonSource",
    "JsonStatSource",
    "ParquetSource",
    "PxSource",
    "SdmxCsvSource",
    "load_survey",
    "read_csv",
    "read_excel",
    "read_json",
    "read_jsonstat",
    "read_parquet",
    "read_px",
    "read_sdmx_csv",
]


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
