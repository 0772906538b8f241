"""The excel and parquet sources: the same data as a CSV give the same tallies."""

from __future__ import annotations

import contextlib
import csv
import os
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia import Survey, Tally, load
from skl_socialmedia.errors import DataError, MissingExtraError, SklSocialMediaError
from skl_socialmedia.plugins import get_plugin_manager
from skl_socialmedia.sources.microdata.parquet import ParquetSource, read_parquet
from skl_socialmedia.sources.microdata.spreadsheet import read_excel

HEADER = ["wave", "org_code", "size", "uses", "channel.facebook", "channel.twitter"]
ROWS: list[list[Any]] = [
    [2010, "0114", "small", 1, 1, 0],
    [2010, "0115", "small", 0, None, None],
    [2010, "0117", "large", 1, 0, 1],
    [2010, "0120", "large", 1, 1, None],
    [2012, "0114", "small", 1, 1, 1],
    [2012, "0115", "small", 1, 0, 0],
    [2012, "0117", "large", None, None, None],
    [2012, "0120", "large", 1, 1, 1],
    [2012, "0123", "small", 0, None, None],
]


def _csv(folder: Path) -> Path:
    path = folder / "svar.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(["" if v is None else v for v in row] for row in ROWS)
    return path


def _xlsx(folder: Path, rows: list[list[Any]] = ROWS, sheet: str = "Svar") -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["a sheet of notes, not data"])
    ws = book.create_sheet(sheet)
    ws.append([])  # a blank first row: the header is the first non-empty one
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = folder / "svar.xlsx"
    book.save(path)
    return path


def _parquet(folder: Path, metadata: dict[bytes, bytes] | None = None) -> Path:
    columns = {name: [row[i] for row in ROWS] for i, name in enumerate(HEADER)}
    table = pa.table(
        {
            "wave": pa.array(columns["wave"], pa.int64()),
            "org_code": pa.array(columns["org_code"], pa.string()),
            "size": pa.array(columns["size"], pa.string()),
            **{
                name: pa.array(
                    [None if v is None else bool(v) for v in columns[name]], pa.bool_()
                )
                for name in HEADER[3:]
            },
        }
    )
    if metadata:
        table = table.replace_schema_metadata(metadata)
    path = folder / "svar.parquet"
    pq.write_table(table, path, row_group_size=4)  # three row groups
    return path


def _long(tally: Tally) -> dict[str, list[Any]]:
    rows, panel = tally.to_long()[:2]
    return {
        **{f"rows.{k}": np.asarray(v).tolist() for k, v in rows.items()},
        **{f"panel.{k}": np.asarray(v).tolist() for k, v in panel.items()},
    }


def test_xlsx_and_parquet_give_the_csv_tallies(tmp_path: Path) -> None:
    surveys = {
        suffix: load(str(path), sheet="Svar") if suffix == ".xlsx" else load(str(path))
        for suffix, path in (
            (".csv", _csv(tmp_path)),
            (".xlsx", _xlsx(tmp_path)),
            (".parquet", _parquet(tmp_path)),
        )
    }
    assert all(isinstance(s, Survey) for s in surveys.values())
    expected = _long(surveys[".csv"].tally(by="size"))  # type: ignore[union-attr]
    assert pq.ParquetFile(tmp_path / "svar.parquet").num_row_groups == 3
    for suffix in (".xlsx", ".parquet"):
        got = surveys[suffix].tally(by="size")  # type: ignore[union-attr]
        assert _long(got) == expected, suffix
    uses = surveys[".parquet"].rate("uses", wave=2012)  # type: ignore[union-attr]
    # 2012: 0114, 0115, 0120 yes, 0123 no, 0117 missing: 3 of 4, counted by hand
    assert (uses.successes, uses.total) == (3, 4)


def test_excel_sheet_by_number_and_name(tmp_path: Path) -> None:
    path = _xlsx(tmp_path)
    by_number = read_excel(path, sheet=2)
    assert by_number.rate("uses", wave=2010).total == 4
    with pytest.raises(DataError, match="no sheet 'Data'") as info:
        read_excel(path, sheet="Data")
    assert "Notes, Svar" in str(info.value)
    with pytest.raises(DataError):  # the first sheet holds notes, not the columns
        read_excel(path)


def test_excel_problems_name_the_sheet_row(tmp_path: Path) -> None:
    bad = [list(r) for r in ROWS]
    bad[2][3] = "perhaps"  # sheet row 5: blank, header, two rows, then this
    path = _xlsx(tmp_path, bad)
    with pytest.raises(DataError) as info:
        read_excel(path, sheet="Svar")
    assert "line 5" in str(info.value)
    assert "'perhaps'" in str(info.value)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "svar.xlsx"
    path.write_bytes(b"wave,org_code\n")
    with pytest.raises(DataError, match=r"not an \.xlsx workbook") as info:
        read_excel(path)
    assert info.value.location is not None
    assert info.value.location.file == str(path)


def test_parquet_declines_a_tally_file(tmp_path: Path) -> None:
    plain = _parquet(tmp_path)
    assert ParquetSource.sniff(str(plain))
    (tmp_path / "marked").mkdir()
    marked = _parquet(tmp_path / "marked", {b"skl_socialmedia.tally": b"1"})
    assert not ParquetSource.sniff(str(marked))
    with pytest.raises(DataError, match="a Tally file, not microdata"):
        read_parquet(marked)
    manager = get_plugin_manager()
    assert manager.resolve_source(str(marked)).name == "tally"
    assert manager.resolve_source(str(plain)) is ParquetSource


def test_parquet_bad_files_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(DataError, match="not a Parquet file"):
        load(str(path))
    whole = _parquet(tmp_path).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DataError, match="Parquet") as info:
        load(str(path))
    assert info.value.location is not None
    assert info.value.location.file == str(path)


def test_a_missing_extra_names_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import builtins

    real = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "openpyxl":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[excel\]"):
        read_excel(tmp_path / "x.xlsx")


EXAMPLES = int(os.environ.get("SKL_FUZZ_EXAMPLES", "60"))


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_fuzz_cut_and_corrupted_files_raise_only_library_errors(
    tmp_path: Path, suffix: str
) -> None:
    whole = (_xlsx(tmp_path) if suffix == ".xlsx" else _parquet(tmp_path)).read_bytes()
    target = tmp_path / f"fuzz{suffix}"

    @settings(max_examples=EXAMPLES, deadline=None, database=None)
    @given(st.integers(0, len(whole)), st.binary(max_size=16), st.booleans())
    def run(at: int, noise: bytes, cut: bool) -> None:
        target.write_bytes(whole[:at] if cut else whole[:at] + noise + whole[at:])
        with contextlib.suppress(SklSocialMediaError):
            load(str(target))

    run()
