"""The hook specifications: what a plugin may implement.

Both hooks take no arguments and return classes; the class is the metadata
(``name``, ``schemes``, ``suffixes``, and for formats ``media_type``). A hook
may return a declaration instead (:func:`~skl_socialmedia.plugins.lazy_source`,
:func:`~skl_socialmedia.plugins.lazy_format`): the class by name, imported
when it is chosen. New
arguments may be added to a hook later (a plugin may accept fewer arguments
than its spec), but none will be removed.
"""

from __future__ import annotations

from collections.abc import Sequence

import pluggy

from skl_socialmedia.plugins.protocols import DataSource, OutputFormat

__all__ = [
    "PROJECT",
    "hookimpl",
    "hookspec",
    "register_data_sources",
    "register_output_formats",
]

#: The pluggy project name, also the entry-point group of plugins.
PROJECT = "skl_socialmedia"

hookspec = pluggy.HookspecMarker(PROJECT)
#: The marker plugins put on their hook implementations.
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_data_sources() -> Sequence[type[DataSource]]:  # type: ignore[empty-body]
    """Return the data-source classes this plugin provides.

    Each class carries ``name``, ``schemes`` and ``suffixes``, is instantiated
    with no arguments, and its ``load(location, **options)`` returns a
    :class:`~skl_socialmedia.Survey` (or published figures).
    """


@hookspec
def register_output_formats() -> Sequence[type[OutputFormat]]:  # type: ignore[empty-body]
    """Return the output-format classes this plugin provides.

    Each class carries ``name``, ``suffixes`` and ``media_type``, is
    instantiated with no arguments, and its ``render(report, **options)``
    returns ``str`` or ``bytes``.
    """
