"""Microdata: the :class:`Survey` type, its builder, column encoding, answers.

Every source turns its input into columns and hands them to
:meth:`Survey.from_columns`, which checks and encodes them (see
:mod:`skl_socialmedia.survey.builder`) and collects every problem found.
"""

from __future__ import annotations

from skl_socialmedia.survey.design import Design
from skl_socialmedia.survey.model import Survey, register_populations

__all__ = ["Design", "Survey", "register_populations"]
