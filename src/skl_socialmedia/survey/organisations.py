"""Checking organisation codes, ``org_kind`` and counties against the register."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model.organisations import Organisation, OrgKind
from skl_socialmedia.model.register import Register, get_register
from skl_socialmedia.problems import Problems
from skl_socialmedia.survey.encode import (
    Categorical,
    Codes,
    IntegerLabels,
    code_dtype,
    encode,
)

__all__ = ["register_populations"]


def register_populations(register: Register | str = "se") -> dict[str, int]:
    """Return the number of organisations per ``org_kind`` in a register.

    For the Swedish register: ``{"municipality": 290, "county_council": 20}``,
    ready for ``population=`` with ``by="org_kind"``.
    """
    resolved = get_register(register)
    if resolved is None:
        raise InvalidArgumentError("register_populations needs a register")
    return {kind.value: count for kind, count in resolved.populations.items()}


def _constant(value: object) -> Callable[[int], object]:
    return lambda _row: value


def _zero_padded(code: str, register: Register) -> str | None:
    """Return ``code`` with the leading zeros a spreadsheet drops, if that is known."""
    if code.isdigit():
        for width in (4, 2):
            padded = code.zfill(width)
            if padded != code and padded in register:
                return padded
    return None


def _in_register(labels: Sequence[str], register: Register) -> dict[int, Organisation]:
    """Return the organisations of the register among ``labels``, by position.

    Linear in the labels (a dict look-up each); labels of an integer column
    are looked up from the register's side (a search per register code).
    """
    if isinstance(labels, IntegerLabels) and len(labels) > len(register):
        found = {}
        for org in register:
            if org.code in labels:
                found[labels.index(org.code)] = org
        return found
    return {i: register.get(code) for i, code in enumerate(labels) if code in register}


def _check_orgs(
    codes: Codes,
    labels: Sequence[str],
    register: Register | None,
    known: Mapping[int, Organisation],
    problems: Problems,
) -> None:
    """Report every row whose organisation code is not in the register.

    ``known`` is :func:`_in_register` of the labels. One pass over the rows
    (a look-up table per label), whatever the number of codes.
    """
    if register is None or len(known) == len(labels):
        return
    unknown = np.ones(len(labels) + 1, dtype=bool)  # the last for code -1
    unknown[list(known)] = False
    unknown[-1] = False
    rows = np.flatnonzero(unknown[codes])
    hints: dict[int, str] = {}

    def message(row: int) -> str:
        code = int(codes[row])
        if code not in hints:
            padded = _zero_padded(labels[code], register)
            hints[code] = (
                ""
                if padded is None
                else f" (leading zeros lost? {padded!r} is known; read codes as text)"
            )
        return f"unknown organisation code in register {register.name!r}{hints[code]}"

    problems.add_rows(
        message, rows, column="org_code", values=lambda row: labels[codes[row]]
    )


def _org_kind(
    values: object | None,
    org: Codes,
    orgs: Sequence[str],
    register: Register | None,
    known: Mapping[int, Organisation],
    problems: Problems,
) -> Categorical | None:
    kinds = [k.value for k in OrgKind]
    expected: Codes | None = None
    if register is not None:
        per_org = np.full(len(orgs) + 1, -1, dtype=np.int8)  # the last for code -1
        for i, organisation in known.items():
            per_org[i] = kinds.index(organisation.kind.value)
        expected = per_org[org]
    if values is None:
        return None if expected is None else Categorical(expected, tuple(kinds))
    codes, labels = encode(values)
    parsed: list[str] = []
    for label in labels:
        try:
            parsed.append(OrgKind.parse(label).value)
        except UnknownNameError as error:
            if register is not None:
                problems.add_rows(
                    str(error),
                    np.flatnonzero(codes == labels.index(label)),
                    column="org_kind",
                    values=_constant(label),
                )
            parsed.append(label)
    if expected is None:
        names = [k for k in kinds if k in parsed] + sorted(set(parsed) - set(kinds))
        remap = np.array(
            [names.index(p) for p in parsed] + [-1], dtype=code_dtype(len(names))
        )
        return Categorical(remap[codes], tuple(names))
    remap = np.array(
        [kinds.index(p) if p in kinds else -1 for p in parsed] + [-1], dtype=np.int8
    )
    given = remap[codes]
    blank = codes < 0
    given[blank] = expected[blank]
    gotland = [i for i, organisation in known.items() if organisation.regional_role]
    regional = np.isin(org, gotland)
    wrong = np.flatnonzero(
        (given != expected) & (given >= 0) & (expected >= 0) & ~regional
    )
    problems.add_rows(
        lambda row: (
            f"organisation {orgs[org[row]]!r} is a {kinds[expected[row]]} "
            "in the register"
        ),
        wrong,
        column="org_kind",
        values=lambda row: labels[codes[row]],
    )
    return Categorical(given, tuple(kinds))


def _county(
    org: Codes,
    orgs: Sequence[str],
    register: Register | None,
    known: Mapping[int, Organisation],
) -> Categorical | None:
    if register is None or not register.counties:
        return None
    counties = register.counties
    names = [c.name for c in counties]
    codes = {c.code: names.index(c.name) for c in counties}
    dtype = code_dtype(len(names))
    per_org = np.full(len(orgs) + 1, -1, dtype=dtype)  # the last for code -1
    for i, organisation in known.items():
        if organisation.county is not None:
            per_org[i] = codes.get(organisation.county, -1)
    return Categorical(per_org[org], tuple(names))
