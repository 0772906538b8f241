"""The documentation site: nav, the generated CLI reference, the changelog."""

from __future__ import annotations

import argparse
import importlib.util
import re
import types
from pathlib import Path

import pytest

from skl_socialmedia.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MKDOCS = ROOT / "mkdocs.yml"


def _module(path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _nav_pages() -> list[str]:
    text = MKDOCS.read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") :]
    return re.findall(r"([\w/.-]+\.md)\s*$", nav, re.MULTILINE)


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    nav = _nav_pages()
    assert len(nav) == len(set(nav)), "a page is listed twice in nav"
    assert sorted(pages - set(nav)) == [], "add these pages to nav in mkdocs.yml"
    assert sorted(set(nav) - pages) == [], "nav lists pages that do not exist"


def test_changelog_page_includes_the_changelog() -> None:
    assert '--8<-- "CHANGELOG.md"' in (DOCS / "changelog.md").read_text("utf-8")


def test_api_page_documents_the_packages() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    for module in ("statistics", "survey", "plugins", "testing"):
        assert f"::: skl_socialmedia.{module}\n" in text
    assert "::: skl_socialmedia\n" in text


# -- the command-line reference --------------------------------------------------

gen_cli = _module(DOCS / "gen_cli.py")


def _parsers() -> list[argparse.ArgumentParser]:
    parser = build_parser()
    return [parser, *(sub for _, _, sub in gen_cli._subcommands(parser))]


def test_cli_page_has_the_marker_once() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert text.count(gen_cli.MARKER) == 1


def test_cli_reference_documents_every_command_and_option() -> None:
    reference = gen_cli.generate()
    names = [name for name, _, _ in gen_cli._subcommands(build_parser())]
    assert names == ["report", "plugins"]
    for name in names:
        assert f"\n## skl-socialmedia {name}\n" in reference
    for parser in _parsers():
        for action in parser._actions:
            for option in action.option_strings:
                assert f"`{option}`" in reference, option
            if action.help and action.option_strings:
                assert gen_cli._expand_help(action, parser.prog) in reference


def test_cli_reference_shows_defaults_and_choices() -> None:
    reference = gen_cli.generate()
    assert "| `--lang` | `en` \\| `sv` | `en` |" in reference
    assert "| `--source` | `PATH_OR_NAME` | `embedded` |" in reference


class _Page:
    def __init__(self, src_uri: str) -> None:
        self.file = types.SimpleNamespace(src_uri=src_uri)


def test_hook_fills_in_the_cli_page_only() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    filled = gen_cli.on_page_markdown(text, page=_Page("cli.md"))
    assert gen_cli.MARKER not in filled
    assert "## skl-socialmedia report" in filled
    assert gen_cli.on_page_markdown(text, page=_Page("index.md")) == text


# -- doctest paragraphs in docstrings ----------------------------------------------


def test_doctest_paragraphs_are_fenced() -> None:
    pytest.importorskip("griffe")
    fence = _module(DOCS / "griffe_doctest.py").fence_doctests
    text = "Summary.\n\n>>> f(1)\n[(1, 2)]\n\nArgs:\n    x: y.\n\n    >>> kept\n"
    assert fence(text) == (
        "Summary.\n\n```pycon\n>>> f(1)\n[(1, 2)]\n```\n\nArgs:\n    x: y.\n\n"
        "    >>> kept"
    )
    assert fence("```python\n>>> inside\n```") == "```python\n>>> inside\n```"
