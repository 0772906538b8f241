"""PC-Axis (``.px``): the tables of Statistics Sweden's PxWeb and other offices.

The file is a list of keywords, ``KEYWORD[lang]("arg", …)=value;``, ending
with ``DATA=``. Read here: the text encoding (``CODEPAGE``; ``CHARSET="ANSI"``
is Windows cp1252; otherwise UTF-8, else the DOS code page cp850), the
variables of ``STUB`` and ``HEADING`` (the data run row by row over the stub
variables, the last heading variable fastest), ``VALUES`` and ``CODES``,
``TIMEVAL`` (the time variable), ``CONTVARIABLE`` (the contents variable:
the items), ``UNITS``, ``DECIMALS``, the notes (``NOTE``, ``NOTEX``,
``VALUENOTE``, ``CELLNOTE``; ``DATANOTECELL`` symbols), languages
(``LANGUAGE``, ``LANGUAGES``, ``KEYWORD[en]``) and the data symbols
``"."`` to ``"......"`` (missing) and ``"-"`` (nil, zero), and files with
``KEYS`` (records keyed by their stub values; left-out rows are zeros).
Every error names the file and line.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.input_files import read_input
from skl_socialmedia.model.localized import Text
from skl_socialmedia.published.cube import (
    Dimension,
    Measure,
    Observation,
    PublishedCube,
)
from skl_socialmedia.published.flags import guess_flags, parse_flags
from skl_socialmedia.sources.cubes.px_syntax import PxKeyword, px_keywords, px_text

__all__ = ["PxKeyword", "parse_px", "px_keywords", "px_text", "read_px"]

T = TypeVar("T")
_SYMBOLS = (".", "..", "...", "....", ".....", "......", "-")


class _Keys:
    """The keywords by name and language, with the variables' names per language."""

    def __init__(self, keywords: Sequence[PxKeyword], file: str) -> None:
        self.file = file
        self.all = list(keywords)
        self.default = self.one("LANGUAGE", None)
        langs = self.first("LANGUAGES", None)
        self.languages = list(langs.values) if langs else []

    def first(self, name: str, lang: str | None, *args: str) -> PxKeyword | None:
        for k in self.all:
            if k.name == name and k.lang == lang and (not args or k.args == args):
                return k
        return None

    def one(self, name: str, lang: str | None) -> str | None:
        plain = [k for k in self.each(name, lang) if not k.args]
        k = plain[0] if plain else self.first(name, lang)
        return None if k is None else k.text

    def need(self, name: str) -> PxKeyword:
        k = self.first(name, None)
        if k is None:
            raise DataError(f"the keyword {name} is missing", Location(file=self.file))
        return k

    def each(self, name: str, lang: str | None) -> list[PxKeyword]:
        return [k for k in self.all if k.name == name and k.lang == lang]


def _lang_of(keys: _Keys, want: str) -> str | None:
    """Return the language tag to read ``want`` in (``None``: the default's)."""
    if keys.default is None or keys.default == want:
        return None
    return want if want in keys.languages else None


def _texts(keys: _Keys, name: str, *args_by_lang: tuple[str | None, tuple[str, ...]]
           ) -> list[str] | None:  # fmt: skip
    for lang, args in args_by_lang:
        k = keys.first(name, lang, *args)
        if k is not None:
            return list(k.values)
    return None


