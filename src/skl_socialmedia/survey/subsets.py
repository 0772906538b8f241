"""Rows of a survey: selecting them by attribute values, and taking them."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.model.organisations import OrgKind
from skl_socialmedia.survey.builder import SurveyParts
from skl_socialmedia.survey.encode import MISSING_LABEL, Categorical

__all__ = ["take_rows", "wanted_codes"]


def _values(value: object) -> list[object]:
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


def wanted_codes(name: str, cat: Categorical, value: object) -> list[int]:
    """Return the codes of ``cat`` (attribute ``name``) that ``value`` names.

    ``value`` is one value or a collection of them; ``org_kind`` values are
    parsed (``"kommun"`` is ``municipality``); ``"(missing)"`` is the missing
    code -1. A value the attribute never takes is an error.
    """
    codes = []
    for v in _values(value):
        if isinstance(v, OrgKind):
            text = v.value
        elif name == "org_kind" and isinstance(v, str):
            try:
                text = OrgKind.parse(v).value
            except UnknownNameError:
                text = v.strip()
        else:
            text = str(v).strip()
        if text == MISSING_LABEL:
            codes.append(-1)
        elif text in cat.labels:
            codes.append(cat.labels.index(text))
        else:
            raise UnknownNameError(f"value of {name!r}", v, cat.labels)
    return codes


def take_rows(parts: SurveyParts, rows: npt.NDArray[np.intp]) -> SurveyParts:
    """Return the survey parts of ``rows`` only (labels and items unchanged)."""
    return SurveyParts(
        parts.waves,
        parts.wave[rows],
        parts.orgs,
        parts.org[rows],
        parts.items,
        np.asfortranarray(parts.answers[rows]),
        None if parts.weights is None else parts.weights[rows],
        {k: c.take(rows) for k, c in parts.attributes.items()},
        parts.wave_values,
    )
