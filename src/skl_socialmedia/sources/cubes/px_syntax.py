"""The syntax of PC-Axis files: the text encoding and the keywords.

A PX file is a list of keywords, ``KEYWORD[lang]("arg", …)=value;``, ending
with ``DATA=``. :func:`px_text` decodes the bytes as the file says
(``CODEPAGE``; ``CHARSET="ANSI"`` is cp1252; else UTF-8, else cp850) and
:func:`px_keywords` splits the text into :class:`PxKeyword` objects and the
data part; :mod:`skl_socialmedia.sources.cubes.px` makes a table of them.
"""

from __future__ import annotations

import codecs
import re

import attrs

from skl_socialmedia.errors import DataError, Location

__all__ = ["PxKeyword", "px_keywords", "px_text"]

_KEY = re.compile(r"\s*([A-Za-z][A-Za-z0-9_-]*)(?:\[([A-Za-z_-]+)\])?\s*(\()?")


@attrs.frozen
class PxKeyword:
    """One keyword of a PX file: name, language, arguments, values and line."""

    name: str
    lang: str | None
    args: tuple[str, ...]
    values: tuple[str, ...]
    line: int
    raw: str = ""

    @property
    def text(self) -> str:
        """The values joined (a string split over several quoted parts)."""
        return "".join(self.values)


def px_text(data: bytes, file: str, encoding: str | None = None) -> str:
    """Decode a PX file: ``encoding``, else its ``CODEPAGE``/``CHARSET``, else UTF-8.

    Without either keyword, text that is not UTF-8 is read as cp850 (DOS),
    as PC-Axis does.
    """
    head = data[:8192].decode("latin-1")
    chosen = encoding
    if chosen is None:
        page = re.search(r'CODEPAGE\s*=\s*"([^"]*)"', head)
        if page:
            chosen = page.group(1).strip()
            try:
                codecs.lookup(chosen)
            except LookupError:
                raise DataError(
                    "unknown CODEPAGE", Location(file=file, value=chosen)
                ) from None
        elif data.startswith(codecs.BOM_UTF8):
            chosen = "utf-8-sig"
        elif re.search(r'CHARSET\s*=\s*"ANSI"', head, re.IGNORECASE):
            chosen = "cp1252"
    if chosen is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            chosen = "cp850"
    try:
        return data.decode(chosen).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            f"cannot decode byte {data[exc.start : exc.start + 1]!r} as {chosen}; "
            "pass encoding=",
            Location(file=file, line=line),
        ) from None


def _values(text: str, file: str, line: int) -> tuple[str, ...]:
    """Split a keyword's value: quoted strings (joined when adjacent), words."""
    out: list[str] = []
    i, n = 0, len(text)
    joined = False  # the last item was a quoted string (a next one joins it)
    while i < n:
        c = text[i]
        if c == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise DataError(
                    "a quoted string is not closed", Location(file=file, line=line)
                )
            part = text[i + 1 : end]
            if joined:
                out[-1] += part
            else:
                out.append(part)
            joined = True
            i = end + 1
        elif c == ",":
            joined = False
            i += 1
        elif c.isspace():
            i += 1
        else:
            m = re.compile(r'[^",\s]+(?:\([^)]*\))?').match(text, i)
            assert m is not None
            out.append(m.group(0))
            joined = False
            i = m.end()
    return tuple(out)


def px_keywords(text: str, file: str = "<px>") -> tuple[list[PxKeyword], str, int]:
    """Split PX text into keywords and the data part (after ``DATA=``).

    Returns the keywords, the data text and the line the data start on.
    """
    keywords: list[PxKeyword] = []
    pos, line = 0, 1
    while True:
        m = _KEY.match(text, pos)
        if m is None:
            if text[pos:].strip():
                line += text.count("\n", pos, len(text) - len(text[pos:].lstrip()))
                raise DataError(
                    "expected a keyword (KEYWORD=value;)",
                    Location(file=file, line=line, value=text[pos:].strip()[:30]),
                )
            raise DataError(
                "no DATA keyword: the file ends early", Location(file=file, line=line)
            )
        line += text.count("\n", pos, m.start(1))
        name, lang = m.group(1).upper(), m.group(2)
        at = m.end()
        args: tuple[str, ...] = ()
        if m.group(3):
            close = _closing(text, at)
            if close < 0:
                raise DataError(
                    f"{name}: the arguments are not closed",
                    Location(file=file, line=line),
                )
            args = _values(text[at:close], file, line)
            at = close + 1
        eq = re.compile(r"\s*=").match(text, at)
        if eq is None:
            raise DataError(
                f"{name}: expected '=' after the keyword",
                Location(file=file, line=line, value=text[at : at + 20]),
            )
        at = eq.end()
        if name == "DATA":
            return keywords, text[at:], line + text.count("\n", m.start(1), at)
        end = _semicolon(text, at)
        if end < 0:
            raise DataError(
                f"{name}: no ';' ends the value (the file is cut short?)",
                Location(file=file, line=line),
            )
        raw = text[at:end]
        keywords.append(
            PxKeyword(name, lang, args, _values(raw, file, line), line, raw.strip())
        )
        line += text.count("\n", m.start(1), end)
        pos = end + 1


def _closing(text: str, at: int) -> int:
    quoted = False
    for i in range(at, len(text)):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif c == ")" and not quoted:
            return i
    return -1


def _semicolon(text: str, at: int) -> int:
    quoted = False
    depth = 0
    for i in range(at, len(text)):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif not quoted:
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            elif c == ";" and depth <= 0:
                return i
    return -1
