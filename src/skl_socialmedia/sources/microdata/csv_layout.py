"""The lines of a CSV file before its data, and the delimiter of its header.

Excel's ``sep=`` line, the ``#`` comment lines (the survey's description) and
the header line; the delimiter (``,``, ``;`` or tab) is sniffed from it.
"""

from __future__ import annotations

from typing import NamedTuple

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.sources.microdata.csv_options import _NOT_DELIMITERS
from skl_socialmedia.sources.microdata.text_decoding import _Bytes

__all__ = ["comments", "sniff_delimiter"]

_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(header: str) -> str:
    """Return the delimiter a header line uses: ``,``, ``;`` or tab (most frequent)."""
    counts = [header.count(d) for d in _DELIMITERS]
    best = max(range(len(_DELIMITERS)), key=lambda i: (counts[i], -i))
    return _DELIMITERS[best] if counts[best] else ","


def comments(text: str) -> str | None:
    """Return the ``#`` comment lines before the header, joined (None: none)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    joined = " ".join(line for line in lines if line)
    return joined or None


# --------------------------------------------------------------------------
# the lines before the header


def _line(raw: bytes, pos: int) -> tuple[int, int]:
    """Return where the line at ``pos`` ends (before its break) and the next starts."""
    newline = raw.find(b"\n", pos)
    stop = len(raw) if newline < 0 else newline
    cr = raw.find(b"\r", pos, stop)
    if cr >= 0:
        return cr, cr + (2 if raw[cr + 1 : cr + 2] == b"\n" else 1)
    return stop, min(stop + 1, len(raw))


class _Layout(NamedTuple):
    """The lines before the data: Excel's ``sep=`` line, comments, the header."""

    header: int  # offset of the header line
    skipped: int  # lines before it
    delimiter: str | None  # from a ``sep=`` line
    description: str | None  # the comments
    first: str  # the header line's text


def _layout(data: _Bytes, file: str) -> _Layout:
    raw, pos, name = data
    skipped = 0
    delimiter = None
    end, after = _line(raw, pos)
    if raw[pos : pos + 4].lower() == b"sep=":
        value = raw[pos + 4 : end].decode(name)
        value = value if len(value) == 1 else value.strip()
        if len(value) != 1 or value in _NOT_DELIMITERS:
            raise DataError(
                "the first line looks like a spreadsheet's 'sep=' line, but names "
                "no delimiter of one character",
                Location(file=file, line=1, value=raw[pos:end].decode(name)),
            )
        delimiter = value
        skipped, pos = 1, after
    notes = []
    while pos < len(raw) and raw.startswith(b"#", pos):
        end, after = _line(raw, pos)
        notes.append(raw[pos + 1 : end].decode(name).strip())
        skipped, pos = skipped + 1, after
    end, _after = _line(raw, pos)
    description = " ".join(n for n in notes if n) or None
    return _Layout(pos, skipped, delimiter, description, raw[pos:end].decode(name))
