"""Long data-frame text columns are factorized piece by piece, same result.

A pandas column longer than two pieces (``_FACTORIZE_ROWS`` rows each) is
factorized piece by piece (narrow codes at once; pyarrow-backed text by
pyarrow's ``dictionary_encode``); the labels and codes must be those of one
whole ``factorize()``: missing values, blanks and stray spaces included, and
a column with many distinct values goes whole.
"""

from __future__ import annotations

import numpy as np
import pytest

from skl_socialmedia.survey import frame_codes as _encode
from skl_socialmedia.survey.encode import encode

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


def _arrow_columns(values: np.ndarray) -> list[object]:
    """The same text as pyarrow-backed pandas columns: one chunk and many."""
    pa = pytest.importorskip("pyarrow")
    third = len(values) // 3
    chunked = pa.chunked_array(
        [
            pa.array(part, pa.large_string())
            for part in np.split(values, [third, 2 * third + 1])
        ]
    )
    return [
        pd.Series(values, dtype="str"),
        pd.Series(pa.array(values, pa.string()), dtype=pd.ArrowDtype(pa.string())),
        pd.Series(chunked, dtype=pd.ArrowDtype(pa.large_string())),
    ]


@pytest.mark.parametrize("pieces", [3, 0])
def test_arrow_text_is_dictionary_encoded_as_pandas_factorizes(pieces: int) -> None:
    rng = np.random.default_rng(4)
    n = pieces * _encode._FACTORIZE_ROWS + 11  # by pieces, or whole
    spellings = np.array(["b", "a", " a", "", "10", "9", "ö"], dtype=object)
    values = spellings[rng.integers(0, len(spellings), n)]
    values[rng.random(n) < 0.01] = None
    values[-3:] = "late"
    want_codes, want_labels = _whole(pd.Series(values, dtype=object))
    for column in _arrow_columns(values):
        assert _encode.arrow_text(column) is not None
        codes, labels = encode(column)
        assert list(labels) == want_labels
        np.testing.assert_array_equal(codes, want_codes)


@pytest.mark.parametrize("pieces", [3, 0])
def test_arrow_text_with_many_distinct_values_goes_whole(pieces: int) -> None:
    n = pieces * _encode._FACTORIZE_ROWS + 2000
    values = np.array([f"org{i % 5000}" for i in range(n)], dtype=object)
    want_codes, want_labels = _whole(pd.Series(values, dtype=object))
    for column in _arrow_columns(values):
        codes, labels = encode(column)
        assert list(labels) == want_labels
        np.testing.assert_array_equal(codes, want_codes)


def test_only_arrow_text_takes_the_arrow_path() -> None:
    pa = pytest.importorskip("pyarrow")
    assert _encode.arrow_text(pd.Series(["a"], dtype=object)) is None
    assert _encode.arrow_text(pd.Series(["a"], dtype="category")) is None
    assert _encode.arrow_text(pd.Series([1], dtype=pd.ArrowDtype(pa.int64()))) is None
    assert _encode.arrow_text(np.array(["a"])) is None


def test_objects_equal_as_numbers_keep_their_own_labels() -> None:
    """Hashing objects would join ``True``, ``1`` and ``1.0`` (equal in Python)."""
    codes, labels = encode(np.array([1.0, True, 1, "x", None], dtype=object))
    assert list(labels) == ["1", "True", "x"]
    assert codes.tolist() == [0, 1, 0, 2, -1]


def test_text_objects_are_hashed_like_the_sorted_path() -> None:
    values = np.array(["b", " a", None, float("nan"), "a", ""], dtype=object)
    codes, labels = encode(values)
    assert list(labels) == ["a", "b"]
    assert codes.tolist() == [1, 0, -1, -1, 0, -1]


@pytest.mark.parametrize("repeat", [1, 20_000])  # hashed by dict, or by pandas
def test_many_objects_hash_as_few(repeat: int) -> None:
    values = np.array(["b", " a", None, float("nan"), "a", ""] * repeat, dtype=object)
    codes, labels = encode(values)
    assert list(labels) == ["a", "b"]
    assert codes[:6].tolist() == [1, 0, -1, -1, 0, -1]
    mixed = np.array([1.0, True, 1, "x", None] * repeat, dtype=object)
    codes, labels = encode(mixed)
    assert list(labels) == ["1", "True", "x"]
    assert codes[:5].tolist() == [0, 1, 0, 2, -1]
