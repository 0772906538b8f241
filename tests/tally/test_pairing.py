"""Which construction each change gets: paired, overlap or independent."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.survey import Design, Survey
from skl_socialmedia.tally.pairing import panel_cells_needed

CODES = [f"o{i}" for i in range(10)]
BEFORE = ["ja"] * 4 + ["nej"] * 6
AFTER = ["ja"] * 7 + ["nej"] * 3


def two_waves(codes_after: list[str], after: list[str] = AFTER, **kw: object) -> Survey:
    return Survey.from_columns(
        {
            "wave": [2010] * 10 + [2012] * 10,
            "org_code": CODES + codes_after,
            "uses": BEFORE + after,
            **kw,  # type: ignore[dict-item]
        },
        register=None,
    )


def construction(survey: Survey, **options: object) -> str:
    return str(survey.pp_deltas(**options).construction[0])  # type: ignore[arg-type]


def test_auto_pairs_complete_panels_and_joins_partial_ones() -> None:
    assert construction(two_waves(CODES)) == "paired"
    assert construction(two_waves([*CODES[:9], "new"])) == "overlap"
    # item non-response makes a panel partial too
    assert construction(two_waves(CODES, [*AFTER[:9], ""])) == "overlap"
    assert construction(two_waves([f"p{i}" for i in range(10)])) == "independent"


def test_a_population_size_joins_even_a_complete_panel() -> None:
    # the 2×2 interval has no finite population correction; the overlap does
    survey = two_waves(CODES)
    assert construction(survey, population=12) == "overlap"
    census = survey.pp_deltas(population=10)
    assert census.low[0] == census.high[0] == pytest.approx(0.3)
    with pytest.raises(InvalidArgumentError, match="finite population"):
        survey.pp_deltas(paired=True, population=12)


def test_false_is_independent_and_true_insists_on_the_table() -> None:
    partial = two_waves([*CODES[:9], "new"])
    assert construction(partial, paired=False) == "independent"
    assert construction(partial, paired=True) == "paired"
    kish = two_waves(CODES, weight=[1.0, 2.0] * 10).with_design(
        Design(weight="weight", variance="kish")
    )
    assert construction(kish) == "independent"
    with pytest.raises(InvalidArgumentError, match="weighted"):
        kish.pp_deltas(paired=True)


def test_other_independent_methods_do_not_take_a_correlation() -> None:
    partial = two_waves([*CODES[:9], "new"])
    with pytest.raises(InvalidArgumentError, match="partial panel"):
        partial.pp_deltas(method="agresti-caffo")
    table = partial.pp_deltas(method="agresti-caffo", paired=False)
    assert table.construction[0] == "independent"


@pytest.mark.parametrize(
    ("paired", "weighted", "design_based", "expected"),
    [
        (True, False, False, "all"),
        ("auto", False, False, "auto"),
        ("auto", True, False, "none"),
        ("auto", True, True, "auto"),
        (False, False, True, "none"),
    ],
)
def test_panel_cells_needed(
    paired: bool | str, weighted: bool, design_based: bool, expected: str
) -> None:
    assert panel_cells_needed(paired, weighted, design_based) == expected  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.booleans()), min_size=2, max_size=40),
)
def test_joining_a_correlated_panel_never_widens_the_independent_interval(
    answers: list[tuple[bool, bool]],
) -> None:
    # a complete panel: paired without population sizes; with population=
    # (huge) the overlap construction, on the same rates as paired=False
    # (over a complete panel without them it is method 10 itself: see
    # test_changes)
    n = len(answers)
    codes = [f"o{i}" for i in range(n)]
    survey = Survey.from_columns(
        {
            "wave": [2010] * n + [2012] * n,
            "org_code": codes + codes,
            "uses": [float(b) for b, _ in answers] + [float(a) for _, a in answers],
        },
        register=None,
    )

    def width(table: object) -> float:
        return float(table.high[0] - table.low[0])  # type: ignore[attr-defined]

    paired, independent = survey.pp_deltas(), survey.pp_deltas(paired=False)
    overlap = survey.pp_deltas(population=1e12)
    apart = survey.pp_deltas(population=1e12, paired=False)
    assert (paired.construction[0], overlap.construction[0]) == ("paired", "overlap")
    assert apart.construction[0] == "independent"
    if overlap.correlation[0] >= 0:
        assert width(paired) <= width(independent) + 1e-12
        assert width(overlap) <= width(apart) + 1e-12
    else:
        assert width(overlap) >= width(apart) - 1e-12
