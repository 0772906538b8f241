"""The installed plugins' entry points, found without ``importlib.metadata`` if none.

:mod:`importlib.metadata` costs a start-up of its own (with ``email``,
``zipfile``, ``socket`` …), a good part of what a report on the embedded
figures would take. So the folders on ``sys.path`` are looked through first
for a distribution declaring the group (a ``[skl_socialmedia]`` section in its
``entry_points.txt``); only if one does — or if a ``sys.path`` entry is not a
folder, or an import finder of another kind could add distributions — are the
entry points read through :func:`importlib.metadata.entry_points`.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib import metadata

__all__ = ["installed_entry_points"]

#: The import finders whose distributions are those of the ``sys.path`` folders.
_PLAIN_FINDERS = ("BuiltinImporter", "FrozenImporter", "PathFinder")


def _declared(group: str) -> bool:
    """Whether a distribution may declare entry points of ``group`` (True: ask)."""
    for finder in sys.meta_path:
        name = getattr(finder, "__name__", type(finder).__name__)
        if name not in _PLAIN_FINDERS and hasattr(finder, "find_distributions"):
            return True
    section = re.compile(rf"^\s*\[\s*{re.escape(group)}\s*\]", re.MULTILINE)
    for entry in sys.path:
        folder = entry or "."
        try:
            with os.scandir(folder) as found:
                names = [item.name for item in found]
        except NotADirectoryError:
            return True  # a zip file on sys.path: let importlib.metadata read it
        except OSError:
            continue  # a folder that does not exist is no distribution
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")) and name != "EGG-INFO":
                continue
            try:
                with open(
                    os.path.join(folder, name, "entry_points.txt"), encoding="utf-8"
                ) as file:
                    text = file.read()
            except (OSError, UnicodeDecodeError):
                continue
            if section.search(text):
                return True
    return False


def installed_entry_points(group: str) -> list[metadata.EntryPoint]:
    """Return the installed entry points of ``group`` (what ``entry_points`` gives)."""
    if not _declared(group):
        return []
    from importlib import metadata

    return list(metadata.entry_points(group=group))
