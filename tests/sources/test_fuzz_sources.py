"""Property-based fuzz of the CSV and JSON sources: bad input, bad options.

Random bytes, CSV-like text and JSON-like text, read with random option values
(good ones and wrongly typed ones), give a :class:`Survey` or one of the
library's errors (a :class:`SklSocialMediaError`) — never a foreign exception.
The CSV engines give the same survey, or the same error, message for message.

The examples per property are few enough for CI (the whole file runs in well
under 30 seconds). For a long run set ``SKL_FUZZ_EXAMPLES``, e.g.::

    SKL_FUZZ_EXAMPLES=20000 pytest -q tests/sources/test_fuzz_sources.py
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skl_socialmedia import Survey
from skl_socialmedia.errors import SklSocialMediaError
from skl_socialmedia.sources import CsvSource, JsonSource
from skl_socialmedia.sources.microdata.canonical_csv import read_csv
from skl_socialmedia.sources.microdata.json_records import read_json

EXAMPLES = int(os.environ.get("SKL_FUZZ_EXAMPLES", "500"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
try:
    import pyarrow  # noqa: F401
except ImportError:  # pragma: no cover - the arrow extra is missing
    FAST = "python"
else:
    FAST = "arrow"


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="skl-fuzz-") as name:
        yield Path(name)


def _file(folder: Path, data: bytes, suffix: str) -> Path:
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return path


def _only_library_errors(read: Callable[[], object]) -> tuple[object, ...]:
    """Run ``read``; return its outcome; fail on any foreign exception."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings are not the point here
        try:
            loaded = read()
        except SklSocialMediaError as exc:
            return ("error", type(exc).__name__, str(exc))
    assert isinstance(loaded, Survey) or type(loaded).__name__ == "PublishedFigures"
    if not isinstance(loaded, Survey):
        return ("published",)
    columns = {
        name: loaded.column(name).tolist()
        for name in ("wave", "org_code", *loaded.items, *loaded.attributes)
    }
    return ("survey", loaded.waves, loaded.items, loaded.attributes, columns)


# --------------------------------------------------------------------------
# strategies

HEADERS = [
    "wave", "org_code", "org_kind", "weight", "uses", "channel.facebook",
    "purpose.news", "reason.resources", "kind", "", " wave ", "WAVE", "x.y",
]  # fmt: skip
TOKENS = [
    "2010", "2012", "0114", "0115", "1", "0", "ja", "nej", "", " ", "1,25", "1.5",
    "-1", "nan", "inf", "1e308", "kommun", "Större", '"', '""', '"a,b"', "#",
    "\x00", "\t", "\r", "\n", ";", ",", "\ufeff", "sep=;", "١",
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-32"]

OPTION_VALUES: dict[str, list[Any]] = {
    "register": [None, "se", "none", "bogus", 5],
    "items": [None, "uses", ["uses"], {"uses": "uses"}, 5, [["uses"]], []],
    "waves": [None, "2010", ["2010", "2012"], [2012], 5, [["2010"]], [1.5]],
    "attributes": [None, "kind", ["kind"], 5],
    "delimiter": [None, ",", ";", "\t", "|", ";;", "", 1, '"'],
    "encoding": [None, "utf-8", "cp1252", "latin-1", "utf-16", "bogus", 5, "rot13"],
    "max_errors": [None, 1, 3, 0, -1, 1.5, "abc", True],
    "routing": [None, False, {"channel.facebook": None}, {"uses": "x"}, 5, True],
}
CSV_OPTIONS = (*OPTION_VALUES, "delimiter")
JSON_OPTIONS = tuple(k for k in OPTION_VALUES if k != "delimiter")


def _options(names: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {}, optional={k: st.sampled_from(OPTION_VALUES[k]) for k in names}
    )


@st.composite
def csvish(draw: st.DrawFn) -> bytes:
    sep = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.lists(st.sampled_from(HEADERS), max_size=6))
    lines = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["# comment", "sep=;", "sep=,"])))
    lines.append(sep.join(header))
    for _ in range(draw(st.integers(0, 6))):
        width = draw(st.sampled_from([len(header)] * 3 + [len(header) + 1, 1]))
        cells = st.one_of(st.sampled_from(TOKENS), st.text(max_size=4))
        lines.append(sep.join(draw(cells) for _ in range(width)))
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = eol.join(lines) + draw(st.sampled_from(["", eol, eol + eol]))
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode(draw(st.sampled_from(ENCODINGS)), "replace")


