"""Content sniffing: sources that share a file suffix, told apart by content.

A data-source class may have a ``sniff(location) -> bool`` method (a static
or class method). Several sources may then claim one suffix — a ``.json``
file may be microdata records or JSON-stat, a ``.csv`` file canonical
microdata or SDMX-CSV — as long as at most one of them does not sniff: that
one is the suffix's default. A location with the suffix goes to the first
source (in registration order) whose ``sniff`` accepts it, else to the
default. A class may describe what it sniffs in ``sniffs`` (a short text,
shown by ``skl-socialmedia plugins``). A source declared by name
(:func:`~skl_socialmedia.plugins.declared.lazy_source`) says whether it
sniffs; its class is imported only when a file with the suffix is asked of it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from skl_socialmedia.plugins.declared import Declared

__all__ = ["shared_suffix", "sniffed", "sniffs"]

T = TypeVar("T")


def sniffs(cls: object) -> bool:
    """Whether a source class tells its files by content (has ``sniff``)."""
    if isinstance(cls, Declared):
        return cls.sniffs is not None
    return callable(getattr(cls, "sniff", None))


def shared_suffix(claimants: Sequence[tuple[str, Any]]) -> bool:
    """Whether several sources may share a suffix: all but one sniff content.

    A source class with a ``sniff(location) -> bool`` method tells its files
    by their content (a ``.json`` file that is JSON-stat, a ``.csv`` file
    that is SDMX-CSV); the one without is the suffix's default.
    """
    classes = [cls for _plugin, cls in claimants]
    plain = [cls for cls in classes if not sniffs(cls)]
    keys = {cls.key if isinstance(cls, Declared) else id(cls) for cls in classes}
    distinct = len(keys) == len(classes)
    return distinct and len(classes) > 1 and len(plain) <= 1


def sniffed(
    claimants: Sequence[T],
    location: str,
    load: Callable[[T], Any] = lambda cls: cls,
) -> T:
    """Return the claimant whose ``sniff`` accepts ``location``, else the default.

    Sniffers are asked in registration order; one that raises declines. With
    no default (every claimant sniffs) and no taker, the first claimant.
    ``load`` turns a claimant into its class (imports a declared one).
    """
    for cls in claimants:
        if not sniffs(cls):
            continue
        sniffer = load(cls).sniff
        try:
            with contextlib.redirect_stdout(sys.stderr):
                taken = bool(sniffer(location))
        except Exception:  # a sniffer that fails declines the file
            taken = False
        if taken:
            return cls
    plain = [cls for cls in claimants if not sniffs(cls)]
    return plain[0] if plain else claimants[0]
