"""Sources and formats declared by name: their classes imported on first use.

A plugin's hook may return, besides classes, declarations made by
:func:`lazy_source` and :func:`lazy_format`: the class as ``"module:Class"``
and what the plugin manager needs before importing it (the name, URI
schemes, suffixes, description, whether and what it sniffs, a format's media
type). The class is imported when it is chosen — resolved by name, scheme or
suffix, or asked to sniff a file — and must then carry the declared values.
The built-in sources and formats are declared so: building the plugin
manager and ``skl-socialmedia plugins`` import none of their modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from skl_socialmedia.errors import PluginError

__all__ = ["Declared", "LazyClasses", "lazy_format", "lazy_source"]


class Declared:
    """A data-source or output-format class, declared by ``"module:Class"``.

    ``kind`` is ``"source"`` or ``"format"``. A class given to the plugin
    manager itself is held as one too (:meth:`of`), already imported.
    """

    __slots__ = (
        "_cls",
        "description",
        "kind",
        "media_type",
        "name",
        "schemes",
        "sniffs",
        "suffixes",
        "target",
    )

    def __init__(
        self,
        kind: str,
        target: str,
        name: str,
        *,
        schemes: tuple[str, ...] = (),
        suffixes: tuple[str, ...] = (),
        description: str = "",
        media_type: str = "",
        sniffs: str | None = None,
        cls: type | None = None,
    ) -> None:
        self.kind = kind
        self.target = target
        self.name = name
        self.schemes = schemes
        self.suffixes = suffixes
        self.description = description
        self.media_type = media_type
        #: What the source sniffs (shown in listings); ``None``: it does not.
        self.sniffs = sniffs
        self._cls = cls

    @classmethod
    def of(cls, kind: str, klass: type) -> Declared:
        """Return the declaration of an imported class (its own attributes)."""
        sniffs = None
        if callable(getattr(klass, "sniff", None)):
            sniffs = str(getattr(klass, "sniffs", "") or "by content")
        return cls(
            kind,
            f"{klass.__module__}:{klass.__qualname__}",
            klass.name,  # type: ignore[attr-defined]
            schemes=tuple(getattr(klass, "schemes", ())),
            suffixes=tuple(klass.suffixes),  # type: ignore[attr-defined]
            description=str(getattr(klass, "description", "") or ""),
            media_type=str(getattr(klass, "media_type", "") or ""),
            sniffs=sniffs,
            cls=klass,
        )

    def copy(self) -> Declared:
        """Return a declaration of the same class (imported if this one is)."""
        return Declared(
            self.kind,
            self.target,
            self.name,
            schemes=self.schemes,
            suffixes=self.suffixes,
            description=self.description,
            media_type=self.media_type,
            sniffs=self.sniffs,
            cls=self._cls,
        )

    @property
    def loaded(self) -> type | None:
        """The class if it is imported, else ``None``."""
        return self._cls

    @property
    def key(self) -> object:
        """What tells two declarations of one class: the class, else the target."""
        return self.target if self._cls is None else id(self._cls)

    def load(self) -> type:
        """Import the class (once) and check it carries the declared values.

        An import failure propagates; a class that differs from its
        declaration is a :class:`~skl_socialmedia.errors.PluginError`.
        """
        if self._cls is not None:
            return self._cls
        module, sep, attribute = self.target.partition(":")
        if not sep or not module or not attribute:
            raise PluginError(
                f"the {self.kind} {self.name!r} is declared as {self.target!r}, "
                "not 'module:Class'"
            )
        found: Any = importlib.import_module(module)
        for part in attribute.split("."):
            found = getattr(found, part)
        self._check(found)
        klass: type = found
        self._cls = klass
        return klass

    def _check(self, klass: Any) -> None:
        method = "load" if self.kind == "source" else "render"
        if not isinstance(klass, type) or not callable(getattr(klass, method, None)):
            raise PluginError(
                f"{self.target} is declared as a {self.kind} class but is "
                f"{klass!r}, with no {method}() method"
            )
        fields = ["name", "suffixes"]
        fields += ["schemes"] if self.kind == "source" else ["media_type"]
        for field in fields:
            declared = getattr(self, field)
            actual = getattr(klass, field, None)
            if actual != declared:
                raise PluginError(
                    f"{self.target} is declared with {field} {declared!r} but "
                    f"the class has {actual!r}"
                )
        if (self.sniffs is not None) != callable(getattr(klass, "sniff", None)):
            does = "sniff" if self.sniffs is not None else "not sniff"
            raise PluginError(
                f"{self.target} is declared to {does} content, unlike the class"
            )

    def __repr__(self) -> str:
        return f"<declared {self.kind} {self.name!r}: {self.target}>"


def lazy_source(
    target: str,
    name: str,
    *,
    schemes: tuple[str, ...] = (),
    suffixes: tuple[str, ...] = (),
    description: str = "",
    sniffs: str | None = None,
) -> Declared:
    """Declare the data-source class ``target`` (``"module:Class"``) by name.

    A hook ``register_data_sources`` may return this instead of the class:
    the class is imported when it is chosen. ``sniffs`` is what the source
    tells by content (its ``sniffs`` text), ``None`` when it has no ``sniff``.
    """
    return Declared(
        "source",
        target,
        name,
        schemes=schemes,
        suffixes=suffixes,
        description=description,
        sniffs=None if sniffs is None else sniffs or "by content",
    )


def lazy_format(
    target: str,
    name: str,
    *,
    media_type: str,
    suffixes: tuple[str, ...] = (),
    description: str = "",
) -> Declared:
    """Declare the output-format class ``target`` (``"module:Class"``) by name.

    A hook ``register_output_formats`` may return this instead of the class:
    the class is imported when it is chosen.
    """
    return Declared(
        "format",
        target,
        name,
        suffixes=suffixes,
        description=description,
        media_type=media_type,
    )


class LazyClasses(Mapping[str, Any]):
    """The classes by name; a declared class is imported when it is looked up."""

    def __init__(
        self, entries: Mapping[str, Declared], load: Callable[[Declared], type]
    ) -> None:
        self._entries = entries
        self._load = load

    def __getitem__(self, name: str) -> Any:
        return self._load(self._entries[name])

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<{len(self)} classes: {', '.join(self._entries)}>"
