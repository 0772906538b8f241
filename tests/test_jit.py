"""The compiled kernels (the ``jit`` extra) give what the numpy code gives.

The test extra installs numba, so the kernels are here to test: each test
runs the same work with ``SKL_SOCIALMEDIA_JIT=always`` (the kernels, at any
size) and ``0`` (numpy) and compares the results bit for bit — answer codes
and the positions of bad values, per-wave counts, panel sizes — over edge
values, column types and random surveys (complete and partial panels, odd
wave lengths, several groups, ``among``, runs of consecutive waves cut into
pieces anywhere).
"""

from __future__ import annotations

import sys
import types
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia import Survey, _jit
from skl_socialmedia.survey.answers import _count_bad_numbers, answer_codes
from skl_socialmedia.tally.numpy_engine import tuning
from tests.tally.numpy_engine.columns import panel_columns


def _with(monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    monkeypatch.setenv("SKL_SOCIALMEDIA_JIT", setting)


@pytest.fixture
def fresh() -> Any:
    """The kernels not loaded yet in this process (and forgotten again after)."""
    _jit._forget()
    yield
    _jit._forget()


def test_the_test_environment_has_the_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    # (otherwise every comparison below would compare numpy with itself)
    _with(monkeypatch, "on")
    assert _jit.kernels(_jit.MIN_VALUES) is not None


@pytest.mark.parametrize("setting", ["on", "1", "TRUE", "yes", "always"])
def test_small_loops_stay_with_numpy_unless_always(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    _with(monkeypatch, setting)
    small = _jit.kernels(_jit.MIN_VALUES - 1)
    assert (small is not None) == (setting == "always")


@pytest.mark.parametrize("setting", ["0", "off", " False ", "no"])
def test_the_kernels_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    _with(monkeypatch, setting)
    _jit.prepare(10**12)
    assert _jit.kernels(10**9) is None


@pytest.mark.usefixtures("fresh")
@pytest.mark.parametrize("setting", ["", "auto", " Auto"])
def test_auto_loads_the_kernels_for_big_work_only(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    _with(monkeypatch, setting)
    _jit.prepare(_jit.LOAD_VALUES - 1)
    before = _jit.kernels(_jit.MIN_VALUES)
    _jit.prepare(_jit.LOAD_VALUES)
    after = _jit.kernels(_jit.MIN_VALUES)
    assert (before, after is not None) == (None, True)


@pytest.mark.usefixtures("fresh")
def test_a_misspelt_setting_warns_and_means_auto(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _with(monkeypatch, "sometimes")
    with pytest.warns(RuntimeWarning, match=r"'sometimes' is not auto, on, off"):
        assert _jit.kernels(_jit.MIN_VALUES) is None


@pytest.mark.usefixtures("fresh")
def test_a_big_survey_loads_the_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKL_SOCIALMEDIA_JIT", raising=False)
    monkeypatch.setattr(_jit, "LOAD_VALUES", 1_000)
    rng = np.random.default_rng(5)
    columns = _survey_columns(
        rng, waves=2, orgs=600, groups=2, items=2, missing=0.1, complete=True
    )
    assert _jit.kernels(_jit.MIN_VALUES) is None
    Survey.from_columns(columns, items=["q0", "q1"], register=None)
    assert _jit.kernels(_jit.MIN_VALUES) is not None


class _BrokenNumba(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        raise AttributeError("module 'coverage' has no attribute 'types'")


@pytest.mark.parametrize("numba", [None, _BrokenNumba("numba")])
def test_without_a_working_numba_numpy_does_the_work(
    monkeypatch: pytest.MonkeyPatch, numba: Any
) -> None:
    import skl_socialmedia

    monkeypatch.delitem(sys.modules, "skl_socialmedia._jit_kernels")
    monkeypatch.delattr(skl_socialmedia, "_jit_kernels")
    monkeypatch.setitem(sys.modules, "numba", numba)
    _with(monkeypatch, "on")
    _jit._forget()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert _jit.kernels(_jit.MIN_VALUES) is None
        messages = [str(w.message) for w in caught]
        if numba is None:  # not installed: no word of it
            assert messages == []
        else:
            assert [
                "numba is installed but does not import" in m for m in messages
            ] == [True]
    finally:
        monkeypatch.undo()
        _jit._forget()
    _with(monkeypatch, "on")
    assert _jit.kernels(_jit.MIN_VALUES) is not None


_FLOATS = np.array(
    [
        0.0,
        -0.0,
        1.0,
        np.nan,
        -np.nan,
        np.frombuffer(np.uint64(0x7FF0_0000_0000_0001).tobytes(), np.float64)[0],
        np.inf,
        -np.inf,
        2.0,
        -1.0,
        0.5,
        1.0 + 2**-52,
        1.0 - 2**-53,
        5e-324,
        255.0,
        256.0,
        -128.0,
        1e300,
    ]
)
_INTS = np.array([0, 1, 2, -1, 255, 256, -128, 2**40, -(2**63)], np.int64)


def _codes(values: Any, monkeypatch: pytest.MonkeyPatch, setting: str) -> Any:
    _with(monkeypatch, setting)
    codes, bad = answer_codes(values)
    return codes.tolist(), bad.tolist()


@pytest.mark.parametrize("edge", [_FLOATS, _INTS])
@pytest.mark.parametrize("bad_share", [0.0, 0.001, 0.5])
def test_answer_codes_agree(
    monkeypatch: pytest.MonkeyPatch, edge: Any, bad_share: float
) -> None:
    rng = np.random.default_rng(3)
    n = 5_000
    good = edge[:4] if edge.dtype.kind == "f" else edge[:2]
    values = rng.choice(good, n)
    bad = rng.random(n) < bad_share
    values[bad] = rng.choice(edge, int(bad.sum()))
    strided = np.repeat(values, 2)[::2]  # (a column of a row-major block)
    for column in (values, strided):
        assert _codes(column, monkeypatch, "always") == _codes(column, monkeypatch, "0")


@pytest.mark.parametrize("edge", [_FLOATS, _INTS])
def test_the_kernel_counts_the_bad_values_as_numpy_does(
    monkeypatch: pytest.MonkeyPatch, edge: Any
) -> None:
    # (a column with bad values is parsed again by numpy, to find them: the
    # kernel's count decides whether it is, and must be exact)
    values = np.tile(edge, 300)
    found = []
    for setting in ("always", "0"):
        _with(monkeypatch, setting)
        codes = np.empty(len(values), np.int8)
        bad = _count_bad_numbers(values, codes)
        good = np.isnan(values) | (values == 0) | (values == 1)
        found.append((bad, codes[good].tolist()))
    assert found[0] == found[1]


def _survey_columns(rng: np.random.Generator, **shape: Any) -> dict[str, Any]:
    return panel_columns(rng, **shape, present=0.7, first_code=100)


def _tables(
    columns: dict[str, Any], monkeypatch: pytest.MonkeyPatch, setting: str, **how: Any
) -> list[Any]:
    _with(monkeypatch, setting)
    items = [name for name in columns if name.startswith("q")]
    survey = Survey.from_columns(columns, items=items, register=None)
    rates = survey.rates(**how)
    deltas = survey.pp_deltas(**how, paired=False)
    return [
        rates.successes,
        rates.total,
        rates.n,
        deltas.n_pairs,
        deltas.n_before,
        deltas.n_after,
        deltas.value,
    ]


def _assert_same(got: list[Any], want: list[Any]) -> None:
    for a, b in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("piece", [1 << 20, 13, 600])
@pytest.mark.parametrize("complete", [True, False])
@pytest.mark.parametrize("how", [{"by": "size"}, {}, {"by": "size", "among": "q0"}])
def test_whole_tables_agree(
    monkeypatch: pytest.MonkeyPatch, piece: int, complete: bool, how: Any
) -> None:
    monkeypatch.setattr(tuning, "RUN_ROWS", piece)
    rng = np.random.default_rng(11)
    columns = _survey_columns(
        rng, waves=4, orgs=1_001, groups=3, items=13, missing=0.1, complete=complete
    )
    _assert_same(
        _tables(columns, monkeypatch, "always", **how),
        _tables(columns, monkeypatch, "0", **how),
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    waves=st.integers(2, 4),
    orgs=st.integers(1, 60),
    groups=st.integers(1, 5),
    items=st.integers(1, 12),
    missing=st.sampled_from([0.0, 0.05, 0.5, 1.0]),
    complete=st.booleans(),
)
def test_random_surveys_agree(
    seed: int,
    waves: int,
    orgs: int,
    groups: int,
    items: int,
    missing: float,
    complete: bool,
) -> None:
    rng = np.random.default_rng(seed)
    columns = _survey_columns(
        rng,
        waves=waves,
        orgs=orgs,
        groups=groups,
        items=items,
        missing=missing,
        complete=complete,
    )
    if not len(columns["wave"]):
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        _assert_same(
            _tables(columns, monkeypatch, "always", by="size"),
            _tables(columns, monkeypatch, "0", by="size"),
        )
