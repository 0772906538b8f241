"""The plugin module: the entry point ``spss`` in the group ``skl_socialmedia``.

skl-socialmedia loads this module the first time a source or format is looked
up and calls its hook. It imports only the source class: pyreadstat itself is
imported when a file is read, so a broken pyreadstat never stops the host.
"""

from __future__ import annotations

from collections.abc import Sequence

from skl_socialmedia import DataSource, hookimpl

from skl_socialmedia_spss.source import SpssSource

__all__ = ["register_data_sources"]


@hookimpl
def register_data_sources() -> Sequence[type[DataSource]]:
    """Return the SPSS data source."""
    return [SpssSource]
