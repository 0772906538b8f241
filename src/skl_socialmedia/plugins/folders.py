"""Plugin folders: plain ``.py`` plugin modules, loaded without packaging them.

The folders are given as ``--plugins-dir DIR``, ``plugins_dir=`` of
:class:`~skl_socialmedia.plugins.PluginManager` and
:func:`~skl_socialmedia.plugins.get_plugin_manager`, and in the variable
``SKL_SOCIALMEDIA_PLUGINS_DIR`` (folders separated by ``os.pathsep``). Every
``*.py`` file of a folder whose name starts with neither ``_`` nor ``.`` is a
plugin named by its stem, loaded like an entry point. Each is imported under a
private module name of its own (two folders may both hold ``hello.py``), and
the folder is not put on ``sys.path``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

from skl_socialmedia.errors import InvalidArgumentError, PluginError

__all__ = [
    "ENV_PLUGINS_DIR",
    "PluginsDir",
    "folder_modules",
    "import_plugin_file",
    "plugin_folders",
]

ENV_PLUGINS_DIR = "SKL_SOCIALMEDIA_PLUGINS_DIR"

#: What ``plugins_dir=`` takes: a folder or several.
PluginsDir = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def _given(plugins_dir: PluginsDir | None) -> list[str | os.PathLike[str]]:
    if plugins_dir is None:
        return []
    if isinstance(plugins_dir, str | os.PathLike):
        return [plugins_dir]
    return list(plugins_dir)


def plugin_folders(
    plugins_dir: PluginsDir | None, environ: Mapping[str, str]
) -> tuple[Path, ...]:
    """Return the plugin folders: the variable's, then ``plugins_dir``'s.

    Each is made absolute and given once. A folder that does not exist (or
    is not a folder) is an :class:`~skl_socialmedia.errors.InvalidArgumentError`
    naming it and where it was given.
    """
    named: list[tuple[str | os.PathLike[str], str]] = [
        (part, ENV_PLUGINS_DIR)
        for part in environ.get(ENV_PLUGINS_DIR, "").split(os.pathsep)
        if part.strip()
    ]
    named += [(folder, "") for folder in _given(plugins_dir)]
    folders: dict[Path, None] = {}
    for folder, origin in named:
        if not isinstance(folder, str | os.PathLike):
            raise InvalidArgumentError(
                f"a plugins folder must be a path, not {folder!r}"
            )
        path = Path(os.path.abspath(os.fspath(folder)))
        if not path.is_dir():
            what = "is not a folder" if path.exists() else "does not exist"
            where = f" (in {origin})" if origin else ""
            raise InvalidArgumentError(
                f"the plugins folder {str(path)!r} {what}{where}"
            )
        folders.setdefault(path)
    return tuple(folders)


def folder_modules(folder: Path) -> list[Path]:
    """Return the plugin modules of ``folder``: its ``*.py`` files, by name."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix == ".py"
        and not path.name.startswith(("_", "."))
        and path.is_file()
    )


def _module_name(path: Path) -> str:
    import hashlib

    digest = hashlib.sha1(str(path.parent).encode("utf-8", "surrogatepass"))
    stem = "".join(c if c.isalnum() else "_" for c in path.stem)
    return f"_skl_socialmedia_plugins_dir_{digest.hexdigest()[:12]}_{stem}"


def import_plugin_file(path: Path) -> ModuleType:
    """Import the plugin module at ``path`` under a private name of its own.

    The module is kept in ``sys.modules`` under that name (so its classes can
    be found by their ``__module__``); a module that fails to import is not.
    A module imported once is not imported again.
    """
    import importlib.util

    name = _module_name(path)
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file
        raise PluginError(f"cannot import the plugin module {str(path)!r}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module
