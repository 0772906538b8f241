"""The plugin manager with fake entry points: nothing installed is used."""

from __future__ import annotations

import logging
import sys
import types
from collections.abc import Sequence
from importlib.metadata import EntryPoint
from typing import Any, ClassVar

import pytest

from skl_socialmedia.errors import PluginError, UnknownNameError
from skl_socialmedia.plugins import PluginManager, hookimpl
from skl_socialmedia.plugins.manager import ENV_DISABLE, ENV_LOAD, ENV_STRICT


class SavSource:
    name: ClassVar[str] = "spss"
    schemes: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = (".sav",)
    description: ClassVar[str] = "SPSS"

    def load(self, location: str, **options: Any) -> Any:
        return location


class OtherSavSource(SavSource):
    name: ClassVar[str] = "other-spss"


class KoladaSource(SavSource):
    name: ClassVar[str] = "kolada"
    schemes: ClassVar[tuple[str, ...]] = ("kolada",)
    suffixes: ClassVar[tuple[str, ...]] = ()


def _module(name: str, **attrs: object) -> types.ModuleType:
    module = types.ModuleType(name)
    for key, value in attrs.items():
        setattr(module, key, value)
    return module


@hookimpl
def _good_sources() -> Sequence[type]:
    return [SavSource, KoladaSource]


@hookimpl
def _dup_sources() -> Sequence[type]:
    return [OtherSavSource]


@hookimpl
def _raising() -> Sequence[type]:
    raise RuntimeError("boom")


@hookimpl
def _not_a_class() -> Sequence[object]:
    return ["spss"]


@hookimpl
def _misspelt() -> Sequence[type]:
    return [SavSource]


class TsvFormat:
    name: ClassVar[str] = "tsv"
    suffixes: ClassVar[tuple[str, ...]] = (".tsv",)
    media_type: ClassVar[str] = "text/tab-separated-values"
    description: ClassVar[str] = "TSV"

    def render(self, report: Any, **options: Any) -> str:
        return "tsv"


class ClashingTextFormat(TsvFormat):
    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = ()


@hookimpl
def _formats() -> Sequence[type]:
    return [TsvFormat]


@hookimpl
def _clashing_formats() -> Sequence[type]:
    return [ClashingTextFormat]


MODULES = {
    "fake_formats": _module("fake_formats", register_output_formats=_formats),
    "fake_clash": _module("fake_clash", register_output_formats=_clashing_formats),
    "fake_good": _module("fake_good", register_data_sources=_good_sources),
    "fake_dup": _module("fake_dup", register_data_sources=_dup_sources),
    "fake_raises": _module("fake_raises", register_data_sources=_raising),
    "fake_notclass": _module("fake_notclass", register_data_sources=_not_a_class),
    "fake_misspelt": _module("fake_misspelt", register_data_source=_misspelt),
}


@pytest.fixture(autouse=True)
def _fake_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, module in MODULES.items():
        monkeypatch.setitem(sys.modules, name, module)


def ep(name: str, module: str) -> EntryPoint:
    return EntryPoint(name=name, value=module, group="skl_socialmedia")


GOOD = ep("good", "fake_good")
BROKEN = ep("broken", "fake_does_not_exist_anywhere")
MISSPELT = ep("misspelt", "fake_misspelt")
RAISES = ep("raises", "fake_raises")
NOTCLASS = ep("notclass", "fake_notclass")
DUP = ep("dup", "fake_dup")


def manager(*eps: EntryPoint, **env: str) -> PluginManager:
    return PluginManager(entry_points=list(eps), environ=env)


