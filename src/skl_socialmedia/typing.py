"""The public type aliases and protocols, in one place.

Import them for annotations in code that uses the library or plugs into it::

    from skl_socialmedia.typing import DataSource, Loaded, RateMethod

Each is defined where it is used and gathered here; the names are stable.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, TypeAlias, runtime_checkable

from skl_socialmedia.published.figures import PublishedFigures
from skl_socialmedia.report.model import Report
from skl_socialmedia.statistics import DeltaMethod, PairedMethod, RateMethod
from skl_socialmedia.survey.design import Variance
from skl_socialmedia.survey.model import By, Survey
from skl_socialmedia.tally.estimates import (
    Counts,
    DegreesOfFreedom,
    Paired,
    Population,
)
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.spec import PanelCells

__all__ = [
    "By",
    "Counts",
    "DataSource",
    "DegreesOfFreedom",
    "DeltaMethod",
    "Loaded",
    "OutputFormat",
    "Paired",
    "PairedMethod",
    "PanelCells",
    "Population",
    "RateMethod",
    "Variance",
]

#: What :func:`skl_socialmedia.load` and a data source's ``load`` return:
#: microdata, counts, or figures as published.
Loaded: TypeAlias = Survey | PublishedFigures | Tally


@runtime_checkable
class DataSource(Protocol):
    """A data source: reads a location into a survey, a tally or published figures.

    ``name`` is what ``--source NAME`` selects; ``schemes`` are URI schemes it
    reads (``kolada`` for ``kolada://…``); ``suffixes`` the file suffixes
    (``.sav``), lower case with the dot.
    """

    name: ClassVar[str]
    schemes: ClassVar[tuple[str, ...]]
    suffixes: ClassVar[tuple[str, ...]]
    description: ClassVar[str]

    def load(self, location: str, **options: Any) -> Loaded:
        """Read ``location`` and return a Survey, a Tally or PublishedFigures."""
        ...


@runtime_checkable
class OutputFormat(Protocol):
    """An output format: renders a report as ``str`` or ``bytes``."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    media_type: ClassVar[str]
    description: ClassVar[str]

    def render(self, report: Report, **options: Any) -> str | bytes:
        """Render ``report``; options include ``lang``."""
        ...