def parse_px(text: str, file: str = "<px>") -> PublishedCube:
    """Make a :class:`PublishedCube` of decoded PX text (see the module)."""
    keywords, data, data_line = px_keywords(text, file)
    keys = _Keys(keywords, file)
    langs = {"en": _lang_of(keys, "en"), "sv": _lang_of(keys, "sv")}
    stub_kw = keys.first("STUB", None)
    stub = list(stub_kw.values) if stub_kw else []
    heading_kw = keys.first("HEADING", None)
    heading = list(heading_kw.values) if heading_kw else []
    if not stub and not heading:
        raise DataError("STUB or HEADING is missing", Location(file=file))
    names = stub + heading
    # each variable's name in the other languages, by its position
    other: dict[str, list[str]] = {}
    for lang in {v for v in langs.values() if v is not None}:
        s = keys.first("STUB", lang)
        h = keys.first("HEADING", lang)
        other[lang] = (list(s.values) if s else []) + (list(h.values) if h else [])
    time_var = next((k.args[0] for k in keys.each("TIMEVAL", None) if k.args), None)
    contents = keys.one("CONTVARIABLE", None)
    dims = []
    for i, var in enumerate(names):
        variants = [(None, var)] + [
            (lang, other[lang][i]) for lang in other if i < len(other[lang])
        ]
        values = _texts(keys, "VALUES", *((lg, (nm,)) for lg, nm in variants))
        if values is None:
            raise DataError(
                f"VALUES({var!r}) is missing", Location(file=file, value=var)
            )
        codes = _texts(keys, "CODES", *((lg, (nm,)) for lg, nm in variants)) or values
        if len(codes) != len(values):
            raise DataError(
                f"CODES({var!r}) has {len(codes)} codes for {len(values)} values",
                Location(file=file, value=var),
            )
        labels_by_lang = {}
        for want in ("en", "sv"):
            tag = langs[want]
            name = var
            if tag is not None and i < len(other.get(tag, [])):
                name = other[tag][i]
            found = _texts(keys, "VALUES", (tag, (name,))) or values
            labels_by_lang[want] = (name, found if len(found) == len(codes) else values)
        notes = {}
        for k in keys.each("VALUENOTE", None) + keys.each("VALUENOTEX", None):
            if len(k.args) == 2 and k.args[0] == var and k.args[1] in values:
                notes[codes[values.index(k.args[1])]] = _spaced(k.text)
        role = "time" if var == time_var else "metric" if var == contents else None
        try:
            dims.append(
                Dimension(
                    id=var,
                    label=Text(labels_by_lang["en"][0], labels_by_lang["sv"][0]),
                    codes=tuple(codes),
                    labels={
                        c: Text(labels_by_lang["en"][1][j], labels_by_lang["sv"][1][j])
                        for j, c in enumerate(codes)
                    },
                    role=role,
                    notes=notes,
                )
            )
        except DataError as exc:
            raise DataError(exc.message, Location(file=file, value=var)) from None
    cells = _cells(data, file, data_line)
    if keys.each("KEYS", None) and stub:
        cells = _keyed(cells, keys, dims, len(stub), file)
    total = math.prod(len(d) for d in dims)
    if len(cells) != total:
        raise DataError(
            f"DATA has {len(cells)} cells; the variables need {total} "
            f"({' × '.join(str(len(d)) for d in dims)})",
            Location(file=file, line=cells[-1][1] if cells else data_line),
        )
    marks = _datanotes(keys, dims)
    cellnotes = _cellnotes(keys, dims)
    strides = [math.prod(len(d) for d in dims[i + 1 :]) for i in range(len(dims))]
    observations = []
    for position, (token, line, _quoted) in enumerate(cells):
        at = [(position // s) % len(d) for d, s in zip(dims, strides, strict=True)]
        key = tuple(d.codes[j] for d, j in zip(dims, at, strict=True))
        symbols, value = [], None
        if token in _SYMBOLS:
            symbols.append(token)
            flags = list(parse_flags(token, "px"))
            value = 0.0 if token == "-" else None
        else:
            try:
                value = float(token)
            except ValueError:
                raise DataError(
                    "not a number or a data symbol",
                    Location(file=file, line=line, value=token[:30]),
                ) from None
            if not math.isfinite(value):
                raise DataError(
                    "not a finite number", Location(file=file, line=line, value=token)
                )
            flags = []
        for mark in _matching(marks, at):
            symbols.append(mark)
            flags += guess_flags(mark)
        note = _joined(_matching(cellnotes, at))
        observations.append(Observation(key, value, flags, symbols, note))
    return _cube(keys, dims, observations, langs, file)


def _spaced(text: str) -> str:
    """Return a note's text on one line (PC-Axis writes a new line as ``#``)."""
    return re.sub(r"\s*#+\s*", " ", text).strip()


def _joined(texts: list[Text]) -> Text | None:
    if not texts:
        return None
    return Text(" ".join(t.en for t in texts), " ".join(t.sv for t in texts))


def _selectors(
    keys: _Keys, name: str, dims: Sequence[Dimension]
) -> list[tuple[tuple[int | None, ...], str]]:
    """Cell selectors of CELLNOTE-like keywords: value labels or "*" per variable."""
    out = []
    for k in keys.each(name, None):
        if len(k.args) != len(dims):
            continue
        at: list[int | None] = []
        for arg, dim in zip(k.args, dims, strict=True):
            if arg == "*":
                at.append(None)
                continue
            labels = [dim.label_of(c) for c in dim.codes]
            sv = [dim.label_of(c, "sv") for c in dim.codes]
            if arg in labels:
                at.append(labels.index(arg))
            elif arg in sv:
                at.append(sv.index(arg))
            elif arg in dim.codes:
                at.append(dim.codes.index(arg))
            else:
                break
        else:
            out.append((tuple(at), k.text))
    return out


def _datanotes(
    keys: _Keys, dims: Sequence[Dimension]
) -> list[tuple[tuple[int | None, ...], str]]:
    """Data-note symbols: of cells (DATANOTECELL), of a variable or a value.

    ``DATANOTE("var", "value")`` marks every cell of that value,
    ``DATANOTE("var")`` every cell; ``DATANOTE`` alone is a table note.
    """
    out = _selectors(keys, "DATANOTECELL", dims)
    names = [d.id for d in dims]
    for k in keys.each("DATANOTE", None):
        if not k.args or k.args[0] not in names:
            continue
        i = names.index(k.args[0])
        at: list[int | None] = [None] * len(dims)
        if len(k.args) == 2:
            dim = dims[i]
            labels = [dim.label_of(c) for c in dim.codes]
            if k.args[1] in labels:
                at[i] = labels.index(k.args[1])
            elif k.args[1] in dim.codes:
                at[i] = dim.codes.index(k.args[1])
            else:
                continue
        out.append((tuple(at), k.text))
    return out


def _cellnotes(
    keys: _Keys, dims: Sequence[Dimension]
) -> list[tuple[tuple[int | None, ...], Text]]:
    return [
        (at, Text(_spaced(text), _spaced(text)))
        for name in ("CELLNOTE", "CELLNOTEX")
        for at, text in _selectors(keys, name, dims)
    ]


def _matching(
    selectors: Sequence[tuple[tuple[int | None, ...], T]], at: Sequence[int]
) -> list[T]:
    return [
        value
        for where, value in selectors
        if all(w is None or w == j for w, j in zip(where, at, strict=True))
    ]


def _keyed(
    cells: list[tuple[str, int, bool]],
    keys: _Keys,
    dims: Sequence[Dimension],
    n_stub: int,
    file: str,
) -> list[tuple[str, int, bool]]:
    """Expand the records of a file with KEYS into every cell (absent rows: 0).

    Each record names its stub values (``KEYS("var")=CODES`` or ``VALUES``),
    then holds the heading's cells; rows of zeros may be left out.
    """
    width = math.prod(len(d) for d in dims[n_stub:])
    modes = {k.args[0]: k.text.upper() for k in keys.each("KEYS", None) if k.args}
    found: dict[tuple[int, ...], list[tuple[str, int, bool]]] = {}
    i = 0
    while i < len(cells):
        record = cells[i : i + n_stub]
        at = []
        for (token, line, quoted), dim in zip(record, dims[:n_stub], strict=False):
            names = (
                list(dim.codes)
                if modes.get(dim.id) == "CODES"
                else [dim.label_of(c) for c in dim.codes]
            )
            if not quoted or token not in names:
                raise DataError(
                    f"expected a key of {dim.id!r} (KEYS: "
                    f"{modes.get(dim.id, 'VALUES')})",
                    Location(file=file, line=line, value=token[:30]),
                )
            at.append(names.index(token))
        values = cells[i + n_stub : i + n_stub + width]
        if len(record) < n_stub or len(values) < width:
            line = cells[-1][1]
            raise DataError(
                f"a keyed record needs {n_stub} keys and {width} cells",
                Location(file=file, line=line),
            )
        if tuple(at) in found:
            raise DataError(
                "the same keys are given twice",
                Location(file=file, line=values[0][1]),
            )
        found[tuple(at)] = values
        i += n_stub + width
    zero = [("0", cells[0][1] if cells else 0, False)] * width
    out: list[tuple[str, int, bool]] = []
    for combo in itertools.product(*(range(len(d)) for d in dims[:n_stub])):
        out.extend(found.get(combo, zero))
    return out


def _cells(data: str, file: str, line: int) -> list[tuple[str, int, bool]]:
    """Return the data cells (numbers or quoted symbols) with their lines.

    The cells end with ';' or at the end of the file; a file cut short is
    found by its count of cells.
    """
    end = data.find(";")
    if end < 0:  # PC-Axis itself reads a last line without ';' (SCB's files)
        end = len(data)
    elif data[end + 1 :].strip():
        raise DataError(
            "text after the end of DATA",
            Location(file=file, line=line + data.count("\n", 0, end)),
        )
    out = []
    here, seen = line, 0
    for m in re.finditer(r'"([^"]*)"|([^\s,;"]+)|(")', data[:end]):
        here += data.count("\n", seen, m.start())
        seen = m.start()
        if m.group(3):
            raise DataError(
                "a quoted symbol is not closed", Location(file=file, line=here)
            )
        quoted = m.group(1) is not None
        out.append((m.group(1) if quoted else m.group(2), here, quoted))
    return out


def _cube(
    keys: _Keys,
    dims: list[Dimension],
    observations: list[Observation],
    langs: dict[str, str | None],
    file: str,
) -> PublishedCube:
    def text(name: str) -> Text | None:
        base = keys.one(name, None)
        if base is None:
            return None
        en = keys.one(name, langs["en"]) if langs["en"] else None
        sv = keys.one(name, langs["sv"]) if langs["sv"] else None
        if name in ("NOTE", "NOTEX", "CONTACT"):
            return Text(_spaced(en or base), _spaced(sv or base))
        return Text(en or base, sv or base)

    decimals_text = keys.one("SHOWDECIMALS", None) or keys.one("DECIMALS", None)
    decimals = (
        int(decimals_text)
        if decimals_text and decimals_text.isascii() and decimals_text.isdecimal()
        else None
    )
    units: dict[str, Measure] = {}
    metric = next((d for d in dims if d.role == "metric"), None)
    if metric is not None:
        for k in keys.each("UNITS", None):
            if len(k.args) == 1:
                for code in metric.codes:
                    if k.args[0] in (
                        code,
                        metric.label_of(code),
                        metric.label_of(code, "sv"),
                    ):
                        units[code] = Measure.of(k.text, decimals)
    unit_text = keys.one("UNITS", None)
    notes = [t for t in (text("NOTEX"), text("NOTE")) if t is not None]
    marks = [k.text for k in keys.each("DATANOTE", None) if not k.args]
    for table_mark in marks:
        notes.append(Text(f"Data note: {table_mark}", f"Datanot: {table_mark}"))
    for name in ("NOTEX", "NOTE"):
        for k in keys.each(name, None):
            if len(k.args) == 1:
                line = f"{k.args[0]}: {_spaced(k.text)}"
                notes.append(Text(line, line))
    title = text("TITLE") or text("CONTENTS") or Text(Path(file).stem, Path(file).stem)
    source: dict[str, object] = {"format": "PC-Axis"}
    for name in ("SOURCE", "CONTACT", "LAST-UPDATED", "MATRIX", "SUBJECT-AREA"):
        value = text(name)
        if value is not None:
            source[name.lower()] = value.en
    if "source" in source:
        source["publisher"] = source["source"]
    return PublishedCube(
        id=keys.one("MATRIX", None) or Path(file).stem,
        title=title,
        source=source,
        dimensions=tuple(dims),
        observations=tuple(observations),
        unit=None if unit_text is None else Measure.of(unit_text, decimals),
        units=units,
        decimals=decimals,
        notes=tuple(notes),
        file=file,
    )


def read_px(path: str | Path, *, encoding: str | None = None) -> PublishedCube:
    """Read a PC-Axis file into a :class:`PublishedCube`."""
    file = str(path)
    data = read_input(path)
    return parse_px(px_text(data, file, encoding), file)
