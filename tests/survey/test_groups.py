"""Groups of one attribute: its own codes when every label occurs, else remapped.

With one ``by`` attribute whose every label occurs and no value is missing,
the attribute's codes are the groups (no copy); a missing value or a label
without rows (after ``where``) takes the general path. All give the same
tables as counting by hand.
"""

from __future__ import annotations

import numpy as np

from skl_socialmedia import Survey


def _survey(size: list[object]) -> Survey:
    n = len(size)
    return Survey.from_columns(
        {
            "wave": [2020] * n,
            "org_code": list(range(1, n + 1)),
            "size": size,
            "q": [1, 0, 1, 1, 0, 1][:n],
        },
        items=["q"],
        register=None,
    )


def test_every_label_used() -> None:
    table = _survey(["b", "a", "b", "a", "c", "c"]).rates(by="size")
    assert table.group.tolist() == ["a", "b", "c"]
    assert table.successes.tolist() == [1.0, 2.0, 1.0]
    assert table.total.tolist() == [2.0, 2.0, 2.0]


def test_a_missing_value_is_its_own_group() -> None:
    table = _survey(["b", None, "b", "a", "", "a"]).rates(by="size")
    assert table.group.tolist() == ["a", "b", "(missing)"]
    counts = dict(zip(table.group.tolist(), table.total.tolist(), strict=True))
    assert counts == {"a": 2.0, "b": 2.0, "(missing)": 2.0}


def test_a_label_without_rows_is_left_out() -> None:
    survey = _survey(["b", "a", "b", "a", "c", "c"]).where(size=["a", "c"])
    table = survey.rates(by="size")
    assert table.group.tolist() == ["a", "c"]
    assert np.array_equal(table.successes, [1.0, 1.0])
