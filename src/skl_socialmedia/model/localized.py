"""Short texts in English and Swedish."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from skl_socialmedia.errors import DataError

__all__ = ["Text", "as_text"]


@attrs.frozen
class Text:
    """A short text in English and Swedish."""

    en: str
    sv: str

    def get(self, lang: str = "en") -> str:
        """Return the text in ``lang`` (English for any other language)."""
        return self.sv if lang == "sv" else self.en

    def __str__(self) -> str:
        return self.en


def as_text(value: Text | str | Mapping[str, str]) -> Text:
    """Make a :class:`Text` of a string (both languages) or a ``{en, sv}`` mapping."""
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value, value)
    if isinstance(value, Mapping) and isinstance(value.get("en"), str):
        sv = value.get("sv", value["en"])
        if isinstance(sv, str):
            return Text(value["en"], sv)
    raise DataError(f"expected a text or an object with 'en' and 'sv', not {value!r}")