def test_good_plugin_registers_and_resolves() -> None:
    pm = manager(GOOD)
    assert pm.failures == []
    assert pm.resolve_source("spss") is SavSource
    assert pm.resolve_source("svar.SAV") is SavSource
    assert pm.resolve_source("kolada://N01951") is KoladaSource
    assert pm.resolve_source("embedded").name == "embedded"
    info = pm.plugin_of(SavSource)
    assert info.name == "good"
    assert info.sources == ("spss", "kolada")
    assert not info.builtin
    assert [p.name for p in pm.plugins if p.builtin] == [
        "skl_socialmedia.formats.plugin",
        "skl_socialmedia.sources.plugin",
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (BROKEN, "ModuleNotFoundError"),
        (MISSPELT, "unknown hook"),
        (RAISES, "raised RuntimeError: boom"),
        (NOTCLASS, "not a data source class"),
    ],
)
def test_broken_plugins_are_skipped_with_one_warning(
    entry: EntryPoint, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="skl_socialmedia.plugins"):
        pm = manager(entry, GOOD)
    assert len(pm.failures) == 1
    failure = pm.failures[0]
    assert failure.name == entry.name
    assert message in failure.error
    assert [r.getMessage().count("\n") for r in caplog.records] == [0]
    assert entry.name in caplog.records[0].getMessage()
    assert "unknown distribution" in caplog.records[0].getMessage()
    # the good plugin still works, and nothing of the broken one is left behind
    assert pm.resolve_source("spss") is SavSource
    assert entry.name not in {p.name for p in pm.plugins}


@pytest.mark.parametrize("entry", [BROKEN, MISSPELT, RAISES, NOTCLASS])
def test_broken_plugins_are_fatal_in_strict_mode(entry: EntryPoint) -> None:
    with pytest.raises(PluginError, match=entry.name):
        manager(entry, **{ENV_STRICT: "1"})


def test_duplicate_claims_name_both_and_how_to_disable() -> None:
    # M11: the clash is an error where the suffix is used, and only there
    pm = manager(GOOD, DUP)
    assert pm.resolve_source("spss") is SavSource
    with pytest.raises(PluginError) as info:
        pm.resolve_source("x.sav")
    message = str(info.value)
    assert "'good'" in message
    assert "'dup'" in message
    assert "'.sav'" in message
    assert ENV_DISABLE in message
    pm = manager(GOOD, DUP, **{ENV_DISABLE: "dup"})
    assert pm.resolve_source("x.sav") is SavSource


def test_duplicate_claims_are_fatal_in_strict_mode() -> None:
    with pytest.raises(PluginError, match=ENV_STRICT) as info:
        manager(GOOD, DUP, **{ENV_STRICT: "1"})
    assert "'.sav'" in str(info.value)


def test_load_selects_and_empty_loads_none() -> None:
    pm = manager(GOOD, DUP, **{ENV_LOAD: "dup"})
    assert pm.resolve_source("x.sav") is OtherSavSource
    pm = manager(GOOD, DUP, BROKEN, **{ENV_LOAD: ""})
    assert pm.failures == []
    assert set(pm.sources) == {
        "embedded", "published", "csv", "json", "tally", "jsonstat", "px", "sdmx-csv",
        "excel", "parquet", "example",
    }  # fmt: skip


def test_builtins_can_be_disabled() -> None:
    pm = manager(**{ENV_DISABLE: "skl_socialmedia.formats.plugin"})
    assert pm.formats == {}


def test_unknown_source_lists_what_is_known() -> None:
    pm = manager(GOOD)
    with pytest.raises(UnknownNameError) as info:
        pm.resolve_source("data.ods")
    message = str(info.value)
    for known in ("embedded", "spss", "kolada://", ".sav", "skl-socialmedia plugins"):
        assert known in message


def test_format_resolution() -> None:
    pm = manager()
    assert pm.resolve_format("text").name == "text"
    assert pm.resolve_format("out/report.TXT").name == "text"
    with pytest.raises(UnknownNameError, match="format"):
        pm.resolve_format("report.docx")


def test_register_output_formats_adds_a_format() -> None:
    pm = manager(ep("tsv", "fake_formats"))
    assert pm.resolve_format("tsv") is TsvFormat
    assert pm.resolve_format("report.tsv") is TsvFormat
    assert pm.plugin_of(TsvFormat).formats == ("tsv",)


def test_a_plugin_may_not_take_a_builtin_name() -> None:
    pm = manager(ep("clash", "fake_clash"))
    with pytest.raises(PluginError, match="'text'"):
        pm.resolve_format("text")
