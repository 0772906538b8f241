"""Registers the built-in output formats through the plugin hooks.

Each format is declared by name (:func:`~skl_socialmedia.plugins.lazy_format`):
its module is imported only when it is chosen.
"""

from __future__ import annotations

from collections.abc import Sequence

from skl_socialmedia.plugins.declared import Declared, lazy_format
from skl_socialmedia.plugins.specs import hookimpl

__all__ = ["register_output_formats"]


@hookimpl
def register_output_formats() -> Sequence[Declared]:
    """Return the built-in output formats, declared by name."""
    return [
        lazy_format(
            "skl_socialmedia.formats.text:TextFormat",
            "text",
            media_type="text/plain; charset=utf-8",
            suffixes=(".txt",),
            description="an aligned plain-text table (the default)",
        ),
        lazy_format(
            "skl_socialmedia.formats.markdown:MarkdownFormat",
            "markdown",
            media_type="text/markdown; charset=utf-8",
            suffixes=(".md", ".markdown"),
            description="a GitHub-flavoured Markdown table with notes",
        ),
        lazy_format(
            "skl_socialmedia.formats.csv_format:CsvFormat",
            "csv",
            media_type="text/csv; charset=utf-8; header=present",
            suffixes=(".csv",),
            description=(
                "one machine-readable row per report row (comma, '.', fractions)"
            ),
        ),
        lazy_format(
            "skl_socialmedia.formats.json_format:JsonFormat",
            "json",
            media_type="application/json",
            suffixes=(".json",),
            description="JSON in the versioned schema 'skl-socialmedia/report/2'",
        ),
        lazy_format(
            "skl_socialmedia.formats.html:HtmlFormat",
            "html",
            media_type="text/html; charset=utf-8",
            suffixes=(".html", ".htm"),
            description=(
                "one self-contained HTML page with the table and dumbbell charts"
            ),
        ),
        lazy_format(
            "skl_socialmedia.formats.chart:ChartFormat",
            "chart",
            media_type="image/png",
            suffixes=(".png",),
            description=(
                "dumbbell charts of each group's rates, as PNG (needs the 'plot' extra)"
            ),
        ),
        lazy_format(
            "skl_socialmedia.formats.chart:ChartSvgFormat",
            "chart-svg",
            media_type="image/svg+xml",
            suffixes=(".svg",),
            description=(
                "dumbbell charts of each group's rates, as SVG (needs the 'plot' extra)"
            ),
        ),
        lazy_format(
            "skl_socialmedia.formats.sentences:SentencesFormat",
            "sentences",
            media_type="text/plain; charset=utf-8",
            suffixes=(".sentences.txt",),
            description=(
                "the findings as plain sentences for a press release (en or sv)"
            ),
        ),
    ]
