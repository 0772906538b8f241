# ruff: noqa: N802 (test names carry the defect IDs of DEFECTS.md: test_W4_…)
"""Plugins that fail, clash or misbehave: named, contained, never fatal elsewhere.

Regression tests of the bad-input audit (IDs from its DEFECTS.md): a plugin's
``load``/``render`` raising or returning the wrong type (C10), plugin name
clashes (M11), and plugins writing to stdout or changing global state (S3).
Plugins are built in-process and given to a :class:`PluginManager` as
entry points of a fake distribution; nothing is installed.
"""

from __future__ import annotations

import json
import logging
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, cast

import pytest

import skl_socialmedia as sm
from skl_socialmedia.cli import main
from skl_socialmedia.errors import DataError, PluginError
from skl_socialmedia.plugins import PluginManager, hookimpl
from skl_socialmedia.plugins.manager import (
    ENV_DISABLE,
    ENV_STRICT,
    get_plugin_manager,
    guarded_load,
    guarded_render,
    reset_plugin_manager,
)
from skl_socialmedia.report.model import Report


class FakeEntryPoint:
    """What the manager uses of an entry point: name, load() and dist."""

    def __init__(
        self, name: str, load: Callable[[], object], dist: str, version: str
    ) -> None:
        self.name = name
        self._load = load
        self.dist = types.SimpleNamespace(name=dist, version=version)

    def load(self) -> object:
        return self._load()


def _plugin(
    name: str, *, sources: Sequence[type] = (), formats: Sequence[type] = ()
) -> types.ModuleType:
    module = types.ModuleType(name)
    if sources:

        @hookimpl
        def register_data_sources() -> Sequence[type]:
            return list(sources)

        module.register_data_sources = register_data_sources  # type: ignore[attr-defined]
    if formats:

        @hookimpl
        def register_output_formats() -> Sequence[type]:
            return list(formats)

        module.register_output_formats = register_output_formats  # type: ignore[attr-defined]
    return module


def _use(*entry_points: FakeEntryPoint, **environ: str) -> PluginManager:
    manager = PluginManager(entry_points=cast(Any, entry_points), environ=environ)
    reset_plugin_manager(manager)
    return manager


def _report() -> Report:
    return sm.report_from_published(sm.embedded_figures())


# -- C10: a plugin's load or render fails ----------------------------------------------

MODE: dict[str, str] = {"mode": "raise"}


class BoomFormat:
    name: ClassVar[str] = "boom"
    suffixes: ClassVar[tuple[str, ...]] = (".boom",)
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "render fails on purpose"

    def render(self, report: Any, **options: Any) -> object:
        mode = MODE["mode"]
        if mode == "raise":
            raise RuntimeError("render failed\nmidway")
        if mode == "dataerror":
            raise DataError("render failed politely")
        if mode == "exit":
            raise SystemExit(0)
        if mode == "kbd":
            raise KeyboardInterrupt
        if mode == "print":
            print("PRINTED BY RENDER")
            return "fine\n"
        return {"none": None, "int": 42, "surrogate": "ok \ud800 bad"}.get(
            mode, "fine\n"
        )


class BoomSource:
    name: ClassVar[str] = "boomsrc"
    schemes: ClassVar[tuple[str, ...]] = ("boom",)
    suffixes: ClassVar[tuple[str, ...]] = (".boomsrc",)
    description: ClassVar[str] = "load fails on purpose"

    def load(self, location: str, **options: Any) -> object:
        mode = MODE["mode"]
        if mode == "raise":
            raise ZeroDivisionError("load failed")
        if mode == "dataerror":
            raise DataError("bad input, politely")
        if mode == "survey":
            return sm.load("embedded")
        return {"none": None, "str": "not a survey"}.get(mode)


BOOM = _plugin("sklp_boom", sources=[BoomSource], formats=[BoomFormat])


@pytest.fixture
def boom() -> PluginManager:
    return _use(FakeEntryPoint("boom", lambda: BOOM, "sklp-boom", "0.0.1"))


