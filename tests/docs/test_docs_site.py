"""The documentation site: nav, the generated CLI reference, the changelog."""

from __future__ import annotations

import argparse
import importlib.util
import posixpath
import re
import sys
import types
from pathlib import Path
from typing import Any

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
    sys.modules.setdefault(spec.name, module)  # as MkDocs does (for dataclasses)
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


# -- the API reference: a page per public module (docs/gen_api.py) ----------------

gen_api = _module(DOCS / "gen_api.py")


@pytest.fixture(scope="module")
def reference() -> Any:
    pytest.importorskip("griffe")
    return gen_api.load()


def _public_modules_with_all() -> set[str]:
    """Every module of src/ that is public and defines ``__all__``, from the files."""
    found = set()
    for path in (ROOT / "src" / "skl_socialmedia").rglob("*.py"):
        parts = path.relative_to(ROOT / "src").with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") for part in parts):
            continue
        if re.search(r"^__all__\b", path.read_text("utf-8"), re.MULTILINE):
            found.add(".".join(parts))
    return found


def test_every_public_module_has_a_page(reference: Any) -> None:
    pages = reference.pages
    assert sorted(_public_modules_with_all() - set(pages)) == []
    for name in ("statistics.rates", "survey.model", "tally.tables", "problems"):
        assert f"skl_socialmedia.{name}" in pages
    assert pages["skl_socialmedia"].src_uri == "api/index.md"
    assert pages["skl_socialmedia.statistics"].src_uri == "api/statistics/index.md"
    assert (
        pages["skl_socialmedia.statistics.rates"].src_uri == "api/statistics/rates.md"
    )
    uris = [page.src_uri for page in pages.values()]
    assert len(uris) == len(set(uris))
    assert sorted(
        p.relative_to(DOCS).as_posix() for p in (DOCS / "api").rglob("*.md")
    ) == ["api/index.md"], "the module pages are generated: remove the written ones"


def test_every_object_is_documented_once_at_its_public_path(reference: Any) -> None:
    pages = reference.pages.values()
    documented = [h for page in pages for h in page.documented]
    assert len(documented) == len(set(documented)), "an object is documented twice"
    assert reference.page_of("skl_socialmedia.statistics.rate").path == (
        "skl_socialmedia.statistics.rates"
    )
    assert reference.page_of("skl_socialmedia.survey.Survey").path == (
        "skl_socialmedia.survey.model"
    )
    # Defined in a private module: documented on the package's page.
    assert reference.page_of("skl_socialmedia.statistics.RateMethod").path == (
        "skl_socialmedia.statistics"
    )
    # statistics.combine is a module and the function it defines.
    assert "skl_socialmedia.statistics.combine.combine" in documented
    for name in skl_socialmedia.statistics.__all__:
        heading = f"skl_socialmedia.statistics.{name}"
        assert heading in documented or f"{heading}.{name}" in documented, name


def test_every_top_level_name_says_where_it_is_documented(reference: Any) -> None:
    import skl_socialmedia

    top = dict(reference.top_level)
    assert sorted(top) == sorted(skl_socialmedia.__all__)
    assert top["rate"] == "skl_socialmedia.statistics.rate"
    table = gen_api.names_table(reference)
    assert "| `rate` | [`skl_socialmedia.statistics.rate`]" in table


def test_module_pages_link_what_they_export_from_elsewhere(reference: Any) -> None:
    pages = reference.pages
    page = gen_api.markdown(reference, pages["skl_socialmedia.statistics"])
    assert page.startswith("::: skl_socialmedia.statistics\n")
    assert "[`statistics.rates`](rates.md)" in page
    assert (
        "[`skl_socialmedia.statistics.rate`][skl_socialmedia.statistics.rate]" in page
    )
    assert "\n::: skl_socialmedia.statistics.RateMethod\n" in page
    rates = gen_api.markdown(reference, pages["skl_socialmedia.statistics.rates"])
    assert "\n::: skl_socialmedia.statistics.rate\n" in rates


def test_api_index_lists_every_module_page(reference: Any) -> None:
    index = (DOCS / "api" / "index.md").read_text(encoding="utf-8")
    assert "::: skl_socialmedia\n" in index
    for marker in (gen_api.MODULES_MARKER, gen_api.NAMES_MARKER):
        assert index.count(marker) == 1
    listed = gen_api.modules_list(reference)
    for page in reference.pages.values():
        if page.path != "skl_socialmedia":
            link = posixpath.relpath(page.src_uri, "api")
            assert f"]({link})" in listed, page.path
    assert len(listed.splitlines()) == len(reference.pages) - 1


def test_nav_lists_every_module_page_once(reference: Any) -> None:
    def uris(items: list[object]) -> list[str]:
        found: list[str] = []
        for item in items:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    found += uris(value) if isinstance(value, list) else [value]
        return found

    nav = uris(gen_api.nav(reference))
    pages = [p.src_uri for p in reference.pages.values()]
    assert sorted(nav) == sorted(set(pages) - {"api/index.md"})
    config: dict[str, Any] = {
        "nav": [{"Home": "index.md"}, {"Reference": [{"API": ["api/index.md"]}]}]
    }
    gen_api.on_config(config)
    assert config["nav"][1]["Reference"][0]["API"] == [
        "api/index.md",
        *gen_api.nav(reference),
    ]


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
    assert names == ["report", "plugins", "new-plugin"]
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
