"""Plugin folders: plain ``.py`` modules loaded like entry points, in isolation."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest

from skl_socialmedia.errors import InvalidArgumentError, PluginError
from skl_socialmedia.plugins import PluginManager, get_plugin_manager
from skl_socialmedia.plugins.folders import ENV_PLUGINS_DIR, folder_modules
from skl_socialmedia.plugins.manager import ENV_DISABLE, ENV_LOAD, ENV_STRICT
from tests.plugins.folder_plugins import BROKEN, HELLO, HELLO_FORMAT, write_plugin


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A plugins folder with a hello source and a hello format."""
    write_plugin(tmp_path / "plugins", "hello", HELLO)
    write_plugin(tmp_path / "plugins", "hello_format", HELLO_FORMAT)
    return tmp_path / "plugins"


def manager(*folders: Path, **env: str) -> PluginManager:
    return PluginManager(entry_points=(), environ=env, plugins_dir=list(folders))


def test_a_folder_s_modules_are_plugins_named_by_their_stem(folder: Path) -> None:
    pm = manager(folder)
    assert pm.failures == []
    assert pm.resolve_source("hello").__name__ == "HelloSource"
    assert pm.resolve_source("hello://x").__name__ == "HelloSource"
    assert pm.resolve_source("data.hello").__name__ == "HelloSource"
    assert pm.resolve_format("out.hi").__name__ == "HelloFormat"
    info = pm.plugin_of(pm.resolve_source("hello"))
    assert (info.name, info.distribution, info.version, info.builtin) == (
        "hello",
        f"plugins-dir {folder}",
        "local",
        False,
    )
    assert pm.plugins_dirs == (folder,)


