"""One table as JSON-stat, PC-Axis and SDMX-CSV gives identical figures."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from skl_socialmedia import PublishedFigures, load
from skl_socialmedia.published.flags import Flag

DATA = Path(__file__).parent / "data"
FILES = ("isoc_social.json", "isoc_social.px", "isoc_social_v2.csv")


def _figures(name: str) -> PublishedFigures:
    loaded = load(str(DATA / name))
    assert isinstance(loaded, PublishedFigures)
    return loaded


@pytest.mark.parametrize("name", FILES[1:])
def test_identical_figures(name: str) -> None:
    """Identical but for the symbols as published ("b" here, ".." there)."""
    first, other = _figures(FILES[0]), _figures(name)

    def plain(figures: PublishedFigures) -> list[object]:
        return [attrs.evolve(f, symbols=()) for f in figures]

    assert plain(other) == plain(first)
    assert other.wave_ids == first.wave_ids == ("2013", "2019")
    assert other.labels == first.labels


def test_the_cells_hold_what_the_files_hold() -> None:
    for name in FILES:
        figures = _figures(name)
        dk = figures.get("Denmark", "E_SM1_GE1", "2019")
        assert dk is not None
        assert (dk.percent, dk.flags) == (75, (Flag.BREAK,))
        se = figures.get("Sweden", "E_SM1_GE2", "2019")
        assert se is not None
        assert (se.percent, se.flags) == (None, (Flag.NOT_AVAILABLE,))
        assert len(figures) == 12
