"""The layers of DESIGN.md: each module imports only from its own layer or below.

errors → model → statistics → survey columns → estimates → the Tally →
the numpy engine → the Survey → published figures → report → typing →
plugin machinery → built-in sources and formats → command line. Sources never
import formats, formats never import sources, and both use only what a
third-party plugin can use. No import circle anywhere, counting imports inside
functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "skl_socialmedia"

LAYERS: list[tuple[str, ...]] = [
    ("errors", "_version", "_parallel", "progress", "problems", "text_encoding",
     "notebook",
     "_atomic", "dataframes", "_lazy", "memory", "input_files", "_jit",
     "_jit_kernels"),
    ("model",),
    ("statistics",),
    (
        "survey.arrow_answers", "survey.answers", "survey.codes",
        "survey.arrow_labels", "survey.relation",
        "survey.frame_codes",
        "survey.encode", "survey.builder", "survey.groups",
        "survey.design", "survey.routing", "survey.subsets", "survey.arguments",
        "survey.columns", "survey.organisations",
        "survey.summary",
    ),
    (
        "tally.tables", "tally.labels", "tally.selection", "tally.table_frames",
        "tally.counts", "tally.changes", "tally.pairing",
        "tally.design_estimates",
        "tally.estimates", "tally.one_cell",
    ),
    ("tally.long", "tally.file_layout", "tally.parquet_file"),
    ("tally.model", "tally.spec", "tally.merge"),
    ("tally.numpy_engine",),
    ("survey.model", "survey"),
    # the tally package's face is callable: it forwards to engines.tally
    ("engines", "tally"),
    ("published",),
    ("report",),
    ("typing",),
    ("plugins",),
    ("sources", "formats", "plotting"),
    ("cli", "_cli_parser", "output", "testing", "new_plugin", "__init__", "__main__"),
]  # fmt: skip


def _layer(module: str) -> int:
    """Return the layer of ``module``: that of its longest listed prefix."""
    parts = module.split(".")
    for size in range(len(parts), 0, -1):
        prefix = ".".join(parts[:size])
        for level, names in enumerate(LAYERS):
            if prefix in names:
                return level
    raise AssertionError(f"module {module!r} is in no layer; add it to LAYERS")


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__") or "__init__"
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path, known: dict[str, Path] | None = None) -> set[str]:
    """Return the package modules ``path`` imports, anywhere in the file.

    ``from skl_socialmedia.a import b`` imports the module ``a.b`` when there
    is one, else (a name defined in ``a``) the module ``a``.
    """
    modules = MODULES if known is None else known
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("skl_socialmedia."):
                base = node.module.removeprefix("skl_socialmedia.")
            elif node.module == "skl_socialmedia":
                base = ""
            else:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}" if base else alias.name
                names.add(sub if sub in modules else base or "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("skl_socialmedia."):
                    names.add(alias.name.removeprefix("skl_socialmedia."))
    return names


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the import circles of ``graph`` (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                part.append(member)
                if member == node:
                    break
            if len(part) > 1 or node in graph.get(node, ()):
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(("name", "path"), MODULES.items(), ids=list(MODULES))
def test_imports_go_down_the_layers(name: str, path: Path) -> None:
    level = _layer(name)
    for imported in _imports(path):
        assert _layer(imported) <= level, f"{name} imports {imported}"


def test_no_import_circle_anywhere() -> None:
    graph = {name: _imports(path) - {name} for name, path in MODULES.items()}
    assert _circles(graph) == []


@pytest.mark.parametrize(
    ("low", "high"), [("sources", "formats"), ("formats", "sources")]
)
def test_sources_and_formats_do_not_import_each_other(low: str, high: str) -> None:
    for name, path in MODULES.items():
        if name.split(".")[0] == low:
            assert not any(i.split(".")[0] == high for i in _imports(path)), name


def _public_names(module: str) -> set[str]:
    """Return the names in a module's ``__all__`` (read from its source)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(getattr(t, "id", None) == "__all__" for t in targets):
                assert node.value is not None
                return set(ast.literal_eval(node.value))
    return set()


@pytest.mark.parametrize("package", ["sources", "formats"])
def test_built_in_plugins_use_only_public_names(package: str) -> None:
    """What sources and formats import from the rest is public: no ``_`` module,
    and every name in the ``__all__`` of the module it comes from."""
    for name, path in MODULES.items():
        if name.split(".")[0] != package:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.ImportFrom) and node.module):
                continue
            module = node.module.removeprefix("skl_socialmedia.")
            if not node.module.startswith("skl_socialmedia") or module.startswith(
                package
            ):
                continue
            assert not any(p.startswith("_") for p in module.split(".")), (
                f"{name} imports the private module {module}"
            )
            public = _public_names(module)
            for alias in node.names:
                assert alias.name in public, (
                    f"{name} imports {alias.name} from {module}, not in its __all__"
                )


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f():\n    from skl_socialmedia.cli import main\n    return main\n",
        encoding="utf-8",
    )
    (imported,) = _imports(bad)
    assert _layer(imported) > _layer("statistics.rates")


def test_the_check_sees_a_circle(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("from skl_socialmedia.b import x\n", encoding="utf-8")
    b.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from skl_socialmedia.a import y\n",
        encoding="utf-8",
    )
    known = {"a": a, "b": b}
    graph = {name: _imports(path, known) for name, path in known.items()}
    assert _circles(graph) == [["a", "b"]]
    assert _circles({"a": {"b"}, "b": set()}) == []