GOOD = (
    b"wave,org_code,org_kind,weight,uses,channel.facebook,kind\n"
    b"2010,0114,municipality,1,1,0,A\n2012,0114,municipality,1.5,1,1,A\n"
    b"2010,0115,kommun,2,0,,B\n2012,0115,,1,ja,nej,B\n"
)
MUTATIONS = [
    b",", b";", b"\t", b'"', b"\n", b"\r\n", b"\r", b"\x00", b"\xef\xbb\xbf",
    b"\xff\xfe", b"#", b" ", b"", b"0", b"1", b"2010", b"0114", b"kanske", b"\xf6",
    b"\x81", b"\xc3", b"uses", b"wave", b"sep=;\n", b",,,,,,\n",
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A good file with a few bytes inserted, deleted or replaced."""
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.integers(0, 3))
        at = draw(st.integers(0, len(data)))
        if op == 0:
            data[at:at] = draw(st.sampled_from(MUTATIONS))
        elif op == 1:
            del data[at : at + draw(st.integers(1, 8))]
        elif op == 2:
            data[at : at + draw(st.integers(1, 4))] = draw(st.sampled_from(MUTATIONS))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=3))
    return bytes(data)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["ja", "nej", "0114", "2010", "1,5", "", "\ud800"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)
RECORD = st.dictionaries(
    st.sampled_from([*HEADERS, "records", "description", "schema"]), VALUES, max_size=6
)


@st.composite
def jsonish(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 3))
    value: object
    if kind == 0:
        value = draw(VALUES)
    elif kind == 1:
        value = draw(st.lists(RECORD, max_size=6))
    elif kind == 2:
        value = {"records": draw(st.lists(RECORD, max_size=6))}
    else:
        extra = st.dictionaries(
            st.sampled_from(["figures", "waves", "id", "title", "source"]),
            VALUES,
            max_size=4,
        )
        value = {"schema": "skl-socialmedia/published-figures/1", **draw(extra)}
    text = json.dumps(value, allow_nan=True, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    if draw(st.booleans()):
        text = "[" * draw(st.integers(0, 3000)) + text
    data = text.encode("utf-8", "surrogatepass")
    encoding = draw(st.sampled_from([None, "utf-16", "utf-32", "cp1252"]))
    if encoding is not None:
        data = text.encode(encoding, "replace")
    return data


# --------------------------------------------------------------------------
# properties


@FUZZ
@given(data=st.binary(max_size=600), options=_options(CSV_OPTIONS))
def test_csv_source_on_random_bytes(
    folder: Path, data: bytes, options: dict[str, Any]
) -> None:
    path = _file(folder, data, ".csv")
    _only_library_errors(lambda: CsvSource().load(str(path), **options))


@FUZZ
@given(data=st.one_of(csvish(), mutated()), options=_options(CSV_OPTIONS))
def test_csv_engines_agree_on_csv_like_text(
    folder: Path, data: bytes, options: dict[str, Any]
) -> None:
    path = _file(folder, data, ".csv")
    outcomes = [
        _only_library_errors(lambda e=engine: read_csv(path, engine=e, **options))
        for engine in ("python", FAST, "auto")
    ]
    assert outcomes[0] == outcomes[1] == outcomes[2]


@FUZZ
@given(data=st.binary(max_size=300), options=_options(JSON_OPTIONS))
def test_json_source_on_random_bytes(
    folder: Path, data: bytes, options: dict[str, Any]
) -> None:
    path = _file(folder, data, ".json")
    _only_library_errors(lambda: JsonSource().load(str(path), **options))


@FUZZ
@given(data=jsonish(), options=_options(JSON_OPTIONS))
def test_json_source_on_json_like_text(
    folder: Path, data: bytes, options: dict[str, Any]
) -> None:
    path = _file(folder, data, ".json")
    _only_library_errors(lambda: JsonSource().load(str(path), **options))
    _only_library_errors(lambda: read_json(path, **options))