def _named(error: BaseException) -> None:
    message = str(error)
    assert "'boom'" in message  # the plugin
    assert "sklp-boom 0.0.1" in message  # its distribution and version
    assert "\n" not in message  # one line at the command line
    assert f"{ENV_DISABLE}=boom" in message


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("raise", "raised RuntimeError: render failed midway"),
        ("none", "returned None, not str or bytes"),
        ("int", "returned an int, not str or bytes"),
        ("surrogate", "lone surrogate"),
        ("exit", "called sys.exit(0)"),
    ],
)
def test_C10_plugin_render_failure_is_a_plugin_error(
    boom: PluginManager, monkeypatch: pytest.MonkeyPatch, mode: str, said: str
) -> None:
    monkeypatch.setitem(MODE, "mode", mode)
    with pytest.raises(PluginError) as info:
        guarded_render(boom.resolve_format("boom"), _report())
    assert said in str(info.value)
    assert "the output format 'boom'" in str(info.value)
    _named(info.value)


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("raise", "raised ZeroDivisionError: load failed"),
        ("none", "returned None, not a Survey, Tally or PublishedFigures"),
        ("str", "returned a str, not a Survey"),
    ],
)
def test_C10_plugin_load_failure_is_a_plugin_error(
    boom: PluginManager, monkeypatch: pytest.MonkeyPatch, mode: str, said: str
) -> None:
    monkeypatch.setitem(MODE, "mode", mode)
    with pytest.raises(PluginError) as info:
        guarded_load(boom.resolve_source("boom://x"), "boom://x")
    assert said in str(info.value)
    assert "the data source 'boomsrc'" in str(info.value)
    _named(info.value)
    assert isinstance(info.value, RuntimeError)  # a builtin base too


