"""Long data-frame text columns are factorized piece by piece, same result.

A pandas column longer than two pieces (``_FACTORIZE_ROWS`` rows each) is
factorized piece by piece (narrow codes at once, on the thread pool); the
labels and codes must be those of one whole ``factorize()``: missing values,
blanks and stray spaces included, and a column with many distinct values goes
whole. ``encode_later`` (pieces started on the pool while the caller works)
gives the same.
"""

from __future__ import annotations

import numpy as np
import pytest

from skl_socialmedia import _encode
from skl_socialmedia._encode import encode, encode_later

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
    n = 3 * _encode._FACTORIZE_ROWS + 17
    assert _encode._pieces(pd.Series(np.zeros(n))) is not None  # goes by pieces
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
    n = 3 * _encode._FACTORIZE_ROWS
    column = pd.Series([f"org{i % 50_000}" for i in range(n)], dtype="str")
    codes, labels = encode(column)
    want_codes, want_labels = _whole(column)
    assert list(labels) == want_labels
    np.testing.assert_array_equal(codes, want_codes)


@pytest.mark.parametrize("dtype", ["str", "category"])
def test_encode_later_equals_encode(dtype: str) -> None:
    rng = np.random.default_rng(2)
    n = 2 * _encode._FACTORIZE_ROWS + 5
    values = np.array(["x", "y", "z", None], dtype=object)[rng.integers(0, 4, n)]
    column = pd.Series(values, dtype=dtype)
    finish = encode_later(column)
    codes, labels = finish()
    want_codes, want_labels = _whole(column)
    assert list(labels) == want_labels == ["x", "y", "z"]
    np.testing.assert_array_equal(codes, want_codes)
