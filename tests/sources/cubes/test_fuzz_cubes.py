"""Property-based fuzz of the JSON-stat, PC-Axis and SDMX-CSV readers.

Random bytes, and the test tables cut, spliced and mutated, give a cube (and
figures) or one of the library's errors — never a foreign exception. The
examples per property are few enough for CI; for a long run set
``SKL_FUZZ_EXAMPLES`` (as for ``tests/sources/test_fuzz_sources.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skl_socialmedia import load
from skl_socialmedia.errors import SklSocialMediaError
from skl_socialmedia.published.mapping import cube_figures
from skl_socialmedia.sources.cubes.jsonstat import read_jsonstat
from skl_socialmedia.sources.cubes.px import read_px
from skl_socialmedia.sources.cubes.sdmx_csv import read_sdmx_csv

EXAMPLES = int(os.environ.get("SKL_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DATA = Path(__file__).parent / "data"
SAMPLES = {
    ".px": [
        (DATA / n).read_bytes()
        for n in (
            "isoc_social.px",
            "scb-pxweb-BE0101F1pnosymbol.px",
            "counts.px",
            "keyed.px",
        )
    ],
    ".json": [(DATA / "isoc_social.json").read_bytes()],
    ".csv": [(DATA / n).read_bytes() for n in ("isoc_social_v2.csv", "flags_v1.csv")],
}
READERS: dict[str, Callable[[Path], Any]] = {
    ".px": read_px,
    ".json": read_jsonstat,
    ".csv": read_sdmx_csv,
}
PIECES = st.sampled_from(
    [b'"', b";", b",", b"=", b"(", b")", b"\n", b'".."', b"-", b"\xff", b"\x00",
     b"DATA=", b"[en]", b"NaN", b"1e999", b"{", b"}", b"[", b"]", b":", b"b"]
)  # fmt: skip


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="skl-fuzz-cubes-") as name:
        yield Path(name)


def _check(folder: Path, suffix: str, data: bytes) -> None:
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    try:
        cube = READERS[suffix](path)
        cube_figures(cube)
    except SklSocialMediaError:
        pass
    with contextlib.suppress(SklSocialMediaError):
        load(str(path))


@st.composite
def _mutated(draw: st.DrawFn, suffix: str) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES[suffix])))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "delete", "truncate"]))
        if action == "truncate":
            del data[at:]
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        elif action == "insert":
            data[at:at] = draw(PIECES)
        else:
            data[at:at] = draw(st.binary(max_size=8))
    return bytes(data)


@pytest.mark.parametrize("suffix", [".px", ".json", ".csv"])
def test_random_bytes(folder: Path, suffix: str) -> None:
    @FUZZ
    @given(st.binary(max_size=300))
    def run(data: bytes) -> None:
        _check(folder, suffix, data)

    run()


@pytest.mark.parametrize("suffix", [".px", ".json", ".csv"])
def test_mutated_tables(folder: Path, suffix: str) -> None:
    @FUZZ
    @given(_mutated(suffix))
    def run(data: bytes) -> None:
        _check(folder, suffix, data)

    run()


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, min_size=1, max_size=4) | st.dictionaries(
        st.text(max_size=4), inner, min_size=1, max_size=4
    )


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 30) | st.text(max_size=4),
    _containers,
    max_leaves=12,
)
_KEYS = ["version", "class", "id", "size", "role", "dimension", "value", "status",
         "note", "extension", "label"]  # fmt: skip


@FUZZ
@given(st.dictionaries(st.sampled_from(_KEYS), _JSON, max_size=6))
def test_json_stat_members_of_any_shape(changes: dict[str, Any]) -> None:
    base = json.loads(SAMPLES[".json"][0])
    base.update(changes)
    with tempfile.TemporaryDirectory() as name:
        _check(Path(name), ".json", json.dumps(base).encode())


@FUZZ
@given(
    st.sampled_from(["indic_is", "geo", "time"]),
    st.sampled_from(["category", "label", "note"]),
    _JSON,
)
def test_json_stat_dimensions_of_any_shape(dim: str, member: str, value: Any) -> None:
    base = json.loads(SAMPLES[".json"][0])
    base["dimension"][dim][member] = value
    base["role"] = {"time": value} if member == "note" else base["role"]
    with tempfile.TemporaryDirectory() as name:
        _check(Path(name), ".json", json.dumps(base).encode())


@FUZZ
@given(st.sampled_from(["index", "label", "unit", "note"]), _JSON)
def test_json_stat_categories_of_any_shape(member: str, value: Any) -> None:
    base = json.loads(SAMPLES[".json"][0])
    base["dimension"]["indic_is"]["category"][member] = value
    with tempfile.TemporaryDirectory() as name:
        _check(Path(name), ".json", json.dumps(base).encode())


@pytest.mark.parametrize("key", ["²", "٣", "1²"])
def test_json_stat_positions_in_other_digits_are_errors(key: str) -> None:
    """Found by the fuzz above: ``"²".isdigit()`` is true, ``int("²")`` raises."""
    base = json.loads(SAMPLES[".json"][0])
    base["status"] = {key: "e"}
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "input.json"
        path.write_text(json.dumps(base), encoding="utf-8")
        with pytest.raises(SklSocialMediaError, match="is not a cell"):
            READERS[".json"](path)


def test_sdmx_unit_mult_out_of_range_is_an_error(tmp_path: Path) -> None:
    text = SAMPLES[".csv"][0].decode("utf-8")
    header, *rows = text.splitlines()
    if "UNIT_MULT" not in header:
        header += ",UNIT_MULT"
        rows = [row + ",99999" for row in rows]
    else:
        at = header.split(",").index("UNIT_MULT")
        rows = [
            ",".join("99999" if i == at else v for i, v in enumerate(r.split(",")))
            for r in rows
        ]
    path = tmp_path / "input.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(SklSocialMediaError, match="UNIT_MULT"):
        READERS[".csv"](path)
