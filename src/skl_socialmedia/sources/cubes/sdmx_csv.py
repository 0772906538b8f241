"""SDMX-CSV 1.0 and 2.0: the CSV of SDMX APIs (Eurostat, the ECB, the OECD…).

SDMX-CSV 1.0 starts with the column ``DATAFLOW``; 2.0 with ``STRUCTURE`` and
``STRUCTURE_ID`` (and optionally ``ACTION``). The columns up to
``OBS_VALUE`` are the dimensions (``TIME_PERIOD`` the time), those after it
the attributes; of these ``OBS_STATUS`` and ``CONF_STATUS`` (SDMX codes),
``OBS_FLAG`` (Eurostat letters), ``COMMENT_OBS``, ``UNIT_MULT``,
``DECIMALS`` and ``UNIT_MEASURE`` are read. Headers and values written as
``ID: Name`` (the ``labels=both`` form) give codes and labels; Eurostat's
``LAST UPDATE`` column goes into the source. The delimiter (``,``, ``;`` or
tab) is taken from the header. Every error names the file, line and column.
See https://github.com/sdmx-twg/sdmx-csv.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
from pathlib import Path
from typing import Any

from skl_socialmedia.errors import DataError, Location
from skl_socialmedia.input_files import read_input
from skl_socialmedia.model.localized import Text
from skl_socialmedia.published.cube import (
    Dimension,
    Measure,
    Observation,
    PublishedCube,
)
from skl_socialmedia.published.flags import Flag, parse_flags

__all__ = ["is_sdmx_csv", "parse_sdmx_csv", "read_sdmx_csv"]

_FIRST = re.compile(r"^\ufeff?\"?(DATAFLOW|STRUCTURE)\"?(:[^,;\t]*)?[,;\t]", re.I)
_TIME = ("TIME_PERIOD", "TIME")
_METRIC = ("INDIC_IS", "INDICATOR", "MEASURE")
_GEO = ("GEO", "REF_AREA")
_META = ("LAST UPDATE", "STRUCTURE_NAME", "DATAFLOW_NAME")


def _whole(text: str) -> bool:
    """Return whether ``text`` is a whole number in ASCII digits (``"²"`` is not)."""
    return text.isascii() and text.isdecimal()


def is_sdmx_csv(path: str) -> bool:
    """Whether the file at ``path`` starts like SDMX-CSV (DATAFLOW, STRUCTURE)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError:
        return False
    return bool(_FIRST.match(head.decode("utf-8", errors="replace")))


def _split(cell: str, labelled: bool) -> tuple[str, str | None]:
    if labelled and ": " in cell:
        code, _, label = cell.partition(": ")
        return code.strip(), label.strip()
    return cell.strip(), None


def parse_sdmx_csv(text: str, file: str = "<sdmx-csv>", *,
                   dataflow: str | None = None) -> PublishedCube:  # fmt: skip
    """Make a :class:`PublishedCube` of SDMX-CSV text (1.0 or 2.0)."""
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        raise DataError("no header line", Location(file=file, line=1)) from None
    raw_names = [h.strip() for h in header]
    labelled = any(": " in h for h in raw_names)
    names, titles = [], {}
    for h in raw_names:
        code, label = _split(h, labelled)
        names.append(code.upper() if code.upper() in (*_META, "OBS_VALUE") else code)
        if label:
            titles[code] = label
    if not names or names[0].upper() not in ("DATAFLOW", "STRUCTURE"):
        raise DataError(
            "not SDMX-CSV: the first column must be DATAFLOW (1.0) or STRUCTURE (2.0)",
            Location(file=file, line=1, column=names[0] if names else None),
        )
    version = "1.0" if names[0].upper() == "DATAFLOW" else "2.0"
    if "OBS_VALUE" not in names:
        raise DataError("no OBS_VALUE column", Location(file=file, line=1))
    value_at = names.index("OBS_VALUE")
    start = 1 if version == "1.0" else 2
    if version == "2.0" and len(names) > 2 and names[2].upper() == "ACTION":
        start = 3
    dim_at = [i for i in range(start, value_at) if names[i].upper() not in _META]
    meta_at = [i for i in range(len(names)) if names[i].upper() in _META]
    attr = {names[i].upper(): i for i in range(value_at + 1, len(names))}
    codes: list[dict[str, None]] = [{} for _ in dim_at]
    labels: list[dict[str, str]] = [{} for _ in dim_at]
    cells: dict[tuple[str, ...], Observation] = {}
    flows: dict[str, None] = {}
    source: dict[str, Any] = {"format": f"SDMX-CSV {version}"}
    units: dict[str, None] = {}
    decimals: dict[str, None] = {}
    for row in rows:
        line = rows.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(names):
            raise DataError(
                f"{len(row)} fields where the header has {len(names)}",
                Location(file=file, line=line),
            )
        flow = row[0 if version == "1.0" else 1].strip()
        if version == "2.0" and start == 3 and row[2].strip().upper() == "D":
            continue  # a deletion: nothing to read
        if dataflow is not None and flow != dataflow and not flow.startswith(dataflow):
            continue
        flows[flow] = None
        for i in meta_at:
            source[names[i].lower()] = row[i].strip()
        key = []
        for n, i in enumerate(dim_at):
            code, label = _split(row[i], labelled)
            if not code:
                raise DataError(
                    "a dimension's code is empty",
                    Location(file=file, line=line, column=names[i]),
                )
            codes[n][code] = None
            if label:
                labels[n][code] = label
            key.append(code)
        obs = _observation(row, tuple(key), value_at, attr, file, line)
        if tuple(key) in cells:
            raise DataError(
                "the same observation is given twice",
                Location(file=file, line=line, value="/".join(key)),
            )
        cells[tuple(key)] = obs
        if "UNIT_MEASURE" in attr:
            units[row[attr["UNIT_MEASURE"]].strip()] = None
        if "DECIMALS" in attr:
            decimals[row[attr["DECIMALS"]].strip()] = None
    if len(flows) > 1:
        raise DataError(
            f"the file holds {len(flows)} dataflows ({', '.join(flows)}); "
            "pass dataflow=",
            Location(file=file),
        )
    if not cells:
        raise DataError("no observations", Location(file=file))
    dims = []
    for n, i in enumerate(dim_at):
        name = names[i]
        found = list(codes[n])
        role = None
        if name.upper() in _TIME:
            role, found = "time", sorted(found)
        elif name.upper() in _METRIC:
            role = "metric"
        elif name.upper() in _GEO:
            role = "geo"
        dims.append(
            Dimension(
                id=name,
                label=titles.get(name, name),
                codes=tuple(found),
                labels=labels[n],
                role=role,
            )
        )
    flow = next(iter(flows))
    source["dataflow"] = flow
    places = {d for d in decimals if d}
    shown = (
        int(next(iter(places)))
        if len(places) == 1 and _whole(next(iter(places)))
        else None
    )
    unit = None
    named = [u for u in units if u]
    if len(named) == 1:
        unit = Measure.of(named[0], shown)
    else:
        for dim in dims:
            if dim.id.upper() in ("UNIT", "UNIT_MEASURE") and len(dim) == 1:
                code = dim.codes[0]
                unit = Measure.of(f"{code} {dim.label_of(code)}", shown)
    return PublishedCube(
        id=re.sub(r"\(.*\)$", "", flow.split(":")[-1]) or Path(file).stem,
        title=flow,
        source=source,
        dimensions=tuple(dims),
        observations=tuple(cells.values()),
        unit=unit,
        decimals=shown,
        file=file,
    )


