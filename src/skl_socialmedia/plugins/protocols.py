"""The shapes of data-source and output-format classes, as typing Protocols."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from skl_socialmedia.report.model import Report

__all__ = ["DataSource", "OutputFormat"]


@runtime_checkable
class DataSource(Protocol):
    """A data source: reads a location into a survey or published figures.

    ``name`` is what ``--source NAME`` selects; ``schemes`` are URI schemes it
    reads (``kolada`` for ``kolada://…``); ``suffixes`` the file suffixes
    (``.sav``), lower case with the dot.
    """

    name: ClassVar[str]
    schemes: ClassVar[tuple[str, ...]]
    suffixes: ClassVar[tuple[str, ...]]
    description: ClassVar[str]

    def load(self, location: str, **options: Any) -> Any:
        """Read ``location`` and return a Survey or PublishedFigures."""
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
