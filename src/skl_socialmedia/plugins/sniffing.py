"""Content sniffing: sources that share a file suffix, told apart by content.

A data-source class may have a ``sniff(location) -> bool`` method (a static
or class method). Several sources may then claim one suffix — a ``.json``
file may be microdata records or JSON-stat, a ``.csv`` file canonical
microdata or SDMX-CSV — as long as at most one of them does not sniff: that
one is the suffix's default. A location with the suffix goes to the first
source (in registration order) whose ``sniff`` accepts it, else to the
default. A class may describe what it sniffs in ``sniffs`` (a short text,
shown by ``skl-socialmedia plugins``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from typing import Any, TypeVar

__all__ = ["shared_suffix", "sniffed", "sniffs"]

T = TypeVar("T")


def sniffs(cls: object) -> bool:
    """Whether a source class tells its files by content (has ``sniff``)."""
    return callable(getattr(cls, "sniff", None))


def shared_suffix(claimants: Sequence[tuple[str, Any]]) -> bool:
    """Whether several sources may share a suffix: all but one sniff content.

    A source class with a ``sniff(location) -> bool`` method tells its files
    by their content (a ``.json`` file that is JSON-stat, a ``.csv`` file
    that is SDMX-CSV); the one without is the suffix's default.
    """
    classes = [cls for _plugin, cls in claimants]
    plain = [cls for cls in classes if not sniffs(cls)]
    distinct = len({id(cls) for cls in classes}) == len(classes)
    return distinct and len(classes) > 1 and len(plain) <= 1


def sniffed(claimants: Sequence[T], location: str) -> T:
    """Return the claimant whose ``sniff`` accepts ``location``, else the default.

    Sniffers are asked in registration order; one that raises declines. With
    no default (every claimant sniffs) and no taker, the first claimant.
    """
    for cls in claimants:
        if not sniffs(cls):
            continue
        try:
            with contextlib.redirect_stdout(sys.stderr):
                taken = bool(cls.sniff(location))  # type: ignore[attr-defined]
        except Exception:  # a sniffer that fails declines the file
            taken = False
        if taken:
            return cls
    plain = [cls for cls in claimants if not sniffs(cls)]
    return plain[0] if plain else claimants[0]