def test_C10_library_errors_and_interrupts_pass_unchanged(
    boom: PluginManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(MODE, "mode", "dataerror")
    with pytest.raises(DataError, match="politely") as info:
        guarded_load(boom.resolve_source("boom://x"), "boom://x")
    assert not isinstance(info.value, PluginError)
    with pytest.raises(DataError, match="render failed politely"):
        guarded_render(boom.resolve_format("boom"), _report())
    monkeypatch.setitem(MODE, "mode", "kbd")
    with pytest.raises(KeyboardInterrupt):
        guarded_render(boom.resolve_format("boom"), _report())


def test_C10_good_results_and_builtins_pass_through(
    boom: PluginManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(MODE, "mode", "fine")
    assert guarded_render(boom.resolve_format("boom"), _report()) == "fine\n"
    monkeypatch.setitem(MODE, "mode", "survey")
    loaded = guarded_load(boom.resolve_source("boom://x"), "boom://x")
    assert isinstance(loaded, sm.PublishedFigures | sm.Survey | sm.Tally)
    text = guarded_render(boom.resolve_format("text"), _report())
    assert isinstance(text, str)
    assert text.startswith(str(_report().title.get("en"))[:10])
    figures = guarded_load(boom.resolve_source("embedded"), "embedded")
    assert isinstance(figures, sm.PublishedFigures)


def test_C10_a_class_the_manager_does_not_know_is_named_by_its_module() -> None:
    class Stray(BoomFormat):
        pass

    MODE["mode"] = "none"
    try:
        with pytest.raises(PluginError, match="unknown distribution"):
            guarded_render(Stray, _report())
    finally:
        MODE["mode"] = "raise"


# -- M11: name clashes -----------------------------------------------------------------


class FakeText:
    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".faketxt",)
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "claims text"

    def render(self, report: Any, **options: Any) -> str:
        return "FAKE\n"


class FancyA:
    name: ClassVar[str] = "fancy"
    suffixes: ClassVar[tuple[str, ...]] = (".fancy",)
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "A"

    def render(self, report: Any, **options: Any) -> str:
        return "A\n"


class FancyB(FancyA):
    suffixes: ClassVar[tuple[str, ...]] = (".fancyb",)
    description: ClassVar[str] = "B"

    def render(self, report: Any, **options: Any) -> str:
        return "B\n"


DUPBUILTIN = FakeEntryPoint(
    "dupbuiltin",
    lambda: _plugin("sklp_dupbuiltin", formats=[FakeText]),
    "sklp-dupbuiltin",
    "0.0.1",
)
FANCY_A = FakeEntryPoint(
    "fancya", lambda: _plugin("sklp_fancy_a", formats=[FancyA]), "sklp-fancy-a", "1.0"
)
FANCY_B = FakeEntryPoint(
    "fancyb", lambda: _plugin("sklp_fancy_b", formats=[FancyB]), "sklp-fancy-b", "2.0"
)


def test_M11_plugins_lists_a_clash_with_a_builtin_and_says_what_to_disable(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="skl_socialmedia.plugins"):
        _use(DUPBUILTIN)
    assert [r.getMessage().count("\n") for r in caplog.records] == [0]
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert out.count("text (clash)") == 2  # the built-in and the plugin's
    assert "sklp-dupbuiltin" in out
    clash = next(line for line in out.splitlines() if "both claim" in line)
    assert f"{ENV_DISABLE}=dupbuiltin" in clash
    assert "skl_socialmedia.formats.plugin" not in clash.partition(";")[2]
    assert main(["plugins", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (listed,) = data["clashes"]
    assert (listed["field"], listed["value"]) == ("name", "text")
    assert listed["plugins"] == ["skl_socialmedia.formats.plugin", "dupbuiltin"]
    assert sum(f["clash"] for f in data["formats"]) == 2


def test_M11_other_commands_fail_only_where_the_clashing_name_is_used(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _use(DUPBUILTIN)
    assert main(["report", "--format", "markdown"]) == 0
    capsys.readouterr()
    assert main(["report", "--format", "text"]) == 1
    err = capsys.readouterr().err
    assert err.count("error:") == 1
    assert f"{ENV_DISABLE}=dupbuiltin" in err
    assert "(or uninstall sklp-dupbuiltin)" in err
    # the advice works, and leaves every built-in format in place
    _use(DUPBUILTIN, **{ENV_DISABLE: "dupbuiltin"})
    manager = get_plugin_manager()
    assert manager.clashes == []
    assert manager.resolve_format("text").__module__.startswith("skl_socialmedia.")
    assert len(manager.formats) == 8


def test_M11_two_plugins_claiming_one_name(capsys: pytest.CaptureFixture[str]) -> None:
    manager = _use(FANCY_A, FANCY_B)
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert out.count("fancy (clash)") == 2
    with pytest.raises(PluginError) as info:
        manager.resolve_format("fancy")
    message = str(info.value)
    assert "'fancya' (sklp-fancy-a 1.0)" in message
    assert "'fancyb' (sklp-fancy-b 2.0)" in message
    assert f"{ENV_DISABLE}=fancya or {ENV_DISABLE}=fancyb" in message
    # their suffixes are their own: usable
    assert manager.resolve_format("out.fancyb") is FancyB
    assert manager.resolve_format("text").name == "text"
    assert (
        _use(FANCY_A, FANCY_B, **{ENV_DISABLE: "fancyb"}).resolve_format("fancy")
        is FancyA
    )


def test_M11_a_clash_is_fatal_in_strict_mode() -> None:
    with pytest.raises(PluginError, match=ENV_STRICT):
        PluginManager(
            entry_points=cast(Any, [FANCY_A, FANCY_B]), environ={ENV_STRICT: "1"}
        )


# -- S3: plugins writing to stdout, lowering the recursion limit -----------------------


def _noisy() -> object:
    print("PLUGIN PRINTED ON IMPORT")
    sys.setrecursionlimit(max(sys.getrecursionlimit() - 100, 200))
    return _plugin("sklp_noisy", formats=[FancyA])


def test_S3_plugin_stdout_at_import_goes_to_stderr_and_the_limit_is_restored(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    limit = sys.getrecursionlimit()
    with caplog.at_level(logging.WARNING, logger="skl_socialmedia.plugins"):
        _use(FakeEntryPoint("noisy", _noisy, "sklp-noisy", "0.1"))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "PLUGIN PRINTED ON IMPORT" in captured.err
    assert sys.getrecursionlimit() == limit
    assert any("recursion limit" in r.getMessage() for r in caplog.records)
    # machine-readable output stays clean
    assert main(["report", "--format", "json"]) == 0
    json.loads(capsys.readouterr().out)


def test_S3_plugin_stdout_while_rendering_goes_to_stderr(
    boom: PluginManager,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(MODE, "mode", "print")
    assert guarded_render(boom.resolve_format("boom"), _report()) == "fine\n"
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "PRINTED BY RENDER" in captured.err


def test_S3_plugin_exiting_at_import_is_a_load_failure() -> None:
    def exits() -> object:
        raise SystemExit(3)

    manager = _use(FakeEntryPoint("exits", exits, "sklp-exits", "0.1"))
    (failure,) = manager.failures
    assert failure.name == "exits"
    assert "SystemExit" in failure.error
