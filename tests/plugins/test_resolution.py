"""Who claims what: names, schemes and suffixes, and the clashes among them."""

from __future__ import annotations

from skl_socialmedia.plugins.declared import lazy_format, lazy_source
from skl_socialmedia.plugins.info import PluginInfo
from skl_socialmedia.plugins.resolution import claims

INFO = {
    "a": PluginInfo("a", "dist-a", "1", False),
    "b": PluginInfo("b", "plugins-dir /tmp/x", "local", False),
}


def test_a_name_claimed_once_is_found_and_twice_is_a_clash_of_both() -> None:
    one = lazy_source("m:One", "one", suffixes=(".x",))
    two = lazy_source("m:Two", "two", schemes=("one",))
    again = lazy_source("m:Again", "one")
    fields = ("name", "schemes", "suffixes")
    by_name, clashes = claims(
        "data source", [("a", [one, two]), ("b", [again])], fields, INFO
    )
    assert by_name == {"two": two}
    assert [(c.field, c.value, [p.name for p in c.plugins]) for c in clashes] == [
        ("name", "one", ["a", "b"])
    ]


def test_a_plugin_folder_is_never_offered_for_uninstalling() -> None:
    info = {**INFO, "core": PluginInfo("core", "skl-socialmedia", "1", True)}
    formats = [
        (plugin, [lazy_format("m:F", "f", media_type="text/plain")])
        for plugin in ("core", "a", "b")
    ]
    _, (clash,) = claims("output format", formats, ("name",), info)
    fix = str(clash).split("; ", 1)[1]
    assert fix == (
        "disable them with SKL_SOCIALMEDIA_DISABLE_PLUGINS=a,b (or uninstall dist-a)"
    )


def test_sources_telling_their_files_by_content_share_a_suffix() -> None:
    plain = lazy_source("m:Plain", "plain", suffixes=(".json",))
    sniffer = lazy_source("m:Sniff", "sniff", suffixes=(".json",), sniffs="")
    by_name, clashes = claims(
        "data source", [("a", [plain]), ("b", [sniffer])], ("name", "suffixes"), INFO
    )
    assert clashes == []
    assert set(by_name) == {"plain", "sniff"}
