"""`skl-socialmedia plugins` and the helpers of `skl_socialmedia.testing`."""

from __future__ import annotations

import json
import types
from collections.abc import Sequence
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any, ClassVar

import pytest

from skl_socialmedia import Survey, get_plugin_manager, hookimpl
from skl_socialmedia.cli import main
from skl_socialmedia.errors import PluginError
from skl_socialmedia.formats.text import TextFormat
from skl_socialmedia.plugins import PluginManager
from skl_socialmedia.plugins.manager import reset_plugin_manager
from skl_socialmedia.sources import CsvSource
from skl_socialmedia.testing import (
    check_data_source,
    check_output_format,
    registered_plugin,
)

PANEL = (
    Path(__file__).resolve().parents[2] / "examples" / "data" / "synthetic_panel.csv"
)


class ShoutFormat:
    name: ClassVar[str] = "shout"
    suffixes: ClassVar[tuple[str, ...]] = (".shout",)
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "the title, loudly"

    def render(self, report: Any, **options: Any) -> str:
        return report.title.get(options.get("lang", "en")).upper() + "\n"


@hookimpl
def register_output_formats() -> Sequence[type]:
    return [ShoutFormat]


shout_plugin = types.ModuleType("skl_socialmedia_shout")
shout_plugin.register_output_formats = register_output_formats  # type: ignore[attr-defined]


def test_plugins_lists_every_builtin_source_and_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    for name in ("embedded", "published", "csv", "json"):
        assert f"\n  {name} " in out
    for name in ("text", "markdown", "html", "chart", "chart-svg", "sentences"):
        assert f"\n  {name} " in out
    assert "skl-socialmedia" in out
    assert "Load failures:\n  (none)" in out


def test_plugins_json_with_a_registered_plugin_and_a_failure(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = EntryPoint("broken", "no_such_module_anywhere", "skl_socialmedia")
    reset_plugin_manager(
        PluginManager(entry_points=[broken], environ={}, plugins=[shout_plugin])
    )
    assert main(["plugins", "--json", "--all"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    shout = next(f for f in data["formats"] if f["name"] == "shout")
    assert shout["plugin"] == "skl_socialmedia_shout"
    assert shout["suffixes"] == [".shout"]
    assert [f["plugin"] for f in data["failures"]] == ["broken"]
    assert "ModuleNotFoundError" in data["failures"][0]["error"]
    assert any(p["name"] == "skl_socialmedia_shout" for p in data["plugins"])
    assert "SKL_SOCIALMEDIA_STRICT_PLUGINS" in data["settings"]
    assert main(["plugins", "--all"]) == 0
    text = capsys.readouterr().out
    assert "broken (unknown distribution unknown version)" in text
    assert "Settings:" in text


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
