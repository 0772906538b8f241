"""Entry points: what importlib.metadata finds, without it when there are none."""

from __future__ import annotations

import importlib
import sys
from importlib import machinery, metadata
from pathlib import Path

import pytest

from skl_socialmedia.plugins.discovery import installed_entry_points

GROUP = "skl_socialmedia_test_group"


def _dist(folder: Path, name: str, entry_points: str) -> None:
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``sys.path`` of one folder."""
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    importlib.invalidate_caches()  # importlib.metadata caches what folders hold
    return tmp_path


def test_the_installed_entry_points_are_importlib_metadata_s() -> None:
    group = "skl_socialmedia"
    found = [(e.name, e.value) for e in installed_entry_points(group)]
    assert found == [(e.name, e.value) for e in metadata.entry_points(group=group)]


def test_a_distribution_declaring_the_group_is_found(site: Path) -> None:
    _dist(site, "other", "[console_scripts]\nx = y:z\n")
    _dist(site, "plug", f"[{GROUP}]\nhello = plug.plugin\n")
    found = installed_entry_points(GROUP)
    assert [(e.name, e.value, e.dist.name) for e in found] == [  # type: ignore[union-attr]
        ("hello", "plug.plugin", "plug")
    ]


def test_none_declaring_it_is_found_without_importlib_metadata(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dist(site, "other", f"[console_scripts]\n{GROUP} = y:z\n")
    monkeypatch.setattr(sys, "meta_path", [machinery.PathFinder])  # the plain one

    def refuse(**kwargs: object) -> list[metadata.EntryPoint]:
        raise AssertionError("importlib.metadata was asked")

    monkeypatch.setattr(metadata, "entry_points", refuse)
    assert installed_entry_points(GROUP) == []


def test_a_zip_file_on_sys_path_is_left_to_importlib_metadata(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = site / "eggs.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip file
    monkeypatch.setattr(sys, "path", [str(archive)])
    asked: list[str] = []

    def record(**kwargs: str) -> list[metadata.EntryPoint]:
        asked.append(kwargs["group"])
        return []

    monkeypatch.setattr(metadata, "entry_points", record)
    assert installed_entry_points(GROUP) == []
    assert asked == [GROUP]
