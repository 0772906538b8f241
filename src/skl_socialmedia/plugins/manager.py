"""The plugin manager: built lazily, loading each plugin in isolation.

Built-in sources and formats are registered through the same hooks as
third-party ones, from :data:`DEFAULT_PLUGINS`: tiny modules that declare
each class by ``"module:Class"`` (:mod:`skl_socialmedia.plugins.declared`),
so that a class's module is imported only when the class is chosen. Third-party
plugins are found through the entry-point group ``skl_socialmedia`` and in
plugin folders (:mod:`skl_socialmedia.plugins.folders`), and loaded one at a
time, each in its own ``try``: a broken plugin is skipped with one warning line
naming it, its distribution and version, and recorded in
:attr:`PluginManager.failures`; with ``SKL_SOCIALMEDIA_STRICT_PLUGINS=1`` it
is an error instead.

Environment variables:

- ``SKL_SOCIALMEDIA_LOAD_PLUGINS``: comma list of the entry points to load
  (empty: none); unset loads all. The modules of a plugin folder are loaded
  because the folder was given.
- ``SKL_SOCIALMEDIA_DISABLE_PLUGINS``: comma list of plugins not to load
  (entry-point names, module stems or built-in module names).
- ``SKL_SOCIALMEDIA_STRICT_PLUGINS=1``: a broken plugin (or a clash) is fatal.
- ``SKL_SOCIALMEDIA_PLUGINS_DIR``: plugin folders, separated by ``os.pathsep``.

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
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from skl_socialmedia.errors import PluginError
from skl_socialmedia.plugins import specs
from skl_socialmedia.plugins.declared import Declared, LazyClasses
from skl_socialmedia.plugins.discovery import installed_entry_points
from skl_socialmedia.plugins.folders import (
    ENV_PLUGINS_DIR,
    PluginsDir,
    folder_modules,
    import_plugin_file,
    plugin_folders,
)
from skl_socialmedia.plugins.guards import (
    ENV_DISABLE,
    _contained,
    _one_line,
    _warn,
    load_checked,
    render_checked,
)
from skl_socialmedia.plugins.guards import (
    _check_class as _check_class,  # for skl_socialmedia.testing
)
from skl_socialmedia.plugins.info import DIR_DIST, Clash, LoadFailure, PluginInfo
from skl_socialmedia.plugins.resolution import claims, resolve

if TYPE_CHECKING:
    from importlib import metadata

    from skl_socialmedia.plugins.protocols import DataSource, OutputFormat
    from skl_socialmedia.report.model import Report
    from skl_socialmedia.typing import Loaded

__all__ = [
    "DEFAULT_PLUGINS",
    "ENV_DISABLE",
    "ENV_LOAD",
    "ENV_PLUGINS_DIR",
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

#: The modules that register the built-in sources and formats.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "skl_socialmedia.sources.plugin",
    "skl_socialmedia.formats.plugin",
)
ENV_LOAD = "SKL_SOCIALMEDIA_LOAD_PLUGINS"
ENV_STRICT = "SKL_SOCIALMEDIA_STRICT_PLUGINS"
#: The version shown for a module of a plugin folder.
DIR_VERSION = "local"


def _env_list(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _dist(entry_point: metadata.EntryPoint) -> tuple[str, str]:
    dist = getattr(entry_point, "dist", None)
    if dist is None:
        return "unknown distribution", "unknown version"
    return str(dist.name), str(dist.version)


class PluginManager:
    """A typed facade over :class:`pluggy.PluginManager`.

    ``entry_points`` replaces the installed entry points (for tests);
    ``environ`` replaces ``os.environ``; ``defaults`` the built-in modules;
    ``plugins`` are extra plugin objects registered directly (for tests);
    ``plugins_dir`` is a plugin folder, or several, loaded after those of
    ``SKL_SOCIALMEDIA_PLUGINS_DIR`` (:mod:`~skl_socialmedia.plugins.folders`;
    a folder that does not exist is an
    :class:`~skl_socialmedia.errors.InvalidArgumentError`).
    """

    def __init__(
        self,
        *,
        entry_points: Iterable[metadata.EntryPoint] | None = None,
        environ: Mapping[str, str] | None = None,
        defaults: Sequence[str | ModuleType] = DEFAULT_PLUGINS,
        plugins: Sequence[object] = (),
        plugins_dir: PluginsDir | None = None,
    ) -> None:
        env = os.environ if environ is None else environ
        given = [] if plugins_dir is None else list(plugin_folders(plugins_dir, {}))
        #: The plugin folders loaded: the variable's, then ``plugins_dir``'s.
        self.plugins_dirs: tuple[Path, ...] = plugin_folders(given, env)
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
        if entry_points is None:  # none to look for if none is to be loaded
            wanted = self._selected != []
            entry_points = installed_entry_points(specs.PROJECT) if wanted else []
        entry_points = list(entry_points)
        self._args = (entry_points, environ, defaults, plugins, given)
        for entry_point in entry_points:
            self._load_entry_point(entry_point)
        for folder in self.plugins_dirs:
            for path in folder_modules(folder):
                self._load_file(path, f"{DIR_DIST} {folder}")
        #: The sources and formats by name (a name two plugins claim is left out);
        #: a declared class is imported when it is looked up.
        self.sources: Mapping[str, type[DataSource]] = {}
        self.formats: Mapping[str, type[OutputFormat]] = {}
        self._sources: list[Declared] = []
        self._formats: list[Declared] = []
        self._clashed: dict[tuple[str, str, str], Clash] = {}
        self._collect()

    def with_plugins_dir(self, plugins_dir: PluginsDir) -> PluginManager:
        """Return a manager like this one that also loads ``plugins_dir``."""
        entry_points, environ, defaults, plugins, given = self._args
        folders = [*given, *plugin_folders(plugins_dir, {})]
        return PluginManager(
            entry_points=entry_points,
            environ=environ,
            defaults=defaults,
            plugins=plugins,
            plugins_dir=folders,
        )

    # -- loading ---------------------------------------------------------------

    def _fail(
        self, name: str, dist: str, version: str, error: BaseException | str
    ) -> None:
        text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        failure = LoadFailure(name, dist, version, text)
        if self.strict:
            raise PluginError(f"{failure} ({ENV_STRICT} is set)")
        self.failures.append(failure)
        _warn("skl-socialmedia: warning: %s", failure)

    def _wanted(self, name: str) -> bool:
        selected = self._selected is None or name in self._selected
        return selected and name not in self._disabled

    def _load_entry_point(self, entry_point: metadata.EntryPoint) -> None:
        name = entry_point.name
        dist, version = _dist(entry_point)
        if not self._wanted(name):
            return
        try:
            with _contained(name):
                plugin = entry_point.load()
        except (Exception, SystemExit) as exc:  # any failure of a plugin's import
            self._fail(name, dist, version, _one_line(exc))
            return
        self._register(plugin, name, dist, version, False)

    def _load_file(self, path: Path, dist: str) -> None:
        """Load the plugin module at ``path`` (of a plugin folder) as a plugin."""
        name = path.stem
        if name in self._disabled:  # a folder named is asked for: no _selected
            return
        try:
            with _contained(name):
                module = import_plugin_file(path)
        except (Exception, SystemExit) as exc:  # any failure of a plugin's import
            self._fail(name, dist, DIR_VERSION, _one_line(exc))
            return
        self._register(module, name, dist, DIR_VERSION, False)

    def _register(
        self, plugin: object, name: str, dist: str, version: str, builtin: bool
    ) -> None:
        if name in self._disabled:
            return
        if name in self._info:
            other = self._info[name]
            self._fail(
                name,
                dist,
                version,
                f"the name is taken by the plugin of {other.distribution} "
                f"{other.version}",
            )
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

    def _call_each(self, hook_name: str) -> list[tuple[str, list[Declared]]]:
        caller = getattr(self._pm.hook, hook_name)
        kind = "source" if hook_name == "register_data_sources" else "format"
        results: list[tuple[str, list[Declared]]] = []
        for impl in reversed(caller.get_hookimpls()):
            name = impl.plugin_name
            info = self._info[name]
            try:
                with contextlib.nullcontext() if info.builtin else _contained(name):
                    returned = impl.function()
                    classes = [] if returned is None else list(returned)
                for cls in classes:
                    _check_class(kind, cls, name)
            except PluginError as exc:
                self._drop(name, info, str(exc))
                continue
            except (Exception, SystemExit) as exc:  # a plugin's hook may raise anything
                self._drop(name, info, f"{hook_name}() raised {_one_line(exc)}")
                continue
            results.append(
                (
                    name,
                    [
                        c.copy() if isinstance(c, Declared) else Declared.of(kind, c)
                        for c in classes
                    ],
                )
            )
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
        self._owner: dict[Declared, str] = {}
        for plugin, entries in (*sources, *formats):
            for entry in entries:
                self._owner[entry] = plugin
        self._sources = [c for _n, cs in sources for c in cs]
        self._formats = [c for _n, cs in formats for c in cs]
        source_names, source_clashes = claims(
            "data source", sources, ("name", "schemes", "suffixes"), self._info
        )
        format_names, format_clashes = claims(
            "output format", formats, ("name", "suffixes"), self._info
        )
        self.clashes += [*source_clashes, *format_clashes]
        self.sources = LazyClasses(source_names, self._class_of)
        self.formats = LazyClasses(format_names, self._class_of)
        self._source_names, self._format_names = source_names, format_names
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
            _warn(
                "skl-socialmedia: warning: %s; %r cannot be used until then",
                clash,
                clash.value,
            )

    def _class_of(self, entry: Declared) -> type:
        """Return the class of ``entry``, importing it if it is only declared.

        A third-party class that cannot be imported, or is not what its plugin
        declared, is a :class:`~skl_socialmedia.errors.PluginError` naming the
        plugin (a built-in's failure is this library's bug and propagates).
        """
        if entry.loaded is not None:
            return entry.loaded
        info = self._info[self._owner[entry]]
        if info.builtin:
            return entry.load()
        what = "data source" if entry.kind == "source" else "output format"
        who = (
            f"the {what} {entry.name!r} of plugin {info.name!r} "
            f"({info.distribution} {info.version})"
        )
        try:
            with _contained(info.name):
                return entry.load()
        except (Exception, SystemExit) as exc:  # a plugin's import may raise anything
            error = str(exc) if isinstance(exc, PluginError) else _one_line(exc)
            raise PluginError(
                f"{who} cannot be imported: {error} (disable it with "
                f"{ENV_DISABLE}={info.name})"
            ) from None

    # -- queries -----------------------------------------------------------------

    @property
    def plugins(self) -> tuple[PluginInfo, ...]:
        """The registered plugins, built-ins first."""
        return tuple(sorted(self._info.values(), key=lambda i: (not i.builtin, i.name)))

    def _entry_of(self, cls: type | Declared) -> Declared:
        if isinstance(cls, Declared) and cls in self._owner:
            return cls
        entries = [*self._sources, *self._formats]
        for entry in entries:
            if entry.loaded is cls:
                return entry
        target = f"{getattr(cls, '__module__', '')}:{getattr(cls, '__qualname__', '')}"
        for entry in entries:
            if entry.loaded is None and entry.target == target:
                return entry
        raise KeyError(cls)

    def plugin_of(self, cls: type | Declared) -> PluginInfo:
        """Return the plugin that registered ``cls`` (a class or a declaration)."""
        return self._info[self._owner[self._entry_of(cls)]]

    @property
    def declared_sources(self) -> tuple[Declared, ...]:
        """Every registered source, as declared (nothing imported; for listings)."""
        return tuple(self._sources)

    @property
    def declared_formats(self) -> tuple[Declared, ...]:
        """Every registered format, as declared (nothing imported; for listings)."""
        return tuple(self._formats)

    @property
    def source_classes(self) -> tuple[type[DataSource], ...]:
        """Every registered source class, those in a clash too (imports them all)."""
        return tuple(self._class_of(e) for e in self._sources)

    @property
    def format_classes(self) -> tuple[type[OutputFormat], ...]:
        """Every registered format class, those in a clash too (imports them all)."""
        return tuple(self._class_of(e) for e in self._formats)

    def clashes_of(self, cls: type | Declared) -> tuple[Clash, ...]:
        """Return the clashes ``cls`` is in (of its name, schemes, suffixes)."""
        try:
            entry: Any = self._entry_of(cls)
        except KeyError:
            entry = cls
        kind = "data source" if entry in self._sources else "output format"
        values = [("name", str(getattr(entry, "name", "")))]
        values += [("scheme", v) for v in getattr(entry, "schemes", ())]
        values += [("suffix", v) for v in getattr(entry, "suffixes", ())]
        found = (self._clashed.get((kind, f, v)) for f, v in values)
        return tuple(dict.fromkeys(c for c in found if c is not None))

    def _clashes(self, kind: str) -> dict[tuple[str, str], Clash]:
        return {(f, v): c for (k, f, v), c in self._clashed.items() if k == kind}

    def resolve_source(self, location: str) -> type[DataSource]:
        """Find the source for ``location``: exact name, then scheme, then suffix.

        A name, scheme or suffix that two plugins claim is a
        :class:`~skl_socialmedia.errors.PluginError` saying which to disable.
        Only the chosen class is imported (and those asked to sniff the file).
        """
        entry = resolve(
            "source",
            location,
            self._source_names,
            self._sources,
            lambda e: e.schemes,
            lambda e: e.suffixes,
            self._clashes("data source"),
            self._class_of,
        )
        return self._class_of(entry)

    def resolve_format(self, name_or_path: str) -> type[OutputFormat]:
        """Find the format by exact name, else by the suffix of a file name.

        A name or suffix that two plugins claim is a
        :class:`~skl_socialmedia.errors.PluginError` saying which to disable.
        """
        entry = resolve(
            "format",
            name_or_path,
            self._format_names,
            self._formats,
            lambda e: (),
            lambda e: e.suffixes,
            self._clashes("output format"),
            self._class_of,
        )
        return self._class_of(entry)

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


def _own_version() -> str:
    from skl_socialmedia._version import __version__

    return __version__


_lock = threading.Lock()
_manager: PluginManager | None = None


def get_plugin_manager(*, plugins_dir: PluginsDir | None = None) -> PluginManager:
    """Return the process-wide plugin manager, building it on first use.

    With ``plugins_dir`` (a folder or several), the manager also loads the
    plugin modules there (:mod:`~skl_socialmedia.plugins.folders`): if the
    current one does not, it is replaced by one that does, which later calls
    (``skl_socialmedia.load``, ``render``) use too.
    """
    global _manager
    with _lock:
        if _manager is None:
            _manager = PluginManager(plugins_dir=plugins_dir)
        elif plugins_dir is not None:
            wanted = plugin_folders(plugins_dir, {})
            if not set(wanted) <= set(_manager.plugins_dirs):
                _manager = _manager.with_plugins_dir(wanted)
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


def reset_plugin_manager(manager: PluginManager | None = None) -> PluginManager | None:
    """Replace the process-wide manager (``None``: rebuild on next use).

    Returns the manager replaced (``None`` if none was built).
    """
    global _manager
    with _lock:
        previous, _manager = _manager, manager
        return previous
