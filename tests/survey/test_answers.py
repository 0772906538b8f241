"""Answer parsing: every accepted spelling, every input kind, errors with positions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skl_socialmedia.errors import DataError, DataErrorGroup
from skl_socialmedia.survey.answers import (
    MISSING,
    NO,
    YES,
    answer_codes,
    parse_answers,
    read_answer,
)

YES_SPELLINGS = ["1", "1.0", "1,0", "ja", "j", "yes", "y", "true", "sant"]
NO_SPELLINGS = ["0", "0.0", "0,0", "nej", "n", "no", "false", "falskt"]


def _cases(word: str) -> list[str]:
    return [word, word.upper(), word.capitalize(), f"  {word} "]


@pytest.mark.parametrize("word", YES_SPELLINGS)
def test_yes_spellings_in_any_case(word: str) -> None:
    codes = parse_answers(_cases(word))
    assert codes.dtype == np.int8
    assert codes.tolist() == [YES] * 4


@pytest.mark.parametrize("word", NO_SPELLINGS)
def test_no_spellings_in_any_case(word: str) -> None:
    assert parse_answers(_cases(word)).tolist() == [NO] * 4


def test_blank_is_missing_not_no() -> None:
    assert parse_answers(["", "  ", "ja"]).tolist() == [MISSING, MISSING, YES]


def test_booleans() -> None:
    assert parse_answers(np.array([True, False])).tolist() == [1, 0]


def test_numbers_with_nan_and_none() -> None:
    assert parse_answers([1.0, 0.0, math.nan]).tolist() == [1, 0, -1]
    assert parse_answers([1, 0, None]).tolist() == [1, 0, -1]
    assert parse_answers(np.array([1, 0, 1], dtype=np.uint8)).tolist() == [1, 0, 1]


def test_mixed_objects() -> None:
    values = np.array([True, 0, "Nej", None, 1.0, float("nan"), "SANT"], dtype=object)
    assert parse_answers(values).tolist() == [1, 0, 0, -1, 1, -1, 1]


def test_pandas_like_missing_objects() -> None:
    class NAType:  # stands in for pandas.NA, which refuses comparison with None
        def __eq__(self, other: object) -> bool:
            raise TypeError("boolean value of NA is ambiguous")

        __hash__ = object.__hash__

    values = np.array([NAType(), "ja"], dtype=object)
    assert parse_answers(values).tolist() == [-1, 1]


def test_the_string_none_is_not_missing() -> None:
    with pytest.raises(DataErrorGroup):
        parse_answers(np.array(["None"], dtype=object))


def test_bad_values_are_reported_with_positions() -> None:
    codes, bad = answer_codes(["ja", "kanske", 2, "", "x"])
    assert bad.tolist() == [1, 2, 4]
    assert codes.tolist() == [1, -1, -1, -1, -1]
    with pytest.raises(DataErrorGroup) as info:
        parse_answers(["ja", "kanske", "nej"], column="uses")
    message = str(info.value)
    assert "row 1" in message
    assert "'kanske'" in message
    assert "column 'uses'" in message


def test_numbers_other_than_0_and_1_are_errors() -> None:
    _codes, bad = answer_codes([1.0, 0.5, np.inf, 2])
    assert bad.tolist() == [1, 2, 3]
    _codes, bad = answer_codes(np.array([0, 1, -1, 7]))
    assert bad.tolist() == [2, 3]


def test_out_receives_codes_without_copy() -> None:
    matrix = np.zeros((3, 2), dtype=np.int8, order="F")
    answer_codes(["ja", "", "nej"], out=matrix[:, 1])
    assert matrix[:, 1].tolist() == [1, -1, 0]


def test_error_limit_counts_all() -> None:
    with pytest.raises(DataErrorGroup) as info:
        parse_answers(["?"] * 50, max_errors=5)
    assert info.value.total == 50
    assert len(info.value.errors) == 5


def test_read_answer() -> None:
    assert read_answer(" JA ") == 1
    assert read_answer("maybe") is None
    assert read_answer("") == -1


def test_an_answer_column_of_two_dimensions_is_a_data_error() -> None:
    with pytest.raises(DataError, match="an answer column must be one-dimensional"):
        answer_codes(np.zeros((2, 2)))
