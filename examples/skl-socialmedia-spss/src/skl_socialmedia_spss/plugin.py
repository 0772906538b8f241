"""The plugin module: the entry point ``spss`` in the group ``skl_socialmedia``.

skl-socialmedia imports this module when it collects its plugins, on every
start of the command line, and calls its hook. The hook declares the source
by name, so that neither the source nor pyreadstat nor the host's Survey is
imported until a ``.sav`` file is read: a plugin costs the host's start-up
nothing, and a broken pyreadstat never stops it.
"""

from __future__ import annotations

from collections.abc import Sequence

from skl_socialmedia.plugins import Declared, hookimpl, lazy_source

__all__ = ["register_data_sources"]


@hookimpl
def register_data_sources() -> Sequence[Declared]:
    """Return the SPSS data source, declared by name."""
    return [
        lazy_source(
            "skl_socialmedia_spss.source:SpssSource",
            "spss",
            suffixes=(".sav", ".zsav"),
            description=(
                "microdata from SPSS .sav/.zsav files; value labels read as answers"
            ),
        )
    ]
