"""Tally files as a data source: by suffix, by content, at the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from skl_socialmedia import load
from skl_socialmedia.cli import main
from skl_socialmedia.errors import DataError, UsageError
from skl_socialmedia.plugins.manager import get_plugin_manager
from skl_socialmedia.sources import read_csv
from skl_socialmedia.sources.tally_file import TallySource, is_tally_file
from skl_socialmedia.tally import Tally
from skl_socialmedia.testing import check_data_source
from tests.engines.surveys import assert_identical

PANEL = Path(__file__).parents[2] / "examples" / "data" / "synthetic_panel.csv"


@pytest.fixture(scope="module")
def tally() -> Tally:
    return read_csv(PANEL).tally(["uses", "channel.facebook"], by="org_kind")


@pytest.fixture
def files(tmp_path: Path, tally: Tally) -> dict[str, Path]:
    paths = {
        "parquet": tmp_path / "counts.tally.parquet",
        "json": tmp_path / "counts.tally.json",
        "plain parquet": tmp_path / "tally.parquet",
        "plain json": tmp_path / "tally.json",
    }
    for kind, path in paths.items():
        if kind.endswith("parquet"):
            tally.write_parquet(path)
        else:
            tally.write_json(path)
    return paths


@pytest.mark.parametrize("kind", ["parquet", "json", "plain parquet", "plain json"])
def test_load_reads_a_tally_file_by_its_name_or_content(
    files: dict[str, Path], tally: Tally, kind: str
) -> None:
    assert get_plugin_manager().resolve_source(str(files[kind])) is TallySource
    assert_identical(load(files[kind]), tally)
    assert_identical(load(f"tally://{files[kind]}"), tally)


def test_other_files_of_the_suffixes_go_to_their_sources(tmp_path: Path) -> None:
    records = tmp_path / "survey.json"
    records.write_text(json.dumps([{"wave": 2010, "org_code": "0114"}]), "utf-8")
    assert not is_tally_file(str(records))
    assert get_plugin_manager().resolve_source(str(records)) is not TallySource
    microdata = tmp_path / "survey.parquet"
    pq.write_table(pa.table({"wave": [2010], "org_code": ["0114"]}), microdata)
    assert not is_tally_file(str(microdata))
    assert not is_tally_file(str(tmp_path / "missing.parquet"))


def test_a_file_that_is_no_tally_is_refused_naming_it(tmp_path: Path) -> None:
    microdata = tmp_path / "survey.parquet"
    pq.write_table(pa.table({"wave": [2010], "org_code": ["0114"]}), microdata)
    with pytest.raises(DataError, match="not a tally file") as caught:
        load(f"tally://{microdata}")
    assert caught.value.location.file == str(microdata)
    with pytest.raises(DataError, match="no such file"):
        load(f"tally://{tmp_path / 'missing.tally.json'}")


def test_the_source_takes_no_options_but_register(files: dict[str, Path]) -> None:
    assert isinstance(
        check_data_source(TallySource, sample=str(files["json"]), register="se"),
        Tally,
    )
    with pytest.raises(UsageError, match="items"):
        load(files["json"], items=["uses"])


@pytest.mark.parametrize("kind", ["parquet", "plain parquet", "plain json"])
def test_report_from_a_tally_file_gives_the_microdata_figures(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], kind: str
) -> None:
    assert main(["report", "--source", str(PANEL), "--items", "uses"]) == 0
    from_microdata, _ = capsys.readouterr()
    assert main(["report", "--source", str(files[kind])]) == 0
    from_tally, err = capsys.readouterr()
    assert err == ""
    rows = [
        line
        for line in from_tally.splitlines()
        if line.startswith(("municipalities", "county councils"))
        and "use social media" in line
    ]
    assert len(rows) == 2
    shown = {" ".join(line.split()) for line in from_microdata.splitlines()}
    for row in rows:  # the same figures (the columns' widths may differ)
        assert " ".join(row.split()) in shown
