"""``skl-socialmedia`` run as a program, with this plugin installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import skl_socialmedia_spss

from .sav_files import write_sav


def run(*args: str, program: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKL_SOCIALMEDIA_")}
    env["SKL_SOCIALMEDIA_STRICT_PLUGINS"] = "1"
    command = [program] if program else [sys.executable, "-m", "skl_socialmedia"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, check=False
    )


def test_plugins_lists_the_source_with_distribution_and_version() -> None:
    result = run("plugins")
    assert result.returncode == 0, result.stderr
    (line,) = [
        line for line in result.stdout.splitlines() if line.split()[:1] == ["spss"]
    ]
    version = skl_socialmedia_spss.__version__
    assert line.split()[:5] == ["spss", "spss", "skl-socialmedia-spss", version, ".sav"]
    assert ".zsav" in line


def test_plugins_json() -> None:
    result = run("plugins", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    (source,) = [s for s in data["sources"] if s["name"] == "spss"]
    assert source["distribution"] == "skl-socialmedia-spss"
    assert source["version"] == skl_socialmedia_spss.__version__
    assert source["suffixes"] == [".sav", ".zsav"]
    assert source["schemes"] == []
    assert source["builtin"] is False
    assert data["failures"] == []


def test_report_from_a_sav_file(canonical_sav: Path) -> None:
    result = run("report", "--source", str(canonical_sav))
    assert result.returncode == 0, result.stderr
    assert "use Facebook" in result.stdout
    # 2010: municipalities 0180 yes, 0114 no, 1480 yes → 2 of 3.
    assert "66.7 %" in result.stdout
    assert f"Source: {canonical_sav}" in result.stdout


def test_report_with_the_console_script(canonical_sav: Path, tmp_path: Path) -> None:
    program = shutil.which("skl-socialmedia", path=str(Path(sys.executable).parent))
    if program is None:
        pytest.skip("no skl-socialmedia script beside this Python")
    out = tmp_path / "report.txt"
    result = run(
        "report",
        "--source",
        str(canonical_sav),
        "--lang",
        "sv",
        "--by",
        "none",
        "--output",
        str(out),
        program=program,
    )
    assert result.returncode == 0, result.stderr
    assert "använder Facebook" in out.read_text(encoding="utf-8")


def test_report_of_a_bad_file_is_an_error_without_traceback(tmp_path: Path) -> None:
    path = write_sav(
        tmp_path / "bad.sav",
        {"wave": [2010, 2010], "org_code": ["0180", "0114"], "uses": [1, 3]},
        labels={"uses": {1: "Ja", 3: "Kanske"}},
    )
    result = run("report", "--source", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith("skl-socialmedia: error: ")
    assert f"{path}, line 2, column 'uses', value 3" in result.stderr
    assert "Traceback" not in result.stderr
