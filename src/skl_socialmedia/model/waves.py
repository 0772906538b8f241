"""Survey waves and single responses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from skl_socialmedia.errors import InvalidArgumentError

__all__ = ["Answer", "Response", "Wave"]

#: An answer to a yes/no item: ``True`` (yes), ``False`` (no) or ``None`` (missing).
Answer = bool | None


def _check_year(_instance: object, _attribute: object, value: int) -> None:
    if not 1900 <= value <= 2200:
        raise InvalidArgumentError(f"wave year {value!r} is not a plausible year")


def _check_id(_instance: object, _attribute: object, value: str) -> None:
    if not value.strip():
        raise InvalidArgumentError("wave id must not be empty")


@attrs.frozen
class Wave:
    """One wave of a survey: id, year, fieldwork dates and who conducted it."""

    id: str = attrs.field(validator=_check_id)
    year: int = attrs.field(validator=_check_year)
    fieldwork_start: dt.date | None = None
    fieldwork_end: dt.date | None = None
    conductor: str | None = None

    def __attrs_post_init__(self) -> None:
        start, end = self.fieldwork_start, self.fieldwork_end
        if start is not None and end is not None and end < start:
            raise InvalidArgumentError(
                f"wave {self.id!r}: fieldwork ends ({end}) before it starts ({start})"
            )


def _answers(
    value: Mapping[str, Answer] | Iterable[tuple[str, Answer]],
) -> tuple[tuple[str, Answer], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    out = tuple(sorted((str(k), v) for k, v in pairs))
    for item, answer in out:
        if answer is not None and not isinstance(answer, bool):
            raise InvalidArgumentError(
                f"answer to {item!r} must be True, False or None, not {answer!r}"
            )
    names = [item for item, _ in out]
    if len(set(names)) != len(names):
        raise InvalidArgumentError("an item is answered twice in one response")
    return out


@attrs.frozen
class Response:
    """One organisation's answers in one wave (``None`` = missing, not "no")."""

    wave: str
    org_code: str
    answers: tuple[tuple[str, Answer], ...] = attrs.field(
        converter=_answers, factory=tuple
    )

    def answer(self, item: str) -> Answer:
        """Return the answer to ``item`` (``None`` if missing or not asked)."""
        return dict(self.answers).get(item)
