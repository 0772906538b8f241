"""What a tally's labels stand for: the ``by`` attributes of its groups, its waves.

A group label joins the values of the ``by`` attributes (``"DE / large"``);
:attr:`~skl_socialmedia.tally.model.Tally.group_values` keeps them apart, so
that a table can give one column per attribute. Waves are text labels;
:attr:`~skl_socialmedia.tally.model.Tally.wave_values` keeps the numbers they
were when the wave column was numeric. Both are optional (empty: unknown) and
survive a merge where both parts know them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from skl_socialmedia.errors import InvalidArgumentError

__all__ = [
    "check_labels",
    "group_values",
    "label_fields",
    "merged_labels",
    "wave_values",
]

WaveValue = int | float | str


def group_values(value: Sequence[Sequence[object]]) -> tuple[tuple[str, ...], ...]:
    """Convert per-group attribute values to a tuple of tuples of text."""
    return tuple(tuple(str(v) for v in values) for values in value)


def wave_values(value: Sequence[object]) -> tuple[WaveValue, ...]:
    """Convert the waves' values: numbers stay numbers, anything else is text."""
    return tuple(
        v if isinstance(v, int | float) and not isinstance(v, bool) else str(v)
        for v in value
    )


def label_fields(
    by: Sequence[str],
    values: Sequence[Sequence[object]],
    waves: Sequence[object],
) -> dict[str, Any]:
    """Return a counted tally's label fields: ``by``, ``group_values``, ``wave_values``.

    ``values`` are the groups' attribute values (kept only with ``by``),
    ``waves`` the numbers of a numeric wave column; none without either.
    """
    if not (by or waves):
        return {}
    return {"by": by, "group_values": values if by else (), "wave_values": waves}


def check_labels(
    waves: Sequence[str],
    groups: Sequence[str],
    by: Sequence[str],
    values: Sequence[Sequence[str]],
    numbers: Sequence[WaveValue],
) -> None:
    """Raise unless the group values and wave values fit the labels."""
    if values and len(values) != len(groups):
        raise InvalidArgumentError(
            f"group_values has {len(values)} entries for {len(groups)} groups"
        )
    for label, parts in zip(groups, values, strict=False):
        if len(parts) != len(by):
            raise InvalidArgumentError(
                f"group {label!r} has {len(parts)} values for the {len(by)} "
                f"attributes of by={list(by)}"
            )
    if numbers and len(numbers) != len(waves):
        raise InvalidArgumentError(
            f"wave_values has {len(numbers)} entries for {len(waves)} waves"
        )


def _aligned(
    labels: Sequence[str], parts: Sequence[tuple[Sequence[str], Sequence[Any]]]
) -> tuple[Any, ...]:
    """Return each label's value from the parts that know theirs, or ``()``."""
    known: dict[str, Any] = {}
    for part_labels, part_values in parts:
        if not part_values:
            return ()
        for label, value in zip(part_labels, part_values, strict=True):
            if known.setdefault(label, value) != value:
                raise InvalidArgumentError(
                    f"cannot add tallies: {label!r} stands for {known[label]!r} "
                    f"in one and {value!r} in the other"
                )
    return tuple(known[label] for label in labels)


def merged_labels(
    a: Any, b: Any, waves: Sequence[str], groups: Sequence[str]
) -> dict[str, Any]:
    """Return ``by``, ``group_values`` and ``wave_values`` of the sum ``a + b``."""
    if a.by and b.by and a.by != b.by:
        raise InvalidArgumentError(
            f"cannot add tallies grouped by {list(a.by)} and by {list(b.by)}"
        )
    return {
        "by": a.by or b.by,
        "group_values": _aligned(
            groups, [(a.groups, a.group_values), (b.groups, b.group_values)]
        ),
        "wave_values": _aligned(
            waves, [(a.waves, a.wave_values), (b.waves, b.wave_values)]
        ),
    }
