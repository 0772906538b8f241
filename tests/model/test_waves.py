"""Waves and responses: validation, missing answers kept apart from no."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.model.waves import Response, Wave


def test_wave_validation() -> None:
    wave = Wave("2012", 2012, dt.date(2012, 3, 1), dt.date(2012, 4, 1), "TNS Sifo")
    assert wave.year == 2012
    with pytest.raises(InvalidArgumentError, match="before it starts"):
        Wave("2012", 2012, dt.date(2012, 4, 1), dt.date(2012, 3, 1))
    with pytest.raises(InvalidArgumentError):
        Wave("2012", 12)
    with pytest.raises(InvalidArgumentError):
        Wave(" ", 2012)


@given(
    answers=st.dictionaries(
        st.sampled_from(["uses", "channel.facebook", "purpose.news"]),
        st.none() | st.booleans(),
    )
)
def test_response_keeps_missing_apart_from_no(answers: dict[str, bool | None]) -> None:
    response = Response("2012", "0180", answers)
    for item, answer in answers.items():
        assert response.answer(item) is answer
    assert hash(response) == hash(Response("2012", "0180", dict(answers)))


def test_response_rejects_non_boolean_answers() -> None:
    with pytest.raises(InvalidArgumentError, match="True, False or None"):
        Response("2012", "0180", {"uses": 1})  # type: ignore[dict-item]
