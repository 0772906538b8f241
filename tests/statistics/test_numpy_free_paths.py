"""The numpy-free scalar paths of round_half_up and stratified_value (issue 19).

The report on the embedded figures rounds Python floats and combines two
strata; both take scalar paths on Python floats, so that ``skl-socialmedia
report`` starts without importing numpy.  Here: on dense grids and hypothesis
examples the scalar paths give the array paths' floats bit for bit (compared
by ``float.hex``, so signed zeros count), input they do not take goes the
array way with its errors, and the report leaves numpy unimported.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.statistics import round_half_up, stratified_value
from skl_socialmedia.statistics.combine import (
    _plain_numbers,
    _scalar_stratified_value,
)
from skl_socialmedia.statistics.rounding import (
    MAX_DECIMALS,
    _round_half_up_array,
    _scalar_round_half_up,
)


def _bits(x: float | None) -> str:
    assert isinstance(x, float), x
    return x.hex()


def _array_round(x: float, decimals: int) -> float:
    """The numpy path, forced (the function as it was before the scalar path)."""
    result = _round_half_up_array(x, decimals)
    assert type(result) is float
    return result


def _array_stratified(values: list[float], weights: list[float]) -> float:
    """The numpy path, forced: arrays are never the scalar path's."""
    return float(stratified_value(np.array(values), np.array(weights)))


def _outcome(function: Callable[..., object], *args: object) -> tuple[str, ...]:
    """What ``function(*args)`` gives: its result's type and bits, or its error."""
    try:
        result = function(*args)
    except Exception as exc:  # the error is the outcome
        return ("raises", type(exc).__name__, str(exc))
    if isinstance(result, float):
        return (type(result).__name__, result.hex())
    array = np.asarray(result)
    bits = array.view(np.uint64).tolist() if array.dtype == np.float64 else None
    return (type(result).__name__, str(array.dtype), repr(bits))


# round_half_up ----------------------------------------------------------------

HALVES = [k + 0.5 for k in range(-60, 60)] + [k / 8 for k in range(-400, 400)]
DECIMAL_HALVES = [
    round(k * 0.001 + 0.0005, 4) for k in range(-2000, 2000)
]  # 0.0005, 0.0015, ... spoilt by binary
AWKWARD = [
    0.0,
    -0.0,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1e-300,
    0.765 * 100,
    1.005,
    2.675,
    0.49999999999999994,
    0.5 - 1e-9,
    0.5 - 2e-9,
    2.0**52 - 0.5,
    2.0**52,
    2.0**52 + 1,
    2.0**53 - 1,
    -(2.0**52 - 0.5),
    4503599627370495.5,
    1e15 + 0.5,
    1e16,
    1e300,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    123456.789,
    -123456.789,
]
DECIMALS = [0, 1, 2, 3, 4, 6, 9, 15, 17, 20, 100, 300, 308, -1, -2, -3, -10, -300, -308]


def _check_round(x: float, decimals: int) -> None:
    try:
        expected: float | None = _array_round(x, decimals)
    except InvalidArgumentError:
        expected = None
    scalar = _scalar_round_half_up(x, decimals)
    if expected is None:
        assert scalar is None, (x, decimals)
    else:
        assert _bits(scalar) == _bits(expected), (x, decimals)
    try:
        public: float | None = round_half_up(x, decimals)
    except InvalidArgumentError:
        public = None
    assert (public is None) == (expected is None)
    if public is not None:
        assert type(public) is float
        assert _bits(public) == _bits(expected)


@pytest.mark.parametrize("decimals", DECIMALS)
def test_round_half_up_scalar_equals_array_on_a_dense_grid(decimals: int) -> None:
    grid = [*HALVES, *DECIMAL_HALVES, *AWKWARD]
    grid += [-x for x in grid]
    grid += [x * 10.0**-decimals for x in HALVES if abs(decimals) < 300]
    for x in grid:
        _check_round(x, decimals)


def test_round_half_up_scalar_equals_array_near_every_half_of_two_places() -> None:
    for k in range(-20_000, 20_000):
        for x in (k / 200, math.nextafter(k / 200, math.inf), (k + 0.5) / 100):
            _check_round(x, 2)
            _check_round(100.0 * x, 0)


@settings(max_examples=3000, deadline=None)
@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-MAX_DECIMALS, MAX_DECIMALS),
)
@example(0.5, 0)
@example(-2.5, 0)
@example(1e308, 1)  # too large once rounded: both raise
@example(9e307, -308)
def test_round_half_up_scalar_equals_array(x: float, decimals: int) -> None:
    _check_round(x, decimals)


@settings(max_examples=1000, deadline=None)
@given(st.integers(-(2**53), 2**53), st.integers(-20, 20))
def test_round_half_up_of_python_ints_equals_array(x: int, decimals: int) -> None:
    got = round_half_up(x, decimals)
    assert _bits(got) == _bits(_array_round(x, decimals))


@pytest.mark.parametrize(
    ("x", "decimals"),
    [
        (math.nan, 0),
        (math.inf, 0),
        (-math.inf, 2),
        (2**60, 0),
        (np.float64(0.5), 0),
        (True, 0),
        ("1.5", 0),
        (1.5, 1.0),
        (1.5, True),
        (1.5, 309),
        (1.5, np.int64(400)),
        (1e308, 1),
    ],
)
def test_what_the_scalar_path_does_not_take_keeps_the_array_path(
    x: object, decimals: object
) -> None:
    expected = _outcome(_round_half_up_array, x, decimals)
    assert _outcome(round_half_up, x, decimals) == expected


# stratified_value ---------------------------------------------------------------

