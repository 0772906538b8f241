"""Long data-frame text columns are factorized piece by piece, same result.

A pandas column longer than two pieces (131,072 rows each) is factorized
piece by piece (narrow codes at once); the labels and codes must be those of
one whole ``factorize()``: missing values, blanks and stray spaces included,
and a column with many distinct values goes whole.
"""

from __future__ import annotations

import numpy as np
import pytest

from skl_socialmedia import _encode
from skl_socialmedia._encode import encode

pd = pytest.importorskip("pandas")


def _whole(values: object) -> tuple[np.ndarray, list[str]]:
    saved = _encode._FACTORIZE_ROWS
    _encode._FACTORIZE_ROWS = 1 << 40
    try:
        codes, labels = encode(values)
    finally:
        _encode._FACTORIZE_ROWS = saved
    return codes, list(labels)


@pytest.mark.parametrize("dtype", ["str", "object", "category"])
def test_pieces_equal_a_whole_factorize(dtype: str) -> None:
    rng = np.random.default_rng(1)
    n = 3 * (1 << 17) + 17
    spellings = np.array(["b", "a", " a", "c ", "", "10", "9"], dtype=object)
    values = spellings[rng.integers(0, len(spellings), n)]
    values[rng.random(n) < 0.01] = None
    values[-5:] = "late"  # a value only the last piece has
    column = pd.Series(values, dtype=dtype)
    codes, labels = encode(column)
    want_codes, want_labels = _whole(column)
    assert list(labels) == want_labels
    assert codes.dtype == want_codes.dtype
    np.testing.assert_array_equal(codes, want_codes)


def test_many_distinct_values_go_whole() -> None:
    n = 3 * (1 << 17)
    column = pd.Series([f"org{i % 50_000}" for i in range(n)], dtype="str")
    codes, labels = encode(column)
    want_codes, want_labels = _whole(column)
    assert list(labels) == want_labels
    np.testing.assert_array_equal(codes, want_codes)
