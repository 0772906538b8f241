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
- ``SKL_SOCIALMEDIA_STRICT_PLUGINS=1``: a broken plugin (or a clash) is fatal.

Two plugins claiming the same source or format name, URI scheme or suffix
are a :class:`Clash`: recorded in :attr:`PluginManager.clashes` with one
warning line, listed by ``skl-socialmedia plugins``, and an error only where
the name is used (the message names both plugins and the one to disable).
Sources that tell their files by content (a ``sniff`` method) may share a
suffix with one that does not (:mod:`skl_socialmedia.plugins.sniffing`).

Third-party plugin code runs in-process: while it runs (import, hooks,
:func:`guarded_load`, :func:`guarded_render`) ``sys.stdout`` is redirected to
``sys.stderr``, so that a plugin's prints cannot corrupt a report written to
standard output, and a recursion limit it lowers is restored. Its failures
(an exception, a wrong return value) become a :class:`PluginError` naming the
plugin, its distribution and version. See ``docs/plugins.md`` for what
in-process plugins cannot be protected from.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import metadata
from types import ModuleType
from typing import Any, TypeVar

import attrs
import pluggy

from skl_socialmedia.errors import PluginError, UnknownNameError
from skl_socialmedia.plugins import specs
from skl_socialmedia.plugins.guards import (
    ENV_DISABLE,
    _contained,
    _one_line,
    load_checked,
    render_checked,
)
from skl_socialmedia.plugins.guards import (
    _check_class as _check_class,  # for skl_socialmedia.testing
)
from skl_socialmedia.plugins.protocols import DataSource, OutputFormat
from skl_socialmedia.plugins.sniffing import shared_suffix, sniffed
from skl_socialmedia.report.model import Report
from skl_socialmedia.typing import Loaded

__all__ = [
    "DEFAULT_PLUGINS",
    "ENV_DISABLE",
    "ENV_LOAD",
    "ENV_STRICT",
    "Clash",
    "LoadFailure",
    "PluginInfo",
    "PluginManager",
    "get_plugin_manager",
    "guarded_load",
    "guarded_render",
    "reset_plugin_manager",
]

logger = logging.getLogger("skl_socialmedia.plugins")

#: The modules that register the built-in sources and formats.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "skl_socialmedia.sources.plugin",
    "skl_socialmedia.formats.plugin",
)
ENV_LOAD = "SKL_SOCIALMEDIA_LOAD_PLUGINS"
ENV_STRICT = "SKL_SOCIALMEDIA_STRICT_PLUGINS"


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


@attrs.frozen
class Clash:
    """Plugins claiming the same source or format name, URI scheme or suffix.

    ``kind`` is ``"data source"`` or ``"output format"``, ``field`` one of
    ``"name"``, ``"scheme"``, ``"suffix"``; ``plugins`` are the claimants in
    registration order (built-ins first; one plugin twice if it claims the
    value twice). ``str()`` is the error raised where the value is used: it
    names the plugins and says which to disable.
    """

    kind: str
    field: str
    value: str
    plugins: tuple[PluginInfo, ...]

    def __str__(self) -> str:
        names = list(dict.fromkeys(p.name for p in self.plugins))
        what = f"the {self.kind} {self.field} {self.value!r}"
        shown = {
            p.name: f"{p.name!r} ({p.distribution} {p.version})" for p in self.plugins
        }
        if len(names) == 1:
            plugin = self.plugins[0]
            return (
                f"plugin {shown[plugin.name]} claims {what} twice; disable it with "
                f"{ENV_DISABLE}={plugin.name}"
            )
        others = [p for p in self.plugins if not p.builtin]
        claim = (
            f"plugins {' and '.join(shown[n] for n in names)} all claim {what}"
            if len(names) > 2
            else f"plugins {shown[names[0]]} and {shown[names[1]]} both claim {what}"
        )
        third = list(dict.fromkeys(p.name for p in others))
        if len(third) < len(names):  # a built-in among them: the others must go
            fix = f"disable {'them' if len(third) > 1 else 'the plugin'} with " + (
                f"{ENV_DISABLE}={','.join(third)}"
            )
            dists = sorted({p.distribution for p in others} - {_UNKNOWN_DIST})
            if dists:
                fix += f" (or uninstall {', '.join(dists)})"
        else:
            fix = "disable one with " + " or ".join(f"{ENV_DISABLE}={n}" for n in third)
        return f"{claim}; {fix}"


_UNKNOWN_DIST = "unknown distribution"


