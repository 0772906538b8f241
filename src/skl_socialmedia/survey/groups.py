"""Groups of rows: the combinations of attributes a table is broken down ``by``.

A grouping gives every row the integer code of its group and every group a
label (``"municipality"``, or ``"municipality / Skåne län"`` for two
attributes; a missing value is the group ``"(missing)"``). Only the
combinations that occur are groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from skl_socialmedia._parallel import chunks
from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.survey.builder import SurveyParts
from skl_socialmedia.survey.encode import MISSING_LABEL, Categorical, Codes, code_dtype

__all__ = ["Grouping", "categorical", "group_codes"]


class Grouping(NamedTuple):
    """Each row's group code, the groups' labels, and each label's parts.

    ``values`` holds per group its value of each attribute grouped by (empty
    without attributes).
    """

    codes: Codes
    labels: tuple[str, ...]
    values: tuple[tuple[str, ...], ...] = ()


def categorical(parts: SurveyParts, name: str) -> Categorical:
    """Return a column of labels: ``wave``, ``org_code`` or an attribute."""
    if name == "wave":
        return Categorical(parts.wave, parts.waves)
    if name == "org_code":
        return Categorical(parts.org, parts.orgs)
    if name in parts.attributes:
        return parts.attributes[name]
    raise UnknownNameError(
        "attribute", name, ("wave", "org_code", *tuple(parts.attributes))
    )


def _all_used(cat: Categorical) -> bool:
    """Return whether every label of ``cat`` occurs and no value is missing."""
    n = len(cat.codes)
    counts = np.zeros(len(cat.labels) + 1, np.int64)
    buffer = np.empty(min(n, 1 << 18), np.intp)
    for part in chunks(n, 1 << 18):
        shifted = buffer[: part.stop - part.start]
        np.add(cat.codes[part], 1, out=shifted, dtype=np.intp)  # missing: 0
        counts += np.bincount(shifted, minlength=len(counts))
    return bool(counts[0] == 0) and bool(np.all(counts[1:] > 0))


def group_codes(parts: SurveyParts, names: Sequence[str]) -> Grouping:
    """Return the grouping of the rows by the attributes ``names``.

    No names: one group, ``"all"``. One attribute whose every label occurs
    (and none is missing) is its own grouping, without a copy.
    """
    n = len(parts.wave)
    if not names:
        return Grouping(np.zeros(n, dtype=np.int8), ("all",))
    cats = [categorical(parts, name) for name in names]
    if len(cats) == 1 and _all_used(cats[0]):
        labels = tuple(cats[0].labels)
        return Grouping(cats[0].codes, labels, tuple((label,) for label in labels))
    # Each attribute's codes with missing as one more code, combined into
    # one key per row (mixed radix).
    sizes = [len(cat.labels) + 1 for cat in cats]
    span = int(np.prod(sizes, dtype=np.float64))

    def combined(part: slice) -> npt.NDArray[np.int64]:
        key = np.zeros(len(range(n)[part]), dtype=np.int64)
        for cat, size in zip(cats, sizes, strict=True):
            codes = cat.codes[part].astype(np.int64)
            codes[codes < 0] = size - 1
            key *= size
            key += codes
        return key

    group: Codes
    if span <= 4 * n + (1 << 16):
        seen = np.zeros(span, dtype=bool)
        for part in chunks(n):
            seen[combined(part)] = True
        present = np.flatnonzero(seen)
        dtype = code_dtype(len(present))
        lut = np.full(span, -1, dtype=dtype)
        lut[present] = np.arange(len(present), dtype=dtype)
        group = np.empty(n, dtype=dtype)
        for part in chunks(n):
            np.take(lut, combined(part), out=group[part])
    else:
        present, inverse = np.unique(combined(slice(None)), return_inverse=True)
        group = inverse.reshape(-1).astype(code_dtype(len(present)))
    values = []
    for key in present.tolist():
        label = []
        for cat, size in zip(reversed(cats), reversed(sizes), strict=True):
            key, code = divmod(key, size)
            label.append(MISSING_LABEL if code == size - 1 else cat.labels[code])
        values.append(tuple(reversed(label)))
    labels = tuple(" / ".join(parts) for parts in values)
    return Grouping(group, labels, tuple(values))
