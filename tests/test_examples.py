"""Every example script runs, and the README's Python example runs as shown.

The generator reproduces the committed synthetic panel, byte for byte.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p for p in (ROOT / "examples").glob("*.py"))
EXAMPLES = ROOT / "examples"


def test_there_are_examples() -> None:
    assert any(p.name == "published_report.py" for p in SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_example_script_runs(script: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path if script.name.startswith("make_") else ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_published_report_example_output() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "published_report.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "87 % as k of 20 or 21: none" in done.stdout
    assert "13/15" in done.stdout
    assert "+15\u00a0procentenheter" in done.stdout


def test_readme_python_example_runs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks
    for block in blocks:
        done = subprocess.run(
            [sys.executable, "-c", block],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        assert "CountFit(successes=13, total=15" in done.stdout
        assert "+15 pp (95 % CI +2.1 to +27.2)" in done.stdout


def run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_generator_reproduces_the_committed_panel(tmp_path: Path) -> None:
    output = tmp_path / "panel.csv"
    run(str(EXAMPLES / "make_synthetic_panel.py"), str(output))
    committed = EXAMPLES / "data" / "synthetic_panel.csv"
    assert output.read_bytes() == committed.read_bytes()
    assert output.read_text(encoding="utf-8").startswith("# SYNTHETIC DATA")


def test_microdata_tour_runs() -> None:
    out = run(str(EXAMPLES / "microdata_tour.py"))
    assert "uses social media in 2012" in out
    assert "municipality: +14.8 pp" in out
    assert "paired" in out
    assert "independent" in out


def test_the_hello_plugin_on_the_docs_page_is_the_example_file() -> None:
    page = (ROOT / "docs" / "writing_plugins.md").read_text(encoding="utf-8")
    first = re.search(r"```python\n(.*?)```", page, re.DOTALL)
    assert first
    assert first.group(1) == (EXAMPLES / "plugins" / "hello.py").read_text("utf-8")


def test_the_hello_plugin_runs_from_its_folder() -> None:
    folder = str(EXAMPLES / "plugins")
    out = run(
        "-m", "skl_socialmedia", "--plugins-dir", folder, "report",
        "--source", "hello", "--format", "hello",
    )  # fmt: skip
    assert out == "municipality uses 2010: 0%\nmunicipality uses 2012: 100%\n"
    listing = run("-m", "skl_socialmedia", "--plugins-dir", folder, "plugins")
    assert re.search(r"^ +hello +hello ", listing, re.MULTILINE)
