"""The example scripts run, and the committed synthetic panel is reproducible."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parents[2] / "examples"


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
