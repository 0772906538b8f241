"""Arrow columns of categories are encoded by their indices, as their text is."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.survey.encode import encode

pa = pytest.importorskip("pyarrow")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["x", " y", "y", "", "Ö", "12", None]), max_size=40),
    st.integers(1, 4),
    st.booleans(),
)
def test_dictionary_chunks_encode_as_their_text(
    values: list[str | None], pieces: int, unused: bool
) -> None:
    text = pa.array(values, type=pa.string())
    step = max(1, -(-len(values) // pieces))
    chunks = []
    for i in range(0, len(values), step):
        part = text.slice(i, step).dictionary_encode()
        if unused:  # an entry that no row uses is no label
            dictionary = pa.concat_arrays([part.dictionary, pa.array(["unused"])])
            part = pa.DictionaryArray.from_arrays(part.indices, dictionary)
        chunks.append(part)
    kind = pa.dictionary(pa.int32(), pa.string())
    column = pa.chunked_array(chunks, type=kind)
    codes, labels = encode(column)
    expected_codes, expected_labels = encode(text)
    assert list(labels) == list(expected_labels)
    np.testing.assert_array_equal(codes, expected_codes)


def test_repeated_objects_encode_by_value_not_identity() -> None:
    pytest.importorskip("pandas")
    words = ["a", " b", "b", "", "Ö", None, float("nan")]
    short = np.empty(2 * len(words), dtype=object)
    short[: len(words)] = words
    short[len(words) :] = ["".join(w) if isinstance(w, str) else w for w in words]
    rng = np.random.default_rng(5)
    rows = rng.integers(0, len(short), 600_000)
    codes, labels = encode(short[rows])  # long: by the objects' addresses
    expected_codes, expected_labels = encode(short)  # short: hashed by value
    assert list(labels) == list(expected_labels) == ["a", "b", "Ö"]
    np.testing.assert_array_equal(codes, expected_codes[rows])
