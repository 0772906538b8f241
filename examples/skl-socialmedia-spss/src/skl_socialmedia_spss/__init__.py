"""skl-socialmedia-spss: read SPSS ``.sav`` and ``.zsav`` survey exports.

A third-party plugin for skl-socialmedia, and the worked example of
``docs/writing_plugins.md``. Once installed, ``skl-socialmedia report --source
svar.sav`` reads the file; in Python, ``skl_socialmedia.load("svar.sav")`` or
:func:`read_sav` with options. The names below are imported on first use
(PEP 562), so that importing the plugin module imports none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skl_socialmedia_spss.labels import BOX_LABELS, MISSING_LABELS, label_code
    from skl_socialmedia_spss.source import OPTIONS, SpssSource, read_sav

__all__ = [
    "BOX_LABELS",
    "MISSING_LABELS",
    "OPTIONS",
    "SpssSource",
    "__version__",
    "label_code",
    "read_sav",
]

__version__ = "0.1.0"

_LAZY = {
    "BOX_LABELS": "skl_socialmedia_spss.labels",
    "MISSING_LABELS": "skl_socialmedia_spss.labels",
    "label_code": "skl_socialmedia_spss.labels",
    "OPTIONS": "skl_socialmedia_spss.source",
    "SpssSource": "skl_socialmedia_spss.source",
    "read_sav": "skl_socialmedia_spss.source",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
