"""``report --engine duckdb``: the spec read from a file's columns, counted by SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from skl_socialmedia.cli import main
from skl_socialmedia.engines.canonical import file_spec

PANEL = Path(__file__).parents[2] / "examples" / "data" / "synthetic_panel.csv"


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engine") / "survey.parquet"
    relation = duckdb.sql(
        f"SELECT * FROM read_csv('{PANEL}', skip=1, types={{'org_code': 'VARCHAR'}})"
    )
    relation.write_parquet(str(path))
    return path


def test_the_spec_comes_from_the_columns(parquet: Path) -> None:
    spec = file_spec(parquet)
    assert spec.items[0] == "uses"
    assert "channel.facebook" in spec.items
    assert spec.by == ("org_kind",)
    assert spec.pairs == (("2010", "2012"),)
    assert spec.weight is None
    chosen = file_spec(parquet, items=["uses", "channel.blog"], by="none", among="uses")
    assert chosen.items == ("channel.blog",)
    assert chosen.by == ()
    assert chosen.among == "uses"


def rows(text: str) -> set[str]:
    return {
        " ".join(line.split())
        for line in text.splitlines()
        if line.startswith(("municipalit", "county council"))
    }


def test_report_with_duckdb_gives_the_in_memory_figures(
    capsys: pytest.CaptureFixture[str], parquet: Path
) -> None:
    args = ["report", "--items", "uses,channel.facebook"]
    assert main([*args, "--source", str(PANEL)]) == 0
    in_memory, _ = capsys.readouterr()
    assert main([*args, "--source", str(parquet), "--engine", "duckdb"]) == 0
    counted, err = capsys.readouterr()
    assert err == ""
    assert rows(counted) == rows(in_memory)
    assert len(rows(counted)) == 4


def test_options_duckdb_does_not_take_are_refused(
    capsys: pytest.CaptureFixture[str], parquet: Path
) -> None:
    args = ["report", "--source", str(parquet), "--engine", "duckdb"]
    assert main([*args, "--population", "290"]) == 2
    _, err = capsys.readouterr()
    assert "--population is not taken with --engine duckdb" in err
