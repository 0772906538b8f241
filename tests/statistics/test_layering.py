"""The statistics layer imports only numpy, attrs, the standard library and errors.

(And the notebook display, which is in the layer of errors: ``Rate``/``Delta`` reprs.)

scipy may only be imported lazily, inside a function (the ``exact`` extra).
"""

import ast
import doctest
import importlib
import pkgutil
import sys
from pathlib import Path

import pytest

import skl_socialmedia.statistics as statistics_package

PACKAGE_DIR = Path(statistics_package.__file__).parent
MODULES = sorted(PACKAGE_DIR.glob("*.py"))
ALLOWED_THIRD_PARTY = {"numpy", "attrs"}
ALLOWED_OWN = {  # all of layer 0
    "skl_socialmedia.errors",
    "skl_socialmedia.notebook",
    "skl_socialmedia._lazy",
}


def _imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module, at module level?) for every import in ``tree``."""
    found: list[tuple[str, bool]] = []
    top_level = {id(node) for node in getattr(tree, "body", [])}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, id(node) in top_level) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, id(node) in top_level))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_imports_respect_the_layering(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for module, top_level in _imports(tree):
        root = module.split(".")[0]
        if module.startswith("skl_socialmedia.statistics") or module in ALLOWED_OWN:
            continue
        if root == "scipy":
            assert not top_level, f"{path.name}: scipy must be imported lazily"
            continue
        assert root in sys.stdlib_module_names or root in ALLOWED_THIRD_PARTY, (
            f"{path.name} imports {module}"
        )


def test_scipy_is_not_imported_by_the_package() -> None:
    tree_imports = [
        module
        for path in MODULES
        for module, top in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if module.startswith("scipy") and top
    ]
    assert tree_imports == []


def test_public_names_are_sorted_documented_and_importable() -> None:
    names = statistics_package.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in names:
        obj = getattr(statistics_package, name)
        if callable(obj) and not name.endswith("Method"):
            assert obj.__doc__, name


@pytest.mark.parametrize(
    "module",
    [m.name for m in pkgutil.iter_modules(statistics_package.__path__)],
)
def test_docstring_examples(module: str) -> None:
    mod = importlib.import_module(f"skl_socialmedia.statistics.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_examples_in_docs_statistics_md() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "statistics.md"
    if not docs.exists():  # pragma: no cover - e.g. an installed-package test run
        pytest.skip("docs/statistics.md not found")
    result = doctest.testfile(
        str(docs), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0
    assert result.failed == 0
