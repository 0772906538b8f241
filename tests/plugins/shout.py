"""A tiny output-format plugin, ``skl_socialmedia_shout``, for the tests to register.

Not a test module: the listing tests and those of ``skl_socialmedia.testing``
share it.
"""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Any, ClassVar

from skl_socialmedia import hookimpl

__all__ = ["ShoutFormat", "shout_plugin"]


class ShoutFormat:
    name: ClassVar[str] = "shout"
    suffixes: ClassVar[tuple[str, ...]] = (".shout",)
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "the title, loudly"

    def render(self, report: Any, **options: Any) -> str:
        return report.title.get(options.get("lang", "en")).upper() + "\n"


@hookimpl
def register_output_formats() -> Sequence[type]:
    return [ShoutFormat]


shout_plugin = types.ModuleType("skl_socialmedia_shout")
shout_plugin.register_output_formats = register_output_formats  # type: ignore[attr-defined]
