"""Text encodings a user names: byte-order marks, the check, the hint to pass one.

Shared by the published figures' JSON files and the built-in sources, which
refuse an encoding the same way and suggest one in the same words.
"""

from __future__ import annotations

import codecs

from skl_socialmedia.errors import UsageError

__all__ = ["BOMS", "check_text_encoding", "encoding_hint"]

#: Byte-order marks and the encoding each says (UTF-32's before UTF-16's,
#: whose marks begin theirs).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def check_text_encoding(name: str) -> None:
    """Raise :class:`~skl_socialmedia.errors.UsageError` for no text encoding.

    ``name`` must be a known encoding, and one of text (not e.g. ``rot13`` or
    ``base64``).
    """
    try:
        codecs.lookup(name)
    except LookupError:
        raise UsageError(f"unknown encoding {name!r}") from None
    try:
        b"a".decode(name)
    except LookupError:  # e.g. rot13, base64: not text encodings
        raise UsageError(
            f"option encoding must be a text encoding, not {name!r}"
        ) from None
    except (UnicodeError, ValueError):
        pass  # one byte is not text in it (UTF-16 …): still a text encoding


def encoding_hint(encoding: str) -> str:
    """Return how to pass ``encoding``, in the API and at the command line."""
    return (
        f"pass encoding={encoding} (--option encoding={encoding} at the command line)"
    )
