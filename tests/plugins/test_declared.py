"""Classes declared by name: the built-ins' modules are imported when chosen."""

from __future__ import annotations

import subprocess
import sys
import types
from collections.abc import Sequence
from importlib.metadata import EntryPoint
from typing import Any, ClassVar

import pytest

from skl_socialmedia.errors import PluginError
from skl_socialmedia.plugins import (
    Declared,
    PluginManager,
    hookimpl,
    lazy_format,
    lazy_source,
)
from skl_socialmedia.plugins.listing import plugins_text
from skl_socialmedia.plugins.manager import ENV_STRICT

BUILTINS = PluginManager(entry_points=(), environ={})


@pytest.mark.parametrize(
    "declared",
    [*BUILTINS.declared_sources, *BUILTINS.declared_formats],
    ids=lambda d: f"{d.kind}-{d.name}",
)
def test_each_builtin_is_declared_as_its_class_says(declared: Declared) -> None:
    of_class = Declared.of(declared.kind, declared.copy().load())
    for field in ("name", "schemes", "suffixes", "description", "media_type"):
        assert getattr(declared, field) == getattr(of_class, field), field
    assert declared.sniffs == of_class.sniffs
    assert declared.target == of_class.target


def _imported_after(code: str) -> set[str]:
    """Run ``code`` in a fresh process; return the package modules it imported."""
    script = (
        "import sys\n"
        f"{code}\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('skl_socialmedia')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"SKL_SOCIALMEDIA_LOAD_PLUGINS": "", "PATH": ""},
    )
    return set(done.stdout.split())


HEAVY = {
    "skl_socialmedia.survey.model",
    "skl_socialmedia.tally.model",
    "skl_socialmedia.sources.microdata.canonical_csv",
    "skl_socialmedia.sources.cubes.sources",
    "skl_socialmedia.formats.html",
    "skl_socialmedia.formats.chart",
}


def test_building_the_manager_and_listing_import_no_source_or_format() -> None:
    imported = _imported_after(
        "from skl_socialmedia.plugins import get_plugin_manager\n"
        "from skl_socialmedia.plugins.listing import plugins_text\n"
        "plugins_text(get_plugin_manager(), show_all=True)"
    )
    chosen = {
        m
        for m in imported
        if m.startswith(("skl_socialmedia.sources.", "skl_socialmedia.formats."))
    }
    assert chosen == {
        "skl_socialmedia.sources.plugin",
        "skl_socialmedia.formats.plugin",
    }
    assert not imported & HEAVY


def test_the_embedded_report_imports_no_survey_tally_or_other_source() -> None:
    imported = _imported_after(
        "import io, contextlib\n"
        "from skl_socialmedia.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['report']) == 0\n"
        "print('importlib.metadata' in sys.modules)"
    )
    assert "skl_socialmedia.sources.embedded" in imported
    assert "skl_socialmedia.formats.text" in imported
    assert not imported & HEAVY
    assert "False" in imported  # no importlib.metadata: no plugin is to be loaded


def test_resolving_imports_the_chosen_class_only() -> None:
    imported = _imported_after(
        "from skl_socialmedia.plugins import get_plugin_manager\n"
        "get_plugin_manager().resolve_format('report.md')"
    )
    assert "skl_socialmedia.formats.markdown" in imported
    assert "skl_socialmedia.formats.text" not in imported


class LazySav:
    name: ClassVar[str] = "lazy-sav"
    schemes: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = (".lsav",)
    description: ClassVar[str] = "declared by name"

    def load(self, location: str, **options: Any) -> Any:
        return location


def _plugin(name: str, *declared: Declared, hook: str = "register_data_sources") -> Any:
    @hookimpl
    def register() -> Sequence[Declared]:
        return list(declared)

    module = types.ModuleType(name)
    setattr(module, hook, register)
    return module


def _manager(module: Any, monkeypatch: pytest.MonkeyPatch, **env: str) -> PluginManager:
    monkeypatch.setitem(sys.modules, module.__name__, module)
    entry = EntryPoint(name="lazy", value=module.__name__, group="skl_socialmedia")
    return PluginManager(entry_points=[entry], environ=env)


def test_a_third_party_plugin_may_declare_its_classes_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    declared = lazy_source(
        f"{__name__}:LazySav", "lazy-sav", suffixes=(".lsav",), description="x"
    )
    pm = _manager(_plugin("fake_lazy", declared), monkeypatch)
    assert pm.failures == []
    assert declared.loaded is None  # the manager holds its own copy
    assert pm.resolve_source("survey.lsav") is LazySav
    assert pm.plugin_of(LazySav).name == "lazy"
    assert pm.sources["lazy-sav"] is LazySav


def test_a_class_unlike_its_declaration_is_an_error_naming_the_plugin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    declared = lazy_source(f"{__name__}:LazySav", "lazy-sav", suffixes=(".other",))
    pm = _manager(_plugin("fake_unlike", declared), monkeypatch)
    with pytest.raises(PluginError, match=r"plugin 'lazy'.*suffixes") as info:
        pm.resolve_source("lazy-sav")
    assert "SKL_SOCIALMEDIA_DISABLE_PLUGINS=lazy" in str(info.value)


def test_a_declared_class_that_cannot_be_imported_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    declared = lazy_source("fake_nowhere_at_all:Source", "nowhere")
    pm = _manager(_plugin("fake_missing", declared), monkeypatch)
    assert "nowhere" in pm.sources
    with pytest.raises(PluginError, match="ModuleNotFoundError"):
        pm.resolve_source("nowhere")


def test_a_format_declared_as_a_source_is_a_load_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    declared = lazy_format(f"{__name__}:LazySav", "lazy-sav", media_type="text/x")
    module = _plugin("fake_kind", declared)
    assert _manager(module, monkeypatch).failures[0].name == "lazy"
    with pytest.raises(PluginError, match="not a data source"):
        _manager(module, monkeypatch, **{ENV_STRICT: "1"})


def test_the_listing_shows_what_is_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    declared = lazy_source(
        "fake_nowhere_at_all:Source",
        "nowhere",
        suffixes=(".nw",),
        description="never imported",
        sniffs="",
    )
    text = plugins_text(_manager(_plugin("fake_listed", declared), monkeypatch))
    line = next(x for x in text.splitlines() if x.strip().startswith("nowhere"))
    assert ".nw" in line
    assert "by content" in line
