"""What every cube source shares: its options, and what ``load`` returns.

A cube source reads a file into a
:class:`~skl_socialmedia.published.cube.PublishedCube` and returns it as
:class:`~skl_socialmedia.published.figures.PublishedFigures` — or, with the
option ``base=ITEM`` (counts and their bases published), as a
:class:`~skl_socialmedia.tally.model.Tally`, so that the report gets
intervals. The options ``wave``, ``item``, ``items``, ``by``, ``fixed``,
``base``, ``unit`` and ``lang`` make the
:class:`~skl_socialmedia.published.mapping.CubeMapping`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from skl_socialmedia.errors import UsageError
from skl_socialmedia.published.cube import PublishedCube
from skl_socialmedia.published.figures import PublishedFigures
from skl_socialmedia.published.mapping import (
    MAPPING_OPTIONS,
    cube_figures,
    cube_tally,
    mapping_from_options,
)
from skl_socialmedia.tally.model import Tally

__all__ = ["cube_result", "split_options"]


def split_options(
    name: str, options: Mapping[str, Any], own: Sequence[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split ``options`` into the reader's own and the mapping's; refuse others.

    ``register`` (passed by the command line to every source) is ignored.
    """
    known = (*own, *MAPPING_OPTIONS, "register")
    unknown = sorted(k for k in options if k not in known)
    if unknown:
        raise UsageError(
            f"the {name} source takes no option {', '.join(unknown)} "
            f"(options: {', '.join((*own, *MAPPING_OPTIONS))})"
        )
    reader = {k: options[k] for k in own if options.get(k) is not None}
    mapping = {k: options[k] for k in MAPPING_OPTIONS if options.get(k) is not None}
    return reader, mapping


def cube_result(
    cube: PublishedCube, mapping_options: Mapping[str, Any]
) -> PublishedFigures | Tally:
    """Return the cube as published figures, or as a Tally with ``base=``."""
    mapping = mapping_from_options(mapping_options)
    if mapping.base is not None:
        return cube_tally(cube, mapping)
    return cube_figures(cube, mapping)
