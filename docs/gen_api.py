"""Generate the API reference: one page per public module.

A MkDocs hook (``hooks:`` in ``mkdocs.yml``). At build time it reads the package
with griffe (statically, from ``src/``, the way mkdocstrings does) and adds a
page for every public module — no component of its path starts with ``_`` —
that defines ``__all__``, and for every public package with such modules below
it: ``skl_socialmedia.statistics.rates`` is ``api/statistics/rates.md``,
``skl_socialmedia.statistics`` is ``api/statistics/index.md``. The pages are
added to the ``nav`` after ``api/index.md``, so a new module is documented (and
in the nav) as soon as it exists, and a removed one disappears.

Every public object is documented once, at its public path, on the page of the
module that defines it:

* its *home* is the module that defines it when that module is public and
  exports it; otherwise (it is defined in a private module such as
  ``statistics/_types.py``) the exporting module nearest to where it is defined;
* its *heading* (the anchor and cross-reference identifier) is the shortest
  path it is exported at, below the top-level package:
  ``skl_socialmedia.statistics.rate``, not ``skl_socialmedia.statistics.rates.rate``
  (mkdocstrings also registers the defining path, so both resolve);
* a module page lists the names it exports that are documented elsewhere, with
  links; ``api/index.md`` lists every module page (the line ``<!-- api-modules
  -->``) and says where each name of ``skl_socialmedia`` itself is documented
  (``<!-- api-names -->``).

The edit link of a generated page opens the module's source file.
``python docs/gen_api.py`` prints the pages, their size in Markdown and the nav.
"""

from __future__ import annotations

import logging
import posixpath
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE = "skl_socialmedia"
ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
API = "api"
INDEX = f"{API}/index.md"
MODULES_MARKER = "<!-- api-modules -->"
NAMES_MARKER = "<!-- api-names -->"

# The packages and modules below skl_socialmedia in the order the data flows
# (see the package layout in docs/index.md); any other follows alphabetically.
FLOW = (
    "model", "statistics", "survey", "tally", "published", "report", "plugins",
    "sources", "formats", "testing", "errors", "problems", "typing",
)  # fmt: skip

# mkdocstrings options for the objects of a module's page.
PAGE_OPTIONS: dict[str, dict[str, object]] = {
    f"{PACKAGE}.typing": {"show_if_no_docstring": True},  # aliases and protocols
}

