"""What ``skl-socialmedia plugins`` prints: sources, formats, plugins, failures.

Sources and formats in a clash (two plugins claiming one name, scheme or
suffix) are listed too, marked, and the clashes listed with what to disable.
The listing is made from what the plugins declare: it imports no source's or
format's module.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from skl_socialmedia.plugins.declared import Declared
from skl_socialmedia.plugins.manager import (
    ENV_DISABLE,
    ENV_LOAD,
    ENV_PLUGINS_DIR,
    ENV_STRICT,
    PluginManager,
)

__all__ = ["plugins_data", "plugins_json", "plugins_text"]

#: Version of the JSON printed by ``skl-socialmedia plugins --json``.
LISTING_VERSION = 1


def plugins_data(manager: PluginManager, *, show_all: bool = False) -> dict[str, Any]:
    """Return the listing as plain data (what ``--json`` prints)."""

    def entry(cls: Declared, kind: str) -> dict[str, Any]:
        info = manager.plugin_of(cls)
        data: dict[str, Any] = {
            "name": cls.name,
            "description": cls.description,
            "plugin": info.name,
            "distribution": info.distribution,
            "version": info.version,
            "builtin": info.builtin,
            "suffixes": list(cls.suffixes),
            "clash": bool(manager.clashes_of(cls)),
        }
        if kind == "source":
            data["schemes"] = list(cls.schemes)
            data["sniffs"] = cls.sniffs
        else:
            data["media_type"] = cls.media_type
        return data

    data: dict[str, Any] = {
        "version": LISTING_VERSION,
        "sources": [entry(c, "source") for c in manager.declared_sources],
        "formats": [entry(c, "format") for c in manager.declared_formats],
        "clashes": [
            {
                "kind": c.kind,
                "field": c.field,
                "value": c.value,
                "plugins": list(dict.fromkeys(p.name for p in c.plugins)),
                "error": str(c),
            }
            for c in manager.clashes
        ],
        "failures": [
            {
                "plugin": f.name,
                "distribution": f.distribution,
                "version": f.version,
                "error": f.error,
            }
            for f in manager.failures
        ],
    }
    if show_all:
        data["plugins"] = [
            {
                "name": p.name,
                "distribution": p.distribution,
                "version": p.version,
                "builtin": p.builtin,
                "sources": list(p.sources),
                "formats": list(p.formats),
            }
            for p in manager.plugins
        ]
        data["settings"] = {
            ENV_LOAD: os.environ.get(ENV_LOAD),
            ENV_DISABLE: os.environ.get(ENV_DISABLE),
            ENV_STRICT: os.environ.get(ENV_STRICT),
            ENV_PLUGINS_DIR: os.environ.get(ENV_PLUGINS_DIR),
        }
        data["plugins_dirs"] = [str(folder) for folder in manager.plugins_dirs]
    return data


def plugins_json(manager: PluginManager, *, show_all: bool = False) -> str:
    """Return the listing as JSON text."""
    return json.dumps(plugins_data(manager, show_all=show_all), indent=2) + "\n"


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in rows
    ]


def plugins_text(manager: PluginManager, *, show_all: bool = False) -> str:
    """Return the listing as aligned text."""
    data = plugins_data(manager, show_all=show_all)
    lines: list[str] = []
    for title, key, extra in (
        ("Data sources", "sources", "schemes"),
        ("Output formats", "formats", "media_type"),
    ):
        lines.append(f"{title}:")
        rows = [["name", "plugin", "distribution", "version", "suffixes", extra]]
        if key == "sources":
            rows[0].append("content sniffing")
        for e in data[key]:
            value = e[extra]
            rows.append(
                [
                    e["name"] + (" (clash)" if e["clash"] else ""),
                    e["plugin"],
                    e["distribution"],
                    e["version"],
                    " ".join(e["suffixes"]) or "-",
                    (" ".join(f"{v}://" for v in value) or "-")
                    if isinstance(value, list)
                    else value,
                ]
            )
            if key == "sources":
                rows[-1].append(e["sniffs"] or "-")
        lines += _table(rows) if len(rows) > 1 else ["  (none)"]
        lines.append("")
    if show_all:
        lines.append("Plugins:")
        rows = [["name", "distribution", "version", "adds"]]
        for p in data["plugins"]:
            adds = ", ".join(p["sources"] + p["formats"]) or "nothing"
            rows.append([p["name"], p["distribution"], p["version"], adds])
        lines += _table(rows)
        lines.append("")
        lines.append("Settings:")
        for name, value in data["settings"].items():
            lines.append(f"  {name}={'' if value is None else value}")
        folders = ", ".join(data["plugins_dirs"]) or "(none)"
        lines.append(f"  plugin folders: {folders}")
        lines.append("")
    if data["clashes"]:
        lines.append("Clashes (these names cannot be used until one plugin goes):")
        lines += [f"  {c['error']}" for c in data["clashes"]]
        lines.append("")
    lines.append("Load failures:")
    if data["failures"]:
        for f in data["failures"]:
            lines.append(
                f"  {f['plugin']} ({f['distribution']} {f['version']}): {f['error']}"
            )
    else:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"
