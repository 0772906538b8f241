"""Content sniffing: sources that share a suffix, told apart by content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest

from skl_socialmedia import PublishedFigures, load
from skl_socialmedia.errors import PluginError
from skl_socialmedia.plugins import PluginManager
from skl_socialmedia.plugins.specs import hookimpl
from skl_socialmedia.published import embedded_figures
from skl_socialmedia.sources import JsonSource
from skl_socialmedia.sources.cubes.sources import JsonStatSource, SdmxCsvSource
from skl_socialmedia.testing import check_data_source


class _Shouty:
    """Claims .json files that start with a shout (a third-party sniffer)."""

    name: ClassVar[str] = "shouty"
    schemes: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "shouted JSON"

    @staticmethod
    def sniff(location: str) -> bool:
        return Path(location).read_text(encoding="utf-8").startswith('"HEY')

    def load(self, location: str, **options: Any) -> PublishedFigures:
        return embedded_figures()


class _Plain:
    """Claims .json without sniffing: a second default, so a clash."""

    name: ClassVar[str] = "plainjson"
    schemes: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = (".json",)
    description: ClassVar[str] = "plain JSON"

    def load(self, location: str, **options: Any) -> PublishedFigures:
        return embedded_figures()


class _Module:
    def __init__(self, *classes: type) -> None:
        self.classes = classes
        self.__name__ = "sniffer_plugin"

    @hookimpl
    def register_data_sources(self) -> list[type]:
        return list(self.classes)


def test_builtin_resolution_by_content(tmp_path: Path) -> None:
    manager = PluginManager(entry_points=(), environ={})
    stat = Path(__file__).parents[1] / "sources" / "cubes" / "data"
    assert manager.resolve_source(str(stat / "isoc_social.json")) is JsonStatSource
    assert manager.resolve_source(str(stat / "isoc_social_v1.csv")) is SdmxCsvSource
    records = tmp_path / "r.json"
    records.write_text(json.dumps([{"wave": 2010}]), encoding="utf-8")
    assert manager.resolve_source(str(records)) is JsonSource
    assert manager.resolve_source(str(tmp_path / "absent.json")) is JsonSource
    assert manager.resolve_source("t.jsonstat") is JsonStatSource
    assert not manager.clashes


def test_a_third_party_sniffer_shares_the_suffix(tmp_path: Path) -> None:
    manager = PluginManager(entry_points=(), environ={}, plugins=[_Module(_Shouty)])
    assert not manager.clashes
    shouted = tmp_path / "a.json"
    shouted.write_text('"HEY"', encoding="utf-8")
    quiet = tmp_path / "b.json"
    quiet.write_text("[]", encoding="utf-8")
    assert manager.resolve_source(str(shouted)) is _Shouty
    assert manager.resolve_source(str(quiet)) is JsonSource
    # a sniffer that raises (here: no such file) declines
    assert manager.resolve_source(str(tmp_path / "none.json")) is JsonSource


def test_two_defaults_for_one_suffix_still_clash() -> None:
    manager = PluginManager(entry_points=(), environ={}, plugins=[_Module(_Plain)])
    assert [(c.field, c.value) for c in manager.clashes] == [("suffix", ".json")]
    with pytest.raises(PluginError, match=r"\.json"):
        manager.resolve_source("x.json")


def test_load_reads_a_shared_suffix_by_content() -> None:
    stat = Path(__file__).parents[1] / "sources" / "cubes" / "data"
    assert isinstance(load(str(stat / "isoc_social.json")), PublishedFigures)


def test_check_data_source_validates_published_figures(tmp_path: Path) -> None:
    stat = Path(__file__).parents[1] / "sources" / "cubes" / "data"
    loaded = check_data_source(JsonStatSource, sample=str(stat / "isoc_social.json"))
    assert isinstance(loaded, PublishedFigures)

    class Sneaky(_Shouty):
        name: ClassVar[str] = "sneaky"

        def load(self, location: str, **options: Any) -> PublishedFigures:
            figures = PublishedFigures.from_records(
                [{"group": "a", "item": "uses", "wave": "2010", "percent": 50}]
            )
            object.__setattr__(figures.figures[0], "percent", 250.0)  # bypassed
            return figures

    with pytest.raises(PluginError, match=r"invalid published figures.*0, 100"):
        check_data_source(Sneaky, sample="x")


def test_the_listing_shows_suffixes_and_sniffing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from skl_socialmedia.cli import main

    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "content sniffing" in out.splitlines()[1]
    jsonstat = next(line for line in out.splitlines() if line.startswith("  jsonstat "))
    assert ".jsonstat .json" in jsonstat
    assert jsonstat.endswith(".json whose content is JSON-stat (class, version)")
    px = next(line for line in out.splitlines() if line.startswith("  px "))
    assert px.endswith("  -")
    assert main(["plugins", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    sdmx = next(s for s in data["sources"] if s["name"] == "sdmx-csv")
    assert sdmx["suffixes"] == [".sdmx.csv", ".csv"]
    assert sdmx["sniffs"] == ".csv whose first column is DATAFLOW or STRUCTURE"
    assert next(s for s in data["sources"] if s["name"] == "csv")["sniffs"] is None
