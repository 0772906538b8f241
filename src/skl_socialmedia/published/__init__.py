"""Published figures: percentages as published, with their bases where known."""

from __future__ import annotations

from skl_socialmedia.published.figures import (
    PublishedFigure,
    PublishedFigures,
    Statement,
    embedded_figures,
    load_json_file,
    read_published,
)

__all__ = [
    "PublishedFigure",
    "PublishedFigures",
    "Statement",
    "embedded_figures",
    "load_json_file",
    "read_published",
]
