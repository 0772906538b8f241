"""The cube sources at the command line: dimensions by name, flags, sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from skl_socialmedia import PublishedFigures, load
from skl_socialmedia.cli import main
from skl_socialmedia.errors import UsageError

DATA = Path(__file__).parent / "data"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", *args]) == 0
    return capsys.readouterr().out


def test_report_picks_dimensions_and_items_by_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _run(
        capsys, "--source", str(DATA / "isoc_social.px"), "--by", "geo",
        "--items", "E_SM1_GE1",
    )  # fmt: skip
    rows = [line.split()[0] for line in out.splitlines()[4:7]]
    assert rows == ["Denmark", "Sweden", "European"]
    assert "E_SM1_GE2" not in out
    assert "+26 pp" in out
    assert (
        "Denmark, Enterprises using one or more social media: 2019: break in "
        "series (b)."
    ) in out
    assert "Not comparable: break in series (2019)." in out


def test_swedish_sentences_with_the_item_renamed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _run(
        capsys, "--source", str(DATA / "isoc_social.json"), "--by", "geo",
        "--items", "E_SM1_GE1=uses", "--lang", "sv", "--format", "sentences",
    )  # fmt: skip
    assert (
        "Andelen företag i Danmark som använder sociala medier ökade från 49 till "
        "75 procent mellan 2013 och 2019, en ökning med 26 procentenheter."
    ) in " ".join(out.split())
    assert "Ej jämförbar: tidsseriebrott (2019)." in " ".join(out.split())


def test_an_unplaced_dimension_is_one_clear_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = str(DATA / "scb-pxweb-BE0101N1.px")
    assert main(["report", "--source", source, "--by", "sex"]) != 0
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "dimension region (21: 01, 03, 04, 05, …)" in err
    fixed = ["--by", "sex", "--option", 'fixed={"region": "03"}']
    assert main(["report", "--source", source, *fixed]) != 0
    # placed now; but population counts are no shares, and say so
    assert "counts without bases" in capsys.readouterr().err


def test_items_may_be_renamed_or_a_mapping() -> None:
    renamed = load(str(DATA / "isoc_social_v1.csv"), items="E_SM1_GE1=uses")
    assert isinstance(renamed, PublishedFigures)
    assert renamed.items == ("uses",)
    assert renamed.labels["uses"].en == "E_SM1_GE1"  # SDMX-CSV 1.0: codes only
    mapped = load(str(DATA / "isoc_social.json"), items={"E_SM1_GE2": "two"})
    assert isinstance(mapped, PublishedFigures)
    assert mapped.items == ("two",)
    with pytest.raises(UsageError, match="no name after"):
        load(str(DATA / "isoc_social.json"), items="E_SM1_GE2=")
