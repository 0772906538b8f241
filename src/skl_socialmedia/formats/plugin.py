"""Registers the built-in output formats through the plugin hooks."""

from __future__ import annotations

from collections.abc import Sequence

from skl_socialmedia.formats.text import TextFormat
from skl_socialmedia.plugins.protocols import OutputFormat
from skl_socialmedia.plugins.specs import hookimpl

__all__ = ["register_output_formats"]


@hookimpl
def register_output_formats() -> Sequence[type[OutputFormat]]:
    """Return the built-in output formats."""
    return [TextFormat]
