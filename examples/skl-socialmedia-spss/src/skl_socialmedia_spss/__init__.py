"""skl-socialmedia-spss: read SPSS ``.sav`` and ``.zsav`` survey exports.

A third-party plugin for skl-socialmedia, and the worked example of
``docs/writing_plugins.md``. Once installed, ``skl-socialmedia report --source
svar.sav`` reads the file; in Python, ``skl_socialmedia.load("svar.sav")`` or
:func:`read_sav` with options.
"""

from __future__ import annotations

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
