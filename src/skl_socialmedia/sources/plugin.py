"""Registers the built-in data sources through the plugin hooks.

Each source is declared by name (:func:`~skl_socialmedia.plugins.lazy_source`):
its module is imported only when it is chosen, so that building the plugin
manager imports none of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from skl_socialmedia.plugins.declared import Declared, lazy_source
from skl_socialmedia.plugins.specs import hookimpl

__all__ = ["register_data_sources"]


@hookimpl
def register_data_sources() -> Sequence[Declared]:
    """Return the built-in data sources, declared by name."""
    return [
        lazy_source(
            "skl_socialmedia.sources.embedded:EmbeddedSource",
            "embedded",
            description="the embedded SKL / TNS Sifo figures, 2010 and 2012",
        ),
        lazy_source(
            "skl_socialmedia.sources.embedded:PublishedSource",
            "published",
            schemes=("published",),
            description="published percentages in the documented JSON layout",
        ),
        lazy_source(
            "skl_socialmedia.sources.microdata.canonical_csv:CsvSource",
            "csv",
            schemes=("csv",),
            suffixes=(".csv",),
            description="microdata: one row per organisation per wave (CSV)",
        ),
        lazy_source(
            "skl_socialmedia.sources.microdata.json_records:JsonSource",
            "json",
            schemes=("json",),
            suffixes=(".json",),
            description=(
                "microdata: one JSON record per organisation per "
                "wave (or published figures, by their schema)"
            ),
        ),
        lazy_source(
            "skl_socialmedia.sources.tally_file:TallySource",
            "tally",
            schemes=("tally",),
            suffixes=(".tally.parquet", ".tally.json", ".parquet", ".json"),
            description=(
                "counts: a tally written by Tally.write_parquet or Tally.write_json"
            ),
            sniffs=(
                "Parquet with the skl_socialmedia.tally "
                "marker, JSON with the tally schema"
            ),
        ),
        lazy_source(
            "skl_socialmedia.sources.cubes.sources:JsonStatSource",
            "jsonstat",
            schemes=("jsonstat",),
            suffixes=(".jsonstat", ".json"),
            description="published tables in JSON-stat 1.x or 2.0",
            sniffs=".json whose content is JSON-stat (class, version)",
        ),
        lazy_source(
            "skl_socialmedia.sources.cubes.sources:PxSource",
            "px",
            schemes=("px",),
            suffixes=(".px",),
            description="published tables in PC-Axis (PX) files",
        ),
        lazy_source(
            "skl_socialmedia.sources.cubes.sources:SdmxCsvSource",
            "sdmx-csv",
            schemes=("sdmx-csv",),
            suffixes=(".sdmx.csv", ".csv"),
            description="published tables in SDMX-CSV 1.0 or 2.0",
            sniffs=".csv whose first column is DATAFLOW or STRUCTURE",
        ),
        lazy_source(
            "skl_socialmedia.sources.microdata.spreadsheet:ExcelSource",
            "excel",
            schemes=("excel",),
            suffixes=(".xlsx", ".xlsm"),
            description="microdata: an Excel sheet, one row per organisation per wave",
        ),
        lazy_source(
            "skl_socialmedia.sources.microdata.parquet:ParquetSource",
            "parquet",
            schemes=("parquet",),
            suffixes=(".parquet",),
            description="microdata: Parquet, one row per organisation per wave",
            sniffs="declines a Parquet file marked skl_socialmedia.tally",
        ),
        lazy_source(
            "skl_socialmedia.sources.microdata.example:ExampleSource",
            "example",
            description=(
                "SYNTHETIC example microdata: 290 municipalities and 20 county "
                "councils, 2010 and 2012"
            ),
        ),
    ]
