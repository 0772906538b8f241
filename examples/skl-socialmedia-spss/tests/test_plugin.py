"""The plugin as skl-socialmedia sees it: contract, registration, entry point."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import skl_socialmedia
from skl_socialmedia import PluginError, Survey
from skl_socialmedia.plugins import PluginManager
from skl_socialmedia.testing import check_data_source, registered_plugin

import skl_socialmedia_spss
from skl_socialmedia_spss import SpssSource, plugin

from .sav_files import RENAME


def test_the_class_meets_the_contract() -> None:
    assert check_data_source(SpssSource) is None


def test_the_class_loads_a_sample(pair: tuple[Path, Path]) -> None:
    sav, _csv = pair
    loaded = check_data_source(SpssSource, sample=str(sav), rename=RENAME)
    assert isinstance(loaded, Survey)
    assert loaded.waves == ("2010", "2012")


def test_the_contract_check_catches_a_broken_copy() -> None:
    class Broken(SpssSource):
        suffixes = ("sav",)  # no dot

    with pytest.raises(PluginError, match="suffix 'sav'"):
        check_data_source(Broken)


def test_the_hook_declares_the_source_by_name() -> None:
    [declared] = plugin.register_data_sources()
    assert (declared.name, declared.suffixes) == ("spss", (".sav", ".zsav"))
    assert declared.description == SpssSource.description
    assert declared.load() is SpssSource  # and the class matches the declaration


def test_registered_plugin_resolves_sav_files(canonical_sav: Path) -> None:
    with registered_plugin(plugin) as manager:
        assert manager.resolve_source("svar.sav") is SpssSource
        assert manager.resolve_source("SVAR.ZSAV") is SpssSource
        assert manager.resolve_source("spss") is SpssSource
        assert manager.failures == []
        survey = skl_socialmedia.load(str(canonical_sav))
        assert isinstance(survey, Survey)
        assert survey.items == ("uses", "channel.facebook")
        text = skl_socialmedia.render(
            skl_socialmedia.report_from_survey(survey), "text"
        )
        assert isinstance(text, str)
        assert "Facebook" in text


def test_the_entry_point_is_installed() -> None:
    (entry_point,) = [
        e for e in metadata.entry_points(group="skl_socialmedia") if e.name == "spss"
    ]
    assert entry_point.value == "skl_socialmedia_spss.plugin"
    assert entry_point.load() is plugin
    assert entry_point.dist is not None
    assert entry_point.dist.name == "skl-socialmedia-spss"
    assert entry_point.dist.version == skl_socialmedia_spss.__version__


def test_the_host_loads_it_from_the_entry_point_in_strict_mode() -> None:
    manager = PluginManager(environ={"SKL_SOCIALMEDIA_STRICT_PLUGINS": "1"})
    assert manager.sources["spss"] is SpssSource
    info = manager.plugin_of(SpssSource)
    assert (info.name, info.distribution, info.version, info.builtin) == (
        "spss",
        "skl-socialmedia-spss",
        skl_socialmedia_spss.__version__,
        False,
    )


def test_the_host_can_disable_it() -> None:
    manager = PluginManager(environ={"SKL_SOCIALMEDIA_DISABLE_PLUGINS": "spss"})
    assert "spss" not in manager.sources


def test_loading_the_plugin_does_not_import_pyreadstat() -> None:
    code = "import sys, skl_socialmedia_spss.plugin; print('pyreadstat' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_the_hosts_start_up_imports_neither_the_source_nor_numpy() -> None:
    # The declaration keeps the plugin free at the host's start-up: the
    # report on the embedded figures needs no numpy, and neither does this.
    code = (
        "import sys; from skl_socialmedia.cli import main; main(['report']); "
        "print(sorted(m for m in ('numpy', 'skl_socialmedia_spss.source') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"