def test_the_loaded_source_works_and_its_prints_go_to_stderr(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pm = manager(folder)
    cls = pm.resolve_source("hello")
    loaded = pm.guarded_load(cls, "hello")
    out, err = capsys.readouterr()
    assert loaded.wave_ids == ("2010", "2012")  # type: ignore[union-attr]
    assert out == ""
    assert "a plugin's print goes to stderr" in err


def test_modules_get_private_names_and_the_folder_stays_off_sys_path(
    tmp_path: Path,
) -> None:
    first = write_plugin(tmp_path / "a", "hello", HELLO).parent
    second = write_plugin(tmp_path / "b", "hello", HELLO).parent
    path_before = list(sys.path)
    one, two = manager(first), manager(second)
    cls_one, cls_two = one.resolve_source("hello"), two.resolve_source("hello")
    assert cls_one is not cls_two
    assert cls_one.__module__ != cls_two.__module__
    assert cls_one.__module__.startswith("_skl_socialmedia_plugins_dir_")
    assert sys.modules[cls_one.__module__].__file__ == str(first / "hello.py")
    assert "hello" not in sys.modules
    assert sys.path == path_before


def test_the_same_stem_in_two_folders_is_a_load_failure_not_a_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = write_plugin(tmp_path / "a", "hello", HELLO).parent
    second = write_plugin(tmp_path / "b", "hello", HELLO).parent
    with caplog.at_level(logging.WARNING, logger="skl_socialmedia.plugins"):
        pm = manager(first, second)
    assert [f.distribution for f in pm.failures] == [f"plugins-dir {second}"]
    assert "the name is taken" in pm.failures[0].error
    assert pm.plugin_of(pm.resolve_source("hello")).distribution == (
        f"plugins-dir {first}"
    )


def test_a_module_that_raises_on_import_is_skipped_with_one_warning(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_plugin(folder, "broken", BROKEN)
    with caplog.at_level(logging.WARNING, logger="skl_socialmedia.plugins"):
        pm = manager(folder)
    assert [(f.name, f.error) for f in pm.failures] == [
        ("broken", "RuntimeError: broken on purpose")
    ]
    assert [r.getMessage().count("\n") for r in caplog.records] == [0]
    assert f"plugins-dir {folder}" in caplog.records[0].getMessage()
    assert pm.resolve_source("hello").__name__ == "HelloSource"
    assert not any(name.endswith("_broken") for name in sys.modules)


def test_a_hook_that_raises_is_a_load_failure(tmp_path: Path) -> None:
    write_plugin(
        tmp_path,
        "raises",
        "from skl_socialmedia import hookimpl\n\n\n@hookimpl\n"
        "def register_data_sources():\n    raise ValueError('no')\n",
    )
    pm = manager(tmp_path)
    assert [f.error for f in pm.failures] == [
        "register_data_sources() raised ValueError: no"
    ]


def test_strict_mode_makes_a_broken_module_an_error(folder: Path) -> None:
    write_plugin(folder, "broken", BROKEN)
    with pytest.raises(PluginError, match=r"'broken' \(plugins-dir .*\) was skipped"):
        manager(folder, **{ENV_STRICT: "1"})


def test_disable_names_a_module_by_stem_and_load_selects_entry_points_only(
    folder: Path,
) -> None:
    none_installed = manager(folder, **{ENV_LOAD: ""})
    assert [p.name for p in none_installed.plugins if not p.builtin] == [
        "hello",
        "hello_format",
    ]
    without = manager(folder, **{ENV_DISABLE: "hello"})
    assert [p.name for p in without.plugins if not p.builtin] == ["hello_format"]
    assert "hello" not in without.sources


def test_private_and_other_files_are_not_plugins(folder: Path) -> None:
    write_plugin(folder, "_helpers", BROKEN)
    (folder / "notes.txt").write_text("not python", encoding="utf-8")
    (folder / "package").mkdir()
    assert [p.name for p in folder_modules(folder)] == ["hello.py", "hello_format.py"]
    assert manager(folder).failures == []


def test_the_variable_holds_folders_separated_by_pathsep(
    folder: Path, tmp_path: Path
) -> None:
    other = write_plugin(tmp_path / "other", "hello_format", HELLO_FORMAT).parent
    pm = PluginManager(
        entry_points=(), environ={ENV_PLUGINS_DIR: f"{folder}{os.pathsep}{other}"}
    )
    assert pm.plugins_dirs == (folder, other)
    assert pm.resolve_format("hello-text").__name__ == "HelloFormat"
    assert pm.failures[0].name == "hello_format"  # the second folder's


def test_the_given_folders_come_after_the_variable_s(
    folder: Path, tmp_path: Path
) -> None:
    other = tmp_path / "empty"
    other.mkdir()
    pm = PluginManager(
        entry_points=(), environ={ENV_PLUGINS_DIR: str(other)}, plugins_dir=folder
    )
    assert pm.plugins_dirs == (other, folder)


@pytest.mark.parametrize("where", ["argument", "variable"])
def test_a_missing_folder_is_an_error_naming_it(tmp_path: Path, where: str) -> None:
    missing = tmp_path / "nowhere"
    given = missing if where == "argument" else None
    env = {ENV_PLUGINS_DIR: str(missing)} if where == "variable" else {}
    with pytest.raises(InvalidArgumentError, match="does not exist") as info:
        PluginManager(entry_points=(), environ=env, plugins_dir=given)
    assert str(missing) in str(info.value)
    assert (ENV_PLUGINS_DIR in str(info.value)) == (where == "variable")


def test_a_file_is_not_a_folder(folder: Path) -> None:
    with pytest.raises(InvalidArgumentError, match="is not a folder"):
        manager(folder / "hello.py")


def test_get_plugin_manager_takes_a_folder_and_keeps_it(folder: Path) -> None:
    before = get_plugin_manager()
    with_folder = get_plugin_manager(plugins_dir=folder)
    assert with_folder is not before
    assert with_folder.plugins_dirs == (folder,)
    assert "hello" in with_folder.sources
    assert get_plugin_manager() is with_folder
    assert get_plugin_manager(plugins_dir=str(folder)) is with_folder


def test_with_plugins_dir_keeps_the_manager_s_settings(folder: Path) -> None:
    pm = manager(**{ENV_DISABLE: "hello"})
    more = pm.with_plugins_dir(folder)
    assert "hello" not in more.sources
    assert "hello-text" in more.formats
