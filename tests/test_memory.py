"""Freed memory goes back to the system after a large read (P2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from skl_socialmedia import memory as _memory
from skl_socialmedia.sources.microdata import canonical_csv


def test_release_freed_memory_runs_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    _memory.release_freed_memory()  # this machine: pyarrow's pool and glibc
    monkeypatch.setattr(_memory.sys, "platform", "darwin")
    _memory.release_freed_memory()  # elsewhere: pyarrow's pool only

    def no_libc(name: str) -> object:
        raise OSError(name)

    monkeypatch.setattr(_memory.sys, "platform", "linux")
    monkeypatch.setattr(_memory.ctypes, "CDLL", no_libc)
    _memory.release_freed_memory()  # musl or no libc.so.6: nothing to trim


def test_the_csv_fast_path_releases_the_reads_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(canonical_csv, "release_freed_memory", lambda: calls.append(1))
    path = tmp_path / "s.csv"
    path.write_text("wave,org_code,uses\n2010,0114,1\n2012,0114,0\n")
    canonical_csv.read_csv(path, engine="arrow")
    assert calls == [1]
