"""The shapes of source and format classes (see :mod:`skl_socialmedia.typing`)."""

from __future__ import annotations

from skl_socialmedia.typing import DataSource, OutputFormat

__all__ = ["DataSource", "OutputFormat"]
