"""Registers the built-in data sources through the plugin hooks."""

from __future__ import annotations

from collections.abc import Sequence

from skl_socialmedia.plugins.protocols import DataSource
from skl_socialmedia.plugins.specs import hookimpl
from skl_socialmedia.sources.cubes.sources import (
    JsonStatSource,
    PxSource,
    SdmxCsvSource,
)
from skl_socialmedia.sources.embedded import EmbeddedSource, PublishedSource
from skl_socialmedia.sources.microdata.canonical_csv import CsvSource
from skl_socialmedia.sources.microdata.json_records import JsonSource
from skl_socialmedia.sources.microdata.parquet import ParquetSource
from skl_socialmedia.sources.microdata.spreadsheet import ExcelSource
from skl_socialmedia.sources.tally_file import TallySource

__all__ = ["register_data_sources"]


@hookimpl
def register_data_sources() -> Sequence[type[DataSource]]:
    """Return the built-in data sources."""
    return [
        EmbeddedSource,
        PublishedSource,
        CsvSource,
        JsonSource,
        TallySource,
        JsonStatSource,
        PxSource,
        SdmxCsvSource,
        ExcelSource,
        ParquetSource,
    ]
