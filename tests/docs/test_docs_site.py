"""The documentation site: nav, the generated CLI reference, the changelog."""

from __future__ import annotations

import argparse
import importlib.util
import re
import types
from pathlib import Path

import pytest

import skl_socialmedia.statistics
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


API_PAGES = (
    "model", "statistics", "survey", "tally", "published", "report", "plugins",
    "sources", "formats", "testing", "errors", "typing",
)  # fmt: skip
STATISTICS_PAGES = ("statistics", "statistics_changes", "statistics_other")


def test_api_reference_has_a_page_per_package() -> None:
    index = (DOCS / "api" / "index.md").read_text(encoding="utf-8")
    assert "::: skl_socialmedia\n" in index
    pages = sorted(p.stem for p in (DOCS / "api").glob("*.md"))
    assert pages == sorted(["index", *API_PAGES, *STATISTICS_PAGES[1:]])
    for page in API_PAGES:
        text = (DOCS / "api" / f"{page}.md").read_text(encoding="utf-8")
        assert f"::: skl_socialmedia.{page}\n" in text, page
        assert f"]({page}.md)" in index, f"the index links to {page}.md"
    assert not (DOCS / "api.md").exists(), "the single page is split up"


def test_api_pages_document_every_public_package_once() -> None:
    documented = re.findall(
        r"^::: (\S+)$",
        "".join(p.read_text("utf-8") for p in (DOCS / "api").glob("*.md")),
        re.MULTILINE,
    )
    assert len(documented) == len(set(documented)), "a module is documented twice"
    for name in ("survey", "tally.tables", "report.display", "problems"):
        assert f"skl_socialmedia.{name}" in documented


def test_statistics_pages_document_every_public_name() -> None:
    text = "".join(
        (DOCS / "api" / f"{page}.md").read_text("utf-8") for page in STATISTICS_PAGES
    )
    names = re.findall(r"^::: skl_socialmedia\.statistics\.(\w+)$", text, re.MULTILINE)
    assert sorted(names) == sorted(skl_socialmedia.statistics.__all__)
    index = (DOCS / "api" / "index.md").read_text("utf-8")
    for page in STATISTICS_PAGES:
        assert f"]({page}.md)" in index


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
