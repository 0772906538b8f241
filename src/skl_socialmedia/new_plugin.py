"""Start a plugin package from the template: ``skl-socialmedia new-plugin NAME``.

The package has one data source or one output format, the entry point that
makes it a plugin, tests that run the contract checks of
:mod:`skl_socialmedia.testing` and use it through the host, a README, a
changelog and a licence. Install it with ``pip install -e '.[test]'`` and run
``python -m pytest`` in its folder.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skl_socialmedia._version import __version__
from skl_socialmedia.errors import UsageError

if TYPE_CHECKING:
    import argparse

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["KINDS", "add_new_plugin_command", "new_plugin", "run_new_plugin"]

#: What a plugin made from the template provides.
KINDS = ("source", "format")

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_SUFFIX = ".tmpl"


def _placeholders(name: str, kind: str) -> dict[str, str]:
    import datetime

    package_part = name.replace("-", "_")
    words = name.split("-")
    title = "".join(word.capitalize() for word in words)
    source = kind == "source"
    return {
        "dist": f"skl-socialmedia-{name}",
        "package": f"skl_socialmedia_{package_part}",
        "name": name,
        "class": title + ("Source" if source else "Format"),
        "kind": "data source" if source else "output format",
        "suffix": f".{package_part}" if source else f".{package_part}.txt",
        "host": __version__,
        "year": str(datetime.date.today().year),
        "protocol": "DataSource" if source else "OutputFormat",
        "hook": "register_data_sources" if source else "register_output_formats",
    }


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.search(r"\{\{\w+\}\}", text)
    if left:  # a template defect, never the user's
        raise RuntimeError(f"unknown placeholder {left.group()} in the template")
    return text


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        path = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                found += _files(entry, path + "/")
        else:
            found.append((path, entry))
    return found


def new_plugin(name: str, *, kind: str = "source", directory: str | Path = ".") -> Path:
    """Write a new plugin package ``skl-socialmedia-NAME`` in ``directory``.

    ``name`` is the source's or format's name (lower-case letters and digits,
    words joined by ``-``); ``kind`` is ``"source"`` or ``"format"``. Returns
    the package's folder. Raises :class:`~skl_socialmedia.errors.UsageError`
    for a bad name or kind, a missing ``directory``, or a folder that exists
    already; nothing is written then, and nothing half-way otherwise (the
    files are written to a temporary folder, which is then renamed).
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise UsageError(
            f"plugin name {name!r}: use lower-case letters and digits, words "
            "joined by '-' (e.g. 'kolada' or 'my-format')"
        )
    if kind not in KINDS:
        raise UsageError(f"plugin kind {kind!r}: use one of {', '.join(KINDS)}")
    parent = Path(directory)
    if not parent.is_dir():
        raise UsageError(f"{parent}: no such directory")
    import shutil
    import tempfile
    from importlib import resources

    values = _placeholders(name, kind)
    target = parent / values["dist"]
    if target.exists():
        raise UsageError(f"{target}: exists already; remove it or choose another name")
    template = resources.files("skl_socialmedia") / "data" / "plugin_template"
    files = _files(template.joinpath("common")) + _files(template.joinpath(kind))
    work = Path(tempfile.mkdtemp(prefix=f".{values['dist']}-", dir=parent))
    try:
        for relative, entry in files:
            path = work / _fill(relative.removesuffix(_SUFFIX), values)
            path.parent.mkdir(parents=True, exist_ok=True)
            if relative.endswith(_SUFFIX):
                text = _fill(entry.read_text(encoding="utf-8"), values)
                path.write_text(text, encoding="utf-8", newline="\n")
            else:
                path.write_bytes(entry.read_bytes())
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def add_new_plugin_command(commands: Any) -> None:
    """Add the ``new-plugin`` command to the command line's subparsers."""
    template = commands.add_parser(
        "new-plugin",
        help="start a plugin package (a data source or an output format)",
        description=(
            "Write the package skl-socialmedia-NAME from the plugin template: "
            "the class, its entry point, tests running the contract checks of "
            "skl_socialmedia.testing, a README, a changelog and a licence. "
            "Then: pip install -e 'skl-socialmedia-NAME[test]' and python -m "
            "pytest in that folder."
        ),
    )
    template.add_argument(
        "name", help="the source's or format's name: lower case, words joined by -"
    )
    template.add_argument(
        "--kind",
        choices=KINDS,
        default="source",
        help="a data source (the default) or an output format",
    )
    template.add_argument(
        "--directory",
        default=".",
        metavar="DIR",
        help="where to write the package's folder (default: here)",
    )


def run_new_plugin(args: argparse.Namespace) -> int:
    """Run ``skl-socialmedia new-plugin``: write the package, say where."""
    folder = new_plugin(args.name, kind=args.kind, directory=args.directory)
    print(f"wrote {folder}")
    print(f"next: pip install -e '{folder}[test]' and python -m pytest in {folder}")
    return 0
