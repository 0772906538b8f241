"""What the plugin manager records: plugins, load failures and clashes."""

from __future__ import annotations

import attrs

from skl_socialmedia.plugins.guards import ENV_DISABLE

__all__ = ["DIR_DIST", "Clash", "LoadFailure", "PluginInfo"]

_UNKNOWN_DIST = "unknown distribution"
#: The distribution shown for a module of a plugins folder: ``plugins-dir PATH``.
DIR_DIST = "plugins-dir"


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
            dists = sorted(
                {
                    p.distribution
                    for p in others
                    if p.distribution != _UNKNOWN_DIST
                    and not p.distribution.startswith(DIR_DIST)
                }
            )
            if dists:
                fix += f" (or uninstall {', '.join(dists)})"
        else:
            fix = "disable one with " + " or ".join(f"{ENV_DISABLE}={n}" for n in third)
        return f"{claim}; {fix}"
