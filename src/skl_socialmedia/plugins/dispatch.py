"""``load`` and ``render``: the front doors, through the plugin manager."""

from __future__ import annotations

from typing import Any

from skl_socialmedia.plugins.manager import get_plugin_manager
from skl_socialmedia.report.model import Report

__all__ = ["load", "render"]


def load(source: str = "embedded", **options: Any) -> Any:
    """Load ``source`` through the data source that claims it.

    ``source`` is a source name (``"embedded"``), a URI (``scheme://…``) or a
    file path, resolved in that order. Returns a
    :class:`~skl_socialmedia.Survey` or, for sources of published figures,
    :class:`~skl_socialmedia.PublishedFigures`.
    """
    cls = get_plugin_manager().resolve_source(source)
    return cls().load(source, **options)


def render(report: Report, format: str = "text", **options: Any) -> str | bytes:
    """Render ``report`` in ``format`` (a format name or a file name's suffix)."""
    cls = get_plugin_manager().resolve_format(format)
    return cls().render(report, **options)
