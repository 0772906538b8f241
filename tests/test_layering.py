"""The layers of DESIGN.md: each module imports only from its own layer or below.

errors → model → register and statistics → survey, tally and published figures →
report → plugin machinery → built-in sources and formats → command line.
Sources never import formats, and formats never import sources.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "skl_socialmedia"

LAYERS: list[tuple[str, ...]] = [
    ("errors", "_version"),
    ("localized", "vocabulary", "organisations", "waves"),
    ("register", "statistics"),
    (
        "items", "answers", "_problems", "_encode", "_build", "_estimate",
        "tally", "tables", "survey", "published", "display",
    ),
    ("report",),
    ("plugins",),
    ("sources", "formats"),
    ("cli", "testing", "__init__", "__main__"),
]  # fmt: skip


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for level, names in enumerate(LAYERS):
        if top in names:
            return level
    raise AssertionError(f"module {module!r} is in no layer; add it to LAYERS")


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__") or "__init__"
        found.append((name, path))
    return found


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("skl_socialmedia."):
                names.add(node.module.removeprefix("skl_socialmedia."))
            elif node.module == "skl_socialmedia":
                names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("skl_socialmedia."):
                    names.add(alias.name.removeprefix("skl_socialmedia."))
    return names


MODULES = _modules()


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_imports_go_down_the_layers(name: str, path: Path) -> None:
    level = _layer(name)
    for imported in _imports(path):
        assert _layer(imported) <= level, f"{name} imports {imported}"


@pytest.mark.parametrize(
    ("low", "high"), [("sources", "formats"), ("formats", "sources")]
)
def test_sources_and_formats_do_not_import_each_other(low: str, high: str) -> None:
    for name, path in MODULES:
        if name.split(".")[0] == low:
            assert not any(i.split(".")[0] == high for i in _imports(path)), name


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f():\n    from skl_socialmedia.cli import main\n    return main\n",
        encoding="utf-8",
    )
    (imported,) = _imports(bad)
    assert _layer(imported) > _layer("statistics.rates")
