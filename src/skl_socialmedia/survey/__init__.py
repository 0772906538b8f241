"""Microdata: the :class:`Survey` type, its builder, column encoding, answers.

Every source turns its input into columns and hands them to
:meth:`Survey.from_columns`, which checks and encodes them (see
:mod:`skl_socialmedia.survey.builder`) and collects every problem found.

The three names are imported on first use (PEP 562), so that a module of the
package (``survey.encode``, say, which the tally's modules use) can be
imported without the Survey type, which imports the tally.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skl_socialmedia.survey.design import Design
    from skl_socialmedia.survey.model import Survey, register_populations

__all__ = ["Design", "Survey", "register_populations"]

_LAZY = {
    "Design": "skl_socialmedia.survey.design",
    "Survey": "skl_socialmedia.survey.model",
    "register_populations": "skl_socialmedia.survey.model",
}


def __getattr__(name: str) -> object:
    """Import a public name (or a module of the package) on first use (PEP 562)."""
    home = _LAZY.get(name)
    if home is None:
        if name.startswith("__"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        try:  # a module of the package, e.g. skl_socialmedia.survey.builder
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(
                f"module {__name__!r} has no attribute {name!r}"
            ) from None
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Every public name, imported or not, and the module's own attributes."""
    return sorted(set(globals()) | set(__all__))
