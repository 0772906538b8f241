"""Decoding a data file's bytes: byte-order marks, UTF-16/32, cp1252.

Without ``encoding=``: UTF-8 with or without a BOM, UTF-16 or UTF-32 with a
BOM, otherwise cp1252; UTF-16 or UTF-32 without a BOM is recognised by its NUL
bytes and refused, naming the encoding to pass. A file in an encoding whose
ASCII bytes are not ASCII (UTF-16/32 …) becomes UTF-8, so that its line
breaks, quotes and delimiters can be found in the bytes.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Sequence
from typing import NamedTuple

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.sources.microdata.csv_options import _check_encoding
from skl_socialmedia.text_encoding import BOMS as _BOMS
from skl_socialmedia.text_encoding import encoding_hint as _cli_hint

__all__ = ["decode"]

#: Bytes decoded at a time when checking that a file decodes.
_STEP = 1 << 24


def _wide_text(head: bytes) -> str | None:
    """Name the UTF-16/32 form text with this head looks like (many NUL bytes).

    ``None``: few NUL bytes; ``""``: many, in no pattern of ASCII text.
    """
    n = len(head) // 4 * 4
    if n < 8 or head.count(0) * 4 < len(head):
        return None
    quarter = n // 4
    zero = [head[i:n:4].count(0) / quarter for i in range(4)]
    if min(zero[1:]) > 0.9 and zero[0] < 0.5:
        return "utf-32-le"
    if min(zero[:3]) > 0.9 and zero[3] < 0.5:
        return "utf-32-be"
    if min(zero[1], zero[3]) > 0.6 and max(zero[0], zero[2]) < 0.4:
        return "utf-16-le"
    if min(zero[0], zero[2]) > 0.6 and max(zero[1], zero[3]) < 0.4:
        return "utf-16-be"
    return ""


def _refuse_wide(data: bytes, file: str) -> None:
    """Raise for text with many NUL bytes and no byte-order mark."""
    wide = _wide_text(data[:4096])
    if wide is None:
        return
    if wide:
        raise DataError(
            f"looks like {wide.upper()} text without a byte-order mark (many NUL "
            f"bytes); {_cli_hint(wide)}",
            Location(file=file),
        )
    raise DataError(
        "not text: many NUL bytes (UTF-16 or UTF-32 text without a byte-order "
        f"mark? then {_cli_hint('utf-16-le')})",
        Location(file=file),
    )


@functools.lru_cache(maxsize=64)
def _byte_transparent(name: str) -> bool:
    """Whether ASCII characters are their ASCII bytes in ``name``, and only those.

    True for UTF-8 and the single-byte encodings (cp1252, latin-1 …): their
    line breaks, quotes and delimiters can be found in the bytes.
    """
    if codecs.lookup(name).name in ("utf-8", "utf-8-sig"):
        return True
    try:
        low = bytes(range(128)).decode(name)
        high = bytes(range(128, 256)).decode(name, errors="replace")
    except (UnicodeError, LookupError, ValueError, TypeError):
        return False
    return low == "".join(map(chr, range(128))) and len(high) == 128


def _suggestion(data: bytes | memoryview, tried: Sequence[str]) -> str:
    """Return an encoding to suggest: the first of UTF-8, cp1252, latin-1 that fits."""
    tried_names = {codecs.lookup(t).name for t in tried}
    for name in ("utf-8", "cp1252", "latin-1"):
        if codecs.lookup(name).name in tried_names:
            continue
        try:
            str(data, name)
        except UnicodeDecodeError:
            continue
        return name
    return "latin-1"


def _decode_error(
    data: bytes | memoryview,
    name: str,
    tried: Sequence[str],
    exc: UnicodeDecodeError,
    file: str,
    base: int = 0,
) -> DataError:
    """Return the error of a decode failure, naming the byte and its line."""
    prefix = str(data[: exc.start], name, errors="replace")
    line = prefix.count("\n") + 1
    byte = bytes(data[exc.start : exc.start + 1])
    return DataError(
        f"cannot decode byte {byte!r} at offset {base + exc.start} as "
        f"{' or '.join(tried)}; if the file is in another encoding, "
        f"{_cli_hint(_suggestion(data, tried))}",
        Location(file=file, line=line),
    )


def _decodes(
    view: memoryview, name: str, step: int = _STEP
) -> UnicodeDecodeError | None:
    """Return the first decode error of ``view`` as ``name`` (``None``: none).

    Decoded a piece at a time, so as not to hold the text of a large file.
    """
    decoder = codecs.getincrementaldecoder(name)()
    try:
        for start in range(0, len(view), step):
            piece = view[start : start + step]
            # ASCII decodes in every byte-transparent encoding; its first byte
            # still ends (or breaks) a character begun in the piece before
            decoder.decode(piece[:1] if bytes(piece).isascii() else piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        try:
            str(view, name)  # again, whole, for the position
        except UnicodeDecodeError as exc:
            return exc
    return None


class _Bytes(NamedTuple):
    """A file's bytes in an encoding whose ASCII bytes are ASCII (see above)."""

    raw: bytes
    start: int  # after the byte-order mark
    encoding: str


def _prepare(data: bytes, file: str, encoding: str | None, step: int = _STEP) -> _Bytes:
    """Check that ``data`` decodes; transcode it to UTF-8 if it must be.

    Without ``encoding``: UTF-8 (a BOM is dropped), UTF-16 or UTF-32 with a
    BOM, and cp1252 when the bytes are not UTF-8. A file in UTF-16/32 (or
    another encoding that is not byte-transparent) becomes UTF-8.
    """
    tries: list[str]
    if encoding is not None:
        tries = [encoding]
    else:
        tries = next(([name] for bom, name in _BOMS if data.startswith(bom)), [])
        if not tries:
            _refuse_wide(data, file)
            tries = ["utf-8", "cp1252"]
    view = memoryview(data)
    error: UnicodeDecodeError | None = None
    failed = view
    for name in tries:
        if _byte_transparent(name):
            start = 0
            if codecs.lookup(name).name in ("utf-8", "utf-8-sig"):
                name = "utf-8"
                start = 3 if data.startswith(codecs.BOM_UTF8) else 0
            # ASCII decodes in every byte-transparent encoding (no copy to check)
            ascii_ = start == 0 and data.isascii()
            error = None if ascii_ else _decodes(view[start:], name, step)
            if error is None:
                return _Bytes(data, start, name)
            failed = view[start:]
            continue
        try:
            text = str(view, name)
        except UnicodeDecodeError as exc:
            error, failed = exc, view
            continue
        text = text.removeprefix("\ufeff")
        try:
            return _Bytes(text.encode("utf-8"), 0, "utf-8")
        except UnicodeEncodeError as exc:
            line = text[: exc.start].count("\n") + 1
            raise DataError(
                f"decoded as {name}, the text has a lone surrogate "
                f"{text[exc.start]!r}, which is not Unicode text",
                Location(file=file, line=line),
            ) from None
    assert error is not None
    raise _decode_error(failed, tries[-1], tries, error, file, len(view) - len(failed))


def decode(data: bytes, file: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; return the text and the encoding used.

    Without ``encoding``: UTF-8 (a BOM is dropped), UTF-16 or UTF-32 with a
    BOM, and cp1252 when the bytes are not UTF-8. Text with many NUL bytes
    and no BOM (UTF-16/32 without one) is an error that names the encoding to
    pass; so is text that does not decode.
    """
    if encoding is not None:
        _check_encoding(encoding)
    prepared = _prepare(data, file, encoding)
    text = str(memoryview(prepared.raw)[prepared.start :], prepared.encoding)
    return text, prepared.encoding
