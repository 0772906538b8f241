"""Public names of a package imported on first use (PEP 562).

A package ``__init__`` lists where each of its names lives and sets
``__getattr__, __dir__ = lazy_attributes(__name__, homes, __all__, globals())``:
``import skl_socialmedia`` then imports nothing heavy, ``from
skl_socialmedia import Survey`` imports what ``Survey`` needs, and
``dir()`` lists every public name. Type checkers read the names from the
package's ``if TYPE_CHECKING:`` imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, MutableMapping

__all__ = ["lazy_attributes"]


def lazy_attributes(
    package: str,
    homes: Mapping[str, str],
    public: Iterable[str],
    namespace: MutableMapping[str, object],
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return a package's ``__getattr__`` and ``__dir__``.

    ``homes`` maps each lazily imported name to the module that defines it;
    a name not in it may be a module of the package (``package.name``). A
    name once imported is kept in ``namespace`` (the package's globals).
    """
    names = tuple(public)

    def getattr_(name: str) -> object:
        """Import a public name (or a module of the package) on first use."""
        home = homes.get(name)
        if home is None:
            if name.startswith("__"):
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            try:  # a module of the package, e.g. skl_socialmedia.statistics.rates
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
                raise AttributeError(
                    f"module {package!r} has no attribute {name!r}"
                ) from None
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        """Every public name, imported or not, and the module's own attributes."""
        return sorted(set(namespace) | set(names))

    return getattr_, dir_
