"""The plugin manager: built lazily, loading each plugin in isolation.

Built-in sources and formats are registered through the same hooks as
third-party ones, from :data:`DEFAULT_PLUGINS`. Third-party plugins are found
through the entry-point group ``skl_socialmedia`` and loaded one at a time,
each in its own ``try``: a broken plugin is skipped with one warning line naming
it, its distribution and version, and recorded in :attr:`PluginManager.failures`;
with ``SKL_SOCIALMEDIA_STRICT_PLUGINS=1`` it is an error instead.

Environment variables:

- ``SKL_SOCIALMEDIA_LOAD_PLUGINS``: comma list of the entry points to load
  (empty: none); unset loads all.
- ``SKL_SOCIALMEDIA_DISABLE_PLUGINS``: comma list of plugins not to load
  (entry-point names or built-in module names).
- ``SKL_SOCIALMEDIA_STRICT_PLUGINS=1``: a broken plugin is fatal.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import metadata
from types import ModuleType
from typing import Any, TypeVar

import attrs
import pluggy

from skl_socialmedia.errors import PluginError, UnknownNameError
from skl_socialmedia.plugins import specs
from skl_socialmedia.plugins.protocols import DataSource, OutputFormat

__all__ = [
    "DEFAULT_PLUGINS",
    "ENV_DISABLE",
    "ENV_LOAD",
    "ENV_STRICT",
    "LoadFailure",
    "PluginInfo",
    "PluginManager",
    "get_plugin_manager",
    "reset_plugin_manager",
]

logger = logging.getLogger("skl_socialmedia.plugins")

#: The modules that register the built-in sources and formats.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "skl_socialmedia.sources.plugin",
    "skl_socialmedia.formats.plugin",
)
ENV_LOAD = "SKL_SOCIALMEDIA_LOAD_PLUGINS"
ENV_DISABLE = "SKL_SOCIALMEDIA_DISABLE_PLUGINS"
ENV_STRICT = "SKL_SOCIALMEDIA_STRICT_PLUGINS"

_NAME = re.compile(r"^[a-z][a-z0-9_\-]*$")
_SUFFIX = re.compile(r"^(\.[a-z0-9_\-]+)+$")


@attrs.frozen
class PluginInfo:
    """A registered plugin: its name, distribution, version and what it adds."""

    name: str
    distribution: str
    version: str
    builtin: bool
    sources: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()


@attrs.frozen
class LoadFailure:
    """A plugin that could not be loaded, and why."""

    name: str
    distribution: str
    version: str
    error: str

    def __str__(self) -> str:
        return (
            f"plugin {self.name!r} ({self.distribution} {self.version}) "
            f"was skipped: {self.error}"
        )


def _env_list(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _dist(entry_point: metadata.EntryPoint) -> tuple[str, str]:
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return "unknown distribution", "unknown version"
    return str(dist.name), str(dist.version)


def _check_class(kind: str, cls: object, plugin: str) -> None:
    what = "data source" if kind == "source" else "output format"
    method = "load" if kind == "source" else "render"
    if not inspect.isclass(cls):
        raise PluginError(
            f"plugin {plugin!r}: register hook returned {cls!r}, not a {what} class"
        )
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not _NAME.match(name):
        raise PluginError(
            f"plugin {plugin!r}: {what} class {cls.__name__} needs a lower-case "
            f"'name', not {name!r}"
        )
    fields = ("schemes", "suffixes") if kind == "source" else ("suffixes",)
    for field in fields:
        values = getattr(cls, field, None)
        if not isinstance(values, tuple) or not all(isinstance(v, str) for v in values):
            raise PluginError(
                f"plugin {plugin!r}: {what} {name!r} needs '{field}' as a tuple of str"
            )
    for suffix in cls.suffixes:  # type: ignore[attr-defined]
        if not _SUFFIX.match(suffix):
            raise PluginError(
                f"plugin {plugin!r}: {what} {name!r} has suffix {suffix!r}; "
                "write suffixes in lower case with the dot, e.g. '.sav'"
            )
    if kind == "format" and not isinstance(getattr(cls, "media_type", None), str):
        raise PluginError(
            f"plugin {plugin!r}: output format {name!r} needs 'media_type'"
        )
    if not callable(getattr(cls, method, None)):
        raise PluginError(
            f"plugin {plugin!r}: {what} {name!r} has no {method}() method"
        )


T = TypeVar("T")


class PluginManager:
    """A typed facade over :class:`pluggy.PluginManager`.

    ``entry_points`` replaces the installed entry points (for tests);
    ``environ`` replaces ``os.environ``; ``defaults`` the built-in modules;
    ``plugins`` are extra plugin objects registered directly (for tests).
    """

    def __init__(
        self,
        *,
        entry_points: Iterable[metadata.EntryPoint] | None = None,
        environ: Mapping[str, str] | None = None,
        defaults: Sequence[str | ModuleType] = DEFAULT_PLUGINS,
        plugins: Sequence[object] = (),
    ) -> None:
        env = os.environ if environ is None else environ
        self.strict = env.get(ENV_STRICT, "").strip().lower() in ("1", "true", "yes")
        self._selected = _env_list(env.get(ENV_LOAD))
        self._disabled = set(_env_list(env.get(ENV_DISABLE)) or [])
        self.failures: list[LoadFailure] = []
        self._info: dict[str, PluginInfo] = {}
        self._pm = pluggy.PluginManager(specs.PROJECT)
        self._pm.add_hookspecs(specs)
        for default in defaults:
            module = (
                importlib.import_module(default)
                if isinstance(default, str)
                else default
            )
            self._register(
                module, module.__name__, "skl-socialmedia", _own_version(), True
            )
        for plugin in plugins:
            name = str(getattr(plugin, "__name__", None) or f"plugin-{id(plugin)}")
            self._register(
                plugin, name, "unknown distribution", "unknown version", False
            )
        if entry_points is None:
            entry_points = metadata.entry_points(group=specs.PROJECT)
        for entry_point in entry_points:
            self._load_entry_point(entry_point)
        self.sources: dict[str, type[DataSource]] = {}
        self.formats: dict[str, type[OutputFormat]] = {}
        self._collect()

    # -- loading ---------------------------------------------------------------

    def _fail(
        self, name: str, dist: str, version: str, error: BaseException | str
    ) -> None:
        text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        failure = LoadFailure(name, dist, version, text)
        if self.strict:
            raise PluginError(f"{failure} ({ENV_STRICT} is set)")
        self.failures.append(failure)
        logger.warning("skl-socialmedia: warning: %s", failure)

    def _load_entry_point(self, entry_point: metadata.EntryPoint) -> None:
        name = entry_point.name
        dist, version = _dist(entry_point)
        if self._selected is not None and name not in self._selected:
            return
        if name in self._disabled:
            return
        try:
            plugin = entry_point.load()
        except Exception as exc:  # any failure of a plugin's import
            self._fail(name, dist, version, exc)
            return
        self._register(plugin, name, dist, version, False)

    def _register(
        self, plugin: object, name: str, dist: str, version: str, builtin: bool
    ) -> None:
        if name in self._disabled:
            return
        try:
            self._pm.register(plugin, name=name)
        except Exception as exc:  # pluggy validation of any kind
            if self._pm.get_plugin(name) is not None:
                self._pm.unregister(name=name)
            self._fail(name, dist, version, exc)
            return
        try:
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self._pm.unregister(name=name)
            self._fail(name, dist, version, f"unknown hook: {exc}")
            return
        self._info[name] = PluginInfo(name, dist, version, builtin)

    # -- collecting ---------------------------------------------------------------

    def _call_each(self, hook_name: str) -> list[tuple[str, list[Any]]]:
        caller = getattr(self._pm.hook, hook_name)
        results: list[tuple[str, list[Any]]] = []
        for impl in reversed(caller.get_hookimpls()):
            name = impl.plugin_name
            info = self._info[name]
            try:
                returned = impl.function()
                classes = [] if returned is None else list(returned)
                kind = "source" if hook_name == "register_data_sources" else "format"
                for cls in classes:
                    _check_class(kind, cls, name)
            except PluginError as exc:
                self._drop(name, info, str(exc))
                continue
            except Exception as exc:  # a plugin's hook may raise anything
                self._drop(
                    name, info, f"{hook_name}() raised {type(exc).__name__}: {exc}"
                )
                continue
            results.append((name, classes))
        return results

    def _drop(self, name: str, info: PluginInfo, error: str) -> None:
        self._pm.unregister(name=name)
        del self._info[name]
        self._fail(name, info.distribution, info.version, error)

    def _collect(self) -> None:
        sources = self._call_each("register_data_sources")
        formats = self._call_each("register_output_formats")
        live = set(self._info)
        sources = [(n, c) for n, c in sources if n in live]
        formats = [(n, c) for n, c in formats if n in live]
        self.sources = self._claims(
            "data source", sources, ("name", "schemes", "suffixes")
        )
        self.formats = self._claims("output format", formats, ("name", "suffixes"))
        self._owner: dict[type, str] = {}
        for plugin, classes in (*sources, *formats):
            for cls in classes:
                self._owner[cls] = plugin
        for name, info in list(self._info.items()):
            self._info[name] = attrs.evolve(
                info,
                sources=tuple(c.name for n, cs in sources if n == name for c in cs),
                formats=tuple(c.name for n, cs in formats if n == name for c in cs),
            )

    def _claims(
        self,
        what: str,
        registered: list[tuple[str, list[Any]]],
        fields: tuple[str, ...],
    ) -> dict[str, Any]:
        by_name: dict[str, Any] = {}
        claimed: dict[tuple[str, str], str] = {}
        for plugin, classes in registered:
            for cls in classes:
                for field in fields:
                    values = (
                        [cls.name] if field == "name" else list(getattr(cls, field))
                    )
                    for value in values:
                        key = (field, value)
                        if key in claimed and claimed[key] != plugin:
                            other = claimed[key]
                            raise PluginError(
                                f"plugins {other!r} and {plugin!r} both claim the "
                                f"{what} {field.rstrip('s')} {value!r}; disable one "
                                f"with {ENV_DISABLE}={plugin} (or ={other})"
                            )
                        if key in claimed:
                            raise PluginError(
                                f"plugin {plugin!r} claims the {what} "
                                f"{field.rstrip('s')} {value!r} twice"
                            )
                        claimed[key] = plugin
                by_name[cls.name] = cls
        return by_name

    # -- queries -----------------------------------------------------------------

    @property
    def plugins(self) -> tuple[PluginInfo, ...]:
        """The registered plugins, built-ins first."""
        return tuple(sorted(self._info.values(), key=lambda i: (not i.builtin, i.name)))

    def plugin_of(self, cls: type) -> PluginInfo:
        """Return the plugin that registered ``cls``."""
        return self._info[self._owner[cls]]

    def resolve_source(self, location: str) -> type[DataSource]:
        """Find the source for ``location``: exact name, then scheme, then suffix."""
        return _resolve(
            "source",
            location,
            self.sources,
            lambda cls: cls.schemes,
            lambda cls: cls.suffixes,
        )

    def resolve_format(self, name_or_path: str) -> type[OutputFormat]:
        """Find the format by exact name, else by the suffix of a file name."""
        return _resolve(
            "format",
            name_or_path,
            self.formats,
            lambda cls: (),
            lambda cls: cls.suffixes,
        )


def _resolve(
    kind: str,
    location: str,
    by_name: Mapping[str, T],
    schemes: Callable[[T], Iterable[str]],
    suffixes: Callable[[T], Iterable[str]],
) -> T:
    if location in by_name:
        return by_name[location]
    scheme, sep, _ = location.partition("://")
    if sep:
        for cls in by_name.values():
            if scheme.lower() in schemes(cls):
                return cls
    lower = location.lower()
    best: tuple[int, T] | None = None
    for cls in by_name.values():
        for suffix in suffixes(cls):
            if lower.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), cls)
    if best is not None:
        return best[1]
    known = [f"{name}" for name in by_name]
    known += [f"{s}://" for cls in by_name.values() for s in schemes(cls)]
    known += [s for cls in by_name.values() for s in suffixes(cls)]
    error = UnknownNameError(kind, location, known)
    error.args = (f"{error}; run 'skl-socialmedia plugins' to see what is installed",)
    raise error


def _own_version() -> str:
    from skl_socialmedia._version import __version__

    return __version__


_lock = threading.Lock()
_manager: PluginManager | None = None


def get_plugin_manager() -> PluginManager:
    """Return the process-wide plugin manager, building it on first use."""
    global _manager
    with _lock:
        if _manager is None:
            _manager = PluginManager()
        return _manager


def reset_plugin_manager(manager: PluginManager | None = None) -> None:
    """Replace the process-wide manager (``None``: rebuild on next use)."""
    global _manager
    with _lock:
        _manager = manager
