"""`skl-socialmedia plugins`: every source and format, plugins and load failures."""

from __future__ import annotations

import json
from importlib.metadata import EntryPoint

import pytest

from skl_socialmedia.cli import main
from skl_socialmedia.plugins import PluginManager
from skl_socialmedia.plugins.manager import reset_plugin_manager
from tests.plugins.shout import shout_plugin


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
