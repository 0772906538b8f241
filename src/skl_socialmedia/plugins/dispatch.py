"""``load`` and ``render``: the front doors, through the plugin manager."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.plugins.manager import (
    get_plugin_manager,
    guarded_load,
    guarded_render,
)

if TYPE_CHECKING:
    from skl_socialmedia.report.model import Report
    from skl_socialmedia.typing import Loaded

__all__ = ["load", "render"]


def _shown(value: object) -> str:
    """``value`` for an error message: its repr (shortened) and its type."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} (of type {type(value).__name__})"


def _text(value: object, what: str, expected: str) -> str:
    """Return ``value`` as text: a str, or a path (``pathlib.Path``) as a str."""
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str):
        raise InvalidArgumentError(
            f"the {what} must be {expected}, not {_shown(value)}"
        )
    if not value.strip():
        raise InvalidArgumentError(f"an empty {what} ({value!r}): give {expected}")
    return value


_SOURCE = "a source name ('embedded'), a URI (csv://PATH) or a file path"


def checked_source(source: object) -> str:
    """Check a ``load`` source and return it as text (a path becomes a str).

    Anything but text or a path, an empty source, and a built-in source's URI
    that names no file (``csv://``) are
    :class:`~skl_socialmedia.errors.InvalidArgumentError`.
    """
    location = _text(source, "source", _SOURCE)
    scheme, sep, rest = location.partition("://")
    if sep and not rest.strip():
        cls = get_plugin_manager().resolve_source(location)
        if cls.__module__.startswith("skl_socialmedia."):
            raise InvalidArgumentError(
                f"no file named in the source {location!r}: give {scheme}://PATH"
            )
    return location


def _is_frame(source: object) -> bool:
    """Return whether ``source`` is columns in memory (a data frame, a mapping …)."""
    if isinstance(source, str | bytes | os.PathLike):
        return False
    return isinstance(source, Mapping) or any(
        hasattr(source, name)
        for name in ("__arrow_c_stream__", "collect", "column_names", "columns")
    )


def load(source: str | os.PathLike[str] | Any = "embedded", **options: Any) -> Loaded:
    """Load ``source`` through the data source that claims it.

    ``source`` is a source name (``"embedded"``), a URI (``scheme://…``) or a
    file path (a str or a :class:`pathlib.Path`), resolved in that order; or
    columns in memory — a pandas or polars data frame, a pyarrow table, a
    DuckDB relation, anything with ``__arrow_c_stream__``, a mapping of column
    name to values — given to :meth:`Survey.from_columns
    <skl_socialmedia.survey.model.Survey.from_columns>` with the ``options``.
    Returns a :class:`~skl_socialmedia.Survey` (microdata), a
    :class:`~skl_socialmedia.Tally` (counts) or, for sources of published
    figures, :class:`~skl_socialmedia.PublishedFigures`; a third-party source
    that fails or returns anything else is a
    :class:`~skl_socialmedia.errors.PluginError` naming its plugin. A source
    that is not text or a path, or is empty, is an
    :class:`~skl_socialmedia.errors.InvalidArgumentError`.
    """
    if _is_frame(source):
        from skl_socialmedia.survey.model import Survey

        return Survey.from_columns(source, **options)
    location = checked_source(source)
    cls = get_plugin_manager().resolve_source(location)
    return guarded_load(cls, location, **options)


def render(
    report: Report, format: str | os.PathLike[str] = "text", **options: Any
) -> str | bytes:
    """Render ``report`` in ``format`` (a format name or a file name's suffix).

    ``report`` must be a :class:`~skl_socialmedia.report.model.Report` and
    ``format`` text or a path; anything else is an
    :class:`~skl_socialmedia.errors.InvalidArgumentError`.
    """
    from skl_socialmedia.report.model import Report

    if not isinstance(report, Report):
        raise InvalidArgumentError(
            "render() needs a Report (from report_from_survey, report_from_tally "
            f"or report_from_published), not {_shown(report)}"
        )
    name = _text(format, "format", "a format name or a file name")
    cls = get_plugin_manager().resolve_format(name)
    return guarded_render(cls, report, **options)
