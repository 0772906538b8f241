"""Microdata: the :class:`Survey` type, its builder, column encoding, answers.

Every source turns its input into columns and hands them to
:meth:`Survey.from_columns`, which checks and encodes them (see
:mod:`skl_socialmedia.survey.builder`) and collects every problem found.

The three names are imported on first use (PEP 562), so that a module of the
package (``survey.encode``, say, which the tally's modules use) can be
imported without the Survey type, which imports the tally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skl_socialmedia._lazy import lazy_attributes

if TYPE_CHECKING:
    from skl_socialmedia.survey.design import Design
    from skl_socialmedia.survey.model import Survey, register_populations

__all__ = ["Design", "Survey", "register_populations"]

_LAZY = {
    "Design": "skl_socialmedia.survey.design",
    "Survey": "skl_socialmedia.survey.model",
    "register_populations": "skl_socialmedia.survey.model",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__, globals())
