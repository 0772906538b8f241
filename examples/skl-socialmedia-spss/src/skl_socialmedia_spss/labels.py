"""Value labels of yes/no items, and the answer each one stands for.

A label is read, after trimming, folding case and collapsing spaces, as:

- any answer spelling skl-socialmedia accepts: ``Ja``/``Nej``, ``Yes``/``No``,
  ``True``/``False``, ``1``/``0``, ``J``/``N``, ``Y``/``N``, ``Sant``/``Falskt``;
- the two states of a multiple-response box: ``Markerad``/``Ej markerad``,
  ``Vald``/``Ej vald``, ``Selected``/``Not selected``, ``Checked``/``Not checked``;
- a missing answer: ``Vet ej``, ``Vet inte``, ``Ej svar``, ``Inget svar``,
  ``Svar saknas``, ``Uppgift saknas``, ``Vill ej svara``, ``Ej aktuellt``,
  ``Don't know``, ``No answer``, ``Refused``, ``Not applicable``, ``N/A``,
  ``Missing`` (see :data:`MISSING_LABELS`).

Anything else is unknown: the source raises an error naming it, and the caller
maps it with ``answer_labels={"Kanske": None}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.survey.answers import MISSING, NO, YES, read_answer

__all__ = [
    "BOX_LABELS",
    "MISSING_LABELS",
    "label_code",
    "normalise_label",
    "user_label_codes",
]

#: The states of a multiple-response box ("mark every channel you use").
BOX_LABELS: Mapping[str, int] = {
    "markerad": YES,
    "ikryssad": YES,
    "vald": YES,
    "selected": YES,
    "checked": YES,
    "ej markerad": NO,
    "inte markerad": NO,
    "ej ikryssad": NO,
    "inte ikryssad": NO,
    "ej vald": NO,
    "inte vald": NO,
    "not selected": NO,
    "not checked": NO,
    "unchecked": NO,
}

#: Labels that mean the answer is missing (never "no").
MISSING_LABELS: frozenset[str] = frozenset(
    {
        "vet ej",
        "vet inte",
        "ej svar",
        "inget svar",
        "svar saknas",
        "uppgift saknas",
        "saknas",
        "vill ej svara",
        "vill inte svara",
        "ej aktuellt",
        "inte aktuellt",
        "ej tillämpligt",
        "don't know",
        "dont know",
        "do not know",
        "no answer",
        "not answered",
        "refused",
        "not applicable",
        "n/a",
        "missing",
    }
)

_SPACES = re.compile(r"\s+")


def normalise_label(label: str) -> str:
    """Return ``label`` trimmed, in lower case, with single spaces and plain quotes."""
    text = label.replace("\u2019", "'").replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip().lower()


def user_label_codes(answer_labels: Mapping[str, bool | None]) -> dict[str, int]:
    """Turn ``answer_labels`` (label → True, False or None) into answer codes."""
    codes: dict[str, int] = {}
    for label, answer in answer_labels.items():
        if answer is not None and not isinstance(answer, bool):
            raise InvalidArgumentError(
                f"answer_labels[{label!r}] must be True, False or None, not {answer!r}"
            )
        codes[normalise_label(label)] = (
            MISSING if answer is None else YES if answer else NO
        )
    return codes


def label_code(label: str, extra: Mapping[str, int] | None = None) -> int | None:
    """Return the answer code a label stands for, or ``None`` when it is unknown.

    Codes are skl-socialmedia's: ``1`` yes, ``0`` no, ``-1`` missing. ``extra``
    (normalised label → code, see :func:`user_label_codes`) is looked up first.
    """
    key = normalise_label(label)
    if extra and key in extra:
        return extra[key]
    if key in MISSING_LABELS:
        return MISSING
    code = BOX_LABELS.get(key)
    if code is not None:
        return code
    return read_answer(key)
