"""A report from counts: the same rows as from the microdata they count."""

from __future__ import annotations

import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest

import skl_socialmedia as sm
from skl_socialmedia.cli import main
from skl_socialmedia.errors import UnknownNameError, UsageError
from skl_socialmedia.report.from_survey import row_bases
from skl_socialmedia.testing import registered_plugin

PANEL = (
    Path(__file__).resolve().parents[2] / "examples" / "data" / "synthetic_panel.csv"
)


def _survey() -> sm.Survey:
    survey = sm.load(str(PANEL))
    assert isinstance(survey, sm.Survey)
    return survey


def test_a_tally_reports_the_rows_its_survey_reports() -> None:
    survey = _survey()
    first, last = survey.waves[0], survey.waves[-1]
    from_survey = sm.report_from_survey(survey)
    tally = survey.tally(by="org_kind", pairs=[(first, last)])
    bases = row_bases(survey, "routed", None)
    from_tally = sm.report_from_tally(
        tally, bases=bases, description=survey.description
    )
    assert from_tally.rows == from_survey.rows
    assert from_tally.grouping == from_survey.grouping == "org_kind"
    assert "counts" in from_tally.title.get("en")


def test_a_tally_without_the_pair_reports_independent_changes() -> None:
    survey = _survey()
    tally = survey.tally(by="org_kind", pairs=())
    report = sm.report_from_tally(tally, options=sm.EstimateOptions(paired=False))
    assert not any(row.change.paired for row in report.rows if row.change)
    with pytest.raises(sm.InvalidArgumentError, match="not tallied"):
        sm.report_from_tally(tally)  # "auto" needs the pair's panel


def test_the_compared_waves_are_checked() -> None:
    tally = _survey().tally(pairs=())
    with pytest.raises(UnknownNameError, match="unknown wave 1999"):
        sm.report_from_tally(tally, before=1999)
    with pytest.raises(UsageError, match="with itself"):
        sm.report_from_tally(tally, before=tally.waves[0], after=tally.waves[0])


class _CountsSource:
    name: ClassVar[str] = "counts"
    schemes: ClassVar[tuple[str, ...]] = ("counts",)
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = "counts of the synthetic panel, as a database would"

    def load(self, location: str, **options: Any) -> sm.Tally:
        survey = _survey()
        tally = survey.tally(by="org_kind", pairs=[(survey.waves[0], survey.waves[-1])])
        return sm.Tally.from_long(
            *tally.to_long(),
            waves=tally.waves,
            groups=tally.groups,
            grouping=tally.grouping,
        )


@sm.hookimpl
def register_data_sources() -> Sequence[type]:
    return [_CountsSource]


_plugin = types.ModuleType("skl_socialmedia_counts")
_plugin.register_data_sources = register_data_sources  # type: ignore[attr-defined]


def test_the_command_line_reports_a_source_of_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with registered_plugin(_plugin):
        assert (
            main(["report", "--source", "counts://warehouse", "--format", "json"]) == 0
        )
        from_counts = capsys.readouterr().out
        assert main(["report", "--source", str(PANEL), "--format", "json"]) == 0
        from_rows = capsys.readouterr().out
        assert main(["report", "--source", "counts://warehouse", "--by", "county"]) == 2
        assert "--by needs microdata" in capsys.readouterr().err
    assert '"rows"' in from_counts
    # the same figures, whatever the title says
    assert from_counts.split('"rows"')[1] == from_rows.split('"rows"')[1]
