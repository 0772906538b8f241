"""Fixtures: the synthetic survey as .sav and CSV, and a small canonical .sav."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from .sav_files import write_pair, write_sav


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """The synthetic survey as (``svar.sav``, ``svar.csv``)."""
    return write_pair(tmp_path)


@pytest.fixture
def canonical_sav(tmp_path: Path) -> Path:
    """A small .sav whose variables already carry the canonical names."""
    return write_sav(
        tmp_path / "canonical.sav",
        {
            "wave": [2010] * 4 + [2012] * 4,
            "org_code": ["0180", "0114", "1480", "01"] * 2,
            "uses": [1, 2, 1, 1, 1, 1, 1, 9],
            "channel.facebook": [1, math.nan, 0, 1, 1, 1, 0, math.nan],
        },
        labels={
            "uses": {1: "Ja", 2: "Nej", 9: "Vet ej"},
            "channel.facebook": {1: "Ja", 0: "Nej"},
        },
    )
