"""Answers to yes/no items, parsed column-wise to ``int8`` codes.

Codes: ``1`` yes, ``0`` no, ``-1`` missing — missing is never read as "no".
Accepted, in any case and with surrounding spaces ignored:

- booleans (no missing values possible);
- numbers 1 and 0, with NaN or ``None`` for missing;
- strings ``1``/``0`` (also ``1.0``/``0.0`` and ``1,0``/``0,0``, as spreadsheets
  write them), ``ja``/``nej``, ``yes``/``no``, ``true``/``false``, ``j``/``n``,
  ``y``/``n``, ``sant``/``falskt``; a blank string is missing.

Anything else is an error that names its position. Parsing is vectorised: a
string column costs one ``np.unique`` and a look-up per distinct spelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from skl_socialmedia._jit import kernels
from skl_socialmedia._parallel import chunks
from skl_socialmedia.errors import DataError, DataErrorGroup, Location
from skl_socialmedia.survey.arrow_answers import (
    arrow_answer_codes,
    arrow_chunks,
    mask_missing,
)
from skl_socialmedia.survey.encode import factorizable, factorize, to_array

__all__ = [
    "ACCEPTED",
    "MISSING",
    "NO",
    "YES",
    "answer_codes",
    "answer_errors",
    "parse_answers",
    "read_answer",
]

#: Code of a yes answer.
YES = 1
#: Code of a no answer.
NO = 0
#: Code of a missing answer (blank, NaN, ``None``).
MISSING = -1

_YES = ("1", "1.0", "1,0", "ja", "j", "yes", "y", "true", "sant")
_NO = ("0", "0.0", "0,0", "nej", "n", "no", "false", "falskt")
_SPELLINGS: dict[str, int] = {
    **dict.fromkeys(_YES, YES),
    **dict.fromkeys(_NO, NO),
    "": MISSING,
}

#: A one-line description of the accepted spellings, for error messages.
ACCEPTED = (
    "1/0, ja/nej, yes/no, true/false, j/n, y/n, sant/falskt (any case); "
    "blank for missing"
)

Codes = npt.NDArray[np.int8]
Mask = npt.NDArray[np.bool_]


def read_answer(text: str) -> int | None:
    """Return the code of one answer string, or ``None`` if it is not recognised."""
    return _SPELLINGS.get(text.strip().lower())


def _lookup(values: Sequence[object], size: int) -> tuple[Codes, Mask]:
    """Return the code of each distinct value and whether it is not an answer.

    Both arrays have ``size`` entries (at least one per value; the others
    stay missing and good); missing objects (None, NaN, NA) are missing.
    """
    lut = np.full(size, MISSING, dtype=np.int8)
    bad = np.zeros(size, dtype=bool)
    for i, value in enumerate(values):
        if _is_missing_object(value):
            continue
        code = read_answer(str(value))
        if code is None:
            bad[i] = True
        else:
            lut[i] = code
    return lut, bad


def _from_strings(values: npt.NDArray[Any], codes: Codes) -> Mask:
    uniq, inverse = np.unique(values, return_inverse=True)
    lut, bad = _lookup(uniq.tolist(), len(uniq))
    inverse = inverse.reshape(-1)
    codes[...] = lut[inverse]
    result: Mask = bad[inverse]
    return result


def _is_missing_object(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return bool(value != value)
    return type(value).__name__ in ("NAType", "NaTType")


_missing_objects = np.frompyfunc(_is_missing_object, 1, 1)


def _from_objects(values: npt.NDArray[Any], codes: Codes) -> Mask:
    with np.errstate(invalid="ignore"):
        missing = np.asarray(_missing_objects(values), dtype=bool)
    present = ~missing
    bad = np.zeros(len(values), dtype=bool)
    codes[missing] = MISSING
    if present.any():
        sub_codes = np.empty(int(present.sum()), dtype=np.int8)
        sub_bad = _from_strings(values[present].astype(str), sub_codes)
        codes[present] = sub_codes
        bad[present] = sub_bad
    return bad


#: Rows per piece when parsing a number column: a piece and its temporaries
#: stay in a core's cache (1 MiB of floats); smaller pieces make the pool's
#: threads queue for the GIL, bigger ones spill (issue 19).
_PIECE = 1 << 17


#: The column types the compiled kernel takes (each type is compiled once).
_COMPILED = (np.dtype(np.float64), np.dtype(np.int64))


def _count_bad_numbers(values: npt.NDArray[Any], codes: Codes) -> int:
    """Write the codes of a number column piece by piece; count the bad values.

    One pass that keeps its temporaries in cache: 1 → yes, 0 → no, NaN →
    missing. The good values are the zeros and the rows coded yes or
    missing (codes not 0). Bad values get an arbitrary code here;
    :func:`_from_numbers` redoes a column that has any. A long column of
    floats or integers goes to the compiled kernel where there is one (the
    ``jit`` extra: one loop that holds no GIL, see :mod:`skl_socialmedia._jit`).
    """
    compiled = kernels(len(values))
    if compiled is not None and values.dtype in _COMPILED:
        return int(compiled.answer_codes(values, codes))
    bad = 0
    floats = values.dtype.kind == "f"
    size = min(_PIECE, len(values))
    first, second = np.empty(size, np.bool_), np.empty(size, np.bool_)
    for part in chunks(len(values), _PIECE):
        m = part.stop - part.start
        x, out = values[part], codes[part]
        yes = np.equal(x, 1, out=first[:m])
        if floats:
            nan = np.isnan(x, out=second[:m])
            np.subtract(yes.view(np.int8), nan.view(np.int8), out=out)
        else:
            out[...] = yes
        zero = np.equal(x, 0, out=second[:m])
        bad += m - np.count_nonzero(out) - np.count_nonzero(zero)
    return bad


def _from_numbers(values: npt.NDArray[Any], codes: Codes) -> Mask:
    """Parse a number column with bad values (see :func:`_count_bad_numbers`)."""
    yes = values == 1
    no = values == 0
    codes.fill(MISSING)
    codes[yes] = YES
    codes[no] = NO
    ok = yes | no
    if values.dtype.kind == "f":
        ok |= np.isnan(values)
    result: Mask = ~ok
    return result


def _from_factorized(
    values: Any, out: Codes | None
) -> tuple[Codes, npt.NDArray[np.intp]]:
    """Parse a data-frame column of text or nullable values by its ``factorize``."""
    codes_f, uniques = factorize(values)
    lut, bad = _lookup(uniques, len(uniques) + 1)  # the last for code -1
    codes = np.empty(len(codes_f), dtype=np.int8) if out is None else out
    if codes.shape != codes_f.shape:
        raise DataError(
            f"answer column of length {len(codes_f)} for {codes.shape} codes"
        )
    np.take(lut, codes_f, out=codes)
    return codes, np.flatnonzero(bad[codes_f])


def _proven_answers(values: object) -> Codes | None:
    """Return a column's answer codes where its reader proved them, else ``None``.

    The CSV source's polars path proves a column of ``0``, ``1`` and blanks
    field by field, and offers its int8 codes as ``proven_answers`` (1 yes,
    0 no, -1 blank): what parsing its text would give, with no bad value.
    """
    proven = getattr(values, "proven_answers", None)
    if (
        isinstance(proven, np.ndarray)
        and proven.dtype == np.int8
        and proven.ndim == 1
        and len(proven) == len(values)  # type: ignore[arg-type]
    ):
        return proven
    return None


def answer_codes(
    values: npt.ArrayLike, *, out: Codes | None = None
) -> tuple[Codes, npt.NDArray[np.intp]]:
    """Parse a column of answers: return its ``int8`` codes and the bad positions.

    Unrecognised values get the code ``MISSING`` and their (0-based) positions
    are returned, so a reader can report them all. ``out`` (an ``int8`` array of
    the column's length, e.g. a column of a survey's item matrix) receives the
    codes without an extra copy.
    """
    proven = _proven_answers(values)
    if proven is not None:
        codes = np.empty(len(proven), dtype=np.int8) if out is None else out
        if codes.shape != proven.shape:
            raise DataError(
                f"answer column of length {len(proven)} for {codes.shape} codes"
            )
        codes[...] = proven
        return codes, np.empty(0, dtype=np.intp)
    if factorizable(values, "biuf"):
        return _from_factorized(values, out)
    parts = arrow_chunks(values)  # pyarrow/polars booleans or numbers: in place
    if parts is not None:
        size = sum(map(len, parts))
        codes = np.empty(size, dtype=np.int8) if out is None else out
        if codes.shape != (size,):
            raise DataError(f"answer column of length {size} for {codes.shape} codes")
        return codes, arrow_answer_codes(
            parts, codes, lambda array, into: answer_codes(array, out=into)[1]
        )
    if isinstance(values, np.ma.MaskedArray):  # masked: missing, whatever is under
        mask = np.ma.getmaskarray(values)
        codes, found = answer_codes(np.asarray(values.data), out=out)
        mask_missing(codes, mask)
        return codes, found[~mask[found]]
    array = to_array(values, "an answer column")
    codes = np.empty(len(array), dtype=np.int8) if out is None else out
    if codes.shape != array.shape:
        raise DataError(f"answer column of length {len(array)} for {codes.shape} codes")
    kind = array.dtype.kind
    if kind == "b":
        codes[...] = array
        bad: Mask = np.zeros(len(array), dtype=bool)
    elif kind in "iuf":
        if not _count_bad_numbers(array, codes):
            return codes, np.empty(0, dtype=np.intp)  # no mask of n falses to scan
        bad = _from_numbers(array, codes)
    elif kind in "US":
        bad = _from_strings(array.astype(str), codes)
    else:
        bad = _from_objects(array.astype(object), codes)
    return codes, np.flatnonzero(bad)


def parse_answers(
    values: npt.ArrayLike,
    *,
    column: str | None = None,
    max_errors: int = 20,
) -> Codes:
    """Return the ``int8`` codes of a column of answers, or raise every problem.

    Raises :class:`~skl_socialmedia.errors.DataErrorGroup` listing the first
    ``max_errors`` unrecognised values with their positions (0-based).
    """
    codes, bad = answer_codes(values)
    if len(bad):
        raise answer_errors(values, bad, column=column, max_errors=max_errors)
    return codes


def answer_errors(
    values: npt.ArrayLike | Sequence[object],
    bad: npt.NDArray[np.intp],
    *,
    column: str | None,
    max_errors: int = 20,
) -> DataErrorGroup:
    """Return the error group for unrecognised answers at positions ``bad``."""
    array = np.asarray(values, dtype=object)
    errors = [
        DataError(
            f"row {int(i)} (0-based): not a yes/no answer; accepted: {ACCEPTED}",
            Location(column=column, value=array[i]),
        )
        for i in bad[:max_errors]
    ]
    return DataErrorGroup(errors, total=len(bad))
