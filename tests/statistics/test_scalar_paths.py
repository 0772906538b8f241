"""The scalar paths of rate, pp_delta and paired_pp_delta: one formula, two evaluators.

Every formula with a scalar evaluator is written once over a namespace ``xp``
(numpy for arrays, ``math`` for Python floats).  Here, on dense grids of counts
and confidence levels, for every method that has a scalar path: the scalar
evaluator gives what the array form gives (every field, to 1e-15), the grids
really take the scalar path, the degenerate cells that need IEEE special values
fall back to the array path with its result, and bad input raises the array
path's errors, word for word.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pytest

from skl_socialmedia.errors import SklSocialMediaError
from skl_socialmedia.statistics import _ops_array, _ops_scalar, deltas, normal_quantile
from skl_socialmedia.statistics._normal import erfc, scalar_erfc
from skl_socialmedia.statistics.deltas import (
    Delta,
    _as_rate_array,
    _scalar_delta,
    pp_delta,
    pp_delta_array,
)
from skl_socialmedia.statistics.difference_intervals import (
    DIFFERENCE_FORMULAS,
    scalar_difference_interval,
)
from skl_socialmedia.statistics.intervals import (
    FORMULAS,
    proportion_interval,
    scalar_proportion_interval,
)
from skl_socialmedia.statistics.paired import (
    _scalar_paired,
    paired_pp_delta,
    paired_pp_delta_array,
)
from skl_socialmedia.statistics.paired_intervals import PAIRED_FORMULAS
from skl_socialmedia.statistics.rates import Rate, _scalar_rate, rate, rate_array

LARGEST_BELOW_ONE = math.nextafter(1.0, 0.0)
LEVELS = [1e-6, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9995, 1 - 1e-12, LARGEST_BELOW_ONE]
TOLERANCE = 1e-15


def _close(mine: object, theirs: object) -> bool:
    """Equal, both NaN, or floats within 1e-15 (relative beyond 1)."""
    if mine == theirs:
        return True
    if isinstance(mine, float) and isinstance(theirs, float):
        if math.isnan(mine) and math.isnan(theirs):
            return True
        scale = max(1.0, abs(mine), abs(theirs))
        return abs(mine - theirs) <= TOLERANCE * scale
    return False


def _assert_same(mine: Rate | Delta, theirs: Rate | Delta, where: str) -> None:
    assert type(mine) is type(theirs), where
    for field in attrs.fields(type(mine)):
        a, b = getattr(mine, field.name), getattr(theirs, field.name)
        assert type(a) is type(b), f"{where}: {field.name} {a!r} vs {b!r}"
        assert _close(a, b), f"{where}: {field.name} {a!r} != {b!r}"


def test_close_tells_a_difference() -> None:
    assert _close(0.5, 0.5 + 1e-16)
    assert not _close(0.5, 0.5 + 1e-14)
    assert _close(math.nan, math.nan)
    assert not _close(math.nan, 0.5)
    assert not _close(None, 0.5)


# --- the two namespaces -------------------------------------------------------


def test_the_namespaces_define_the_same_names() -> None:
    assert _ops_scalar.__all__ == _ops_array.__all__
    for name in _ops_scalar.__all__:
        assert hasattr(_ops_scalar, name), name
        assert hasattr(_ops_array, name), name


SPECIALS = [0.0, -0.0, 0.3, -2.5, 1.0, 7.0, math.inf, -math.inf, math.nan]


@pytest.mark.parametrize("name", ["minimum", "maximum"])
def test_minimum_and_maximum_match_numpy_with_nan(name: str) -> None:
    for a in SPECIALS:
        for b in SPECIALS:
            mine = getattr(_ops_scalar, name)(a, b)
            theirs = float(getattr(np, name)(a, b))
            assert _close(mine, theirs), (name, a, b, mine, theirs)


def test_clip_where_trunc_and_ldexp_match_numpy() -> None:
    for x in SPECIALS:
        assert _close(_ops_scalar.clip(x, 0.0, 1.0), float(np.clip(x, 0.0, 1.0))), x
        assert _ops_scalar.where(x > 0.5, 1.0, 2.0) == float(np.where(x > 0.5, 1, 2))
        if not math.isnan(x):
            assert _ops_scalar.trunc(x) == float(np.trunc(x)), x
    for x in (12.75, -3.5, 1e300):
        for e in (0, -10, 5):
            assert _ops_scalar.ldexp(x, e) == float(_ops_array.ldexp(x, e))
    with pytest.raises(OverflowError):
        _ops_scalar.ldexp(1e300, 100)  # the array namespace gives inf
    assert float(_ops_array.ldexp(1e300, 100)) == math.inf


def test_scalar_erfc_matches_the_array_erfc_on_every_range() -> None:
    xs = np.concatenate(
        [
            np.linspace(-30.0, 30.0, 60_001),
            [0.46875, -0.46875, 4.0, -4.0, 26.543, 27.0, math.inf, -math.inf],
        ]
    )
    theirs = erfc(xs)
    for x, expected in zip(xs.tolist(), theirs.tolist(), strict=True):
        got = scalar_erfc(x)
        assert abs(got - expected) <= TOLERANCE, x  # absolute
        assert abs(got - expected) <= TOLERANCE * expected or got == expected, x
    assert math.isnan(scalar_erfc(math.nan))


# --- rate ---------------------------------------------------------------------


def _count_grid() -> tuple[list[float], list[float]]:
    """Every count of every size to 40, then large and fractional sizes."""
    xs: list[float] = []
    ns: list[float] = []
    for n in range(1, 41):
        for x in range(n + 1):
            xs.append(float(x))
            ns.append(float(n))
    for n in (62.0, 100.0, 290.0, 1e3, 1e6, 1.3e16, 1e18, 1.7e308):
        for x in (0.0, 1.0, n / 3.0, n / 2.0, n - 1.0, n):
            xs.append(x)
            ns.append(n)
    for n, x in ((0.5, 0.25), (2.5, 1.0), (1e-300, 5e-301), (1e-12, 0.0)):
        xs.append(x)
        ns.append(n)
    return xs, ns


XS, NS = _count_grid()


@pytest.mark.parametrize("method", sorted(FORMULAS))
@pytest.mark.parametrize("confidence", LEVELS)
def test_scalar_rate_matches_the_array_form_on_a_dense_grid(
    method: Any, confidence: float
) -> None:
    table = rate_array(XS, NS, confidence=confidence, method=method)
    for index, (x, n) in enumerate(zip(XS, NS, strict=True)):
        fast = _scalar_rate(x, n, confidence, method, None)
        assert fast is not None, (x, n)  # the grid takes the scalar path
        _assert_same(fast, table[index], f"{method} {confidence} {x}/{n}")


@pytest.mark.parametrize("method", sorted(FORMULAS))
def test_scalar_proportion_interval_matches_proportion_interval(method: Any) -> None:
    ps = [x / n for x, n in zip(XS, NS, strict=True)] + [0.3, 0.3, 1.0]
    sizes = [*NS, 0.0, math.inf, math.inf]  # no information; censuses
    z = normal_quantile(0.9)
    lows, highs = proportion_interval(ps, sizes, 0.9, method)
    for p, n, low, high in zip(ps, sizes, lows.tolist(), highs.tolist(), strict=True):
        got = scalar_proportion_interval(p, n, z, method)
        assert _close(got[0], low), (p, n)
        assert _close(got[1], high), (p, n)


@pytest.mark.parametrize("method", sorted(FORMULAS))
@pytest.mark.parametrize("confidence", [0.5, 0.95, LARGEST_BELOW_ONE])
def test_scalar_rate_with_a_population_matches_the_array_form(
    method: Any, confidence: float
) -> None:
    xs, ns, populations = [], [], []
    for n in (2.0, 3.0, 10.0, 29.0, 100.0, 1e6):
        for big_n in (n + 1.0, 2.0 * n, 290.0 + n, 1e9):
            for x in (0.0, 1.0, n // 3, n - 1.0, n):
                xs.append(x)
                ns.append(n)
                populations.append(big_n)
    table = rate_array(
        xs, ns, confidence=confidence, method=method, population=populations
    )
    for index, (x, n, big_n) in enumerate(zip(xs, ns, populations, strict=True)):
        fast = _scalar_rate(x, n, confidence, method, big_n)
        assert fast is not None, (x, n, big_n)
        _assert_same(fast, table[index], f"{method} {x}/{n} of {big_n}")


def test_rate_takes_the_scalar_path_for_python_and_numpy_numbers() -> None:
    for x, n in ((61, 100), (61.0, 100.0), (np.int64(61), np.int64(100))):
        assert _scalar_rate(x, n, 0.95, "wilson", None) is not None
        assert rate(x, n) == rate_array(61, 100)[()]
    assert _scalar_rate(61, 100, np.float64(0.9), "wilson", None) is not None
    assert _scalar_rate(10**18, 10**18 + 1, 0.95, "wilson", None) is not None


@pytest.mark.parametrize(
    ("successes", "total", "population"),
    [
        (1, 1, 1),  # a census: n_eff = inf, a zero-width interval
        (3, 10, 10),
        (0, 1, 5),  # one respondent of several: n_eff = 0, the interval [0, 1]
        (1, 1, 5),
    ],
)
def test_degenerate_rates_take_the_scalar_path_with_the_array_result(
    successes: Any, total: Any, population: Any
) -> None:
    fast = _scalar_rate(successes, total, 0.95, "wilson", population)
    assert fast is not None
    _assert_same(fast, rate_array(successes, total, population=population)[()], "")


@pytest.mark.parametrize("successes", [True, np.float32(1.0), np.int8(1)])
def test_other_number_types_take_the_array_path(successes: Any) -> None:
    assert _scalar_rate(successes, 3, 0.95, "wilson", None) is None
    assert rate(successes, 3) == rate_array(successes, 3)[()]


def _same_error(call: Callable[[], object], reference: Callable[[], object]) -> None:
    with pytest.raises(SklSocialMediaError) as expected:
        reference()
    with pytest.raises(type(expected.value)) as got:
        call()
    assert str(got.value) == str(expected.value)


BAD_RATES: list[tuple[Any, Any, dict[str, Any]]] = [
    (-1, 10, {}),
    (11, 10, {}),
    (1, 0, {}),
    (1, -3, {}),
    (math.nan, 10, {}),
    (1, math.inf, {}),
    (10**400, 10**401, {}),
    ("3", 10, {}),
    (None, 10, {}),
    (1, 10, {"confidence": 1.0}),
    (1, 10, {"confidence": 0.0}),
    (1, 10, {"confidence": math.nan}),
    (1, 10, {"confidence": True}),
    (1, 10, {"confidence": "0.95"}),
    (1, 10, {"method": "nope"}),
    (1, 10, {"method": None}),
    (1, 10, {"population": 5}),
    (1, 10, {"population": math.nan}),
    (1, 10, {"population": "290"}),
]


@pytest.mark.parametrize(("successes", "total", "options"), BAD_RATES)
def test_bad_rates_raise_the_array_paths_errors(
    successes: Any, total: Any, options: dict[str, Any]
) -> None:
    _same_error(
        lambda: rate(successes, total, **options),
        lambda: rate_array(successes, total, **options),
    )


# --- pp_delta -----------------------------------------------------------------


def _delta_grid(confidence: float) -> list[Rate]:
    counts = [(0, 1), (1, 1), (0, 3), (2, 3), (1, 5), (4, 5), (3, 8), (38, 62)]
    counts += [(22, 29), (29, 29), (0, 100), (61, 100), (500, 1000), (10**18, 10**18)]
    counts += [(3, 10**18), (10**16, 3 * 10**16)]
    rates = [rate(x, n, confidence=confidence) for x, n in counts]
    rates += [rate(x, 10, confidence=confidence, population=290) for x in (0, 4, 10)]
    return rates


@pytest.mark.parametrize("method", sorted(DIFFERENCE_FORMULAS))
@pytest.mark.parametrize("confidence", LEVELS)
def test_scalar_pp_delta_matches_the_array_form_on_a_dense_grid(
    method: Any, confidence: float
) -> None:
    rates = _delta_grid(confidence)
    for before in rates:
        for after in rates:
            fast = _scalar_delta(before, after, method)
            assert fast is not None, (before, after)
            slow = pp_delta_array(
                _as_rate_array(before), _as_rate_array(after), method=method
            )[()]
            _assert_same(fast, slow, f"{method} {confidence} {before!r} {after!r}")


def test_pp_delta_of_a_census_or_an_empty_rate_takes_the_scalar_path() -> None:
    census = rate(10, 10, population=10)  # effective_n = inf
    empty = rate(0, 1, population=5)  # effective_n = 0
    for before in (census, empty, rate(3, 10)):
        for after in (census, empty, rate(3, 10)):
            fast = _scalar_delta(before, after, "newcombe")
            assert fast is not None
            expected = pp_delta_array(_as_rate_array(before), _as_rate_array(after))
            _assert_same(fast, expected[()], f"{before!r} {after!r}")


def test_pp_delta_of_a_handmade_rate_with_integers_takes_the_array_path() -> None:
    handmade = Rate(3, 10, 0.3, 0.1, 0.6, "wilson", 0.95)  # int fields
    assert _scalar_delta(handmade, rate(3, 10), "newcombe") is None
    expected = pp_delta_array(_as_rate_array(handmade), _as_rate_array(rate(3, 10)))
    assert pp_delta(handmade, rate(3, 10)) == expected[()]


def _broken(*args: object) -> tuple[float, float]:
    raise ZeroDivisionError("an IEEE special value")


def test_an_arithmetic_error_on_floats_falls_back_to_the_array_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before, after = rate(38, 62), rate(22, 29)
    expected_rate = rate_array(61, 100)[()]
    expected_delta = pp_delta_array(_as_rate_array(before), _as_rate_array(after))
    expected_paired = paired_pp_delta_array(36, 2, 12, 0)[()]
    monkeypatch.setitem(FORMULAS, "wilson", _broken)
    monkeypatch.setitem(DIFFERENCE_FORMULAS, "newcombe", _broken)
    monkeypatch.setattr(deltas, "scalar_difference_from_limits", _broken)
    monkeypatch.setitem(PAIRED_FORMULAS, "newcombe", _broken)
    assert _scalar_rate(61, 100, 0.95, "wilson", None) is None
    assert rate(61, 100) == expected_rate
    assert _scalar_delta(before, after, "newcombe") is None
    assert pp_delta(before, after) == expected_delta[()]
    assert _scalar_paired(36, 2, 12, 0, 0.95, "newcombe") is None
    assert paired_pp_delta(36, 2, 12, 0) == expected_paired


def test_pp_delta_errors_are_the_array_paths() -> None:
    before, after = rate(3, 10), rate(5, 10, confidence=0.9)
    _same_error(
        lambda: pp_delta(before, after),
        lambda: pp_delta_array(_as_rate_array(before), _as_rate_array(after)),
    )
    _same_error(
        lambda: pp_delta(before, before, method="nope"),  # type: ignore[arg-type]
        lambda: pp_delta_array(
            _as_rate_array(before),
            _as_rate_array(before),
            method="nope",  # type: ignore[arg-type]
        ),
    )
    bad = Rate(3, 10, 1.5, 0.1, 0.6, "wilson", 0.95)
    _same_error(
        lambda: pp_delta(bad, before),
        lambda: pp_delta_array(_as_rate_array(bad), _as_rate_array(before)),
    )


# --- paired_pp_delta ----------------------------------------------------------


def _tables() -> list[tuple[float, float, float, float]]:
    small = range(5)
    tables = [
        (float(a), float(b), float(c), float(d))
        for a in small
        for b in small
        for c in small
        for d in small
        if a + b + c + d > 0
    ]
    tables += [(36.0, 2.0, 12.0, 0.0), (1e18, 3.0, 5.0, 1e18), (2.0**250, 1.0, 0, 0)]
    tables += [(1e17, 1e18, 5e17, 0.0), (0.5, 0.25, 0.0, 0.0)]
    return tables


TABLES = _tables()


@pytest.mark.parametrize("method", sorted(PAIRED_FORMULAS))
@pytest.mark.parametrize("confidence", LEVELS)
def test_scalar_paired_matches_the_array_form_on_a_dense_grid(
    method: Any, confidence: float
) -> None:
    cells = np.array(TABLES).T
    table = paired_pp_delta_array(*cells, confidence=confidence, method=method)
    for index, (a, b, c, d) in enumerate(TABLES):
        fast = _scalar_paired(a, b, c, d, confidence, method)
        assert fast is not None, (a, b, c, d)
        _assert_same(fast, table[index], f"{method} {confidence} {(a, b, c, d)}")


def test_huge_tables_fall_back_to_the_array_path() -> None:
    cells = (1e300, 3e299, 1e300, 1.0)  # scaled by a power of two there
    assert _scalar_paired(*cells, 0.95, "newcombe") is None
    assert paired_pp_delta(*cells) == paired_pp_delta_array(*cells)[()]
    assert (
        paired_pp_delta(1, 2, 3, 4, method="tango")
        == (paired_pp_delta_array(1, 2, 3, 4, method="tango")[()])
    )


BAD_TABLES: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((0, 0, 0, 0), {}),
    ((-1, 2, 3, 4), {}),
    ((1, math.nan, 3, 4), {}),
    ((1, 2, math.inf, 4), {}),
    ((1, 2, 3, "4"), {}),
    ((1, 2, 3, 4), {"confidence": 1.0}),
    ((1, 2, 3, 4), {"confidence": 2}),
    ((1, 2, 3, 4), {"method": "nope"}),
]


@pytest.mark.parametrize(("cells", "options"), BAD_TABLES)
def test_bad_tables_raise_the_array_paths_errors(
    cells: tuple[Any, ...], options: dict[str, Any]
) -> None:
    _same_error(
        lambda: paired_pp_delta(*cells, **options),
        lambda: paired_pp_delta_array(*cells, **options),
    )


@pytest.mark.parametrize("method", ["newcombe", "newcombe-cc"])
@pytest.mark.parametrize("confidence", [0.5, 0.8, 0.9, 0.95, 0.99, 0.999999])
def test_newcombe_from_the_rates_own_intervals_is_the_recomputed_one(
    method: str, confidence: float
) -> None:
    # pp_delta squares and adds the Wilson intervals the rates carry instead of
    # computing them again: to the bit, the same limits.
    single = "wilson" if method == "newcombe" else "wilson-cc"
    z = normal_quantile(confidence)
    for n1 in (1, 2, 7, 29, 62, 100):
        for n2 in (1, 3, 29, 100):
            for x1 in range(n1 + 1):
                for x2 in range(n2 + 1):
                    a = rate(x1, n1, confidence=confidence, method=single)
                    b = rate(x2, n2, confidence=confidence, method=single)
                    found = _scalar_delta(a, b, method)
                    assert found is not None
                    expected = scalar_difference_interval(
                        a.value, a.effective_n, b.value, b.effective_n, z, method
                    )
                    assert (found.low, found.high) == expected, (x1, n1, x2, n2)


@pytest.mark.parametrize("name", ["floor", "sign"])
def test_floor_and_sign_match_numpy_to_the_bit(name: str) -> None:
    for x in [*SPECIALS, 2.5, -0.5, 2.0**52 + 1, 1e308, -1e-300]:
        mine = getattr(_ops_scalar, name)(x)
        theirs = float(getattr(np, name)(x))
        assert type(mine) is float, (name, x)
        assert mine.hex() == theirs.hex(), (name, x, mine, theirs)
