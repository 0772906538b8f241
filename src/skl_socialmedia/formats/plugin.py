"""Registers the built-in output formats through the plugin hooks."""

from __future__ import annotations

from collections.abc import Sequence

from skl_socialmedia.formats.chart import ChartFormat, ChartSvgFormat
from skl_socialmedia.formats.csv_format import CsvFormat
from skl_socialmedia.formats.html import HtmlFormat
from skl_socialmedia.formats.json_format import JsonFormat
from skl_socialmedia.formats.markdown import MarkdownFormat
from skl_socialmedia.formats.sentences import SentencesFormat
from skl_socialmedia.formats.text import TextFormat
from skl_socialmedia.plugins.protocols import OutputFormat
from skl_socialmedia.plugins.specs import hookimpl

__all__ = ["register_output_formats"]


@hookimpl
def register_output_formats() -> Sequence[type[OutputFormat]]:
    """Return the built-in output formats."""
    return [
        TextFormat,
        MarkdownFormat,
        CsvFormat,
        JsonFormat,
        HtmlFormat,
        ChartFormat,
        ChartSvgFormat,
        SentencesFormat,
    ]