def _observation(
    row: list[str],
    key: tuple[str, ...],
    value_at: int,
    attr: dict[str, int],
    file: str,
    line: int,
) -> Observation:
    text = row[value_at].strip()
    value: float | None = None
    if text and text.upper() not in ("NAN", "NA", ":"):
        try:
            value = float(text)
        except ValueError:
            raise DataError(
                "OBS_VALUE is not a number",
                Location(file=file, line=line, column="OBS_VALUE", value=text[:30]),
            ) from None
        if not math.isfinite(value):
            raise DataError(
                "OBS_VALUE is not finite",
                Location(file=file, line=line, column="OBS_VALUE", value=text),
            )
    flags: list[Flag] = []
    symbols: list[str] = []
    for name, scheme in (
        ("OBS_STATUS", "sdmx"),
        ("CONF_STATUS", "conf"),
        ("OBS_FLAG", "eurostat"),
    ):
        if name not in attr:
            continue
        symbol, _ = _split(row[attr[name]], True)
        if not symbol:
            continue
        where = Location(file=file, line=line, column=name)
        if scheme == "conf":
            if symbol.upper() in ("C", "D", "N", "S"):  # not free for publication
                flags.append(Flag.CONFIDENTIAL)
            elif symbol.upper() != "F":
                parse_flags(symbol, "sdmx", where=where)  # raises: unknown
        else:
            flags += parse_flags(symbol, scheme, where=where)  # type: ignore[arg-type]
        symbols.append(symbol)
    if value is not None and "UNIT_MULT" in attr:
        mult = row[attr["UNIT_MULT"]].strip()
        if mult and _whole(mult.removeprefix("-")):
            if len(mult) > 4 or abs(int(mult)) > 300:
                raise DataError(
                    f"UNIT_MULT {mult!r} is not a power of ten a figure can have",
                    Location(file=file, line=line, column="UNIT_MULT", value=mult),
                )
            value *= 10.0 ** int(mult)
    note = None
    for name in ("COMMENT_OBS", "OBS_COMMENT"):
        if name in attr and row[attr[name]].strip():
            note = Text(row[attr[name]].strip(), row[attr[name]].strip())
    return Observation(key, value, flags, symbols, note)


def read_sdmx_csv(path: str | Path, *, encoding: str | None = None,
                  dataflow: str | None = None) -> PublishedCube:  # fmt: skip
    """Read an SDMX-CSV file (UTF-8, with or without a BOM, by default)."""
    file = str(path)
    data = read_input(path)
    name = encoding or "utf-8"
    try:
        codecs.lookup(name)
        text = data.decode(name).removeprefix("\ufeff")
    except LookupError:
        raise DataError("unknown encoding", Location(file=file, value=name)) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            f"not {name} text: cannot decode byte "
            f"{data[exc.start : exc.start + 1]!r}; pass encoding=",
            Location(file=file, line=data[: exc.start].count(b"\n") + 1),
        ) from None
    if "\0" in text:
        raise DataError("a NUL byte: not CSV text", Location(file=file))
    try:
        return parse_sdmx_csv(text, file, dataflow=dataflow)
    except csv.Error as exc:
        raise DataError(f"not valid CSV: {exc}", Location(file=file)) from None
