"""``load`` and ``render``: the front doors, through the plugin manager."""

from __future__ import annotations

from typing import Any

from skl_socialmedia.errors import PluginError
from skl_socialmedia.plugins.manager import get_plugin_manager
from skl_socialmedia.published.figures import PublishedFigures
from skl_socialmedia.report.model import Report
from skl_socialmedia.survey.model import Survey
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.typing import Loaded

__all__ = ["load", "render"]


def load(source: str = "embedded", **options: Any) -> Loaded:
    """Load ``source`` through the data source that claims it.

    ``source`` is a source name (``"embedded"``), a URI (``scheme://…``) or a
    file path, resolved in that order. Returns a
    :class:`~skl_socialmedia.Survey` (microdata), a
    :class:`~skl_socialmedia.Tally` (counts) or, for sources of published
    figures, :class:`~skl_socialmedia.PublishedFigures`; a source that returns
    anything else is a :class:`~skl_socialmedia.errors.PluginError`.
    """
    cls = get_plugin_manager().resolve_source(source)
    loaded: object = cls().load(source, **options)
    if not isinstance(loaded, Survey | PublishedFigures | Tally):
        raise PluginError(
            f"the data source {cls.name!r} returned a {type(loaded).__name__}, "
            "not a Survey, Tally or PublishedFigures"
        )
    return loaded


def render(report: Report, format: str = "text", **options: Any) -> str | bytes:
    """Render ``report`` in ``format`` (a format name or a file name's suffix)."""
    cls = get_plugin_manager().resolve_format(format)
    return cls().render(report, **options)
