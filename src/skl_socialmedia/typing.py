"""The public type aliases and protocols, in one place.

Import them for annotations in code that uses the library or plugs into it::

    from skl_socialmedia.typing import DataSource, Loaded, RateMethod

Each is defined where it is used and gathered here; the names are stable.
The protocols are defined here; every other name is imported on first use
(PEP 562), so that a plugin importing :class:`DataSource` does not import
the survey, the tally and the published figures.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from typing import TypeAlias

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

    #: What :func:`skl_socialmedia.load` and a data source's ``load`` return:
    #: microdata, counts, or figures as published.
    Loaded: TypeAlias = Survey | PublishedFigures | Tally

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


#: Where each alias lives; ``Loaded`` is built from three of them.
_HOMES = {
    "By": "skl_socialmedia.survey.model",
    "Counts": "skl_socialmedia.tally.estimates",
    "DegreesOfFreedom": "skl_socialmedia.tally.estimates",
    "DeltaMethod": "skl_socialmedia.statistics",
    "Paired": "skl_socialmedia.tally.estimates",
    "PairedMethod": "skl_socialmedia.statistics",
    "PanelCells": "skl_socialmedia.tally.spec",
    "Population": "skl_socialmedia.tally.estimates",
    "RateMethod": "skl_socialmedia.statistics",
    "Variance": "skl_socialmedia.survey.design",
}


def __getattr__(name: str) -> Any:
    """Import an alias on first use; ``Loaded`` is the union of three types."""
    if name == "Loaded":
        from skl_socialmedia.published.figures import PublishedFigures
        from skl_socialmedia.survey.model import Survey
        from skl_socialmedia.tally.model import Tally

        value: Any = Survey | PublishedFigures | Tally
    elif name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Every public name, imported or not."""
    return sorted(set(globals()) | set(__all__))
