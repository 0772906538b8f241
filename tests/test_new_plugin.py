"""The plugin template: what ``new_plugin`` writes, and that it is a plugin.

.ci/plugin-template installs the generated packages and runs their own tests,
mypy and ruff; here the generated modules are imported from their folder and
checked with the contract checks a plugin author's tests use.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

if sys.version_info >= (3, 11):
    import tomllib
else:  # the test extra installs tomli on Python 3.10
    import tomli as tomllib

import pytest

import skl_socialmedia as sm
from skl_socialmedia.errors import UsageError
from skl_socialmedia.new_plugin import new_plugin
from skl_socialmedia.testing import (
    check_data_source,
    check_output_format,
    registered_plugin,
)


@pytest.fixture
def importable(tmp_path: Path) -> Iterator[Path]:
    """Put generated packages' ``src`` on sys.path for the test, then clean up."""
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        if name.startswith("skl_socialmedia_"):
            del sys.modules[name]
    sys.path[:] = [p for p in sys.path if not p.startswith(str(tmp_path))]


def generated(folder: Path, package: str) -> tuple[ModuleType, ModuleType]:
    sys.path.insert(0, str(folder / "src"))
    return (
        importlib.import_module(package),
        importlib.import_module(package + ".plugin"),
    )


def test_a_source_plugin_has_its_files(tmp_path: Path) -> None:
    folder = new_plugin("kolada", directory=tmp_path)
    assert folder == tmp_path / "skl-socialmedia-kolada"
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    assert files == [
        "CHANGELOG.md",
        "LICENSE",
        "README.md",
        "pyproject.toml",
        "src",
        "src/skl_socialmedia_kolada",
        "src/skl_socialmedia_kolada/__init__.py",
        "src/skl_socialmedia_kolada/plugin.py",
        "src/skl_socialmedia_kolada/py.typed",
        "tests",
        "tests/data",
        "tests/data/sample.kolada",
        "tests/test_plugin.py",
    ]


def test_the_entry_point_names_the_plugin_module(tmp_path: Path) -> None:
    folder = new_plugin("my-table", kind="format", directory=tmp_path)
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "skl-socialmedia-my-table"
    assert project["project"]["entry-points"]["skl_socialmedia"] == {
        "my-table": "skl_socialmedia_my_table.plugin"
    }
    assert project["project"]["dependencies"] == [f"skl-socialmedia>={sm.__version__}"]


def test_no_placeholder_is_left(tmp_path: Path) -> None:
    for kind in ("source", "format"):
        folder = new_plugin(f"x-{kind}", kind=kind, directory=tmp_path)
        for path in folder.rglob("*"):
            assert "{{" not in path.name
            if path.is_file():
                assert "{{" not in path.read_text(encoding="utf-8"), path


def test_the_generated_source_meets_the_contract(importable: Path) -> None:
    folder = new_plugin("hello", directory=importable)
    module, plugin = generated(folder, "skl_socialmedia_hello")
    sample = folder / "tests" / "data" / "sample.hello"
    survey = check_data_source(module.HelloSource, sample=str(sample))
    assert isinstance(survey, sm.Survey)
    assert survey.waves == ("2010", "2012")
    with registered_plugin(plugin) as manager:
        assert manager.resolve_source(str(sample)) is module.HelloSource
        rate = sm.load(str(sample)).rate("uses", wave="2010")
    assert (rate.successes, rate.total) == (2, 3)


def test_the_generated_source_names_the_bad_line(importable: Path) -> None:
    folder = new_plugin("hello", directory=importable)
    module, _ = generated(folder, "skl_socialmedia_hello")
    bad = importable / "bad.hello"
    bad.write_text("wave org_code uses\n2010 0114 1\n2012 0114\n", encoding="utf-8")
    with pytest.raises(sm.DataError, match=r"line 3.*2 fields where the header has 3"):
        module.HelloSource().load(str(bad))


def test_the_generated_format_meets_the_contract(importable: Path) -> None:
    folder = new_plugin("lines", kind="format", directory=importable)
    module, plugin = generated(folder, "skl_socialmedia_lines")
    rendered = check_output_format(module.LinesFormat)
    assert "county_council\tuses\t2012\t87%" in rendered
    with registered_plugin(plugin) as manager:
        assert manager.resolve_format("out.lines.txt") is module.LinesFormat


@pytest.mark.parametrize("name", ["Hello", "my_table", "-x", "x-", "2go", "a--b", ""])
def test_a_bad_name_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match="plugin name"):
        new_plugin(name, directory=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_bad_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="plugin kind 'sink': use one of source"):
        new_plugin("hello", kind="sink", directory=tmp_path)


def test_an_existing_folder_is_never_written_over(tmp_path: Path) -> None:
    folder = tmp_path / "skl-socialmedia-hello"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(UsageError, match="exists already"):
        new_plugin("hello", directory=tmp_path)
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


def test_a_missing_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nowhere: no such directory"):
        new_plugin("hello", directory=tmp_path / "nowhere")


def test_nothing_is_left_half_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", fail)
    with pytest.raises(OSError, match="No space left"):
        new_plugin("hello", directory=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_command_writes_the_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from skl_socialmedia.cli import main

    args = ["new-plugin", "slides", "--kind", "format", "--directory", str(tmp_path)]
    assert main(args) == 0
    folder = tmp_path / "skl-socialmedia-slides"
    assert (folder / "src" / "skl_socialmedia_slides" / "__init__.py").is_file()
    assert capsys.readouterr().out.startswith(f"wrote {folder}\n")


def test_the_command_says_one_line_for_an_existing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from skl_socialmedia.cli import main

    (tmp_path / "skl-socialmedia-hello").mkdir()
    assert main(["new-plugin", "hello", "--directory", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "exists already" in err
