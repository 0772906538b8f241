"""The embedded SKL / TNS Sifo figures and the published-figures layout.

Reference: the SKL press text on the TNS Sifo survey of 2010 and 2012, as
tabulated in the project's design document: municipalities 61 → 76 %, county
councils 63 → 87 %, all 77 % in 2012, recruitment (county councils) 30 → 69 %.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skl_socialmedia.errors import DataError, UnknownNameError
from skl_socialmedia.published import embedded_figures, read_published


def test_embedded_figures_as_published() -> None:
    figures = embedded_figures()
    assert figures.wave_ids == ("2010", "2012")
    expected = {
        ("municipality", "uses", "2010"): 61,
        ("municipality", "uses", "2012"): 76,
        ("county_council", "uses", "2010"): 63,
        ("county_council", "uses", "2012"): 87,
        ("all", "uses", "2012"): 77,
        ("county_council", "purpose.recruitment", "2010"): 30,
        ("county_council", "purpose.recruitment", "2012"): 69,
    }
    assert {(f.group, f.item, f.wave): f.percent for f in figures} == expected
    assert figures.get("all", "uses", "2010") is None
    for figure in figures:
        assert figure.base is None  # bases were not published
        assert figure.decimals == 0
    assert figures.populations == {"municipality": 290, "county_council": 20}
    assert figures.get("municipality", "uses", "2010").population == 290  # type: ignore[union-attr]
    assert all(w.conductor == "TNS Sifo" for w in figures.waves)


def test_recruitment_keeps_the_seed_wording_and_notes_the_other_reading() -> None:
    figure = embedded_figures().get("county_council", "purpose.recruitment", "2012")
    assert figure is not None
    assert figure.note is not None
    assert "county councils" in figure.note.en
    assert "all respondents" in figure.note.en
    assert "landstingen" in figure.note.sv


def test_statements_in_both_languages() -> None:
    statements = embedded_figures().statements
    topics = {s.topic for s in statements}
    assert topics == {"channels", "purposes", "reasons"}
    assert any("Facebook" in s.text("en") for s in statements)
    assert any("resurser" in s.text("sv") for s in statements)


def test_source_is_cited() -> None:
    source = embedded_figures().source
    assert "SKL" in source["publisher"]
    assert source["conductor"] == "TNS Sifo"
    assert "2012" in embedded_figures().citation.en
    assert "presstext" in embedded_figures().citation.sv


def test_granularity_87_percent_is_no_share_of_20_or_21() -> None:
    figure = embedded_figures().get("county_council", "uses", "2012")
    assert figure is not None
    assert figure.possible_counts([20, 21]) == ()
    fits = {(c.successes, c.total) for c in figure.possible_counts(range(1, 21))}
    assert (13, 15) in fits
    assert all(
        round(100 * k / n) == 87 or abs(100 * k / n - 87) <= 0.5 for k, n in fits
    )


def test_wave_lookup() -> None:
    figures = embedded_figures()
    assert figures.wave(2012).year == 2012
    with pytest.raises(UnknownNameError, match="2011"):
        figures.wave("2011")


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "figures.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _minimal() -> dict[str, object]:
    return {
        "schema": "skl-socialmedia/published-figures/1",
        "title": {"en": "T", "sv": "T"},
        "source": {"publisher": "P"},
        "waves": [{"id": "2020", "year": 2020}, {"id": "2022", "year": 2022}],
        "populations": {"school": 40},
        "figures": [
            {"group": "school", "item": "uses", "wave": "2020", "percent": 50},
            {"group": "school", "item": "uses", "wave": 2022, "percent": 62.5,
             "decimals": 1, "base": 40},
        ],
    }  # fmt: skip


def test_read_published_round_trip(tmp_path: Path) -> None:
    figures = read_published(_write(tmp_path, _minimal()))
    figure = figures.get("school", "uses", "2022")
    assert figure is not None
    assert figure.base == 40
    assert [(c.successes, c.total) for c in figure.possible_counts()] == [(25, 40)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": "other/1"}, "schema"),
        ({"figures": [{"group": "g", "item": "uses", "wave": "1999", "percent": 5}]},
         "unknown wave"),
        ({"figures": [{"group": "g", "item": "uses", "wave": "2020", "percent": 105}]},
         "percent"),
        ({"figures": [{"group": "g", "item": "uses", "wave": "2020", "percent": 5,
                       "base": 0}]}, "base"),
        ({"figures": [{"group": "g", "wave": "2020", "percent": 5}]}, "item"),
        ({"figures": [{"group": "g", "item": "u", "wave": "2020", "percent": 5}] * 2},
         "twice"),
    ],
)  # fmt: skip
def test_bad_published_files_name_the_problem(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    data = _minimal() | change
    path = _write(tmp_path, data)
    with pytest.raises(DataError, match=message) as info:
        read_published(path)
    assert str(path) in str(info.value)


def test_invalid_json_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n "schema": \n}', encoding="utf-8")
    with pytest.raises(DataError, match="line 3"):
        read_published(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        read_published(tmp_path / "nope.json")
