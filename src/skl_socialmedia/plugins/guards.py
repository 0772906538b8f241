"""The guards around third-party plugin code: stdout contained, failures named.

While a third-party plugin's code runs (its import, its hooks, a source's
``load``, a format's ``render``) ``sys.stdout`` is redirected to
``sys.stderr`` and a recursion limit it lowers is restored. What it returns
is checked, and its failures (an exception, a wrong return value) become a
:class:`~skl_socialmedia.errors.PluginError` naming the plugin, its
distribution and version. :mod:`skl_socialmedia.plugins.manager` uses these
for :func:`~skl_socialmedia.plugins.manager.guarded_load` and
:func:`~skl_socialmedia.plugins.manager.guarded_render`.
"""

from __future__ import annotations

import contextlib
import inspect
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from skl_socialmedia.errors import PluginError, SklSocialMediaError
from skl_socialmedia.plugins.declared import Declared

if TYPE_CHECKING:
    from skl_socialmedia.plugins.protocols import DataSource, OutputFormat
    from skl_socialmedia.report.model import Report
    from skl_socialmedia.typing import Loaded

__all__ = ["ENV_DISABLE", "load_checked", "render_checked"]


def _warn(message: str, *args: object) -> None:
    """Log a warning on ``skl_socialmedia.plugins`` (:mod:`logging` imported now)."""
    import logging

    logging.getLogger("skl_socialmedia.plugins").warning(message, *args)


#: Re-exported by :mod:`skl_socialmedia.plugins.manager` with the other variables.
ENV_DISABLE = "SKL_SOCIALMEDIA_DISABLE_PLUGINS"

_NAME = re.compile(r"^[a-z][a-z0-9_\-]*$")
_SUFFIX = re.compile(r"^(\.[a-z0-9_\-]+)+$")


