"""SpssSource / read_sav: answers from value labels, codes, errors."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from skl_socialmedia import (
    DataError,
    DataErrorGroup,
    InvalidArgumentError,
    Survey,
    UsageError,
    render,
    report_from_survey,
)
from skl_socialmedia.sources import CsvSource

from skl_socialmedia_spss import SpssSource, read_sav

from .sav_files import RENAME, write_pair, write_sav

YES, NO, MISSING = 1, 0, -1


def codes(survey: Survey, item: str) -> list[int]:
    return [int(c) for c in survey.column(item)]


def small(tmp_path: Path, name: str = "s.sav", **columns: Any) -> Path:
    """Write two municipalities in one wave plus ``columns`` (no labels)."""
    base: dict[str, Any] = {"wave": [2010, 2010], "org_code": ["0180", "0114"]}
    return write_sav(tmp_path / name, {**base, **columns})


# -- the same data as the canonical CSV -----------------------------------------


def test_same_answers_and_rates_as_the_csv_source(pair: tuple[Path, Path]) -> None:
    sav, csv = pair
    from_sav = read_sav(sav, rename=RENAME)
    from_csv = CsvSource().load(str(csv))
    assert from_sav.waves == from_csv.waves == ("2010", "2012")
    assert from_sav.items == from_csv.items
    assert from_sav.attributes == from_csv.attributes
    assert from_sav.organisations == from_csv.organisations
    for column in ("wave", "org_code", "org_kind", "storlek", *from_sav.items):
        np.testing.assert_array_equal(
            from_sav.column(column), from_csv.column(column), err_msg=column
        )
    a = from_sav.rates(by="org_kind")
    b = from_csv.rates(by="org_kind")
    for name in ("wave", "group", "item", "n", "successes", "total"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    for name in ("value", "low", "high"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name))
    a_among = from_sav.rates(among="uses", by="storlek")
    b_among = from_csv.rates(among="uses", by="storlek")
    np.testing.assert_array_equal(a_among.successes, b_among.successes)
    np.testing.assert_array_equal(a_among.total, b_among.total)
    da = from_sav.pp_deltas(by="org_kind")
    db = from_csv.pp_deltas(by="org_kind")
    np.testing.assert_allclose(da.value, db.value)
    np.testing.assert_allclose(da.low, db.low)
    np.testing.assert_allclose(da.high, db.high)


def test_same_report_as_the_csv_source(pair: tuple[Path, Path]) -> None:
    sav, csv = pair
    reports = [
        report_from_survey(survey, source="svar")
        for survey in (read_sav(sav, rename=RENAME), CsvSource().load(str(csv)))
    ]
    for lang in ("en", "sv"):
        assert render(reports[0], "text", lang=lang) == render(
            reports[1], "text", lang=lang
        )


def test_zsav_reads_the_same(tmp_path: Path) -> None:
    zsav, _csv = write_pair(tmp_path, ".zsav")
    sav, _csv = write_pair(tmp_path, ".sav")
    assert zsav.read_bytes() != sav.read_bytes()
    a, b = read_sav(zsav, rename=RENAME), read_sav(sav, rename=RENAME)
    for item in a.items:
        assert codes(a, item) == codes(b, item)


def test_source_class_loads_with_options(pair: tuple[Path, Path]) -> None:
    sav, _csv = pair
    survey = SpssSource().load(str(sav), rename=RENAME, register="se", items=None)
    assert len(survey) == 73


# -- answers ------------------------------------------------------------------


def test_labels_are_read_as_answers(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "a.sav",
        {
            "wave": [2010] * 5,
            "org_code": ["0180", "0114", "0115", "0117", "0120"],
            "uses": [1, 2, 9, 3, math.nan],
        },
        labels={"uses": {1: "Ja", 2: "Nej", 9: "Vet ej", 3: "Ej svar"}},
    )
    assert codes(read_sav(path), "uses") == [YES, NO, MISSING, MISSING, MISSING]


def test_user_missing_and_system_missing_are_missing_not_no(tmp_path: Path) -> None:
    # 0 is declared user-missing here (a firm's odd choice): still missing, not no.
    path = write_sav(
        tmp_path / "m.sav",
        {
            "wave": [2010] * 4,
            "org_code": ["0180", "0114", "0115", "0117"],
            "uses": [1, 0, 7, math.nan],
            "channel.facebook": [1, 0, 1, 0],
        },
        labels={"uses": {1: "Ja", 0: "Nej", 7: "Vet ej"}},
        missing_ranges={"uses": [0, 7], "channel.facebook": [0]},
    )
    survey = read_sav(path)
    assert codes(survey, "uses") == [YES, MISSING, MISSING, MISSING]
    assert codes(survey, "channel.facebook") == [YES, MISSING, YES, MISSING]
    rate = survey.rate("uses", wave=2010)
    assert (rate.successes, rate.total) == (1, 1)


def test_a_missing_range_is_missing(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "r.sav",
        {
            "wave": [2010] * 4,
            "org_code": ["0180", "0114", "0115", "0117"],
            "uses": [1, 2, 97, 99],
        },
        labels={"uses": {1: "Ja", 2: "Nej"}},
        missing_ranges={"uses": [{"lo": 90, "hi": 99}]},
    )
    assert codes(read_sav(path), "uses") == [YES, NO, MISSING, MISSING]


def test_a_label_wins_over_its_code(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "l.sav",
        {"wave": [2010, 2010], "org_code": ["0180", "0114"], "uses": [1, 0]},
        labels={"uses": {1: "Nej", 0: "Ja"}},
    )
    assert codes(read_sav(path), "uses") == [NO, YES]


def test_unlabelled_ones_and_zeros_and_strings(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "u.sav",
        {
            "wave": [2010] * 4,
            "org_code": ["0180", "0114", "0115", "0117"],
            "uses": [1, 0, math.nan, 1],
            "channel.facebook": ["ja", "NEJ", "", "Yes"],
            "channel.twitter": ["Markerad", "Ej markerad", "Vet ej", " "],
        },
    )
    # the second organisation does not use social media, but has channel
    # answers: the routing (channels are asked of users) reports them
    with pytest.raises(DataErrorGroup, match="asked only of organisations"):
        read_sav(path)
    survey = read_sav(path, routing=False)
    assert codes(survey, "uses") == [YES, NO, MISSING, YES]
    assert codes(survey, "channel.facebook") == [YES, NO, MISSING, YES]
    assert codes(survey, "channel.twitter") == [YES, NO, MISSING, MISSING]


def test_string_value_labels(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "s.sav",
        {"wave": [2010] * 3, "org_code": ["0180", "0114", "0115"], "uses": list("JNX")},
        labels={"uses": {"J": "Ja", "N": "Nej", "X": "Ej aktuellt"}},
        missing_ranges={"uses": ["X"]},
    )
    assert codes(read_sav(path), "uses") == [YES, NO, MISSING]


def test_an_unknown_label_names_file_variable_value_and_case(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "bad.sav",
        {
            "wave": [2010] * 4,
            "org_code": ["0180", "0114", "0115", "0117"],
            "q1": [1, 3, 2, 3],
        },
        labels={"q1": {1: "Ja", 2: "Nej", 3: "Kanske"}},
    )
    with pytest.raises(DataErrorGroup) as caught:
        read_sav(path, rename={"q1": "uses"})
    group = caught.value
    assert isinstance(group, ValueError)
    assert group.total == 1
    (error,) = group.errors
    assert error.location is not None
    assert error.location.file == str(path)
    assert error.location.column == "q1"  # the variable as SPSS names it
    assert error.location.value == 3
    assert error.location.line == 2  # the first case with it
    assert "'Kanske'" in error.message
    assert "2 cases" in error.message
    assert "answer_labels=" in error.message
    assert str(path) in str(group)


def test_answer_labels_maps_more_labels(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "k.sav",
        {
            "wave": [2010] * 4,
            "org_code": ["0180", "0114", "0115", "0117"],
            "uses": [1, 3, 2, 4],
        },
        labels={"uses": {1: "Ja", 2: "Nej", 3: "Kanske", 4: "Ja, ofta"}},
    )
    survey = read_sav(path, answer_labels={"Kanske": None, "ja, ofta": True})
    assert codes(survey, "uses") == [YES, MISSING, NO, YES]


def test_an_unlabelled_code_other_than_one_or_zero(tmp_path: Path) -> None:
    path = small(tmp_path, uses=[1, 2])
    with pytest.raises(DataErrorGroup, match="no value label and is not 1 or 0") as e:
        read_sav(path)
    location = e.value.errors[0].location
    assert location is not None
    assert (location.line, location.column, location.value) == (2, "uses", 2)


def test_an_unknown_string_answer(tmp_path: Path) -> None:
    path = small(tmp_path, uses=["ja", "kanske"])
    with pytest.raises(DataErrorGroup, match="not a yes/no answer") as e:
        read_sav(path)
    location = e.value.errors[0].location
    assert location is not None
    assert (location.line, location.value) == (2, "kanske")


def test_every_problem_is_counted_and_the_first_are_kept(tmp_path: Path) -> None:
    n = 30
    path = write_sav(
        tmp_path / "many.sav",
        {
            "wave": [2010] * n,
            "org_code": [f"{i:04d}" for i in range(n)],
            "uses": list(range(2, 2 + n)),
        },
    )
    with pytest.raises(DataErrorGroup) as caught:
        read_sav(path, register=None, max_errors=5)
    assert caught.value.total == n
    assert len(caught.value.errors) == 5


# -- organisation codes -------------------------------------------------------------


def test_an_n_format_restores_leading_zeros(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "n.sav",
        {"wave": [2010] * 3, "org_code": [180, 114, 1480], "uses": [1, 0, 1]},
        formats={"org_code": "N4"},
    )
    survey = read_sav(path)
    assert list(survey.column("org_code")) == ["0180", "0114", "1480"]
    assert list(survey.column("county")) == ["Stockholms län"] * 2 + [
        "Västra Götalands län"
    ]


def test_an_f_format_keeps_no_zeros_and_says_what_to_do(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "f.sav",
        {"wave": [2010] * 3, "org_code": [180, 114, 1480], "uses": [1, 0, 1]},
        formats={"org_code": "F4.0"},
    )
    with pytest.raises(DataErrorGroup) as caught:
        read_sav(path)
    first = caught.value.errors[0]
    assert first.location is not None
    assert first.location.file == str(path)
    assert first.location.line in (1, 2)
    assert "org_code_width=" in first.message
    assert "(N4)" in first.message
    assert caught.value.total == 2  # 1480 needs no zero
    padded = read_sav(path, org_code_width=4)
    assert list(padded.column("org_code")) == ["0180", "0114", "1480"]
    unpadded = read_sav(path, register=None)
    assert list(unpadded.column("org_code")) == ["180", "114", "1480"]


def test_padding_applies_to_every_code_of_the_variable(tmp_path: Path) -> None:
    # Documented rule: in N4, a county council coded 1 becomes "0001".
    path = write_sav(
        tmp_path / "n.sav",
        {"wave": [2010] * 2, "org_code": [180, 1], "uses": [1, 0]},
        formats={"org_code": "N4"},
    )
    survey = read_sav(path, register=None)
    assert list(survey.column("org_code")) == ["0180", "0001"]


def test_string_codes_are_kept_as_written(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "a.sav",
        {"wave": [2010] * 3, "org_code": ["0180", " 01", "0980"], "uses": [1, 0, 1]},
    )
    survey = read_sav(path)
    assert list(survey.column("org_code")) == ["0180", "01", "0980"]
    assert list(survey.column("org_kind")) == [
        "municipality",
        "county_council",
        "municipality",
    ]
    widened = read_sav(path, register=None, org_code_width=4)
    assert list(widened.column("org_code")) == ["0180", "0001", "0980"]


def test_a_code_that_is_not_a_whole_number(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "w.sav",
        {"wave": [2010] * 2, "org_code": [180.0, 114.5], "uses": [1, 0]},
    )
    with pytest.raises(DataErrorGroup, match="whole number") as caught:
        read_sav(path, register=None)
    location = caught.value.errors[0].location
    assert location is not None
    assert (location.line, location.column, location.value) == (2, "org_code", 114.5)


@pytest.mark.parametrize("width", [0, -4, 2.5, True, "4"])
def test_org_code_width_must_be_a_number_of_digits(tmp_path: Path, width: Any) -> None:
    path = small(tmp_path, uses=[1, 0])
    with pytest.raises(InvalidArgumentError, match="org_code_width"):
        read_sav(path, org_code_width=width)


# -- waves, kinds, attributes, weights ------------------------------------------


def test_wave_labels_and_numbers(tmp_path: Path) -> None:
    labelled = write_sav(
        tmp_path / "l.sav",
        {"wave": [1, 2], "org_code": ["0180", "0180"], "uses": [0, 1]},
        labels={"wave": {1: "2010", 2: "2012"}},
    )
    assert read_sav(labelled).waves == ("2010", "2012")
    numbered = write_sav(
        tmp_path / "n.sav",
        {"wave": [2012, 2010], "org_code": ["0180", "0180"], "uses": [0, 1]},
    )
    assert read_sav(numbered).waves == ("2010", "2012")
    assert read_sav(numbered, waves=[2012]).waves == ("2012",)


def test_attributes_are_read_by_their_labels(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "a.sav",
        {
            "wave": [2010] * 4,
            "org_code": ["0180", "0114", "0115", "0117"],
            "uses": [1, 0, 1, 1],
            "storlek": [1, 2, 1, 3],
            "org_kind": [1, 1, 1, 1],
        },
        labels={"storlek": {1: "Stor", 2: "Liten"}, "org_kind": {1: "Kommun"}},
    )
    survey = read_sav(path)
    assert list(survey.column("storlek")) == ["Stor", "Liten", "Stor", "3"]
    table = survey.rates(by="storlek")
    assert sorted(set(table.group.tolist())) == ["3", "Liten", "Stor"]


def test_weights(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "w.sav",
        {
            "wave": [2010] * 3,
            "org_code": ["0180", "0114", "0115"],
            "uses": [1, 0, 0],
            "vikt": [3.0, 1.0, 2.0],
        },
    )
    survey = read_sav(path, rename={"VIKT": "weight"})
    assert survey.weighted
    assert survey.rate("uses", wave=2010).value == pytest.approx(0.5)


def test_dates_become_iso_text(tmp_path: Path) -> None:
    import datetime

    path = write_sav(
        tmp_path / "d.sav",
        {
            "wave": [2010] * 2,
            "org_code": ["0180", "0114"],
            "uses": [1, 0],
            "datum": [datetime.date(2010, 3, 1), datetime.date(2010, 3, 2)],
        },
    )
    assert list(read_sav(path).column("datum")) == ["2010-03-01", "2010-03-02"]


# -- names -----------------------------------------------------------------------


def test_rename_ignores_case_as_spss_does(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "c.sav",
        {"AR": [2010], "KOMMUN": ["0180"], "Q1": [1]},
    )
    survey = read_sav(path, rename={"ar": "wave", "Kommun": "org_code", "q1": "uses"})
    assert survey.items == ("uses",)


def test_rename_of_a_variable_the_file_lacks(tmp_path: Path) -> None:
    path = small(tmp_path, uses=[1, 0])
    with pytest.raises(DataError, match="does not have; its variables: wave"):
        read_sav(path, rename={"q9": "uses"})


def test_rename_onto_another_variable(tmp_path: Path) -> None:
    path = small(tmp_path, uses=[1, 0], q1=[0, 1])
    with pytest.raises(DataError, match="would both be column 'uses'"):
        read_sav(path, rename={"q1": "uses"})


def test_rename_of_one_variable_twice(tmp_path: Path) -> None:
    path = small(tmp_path, q1=[1, 0])
    with pytest.raises(InvalidArgumentError, match="names variable 'q1' twice"):
        read_sav(path, rename={"q1": "uses", "Q1": "channel.facebook"})


def test_custom_items_without_a_register(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "e.sav",
        {
            "wave": ["2023", "2023", "2024"],
            "org_code": ["SE-1", "SE-2", "SE-1"],
            "E_SM1": [1, 2, 1],
            "E_SMREC": [0, 1, 1],
        },
        labels={"E_SM1": {1: "Yes", 2: "No"}},
    )
    survey = read_sav(
        path, register=None, items={"E_SM1": "uses_any", "E_SMREC": "recruit"}
    )
    assert survey.items == ("uses_any", "recruit")
    assert codes(survey, "uses_any") == [YES, NO, YES]


# -- errors from the survey's own checks, and bad files -----------------------------


def test_survey_checks_name_the_file_and_case(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "dup.sav",
        {
            "wave": [2010, 2010, 2010, math.nan],
            "org_code": ["0180", "0114", "0180", "0115"],
            "uses": [1, 0, 1, 1],
        },
    )
    with pytest.raises(DataErrorGroup) as caught:
        read_sav(path)
    found = {
        (e.location.line, e.location.column): e.message
        for e in caught.value.errors
        if e.location is not None
    }
    assert all(e.location and e.location.file == str(path) for e in caught.value.errors)
    assert "blank" in found[(4, "wave")]
    assert "first at line 1" in found[(3, "org_code")]


def test_errors_name_the_variable_not_the_new_name(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "v.sav",
        {"ar": [2010, 2010], "kod": ["0180", "9999"], "q1": [1, 0]},
    )
    with pytest.raises(DataErrorGroup) as caught:
        read_sav(path, rename={"ar": "wave", "kod": "org_code", "q1": "uses"})
    location = caught.value.errors[0].location
    assert location is not None
    assert (location.line, location.column, location.value) == (2, "kod", "9999")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "file not found"),
        (lambda p: (p.mkdir(), p)[1], "is a directory"),
        (lambda p: (p.write_text("wave,org_code\n"), p)[1], "cannot read the file"),
    ],
)
def test_bad_files(tmp_path: Path, make: Any, message: str) -> None:
    path = make(tmp_path / "x.sav")
    with pytest.raises(DataError, match=message) as caught:
        read_sav(path)
    assert caught.value.location is not None
    assert caught.value.location.file == str(path)


def test_a_file_without_cases(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "e.sav", {"wave": [2010], "org_code": ["0180"], "uses": [1]}
    )
    import pyreadstat

    frame, _meta = pyreadstat.read_sav(str(path))
    try:
        pyreadstat.write_sav(frame.iloc[0:0], str(path))
    except IndexError:  # pyreadstat < 1.3 cannot write a file without cases
        pytest.skip("this pyreadstat cannot write a file without cases")
    with pytest.raises(DataError, match="no cases"):
        read_sav(path)


def test_unknown_options_are_usage_errors(tmp_path: Path) -> None:
    path = small(tmp_path, uses=[1, 0])
    with pytest.raises(UsageError, match="takes no option delimiter"):
        SpssSource().load(str(path), delimiter=";")
    # Options set to None are as good as absent (the command line passes them so).
    assert len(SpssSource().load(str(path), rename=None, encoding=None)) == 2
