"""Data sources: microdata (CSV, JSON, Excel, Parquet) and published tables.

The microdata sources :class:`CsvSource`, :class:`JsonSource`,
:class:`ExcelSource` and :class:`ParquetSource`, and the table sources
:class:`JsonStatSource`, :class:`PxSource` and :class:`SdmxCsvSource`, carry
their ``name``, URI ``schemes`` and file ``suffixes`` for the plugin system;
:func:`load_survey` loads microdata through whichever registered source claims
the location. Every name is imported on first use (PEP 562), so that a
source's module can be imported without the others.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from skl_socialmedia.errors import DataError, Location
    from skl_socialmedia.plugins.dispatch import load
    from skl_socialmedia.survey.model import Survey

    location = str(path)
    loaded = load(location, **options)
    if not isinstance(loaded, Survey):
        raise DataError(
            "holds published figures, not response-level data (microdata)",
            Location(file=location),
        )
    return loaded


#: Where each public name lives: imported from there on first use.
_LAZY = {
    "CsvSource": "skl_socialmedia.sources.microdata.canonical_csv",
    "ExcelSource": "skl_socialmedia.sources.microdata.spreadsheet",
    "JsonSource": "skl_socialmedia.sources.microdata.json_records",
    "JsonStatSource": "skl_socialmedia.sources.cubes.sources",
    "ParquetSource": "skl_socialmedia.sources.microdata.parquet",
    "PxSource": "skl_socialmedia.sources.cubes.sources",
    "SdmxCsvSource": "skl_socialmedia.sources.cubes.sources",
    "read_csv": "skl_socialmedia.sources.microdata.canonical_csv",
    "read_excel": "skl_socialmedia.sources.microdata.spreadsheet",
    "read_json": "skl_socialmedia.sources.microdata.json_records",
    "read_jsonstat": "skl_socialmedia.sources.cubes.jsonstat",
    "read_parquet": "skl_socialmedia.sources.microdata.parquet",
    "read_px": "skl_socialmedia.sources.cubes.px",
    "read_sdmx_csv": "skl_socialmedia.sources.cubes.sdmx_csv",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Every public name, imported or not."""
    return sorted(set(globals()) | set(__all__))