class _Plugin(Protocol):
    """What a guard tells of a plugin: a manager's :class:`PluginInfo`."""

    @property
    def name(self) -> str: ...
    @property
    def distribution(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def builtin(self) -> bool: ...


def _check_class(kind: str, cls: object, plugin: str) -> None:
    """Check a class (or a :class:`Declared`) a plugin's hook returned."""
    what = "data source" if kind == "source" else "output format"
    method = "load" if kind == "source" else "render"
    if isinstance(cls, Declared):
        if cls.kind != kind:
            raise PluginError(
                f"plugin {plugin!r}: register hook returned {cls!r}, not a {what}"
            )
        _check_fields(kind, cls, plugin, cls.target)
        return
    if not inspect.isclass(cls):
        raise PluginError(
            f"plugin {plugin!r}: register hook returned {cls!r}, not a {what} class"
        )
    _check_fields(kind, cls, plugin, f"class {cls.__name__}")
    if not callable(getattr(cls, method, None)):
        raise PluginError(
            f"plugin {plugin!r}: {what} {cls.name!r} has no {method}() method"  # type: ignore[attr-defined]
        )


def _check_fields(kind: str, cls: object, plugin: str, label: str) -> None:
    what = "data source" if kind == "source" else "output format"
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not _NAME.match(name):
        raise PluginError(
            f"plugin {plugin!r}: {what} {label} needs a lower-case 'name', not {name!r}"
        )
    fields = ("schemes", "suffixes") if kind == "source" else ("suffixes",)
    for field in fields:
        values = getattr(cls, field, None)
        if not isinstance(values, tuple) or not all(isinstance(v, str) for v in values):
            raise PluginError(
                f"plugin {plugin!r}: {what} {name!r} needs '{field}' as a tuple of str"
            )
    for suffix in getattr(cls, "suffixes", ()):
        if not _SUFFIX.match(suffix):
            raise PluginError(
                f"plugin {plugin!r}: {what} {name!r} has suffix {suffix!r}; "
                "write suffixes in lower case with the dot, e.g. '.sav'"
            )
    if kind == "format" and not isinstance(getattr(cls, "media_type", None), str):
        raise PluginError(
            f"plugin {plugin!r}: output format {name!r} needs 'media_type'"
        )


@contextlib.contextmanager
def _contained(plugin: str) -> Iterator[None]:
    """Run a third-party plugin's code with stdout sent to stderr.

    A recursion limit the code lowered is put back (with a warning): it
    would break other code, the built-in charts among them.
    """
    limit = sys.getrecursionlimit()
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        if sys.getrecursionlimit() < limit:
            _warn(
                "skl-socialmedia: warning: plugin %r lowered the recursion limit "
                "to %d; restored to %d",
                plugin,
                sys.getrecursionlimit(),
                limit,
            )
            sys.setrecursionlimit(limit)


def _one_line(error: BaseException) -> str:
    """Return ``error`` as ``Type: message`` on one line (shortened if long)."""
    text = " ".join(str(error).split())
    if len(text) > 300:
        text = text[:297] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def load_checked(
    info: _Plugin, cls: type[DataSource], location: str, options: Mapping[str, Any]
) -> Loaded:
    """Return ``cls().load(location, **options)`` of the plugin ``info``, checked."""
    who = _who("data source", cls, info)
    loaded: object = _call(info, who, lambda: cls().load(location, **options))
    if not _is_loaded(loaded):
        raise PluginError(
            f"{who} returned {_a(loaded)}, not a Survey, Tally or "
            f"PublishedFigures{_advice(info)}"
        )
    return loaded  # type: ignore[return-value]


#: The types a source may return, by the module that defines each.
_LOADED = (
    ("skl_socialmedia.survey.model", "Survey"),
    ("skl_socialmedia.published.figures", "PublishedFigures"),
    ("skl_socialmedia.tally.model", "Tally"),
)


def _is_loaded(value: object) -> bool:
    """Whether ``value`` is a Survey, PublishedFigures or Tally.

    A type whose module was never imported has no instances, so the check
    imports nothing (the embedded figures need no Survey, no Tally).
    """
    for module, name in _LOADED:
        cls = getattr(sys.modules.get(module), name, None)
        if isinstance(cls, type) and isinstance(value, cls):
            return True
    return False


def render_checked(
    info: _Plugin, cls: type[OutputFormat], report: Report, options: Mapping[str, Any]
) -> str | bytes:
    """Return ``cls().render(report, **options)`` of the plugin ``info``, checked."""
    who = _who("output format", cls, info)
    rendered: object = _call(info, who, lambda: cls().render(report, **options))
    if not isinstance(rendered, str | bytes):
        raise PluginError(
            f"{who} returned {_a(rendered)}, not str or bytes{_advice(info)}"
        )
    if isinstance(rendered, str) and not info.builtin:
        try:
            rendered.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = rendered[exc.start : exc.end]
            raise PluginError(
                f"{who} returned text with a lone surrogate ({bad!r} at "
                f"position {exc.start}), which cannot be written{_advice(info)}"
            ) from None
    return rendered


def _who(kind: str, cls: type, info: _Plugin) -> str:
    name = getattr(cls, "name", cls.__name__)
    return (
        f"the {kind} {name!r} of plugin {info.name!r} "
        f"({info.distribution} {info.version})"
    )


def _a(value: object) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _advice(info: _Plugin) -> str:
    if info.builtin:
        return ""
    return (
        f" (a bug in the plugin: report it to its authors, or disable it with "
        f"{ENV_DISABLE}={info.name})"
    )


def _call(info: _Plugin, who: str, call: Callable[[], object]) -> object:
    """Call a plugin's ``load`` or ``render``; a failure is a PluginError naming it.

    The library's own errors (a source's :class:`DataError` of bad input, a
    usage error) pass unchanged, and so does ``KeyboardInterrupt``. A
    built-in's other exceptions are this library's bugs and are not wrapped.
    """
    if info.builtin:
        return call()
    try:
        with _contained(info.name):
            return call()
    except SklSocialMediaError:
        raise
    except SystemExit as exc:
        raise PluginError(
            f"{who} called sys.exit({exc.code!r}){_advice(info)}"
        ) from exc
    except Exception as exc:  # a plugin may raise anything
        raise PluginError(f"{who} raised {_one_line(exc)}{_advice(info)}") from exc
