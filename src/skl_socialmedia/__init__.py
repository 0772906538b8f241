"""skl-socialmedia: analyse surveys of organisations' use of social media."""

from __future__ import annotations

from skl_socialmedia._version import __version__

__all__ = ["__version__"]
