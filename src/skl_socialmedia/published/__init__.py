"""Published figures and tables: as published, with their bases and status flags.

:class:`PublishedFigures` is the group × item × wave view (the embedded SKL
figures, :func:`read_published`, :meth:`PublishedFigures.from_records`);
:class:`PublishedCube` the general table of any dimensions that the
JSON-stat, PC-Axis and SDMX-CSV sources read, viewed as figures with
:func:`cube_figures` (or as a Tally with :func:`cube_tally`) under a
:class:`CubeMapping`. :class:`Flag` is the one vocabulary of status flags.
"""

from __future__ import annotations

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
