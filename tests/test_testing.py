"""The helpers of `skl_socialmedia.testing`: the contract checks, registered_plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest

from skl_socialmedia import Survey, get_plugin_manager
from skl_socialmedia.cli import main
from skl_socialmedia.errors import PluginError
from skl_socialmedia.formats.text import TextFormat
from skl_socialmedia.sources import CsvSource
from skl_socialmedia.testing import (
    check_data_source,
    check_output_format,
    registered_plugin,
)
from tests.plugins.shout import ShoutFormat, shout_plugin

PANEL = (
    Path(__file__).resolve().parents[1] / "examples" / "data" / "synthetic_panel.csv"
)


def test_registered_plugin_is_used_for_the_block_only(tmp_path: Path) -> None:
    before = get_plugin_manager()
    with registered_plugin(shout_plugin) as manager:
        assert get_plugin_manager() is manager
        target = tmp_path / "title.shout"
        assert main(["report", "--output", str(target)]) == 0
        assert target.read_text(encoding="utf-8").startswith("SOCIAL MEDIA IN")
    assert get_plugin_manager() is before
    assert "shout" not in before.formats


def test_check_data_source_loads_a_sample() -> None:
    survey = check_data_source(CsvSource, sample=str(PANEL))
    assert isinstance(survey, Survey)
    assert check_data_source(CsvSource) is None


def test_check_output_format_renders_both_languages() -> None:
    rendered = check_output_format(TextFormat)
    assert isinstance(rendered, str)
    assert "procentenheter" in rendered  # the last rendering is Swedish


class NoName:
    schemes: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = "x"

    def load(self, location: str, **options: Any) -> Any:
        return None


class BadScheme(NoName):
    name: ClassVar[str] = "bad"
    schemes: ClassVar[tuple[str, ...]] = ("bad://",)


class ReturnsNothing(NoName):
    name: ClassVar[str] = "nothing"


class BadMediaType(ShoutFormat):
    media_type: ClassVar[str] = "plain text"


class EmptyFormat(ShoutFormat):
    def render(self, report: Any, **options: Any) -> str:
        return ""


@pytest.mark.parametrize(
    ("cls", "sample", "message"),
    [
        (NoName, None, "needs a lower-case 'name'"),
        (BadScheme, None, "bare, lower-case URI scheme"),
        (ReturnsNothing, "x", "not a Survey or PublishedFigures"),
    ],
)
def test_check_data_source_names_what_is_wrong(
    cls: type, sample: str | None, message: str
) -> None:
    with pytest.raises(PluginError, match=message):
        check_data_source(cls, sample=sample)


@pytest.mark.parametrize(
    ("cls", "message"),
    [(BadMediaType, "is not a media type"), (EmptyFormat, "non-empty")],
)
def test_check_output_format_names_what_is_wrong(cls: type, message: str) -> None:
    with pytest.raises(PluginError, match=message):
        check_output_format(cls)