log = logging.getLogger("mkdocs.hooks.gen_api")

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj):`~?([^`]+)`")


@dataclass
class Page:
    """The page of one module (or of a package that only groups modules)."""

    path: str  # dotted module path
    src_uri: str  # the page, relative to docs/
    source: str  # the module's file, relative to the repository root
    summary: str  # the first sentence of its docstring, on one line
    is_package: bool
    documented: list[str] = field(default_factory=list)  # headings on this page
    elsewhere: list[tuple[str, str]] = field(default_factory=list)  # (name, heading)
    modules: list[str] = field(default_factory=list)  # pages of its submodules

    @property
    def name(self) -> str:
        """The path below the top-level package (``statistics.rates``)."""
        return self.path.partition(".")[2] or self.path


@dataclass
class Reference:
    """Every module page, and where each public object is documented."""

    pages: dict[str, Page]  # by dotted path, in nav order
    headings: dict[str, str]  # canonical path -> heading it is documented under
    top_level: list[tuple[str, str]]  # (name in skl_socialmedia.__all__, heading)

    def page_of(self, heading: str) -> Page:
        """Return the page on which ``heading`` is documented."""
        for page in self.pages.values():
            if heading in page.documented:
                return page
        raise KeyError(heading)


def _is_public(path: str) -> bool:
    return not any(part.startswith("_") for part in path.split("."))


def _summary(docstring: str) -> str:
    paragraph = docstring.strip().split("\n\n")[0]
    text = ROLE.sub(r"`\1`", " ".join(paragraph.split()))
    return text.replace("|", "\\|")


def _depth(path: str) -> int:
    return path.count(".")


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("."), b.split("."), strict=False):
        if x != y:
            break
        n += 1
    return n


def _modules(module: Any) -> list[Any]:
    """Return ``module`` and every module defined below it (not imported ones)."""
    found = [module]
    for member in module.members.values():
        if not member.is_alias and member.is_module:
            found += _modules(member)
    return found


def _exported(module: Any, name: str) -> Any:
    """Return the object ``module`` exports as ``name``; None for a submodule.

    A submodule that exports a name of its own (``statistics.combine``, which
    defines ``combine``) stands for that object, which shadows it at run time.
    """
    member = module.members.get(name)
    if member is None:  # a warning fails `mkdocs build --strict`
        log.warning("%s.__all__ names %r, which it does not define", module.path, name)
        return None
    if not member.is_module:
        return member
    target = member.final_target if member.is_alias else member
    if target.exports and name in map(str, target.exports):
        return target.members[name]
    return None


def _src_uri(path: str, is_package: bool) -> str:
    parts = path.split(".")[1:]
    if not parts:
        return INDEX
    return f"{API}/{'/'.join(parts)}{'/index' if is_package else ''}.md"


def _order(path: str) -> tuple[int, str]:
    first = path.split(".")[1] if "." in path else ""
    return (FLOW.index(first) if first in FLOW else len(FLOW), path)


def load(package: Any = None) -> Reference:
    """Return the API reference of ``package`` (default: the source tree's)."""
    if package is None:
        import griffe

        package = griffe.load(
            PACKAGE, search_paths=[str(SRC)], resolve_aliases=True,
            resolve_external=False,
        )  # fmt: skip
    by_path = {m.path: m for m in _modules(package)}
    exporters = [
        m for m in by_path.values() if _is_public(m.path) and m.exports is not None
    ]
    # canonical path -> [(exporting module, name exported under)]
    exported: dict[str, list[tuple[str, str]]] = defaultdict(list)
    order: dict[str, tuple[str, int]] = {}  # canonical path -> (module, line)
    exports: dict[str, list[tuple[str, str]]] = {}  # module -> [(name, canonical)]
    for module in exporters:
        exports[module.path] = []
        for name in map(str, module.exports):
            member = _exported(module, name)
            if member is None:
                continue  # a submodule: it has its own page
            canonical = member.canonical_path
            exports[module.path].append((name, canonical))
            exported[canonical].append((module.path, name))
            target = member.final_target if member.is_alias else member
            order[canonical] = (target.parent.path, target.lineno or 0)

    homes: dict[str, str] = {}  # canonical path -> module whose page documents it
    headings: dict[str, str] = {}
    for canonical, places in exported.items():
        defined_in = canonical.rpartition(".")[0]
        below = [(m, n) for m, n in places if m != PACKAGE] or places
        modules = [m for m, _ in below]
        if defined_in in modules:
            home = defined_in
        else:
            home = max(modules, key=lambda m: (_common(m, defined_in), -_depth(m)))
        # Not a module's path: statistics.combine is a module and, in
        # statistics.__all__, the function it defines.
        below = [(m, n) for m, n in below if f"{m}.{n}" not in by_path] or below
        module, name = min(below, key=lambda p: (_depth(p[0]), p[0] != home, p[0]))
        homes[canonical] = home
        headings[canonical] = f"{module}.{name}"

    # Pages: every exporting module, and the public packages above them.
    wanted = {m.path for m in exporters}
    for path in list(wanted):
        while "." in path:
            path = path.rpartition(".")[0]
            wanted.add(path)
    pages: dict[str, Page] = {}
    for path in sorted(wanted, key=_order):
        module = by_path[path]
        filepath = Path(module.filepath).resolve()
        pages[path] = Page(
            path=path,
            src_uri=_src_uri(path, module.is_init_module),
            source=filepath.relative_to(ROOT).as_posix(),
            summary=_summary(module.docstring.value if module.docstring else ""),
            is_package=module.is_init_module,
        )
    for path in pages:
        parent = path.rpartition(".")[0]
        if parent in pages and path != parent:
            pages[parent].modules.append(path)
    for canonical in sorted(exported, key=lambda c: order[c]):
        pages[homes[canonical]].documented.append(headings[canonical])
    for path, names in exports.items():
        for name, canonical in names:
            if homes[canonical] != path:
                pages[path].elsewhere.append((name, headings[canonical]))
    top = pages[PACKAGE]
    top_level = top.elsewhere + [(h.rpartition(".")[2], h) for h in top.documented]
    top_level.sort(key=lambda item: item[0].strip("_").lower())
    return Reference(pages=pages, headings=headings, top_level=top_level)


# -- the Markdown -------------------------------------------------------------------


def _directive(identifier: str, options: dict[str, object]) -> list[str]:
    lines = [f"::: {identifier}"]
    if options:
        lines.append("    options:")
        lines += [f"      {key}: {_yaml(value)}" for key, value in options.items()]
    return [*lines, ""]


def _yaml(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _link(reference: Reference, page: Page, heading: str) -> str:
    other = reference.page_of(heading)
    where = "" if other is page else f" ({_page_link(page, other)})"
    return f"[`{heading}`][{heading}]{where}"


def _page_link(source: Page, target: Page) -> str:
    rel = _relative(source.src_uri, target.src_uri)
    return f"[`{target.name}`]({rel})"


def _relative(source: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source))


def markdown(reference: Reference, page: Page) -> str:
    """Return the Markdown of a module's page."""
    lines = _directive(page.path, {"heading_level": 1, "members": False})
    if page.modules:
        lines += ["## Modules", "", "| module | |", "|---|---|"]
        for path in page.modules:
            sub = reference.pages[path]
            lines.append(f"| {_page_link(page, sub)} | {sub.summary} |")
        lines.append("")
    if page.elsewhere:
        lines += [
            "## Exported from other modules",
            "",
            f"`{page.path}` also exports these names, each documented in the "
            "module that defines it:",
            "",
            "| name | documented as |",
            "|---|---|",
        ]
        for name, heading in page.elsewhere:
            lines.append(f"| `{name}` | {_link(reference, page, heading)} |")
        lines.append("")
    options = {"heading_level": 2, **PAGE_OPTIONS.get(page.path, {})}
    for heading in page.documented:
        lines += _directive(heading, options)
    return "\n".join(lines)


def modules_list(reference: Reference) -> str:
    """Return the list of every module page, for ``api/index.md``."""
    lines = []
    index = reference.pages[PACKAGE]
    for page in reference.pages.values():
        if page is index:
            continue
        indent = "    " * (_depth(page.path) - 1)
        summary = f" — {page.summary}" if page.summary else ""
        lines.append(f"{indent}- {_page_link(index, page)}{summary}")
    return "\n".join(lines)


def names_table(reference: Reference) -> str:
    """Return where each name of ``skl_socialmedia`` is documented."""
    index = reference.pages[PACKAGE]
    lines = ["| `skl_socialmedia.` | documented as |", "|---|---|"]
    for name, heading in reference.top_level:
        lines.append(f"| `{name}` | {_link(reference, index, heading)} |")
    lines.append("")
    for heading in index.documented:  # defined for the top-level package only
        lines += _directive(heading, {"heading_level": 3})
    return "\n".join(lines)


def nav(reference: Reference) -> list[Any]:
    """Return the nav entries of the module pages (those after ``api/index.md``)."""
    sections: dict[str, list[Any]] = {PACKAGE: []}
    for page in reference.pages.values():
        if page.path == PACKAGE:
            continue
        short = page.path.rpartition(".")[2]
        parent = sections[page.path.rpartition(".")[0]]
        if page.is_package:
            sections[page.path] = [{short: page.src_uri}]  # the section's index
            parent.append({short: sections[page.path]})
        else:
            parent.append({short: page.src_uri})
    return sections[PACKAGE]


# -- the hook -----------------------------------------------------------------------

_reference: Reference | None = None


def _find_api(items: list[Any]) -> list[Any] | None:
    """Return the nav list that holds ``api/index.md``."""
    for item in items:
        if item == INDEX:
            return items
        values = item.values() if isinstance(item, dict) else []
        for value in values:
            if isinstance(value, list) and (found := _find_api(value)) is not None:
                return found
    return None


def on_config(config: Any, **kwargs: Any) -> Any:
    """MkDocs hook: read the package, put the module pages into the nav."""
    global _reference
    _reference = load()
    section = _find_api(config["nav"] or [])
    if section is None:
        from mkdocs.exceptions import PluginError

        raise PluginError(f"the nav in mkdocs.yml must list {INDEX}")
    section[:] = [INDEX, *nav(_reference)]
    return config


def on_files(files: Any, config: Any, **kwargs: Any) -> Any:
    """MkDocs hook: add the generated pages, whose edit link opens the module."""
    from mkdocs.structure.files import File

    assert _reference is not None
    for page in _reference.pages.values():
        if page.src_uri == INDEX:
            continue
        file = File.generated(config, page.src_uri, content=markdown(_reference, page))
        file.edit_uri = f"../{page.source}"  # edit_uri in mkdocs.yml is docs/
        files.append(file)
    return files


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """MkDocs hook: fill in the lists of ``api/index.md``."""
    if page.file.src_uri != INDEX:
        return markdown
    assert _reference is not None
    for marker in (MODULES_MARKER, NAMES_MARKER):
        if markdown.count(marker) != 1:
            from mkdocs.exceptions import PluginError

            raise PluginError(f"{INDEX} must contain the line {marker!r} exactly once")
    markdown = markdown.replace(MODULES_MARKER, modules_list(_reference))
    return markdown.replace(NAMES_MARKER, names_table(_reference))


if __name__ == "__main__":
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    reference = load()
    for page in reference.pages.values():
        size = len(markdown(reference, page)) if page.src_uri != INDEX else 0
        print(f"{page.src_uri:60} {len(page.documented):4} objects {size:7} chars")
    print(f"{len(reference.pages)} pages")
