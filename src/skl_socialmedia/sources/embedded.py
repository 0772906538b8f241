"""Built-in sources of published figures: ``embedded`` and ``published``."""

from __future__ import annotations

from typing import Any, ClassVar

from skl_socialmedia.errors import UsageError
from skl_socialmedia.published.figures import (
    PublishedFigures,
    embedded_figures,
    read_published,
)

__all__ = ["EmbeddedSource", "PublishedSource"]


def _no_options(name: str, options: dict[str, Any]) -> None:
    unknown = sorted(k for k, v in options.items() if v is not None and k != "register")
    if unknown:
        raise UsageError(f"the {name} source takes no option {', '.join(unknown)}")


class EmbeddedSource:
    """The SKL / TNS Sifo figures of 2010 and 2012 shipped with the package."""

    name: ClassVar[str] = "embedded"
    schemes: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = "the embedded SKL / TNS Sifo figures, 2010 and 2012"

    def load(self, location: str, **options: Any) -> PublishedFigures:
        """Return the embedded figures (``location`` is ignored)."""
        _no_options(self.name, options)
        return embedded_figures()


class PublishedSource:
    """Published figures in the documented JSON layout (``published://path``)."""

    name: ClassVar[str] = "published"
    schemes: ClassVar[tuple[str, ...]] = ("published",)
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = "published percentages in the documented JSON layout"

    def load(self, location: str, **options: Any) -> PublishedFigures:
        """Read published figures from ``location`` (a path or published://path)."""
        _no_options(self.name, options)
        path = location.removeprefix("published://")
        return read_published(path)
