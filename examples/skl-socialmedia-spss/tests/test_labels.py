from __future__ import annotations

import pytest
from skl_socialmedia import InvalidArgumentError
from skl_socialmedia.survey.answers import MISSING, NO, YES

from skl_socialmedia_spss.labels import label_code, normalise_label, user_label_codes


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Ja", YES),
        ("Nej", NO),
        ("JA", YES),
        ("  nej ", NO),
        ("Yes", YES),
        ("No", NO),
        ("1", YES),
        ("0", NO),
        ("Sant", YES),
        ("Falskt", NO),
        ("Markerad", YES),
        ("Ej markerad", NO),
        ("Inte  markerad", NO),
        ("Selected", YES),
        ("Not selected", NO),
        ("Vet ej", MISSING),
        ("Vet inte", MISSING),
        ("Ej svar", MISSING),
        ("Inget svar", MISSING),
        ("Uppgift saknas", MISSING),
        ("Don't know", MISSING),
        ("Don\u2019t know", MISSING),
        ("No answer", MISSING),
        ("Refused", MISSING),
        ("N/A", MISSING),
    ],
)
def test_known_labels(label: str, code: int) -> None:
    assert label_code(label) == code


@pytest.mark.parametrize("label", ["Kanske", "Ja, ofta", "2", "Vet"])
def test_unknown_labels(label: str) -> None:
    assert label_code(label) is None


def test_extra_labels_come_first() -> None:
    extra = user_label_codes({"Kanske": None, "Ja, ofta": True, "Vet ej": False})
    assert label_code("kanske", extra) == MISSING
    assert label_code("JA, OFTA", extra) == YES
    assert label_code("Vet ej", extra) == NO  # the caller's word wins


def test_extra_labels_must_be_answers() -> None:
    with pytest.raises(InvalidArgumentError, match="True, False or None"):
        user_label_codes({"Kanske": "yes"})  # type: ignore[dict-item]


def test_normalise_label() -> None:
    assert normalise_label("  Don\u2019t\u00a0 KNOW ") == "don't know"
