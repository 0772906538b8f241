"""Published figures and tables: as published, with their bases and status flags.

:class:`PublishedFigures` is the group × item × wave view (the embedded SKL
figures, :func:`read_published`, :meth:`PublishedFigures.from_records`);
:class:`PublishedCube` the general table of any dimensions that the
JSON-stat, PC-Axis and SDMX-CSV sources read, viewed as figures with
:func:`cube_figures` (or as a Tally with :func:`cube_tally`) under a
:class:`CubeMapping`. :class:`Flag` is the one vocabulary of status flags.
Every name is imported on first use (PEP 562).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skl_socialmedia._lazy import lazy_attributes

if TYPE_CHECKING:
    from skl_socialmedia.published.cube import (
        Dimension,
        Measure,
        Observation,
        PublishedCube,
    )
    from skl_socialmedia.published.figures import (
        PublishedFigure,
        PublishedFigures,
        Statement,
        embedded_figures,
        load_json_file,
        read_published,
    )
    from skl_socialmedia.published.flags import Flag, parse_flags
    from skl_socialmedia.published.mapping import (
        CubeMapping,
        cube_figures,
        cube_tally,
        resolve_mapping,
    )

__all__ = [
    "CubeMapping",
    "Dimension",
    "Flag",
    "Measure",
    "Observation",
    "PublishedCube",
    "PublishedFigure",
    "PublishedFigures",
    "Statement",
    "cube_figures",
    "cube_tally",
    "embedded_figures",
    "load_json_file",
    "parse_flags",
    "read_published",
    "resolve_mapping",
]

#: Where each public name lives: imported from there on first use.
_LAZY = {
    "CubeMapping": "skl_socialmedia.published.mapping",
    "Dimension": "skl_socialmedia.published.cube",
    "Flag": "skl_socialmedia.published.flags",
    "Measure": "skl_socialmedia.published.cube",
    "Observation": "skl_socialmedia.published.cube",
    "PublishedCube": "skl_socialmedia.published.cube",
    "PublishedFigure": "skl_socialmedia.published.figures",
    "PublishedFigures": "skl_socialmedia.published.figures",
    "Statement": "skl_socialmedia.published.figures",
    "cube_figures": "skl_socialmedia.published.mapping",
    "cube_tally": "skl_socialmedia.published.mapping",
    "embedded_figures": "skl_socialmedia.published.figures",
    "load_json_file": "skl_socialmedia.published.figures",
    "parse_flags": "skl_socialmedia.published.flags",
    "read_published": "skl_socialmedia.published.figures",
    "resolve_mapping": "skl_socialmedia.published.mapping",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__, globals())
