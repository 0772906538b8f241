"""Whatever coding a survey firm picks, the answers read back are the same."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia_spss import read_sav

from .sav_files import write_sav

# How a yes, a no and a missing answer are written, with the value labels and
# the declared user-missing values that go with them.
CODINGS: list[tuple[dict[int, Any], dict[Any, str], list[Any]]] = [
    ({1: 1, 0: 2, -1: 9}, {1: "Ja", 2: "Nej", 9: "Vet ej"}, []),
    ({1: 1, 0: 2, -1: 9}, {1: "Ja", 2: "Nej", 9: "Vet ej"}, [9]),
    ({1: 1, 0: 0, -1: math.nan}, {}, []),
    ({1: 1, 0: 0, -1: 8}, {1: "Yes", 0: "No", 8: "Don't know"}, []),
    ({1: 1, 0: 0, -1: 99}, {1: "Markerad", 0: "Ej markerad"}, [99]),
    ({1: 2, 0: 1, -1: -9}, {2: "Ja", 1: "Nej", -9: "Ej svar"}, []),
    ({1: "J", 0: "N", -1: ""}, {"J": "Ja", "N": "Nej"}, []),
    ({1: "ja", 0: "nej", -1: "vet ej"}, {}, []),
]

answers = st.lists(st.sampled_from([1, 0, -1]), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(answers=answers, coding=st.sampled_from(range(len(CODINGS))))
def test_codes_round_trip(answers: list[int], coding: int) -> None:
    written, labels, missing = CODINGS[coding]
    n = len(answers)
    with tempfile.TemporaryDirectory() as directory:
        path = write_sav(
            Path(directory) / "p.sav",
            {
                "wave": ["2024"] * n,
                "org_code": [f"org{i}" for i in range(n)],
                "uses": [written[a] for a in answers],
            },
            labels={"uses": labels} if labels else None,
            missing_ranges={"uses": missing} if missing else None,
        )
        survey = read_sav(path, register=None)
    assert [int(c) for c in survey.column("uses")] == answers
    if set(answers) == {-1}:
        return  # no answers: no rate
    rate = survey.rate("uses", wave=2024)
    assert rate.successes == answers.count(1)
    assert rate.total == answers.count(1) + answers.count(0)