def _env_list(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _dist(entry_point: metadata.EntryPoint) -> tuple[str, str]:
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return "unknown distribution", "unknown version"
    return str(dist.name), str(dist.version)


T = TypeVar("T")

#: The singular of a class attribute's name, for messages and clash keys.
_SINGULAR = {"schemes": "scheme", "suffixes": "suffix"}


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
        #: Values claimed by more than one plugin (see :class:`Clash`).
        self.clashes: list[Clash] = []
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
        #: The sources and formats by name (a name two plugins claim is left out).
        self.sources: dict[str, type[DataSource]] = {}
        self.formats: dict[str, type[OutputFormat]] = {}
        self._source_classes: list[type[DataSource]] = []
        self._format_classes: list[type[OutputFormat]] = []
        self._clashed: dict[tuple[str, str, str], Clash] = {}
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
            with _contained(name):
                plugin = entry_point.load()
        except (Exception, SystemExit) as exc:  # any failure of a plugin's import
            self._fail(name, dist, version, _one_line(exc))
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
                with contextlib.nullcontext() if info.builtin else _contained(name):
                    returned = impl.function()
                    classes = [] if returned is None else list(returned)
                kind = "source" if hook_name == "register_data_sources" else "format"
                for cls in classes:
                    _check_class(kind, cls, name)
            except PluginError as exc:
                self._drop(name, info, str(exc))
                continue
            except (Exception, SystemExit) as exc:  # a plugin's hook may raise anything
                self._drop(name, info, f"{hook_name}() raised {_one_line(exc)}")
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
        order = {name: i for i, name in enumerate(self._info)}  # as registered
        sources = sorted(
            [(n, c) for n, c in sources if n in live], key=lambda p: order[p[0]]
        )
        formats = sorted(
            [(n, c) for n, c in formats if n in live], key=lambda p: order[p[0]]
        )
        self._owner: dict[type, str] = {}
        for plugin, classes in (*sources, *formats):
            for cls in classes:
                self._owner[cls] = plugin
        self._source_classes = [c for _n, cs in sources for c in cs]
        self._format_classes = [c for _n, cs in formats for c in cs]
        self.sources = self._claims(
            "data source", sources, ("name", "schemes", "suffixes")
        )
        self.formats = self._claims("output format", formats, ("name", "suffixes"))
        for name, info in list(self._info.items()):
            self._info[name] = attrs.evolve(
                info,
                sources=tuple(c.name for n, cs in sources if n == name for c in cs),
                formats=tuple(c.name for n, cs in formats if n == name for c in cs),
            )
        for clash in self.clashes:  # with the plugins' final info
            clash = attrs.evolve(
                clash, plugins=tuple(self._info[p.name] for p in clash.plugins)
            )
            self._clashed[(clash.kind, clash.field, clash.value)] = clash
        self.clashes = list(self._clashed.values())
        for clash in self.clashes:
            if self.strict:
                raise PluginError(f"{clash} ({ENV_STRICT} is set)")
            logger.warning(
                "skl-socialmedia: warning: %s; %r cannot be used until then",
                clash,
                clash.value,
            )

    def _claims(
        self,
        what: str,
        registered: list[tuple[str, list[Any]]],
        fields: tuple[str, ...],
    ) -> dict[str, Any]:
        """Return the classes by name; record each value claimed twice as a clash.

        A name that two plugins claim is in neither's hands: it is left out
        of the result, and resolving it raises the clash (see :func:`_resolve`).
        """
        claimed: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        for plugin, classes in registered:
            for cls in classes:
                for field in fields:
                    values = (
                        [cls.name] if field == "name" else list(getattr(cls, field))
                    )
                    for value in values:
                        key = (_SINGULAR.get(field, field), value)
                        claimed.setdefault(key, []).append((plugin, cls))
        by_name: dict[str, Any] = {}
        for (field, value), claimants in claimed.items():
            if field == "suffix" and shared_suffix(claimants):
                continue  # sources that tell their files by content share it
            if len(claimants) > 1:
                plugins = tuple(self._info[plugin] for plugin, _cls in claimants)
                self.clashes.append(Clash(what, field, value, plugins))
            elif field == "name":
                by_name[value] = claimants[0][1]
        return by_name

    # -- queries -----------------------------------------------------------------

    @property
    def plugins(self) -> tuple[PluginInfo, ...]:
        """The registered plugins, built-ins first."""
        return tuple(sorted(self._info.values(), key=lambda i: (not i.builtin, i.name)))

    def plugin_of(self, cls: type) -> PluginInfo:
        """Return the plugin that registered ``cls``."""
        return self._info[self._owner[cls]]

    @property
    def source_classes(self) -> tuple[type[DataSource], ...]:
        """Every registered source class, those in a clash too (for listings)."""
        return tuple(self._source_classes)

    @property
    def format_classes(self) -> tuple[type[OutputFormat], ...]:
        """Every registered format class, those in a clash too (for listings)."""
        return tuple(self._format_classes)

    def clashes_of(self, cls: type) -> tuple[Clash, ...]:
        """Return the clashes ``cls`` is in (of its name, schemes, suffixes)."""
        kind = "data source" if cls in self._source_classes else "output format"
        values = [("name", str(getattr(cls, "name", "")))]
        values += [("scheme", v) for v in getattr(cls, "schemes", ())]
        values += [("suffix", v) for v in getattr(cls, "suffixes", ())]
        found = (self._clashed.get((kind, f, v)) for f, v in values)
        return tuple(dict.fromkeys(c for c in found if c is not None))

    def resolve_source(self, location: str) -> type[DataSource]:
        """Find the source for ``location``: exact name, then scheme, then suffix.

        A name, scheme or suffix that two plugins claim is a
        :class:`~skl_socialmedia.errors.PluginError` saying which to disable.
        """
        return _resolve(
            "source",
            location,
            self.sources,
            self._source_classes,
            lambda cls: cls.schemes,
            lambda cls: cls.suffixes,
            {(f, v): c for (k, f, v), c in self._clashed.items() if k == "data source"},
        )

    def resolve_format(self, name_or_path: str) -> type[OutputFormat]:
        """Find the format by exact name, else by the suffix of a file name.

        A name or suffix that two plugins claim is a
        :class:`~skl_socialmedia.errors.PluginError` saying which to disable.
        """
        return _resolve(
            "format",
            name_or_path,
            self.formats,
            self._format_classes,
            lambda cls: (),
            lambda cls: cls.suffixes,
            {
                (f, v): c
                for (k, f, v), c in self._clashed.items()
                if k == "output format"
            },
        )

    # -- calling plugins --------------------------------------------------------

    def _info_of(self, cls: type) -> PluginInfo:
        """Return the plugin of ``cls``; a class from elsewhere is third-party."""
        try:
            return self.plugin_of(cls)
        except KeyError:
            module = getattr(cls, "__module__", "") or ""
            builtin = module.startswith("skl_socialmedia.")
            return PluginInfo(
                module or getattr(cls, "__name__", "?"),
                "skl-socialmedia" if builtin else "unknown distribution",
                _own_version() if builtin else "unknown version",
                builtin,
            )

    def guarded_load(
        self, cls: type[DataSource], location: str, **options: Any
    ) -> Loaded:
        """Return ``cls().load(location, **options)``, checked: :func:`guarded_load`."""
        return load_checked(self._info_of(cls), cls, location, options)

    def guarded_render(
        self, cls: type[OutputFormat], report: Report, **options: Any
    ) -> str | bytes:
        """Return the format ``cls``'s rendering, checked (:func:`guarded_render`)."""
        return render_checked(self._info_of(cls), cls, report, options)


def _resolve(
    kind: str,
    location: str,
    by_name: Mapping[str, T],
    classes: Sequence[T],
    schemes: Callable[[T], Iterable[str]],
    suffixes: Callable[[T], Iterable[str]],
    clashes: Mapping[tuple[str, str], Clash],
) -> T:
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
        return sniffed(claimants, location) if len(claimants) > 1 else best[1]
    known = list(dict.fromkeys([*by_name, *(v for f, v in clashes if f == "name")]))
    known += [f"{s}://" for cls in classes for s in schemes(cls)]
    known += [s for cls in classes for s in suffixes(cls)]
    error = UnknownNameError(kind, location, dict.fromkeys(known))
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


def guarded_load(cls: type[DataSource], location: str, **options: Any) -> Loaded:
    """Load ``location`` with the data source ``cls``, guarding against its failure.

    Returns what ``cls().load(location, **options)`` returns if it is a
    :class:`~skl_socialmedia.Survey`, :class:`~skl_socialmedia.Tally` or
    :class:`~skl_socialmedia.PublishedFigures`; anything else is a
    :class:`~skl_socialmedia.errors.PluginError` naming the plugin, its
    distribution and version. A third-party source that raises is a
    ``PluginError`` too (the library's own errors, such as a ``DataError`` of
    bad input, pass unchanged); while it runs, its prints go to stderr.
    """
    return get_plugin_manager().guarded_load(cls, location, **options)


def guarded_render(
    cls: type[OutputFormat], report: Report, **options: Any
) -> str | bytes:
    """Render ``report`` with the output format ``cls``, guarding against its failure.

    Returns what ``cls().render(report, **options)`` returns if it is
    ``str`` or ``bytes``; anything else (``None``, a number, text a
    third-party format left a lone surrogate in) is a
    :class:`~skl_socialmedia.errors.PluginError` naming the plugin, its
    distribution and version. A third-party format that raises is a
    ``PluginError`` too (the library's own errors pass unchanged); while it
    runs, its prints go to stderr.
    """
    return get_plugin_manager().guarded_render(cls, report, **options)


def reset_plugin_manager(manager: PluginManager | None = None) -> None:
    """Replace the process-wide manager (``None``: rebuild on next use)."""
    global _manager
    with _lock:
        _manager = manager