PROPORTIONS = st.one_of(
    st.floats(0.0, 1.0, allow_subnormal=True),
    st.sampled_from([0.0, 1.0, 0.5, 5e-324, 1e-300, 0.1, 0.7, 0.76, 0.87]),
    st.integers(0, 1),
)
WEIGHTS = st.one_of(
    st.floats(0.0, 1.7976931348623157e308, allow_subnormal=True),
    st.sampled_from([0.0, 5e-324, 1e-310, 1e-300, 1.0, 1e300, 1.7976931348623157e308]),
    st.integers(0, 2**53),
    st.integers(0, 400),
)


@st.composite
def strata(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    size = draw(st.integers(1, 7))
    values = draw(st.lists(PROPORTIONS, min_size=size, max_size=size))
    weights = draw(st.lists(WEIGHTS, min_size=size, max_size=size))
    return values, weights


def _check_stratified(values: list[float], weights: list[float]) -> None:
    try:
        expected: float | None = _array_stratified(values, weights)
    except InvalidArgumentError:
        expected = None
    scalar = _scalar_stratified_value(values, weights)
    if expected is None:
        assert scalar is None
    else:
        assert _bits(scalar) == _bits(expected), (values, weights)
        for kind in (list, tuple):
            got = stratified_value(kind(values), kind(weights))
            assert type(got) is float
            assert _bits(got) == _bits(expected)


@settings(max_examples=3000, deadline=None)
@given(strata())
@example(([0.76, 0.87], [290, 20]))
@example(([1.0, 1e-16, 1e-16], [1.0, 1.0, 1.0]))
@example(([0.3, 0.6, 0.9], [1.7976931348623157e308] * 3))
@example(([0.3, 0.6], [5e-324, 1e-310]))
@example(([0.3, 0.6], [0.0, 0.0]))
@example(([0.3, 0.6, 0.2, 0.1, 0.5, 0.9, 1.0], [1e300, 1e-300, 3, 0, 7, 1e10, 2**53]))
def test_stratified_value_scalar_equals_array(
    case: tuple[list[float], list[float]],
) -> None:
    _check_stratified(*case)


def test_stratified_value_scalar_equals_array_on_a_dense_grid() -> None:
    proportions = [k / 20 for k in range(21)] + [0.76, 0.87, 1 / 3, 2 / 3]
    weights = [0, 1, 2, 3, 7, 20, 290, 1e-300, 1e300, 5e-324, 0.1, 0.3]
    for a in proportions:
        for b in proportions[::3]:
            for wa in weights:
                for wb in weights:
                    _check_stratified([a, b], [wa, wb])
                    _check_stratified([a, b, 1 - a], [wa, wb, wa + wb])
    for size in range(1, 8):
        for start in range(len(proportions)):
            values = [
                proportions[(start + 5 * i) % len(proportions)] for i in range(size)
            ]
            ws = [weights[(start + 7 * i) % len(weights)] for i in range(size)]
            _check_stratified(values, ws)


@pytest.mark.parametrize(
    ("values", "weights"),
    [
        ([], []),
        ([0.5], []),
        ([0.5, 0.5], [1.0]),
        ([1.5, 0.5], [1, 1]),
        ([-0.1, 0.5], [1, 1]),
        ([math.nan, 0.5], [1, 1]),
        ([0.5, 0.5], [-1, 1]),
        ([0.5, 0.5], [math.inf, 1]),
        ([0.5, 0.5], [0, 0]),
        ([0.5, 0.5], [0.0, -0.0]),
        ([-0.0, 0.5], [1, 1]),
        ([-0.0, -0.0], [1, 1]),
        ([0.5, 0.5], [2**60, 1]),
        ([0.5, True], [1, 1]),
        ([0.5, 0.5], [np.float64(1), 1]),
        ([0.5] * 8, [1] * 8),
        ([0.1] * 9, list(range(1, 10))),
        ([[0.5, 0.5], [0.5, 0.5]], [1, 1]),
        ("ab", [1, 1]),
        (0.5, [1]),
    ],
)
def test_what_the_scalar_path_does_not_take_keeps_the_array_path_s_result(
    values: object, weights: object
) -> None:
    assert _scalar_stratified_value(values, weights) is None
    as_arrays = [np.asarray(v) if isinstance(v, list) else v for v in (values, weights)]
    expected = _outcome(stratified_value, *as_arrays)
    assert _outcome(stratified_value, values, weights) == expected


def test_plain_numbers_converts_as_numpy_does() -> None:
    assert _plain_numbers([290, 20]) == [290.0, 20.0]
    assert _plain_numbers((0.5, 1)) == [0.5, 1.0]
    assert _plain_numbers([2**53, -(2**53)]) == [2.0**53, -(2.0**53)]
    assert _plain_numbers([2**53 + 1]) is None
    assert _plain_numbers(np.array([0.5])) is None


# the report -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["report"],
        ["report", "--lang", "sv"],
        ["report", "--format", "markdown"],
        ["report", "--format", "json"],
        ["report", "--format", "csv", "--lang", "sv"],
        ["report", "--format", "sentences"],
        ["report", "--format", "html"],
    ],
    ids=" ".join,
)
def test_the_report_on_the_embedded_figures_imports_no_numpy(args: list[str]) -> None:
    code = (
        "import contextlib, io, sys\n"
        "from skl_socialmedia.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main({args!r})\n"
        "assert code in (0, None), code\n"
        "assert out.getvalue(), 'no report'\n"
        "assert 'numpy' not in sys.modules, 'numpy imported'\n"
    )
    env = {**os.environ, "SKL_SOCIALMEDIA_LOAD_PLUGINS": ""}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_no_strata_at_all_is_the_librarys_error() -> None:
    with pytest.raises(InvalidArgumentError, match="one proportion per stratum"):
        stratified_value([], [])
