"""``read_input``: a file's bytes, or the library's error naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from skl_socialmedia.errors import DataError
from skl_socialmedia.input_files import read_input


def test_the_bytes_come_back(tmp_path: Path) -> None:
    path = tmp_path / "a.px"
    path.write_bytes(b"\xef\xbb\xbfA=1;")
    assert read_input(path) == b"\xef\xbb\xbfA=1;"
    assert read_input(str(path)) == b"\xef\xbb\xbfA=1;"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.px"
    with pytest.raises(DataError, match=r"nowhere\.px: file not found$"):
        read_input(path)


def test_a_folder_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read the file: Is a directory"):
        read_input(tmp_path)


def test_the_first_bytes_come_back(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    path.write_bytes(b"PAR1 and the rest")
    assert (read_input(path, limit=4), read_input(path, limit=99)) == (
        b"PAR1",
        b"PAR1 and the rest",
    )


@pytest.mark.parametrize("limit", [None, 4])
def test_the_first_bytes_fail_as_the_whole(tmp_path: Path, limit: int | None) -> None:
    with pytest.raises(DataError, match=r"nowhere\.parquet: file not found$"):
        read_input(tmp_path / "nowhere.parquet", limit=limit)
    with pytest.raises(DataError, match="cannot read the file: Is a directory"):
        read_input(tmp_path, limit=limit)
