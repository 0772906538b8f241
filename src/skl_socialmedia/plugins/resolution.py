"""Finding a source or format: by exact name, then URI scheme, then file suffix.

:func:`claims` records who claims what (and the clashes); :func:`resolve`
finds the claimant of a location.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from skl_socialmedia.errors import PluginError, UnknownNameError
from skl_socialmedia.plugins.declared import Declared
from skl_socialmedia.plugins.info import Clash, PluginInfo
from skl_socialmedia.plugins.sniffing import shared_suffix, sniffed

__all__ = ["claims", "resolve"]

T = TypeVar("T")

#: The singular of a class attribute's name, for messages and clash keys.
_SINGULAR = {"schemes": "scheme", "suffixes": "suffix"}


def claims(
    what: str,
    registered: Sequence[tuple[str, Sequence[Declared]]],
    fields: tuple[str, ...],
    info: Mapping[str, PluginInfo],
) -> tuple[dict[str, Declared], list[Clash]]:
    """Return the declarations by name, and a clash for each value claimed twice.

    ``registered`` holds each plugin's name and declarations, ``info`` the
    plugins by name. A name that two plugins claim is in neither's hands: it
    is left out of the result, and resolving it raises the clash.
    """
    claimed: dict[tuple[str, str], list[tuple[str, Declared]]] = {}
    for plugin, entries in registered:
        for entry in entries:
            for field in fields:
                values = [entry.name] if field == "name" else getattr(entry, field)
                for value in values:
                    key = (_SINGULAR.get(field, field), value)
                    claimed.setdefault(key, []).append((plugin, entry))
    by_name: dict[str, Declared] = {}
    clashes: list[Clash] = []
    for (field, value), claimants in claimed.items():
        if field == "suffix" and shared_suffix(claimants):
            continue  # sources that tell their files by content share it
        if len(claimants) > 1:
            plugins = tuple(info[plugin] for plugin, _entry in claimants)
            clashes.append(Clash(what, field, value, plugins))
        elif field == "name":
            by_name[value] = claimants[0][1]
    return by_name, clashes


def resolve(
    kind: str,
    location: str,
    by_name: Mapping[str, T],
    classes: Sequence[T],
    schemes: Callable[[T], Iterable[str]],
    suffixes: Callable[[T], Iterable[str]],
    clashes: Mapping[tuple[str, str], Clash],
    load: Callable[[T], Any] = lambda cls: cls,
) -> T:
    """Return the claimant of ``location``: its name, else scheme, else suffix.

    The longest matching suffix wins; several sources sharing it are told
    apart by content (``load`` imports a claimant to ask its ``sniff``). A
    value in ``clashes`` is a :class:`~skl_socialmedia.errors.PluginError`; no
    claimant an :class:`~skl_socialmedia.errors.UnknownNameError` listing
    what is known.
    """
    if ("name", location) in clashes:
        raise PluginError(str(clashes[("name", location)]))
    if location in by_name:
        return by_name[location]
    scheme, sep, _ = location.partition("://")
    if sep:
        for key in (("scheme", scheme), ("scheme", scheme.lower())):
            if key in clashes:
                raise PluginError(str(clashes[key]))
        for cls in classes:
            if scheme.lower() in schemes(cls):
                return cls
    lower = location.lower()
    best: tuple[str, T] | None = None
    for cls in classes:
        for suffix in suffixes(cls):
            if lower.endswith(suffix) and (best is None or len(suffix) > len(best[0])):
                best = (suffix, cls)
    if best is not None:
        if ("suffix", best[0]) in clashes:
            raise PluginError(str(clashes[("suffix", best[0])]))
        claimants = [c for c in classes if best[0] in suffixes(c)]
        return sniffed(claimants, location, load) if len(claimants) > 1 else best[1]
    known = list(dict.fromkeys([*by_name, *(v for f, v in clashes if f == "name")]))
    known += [f"{s}://" for cls in classes for s in schemes(cls)]
    known += [s for cls in classes for s in suffixes(cls)]
    error = UnknownNameError(kind, location, dict.fromkeys(known))
    error.args = (f"{error}; run 'skl-socialmedia plugins' to see what is installed",)
    raise error
