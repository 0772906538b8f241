"""Reports as data frames: estimates and changes in tidy long form."""

from __future__ import annotations

import math

import pyarrow as pa
import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.report import Report


@pytest.fixture(name="report", scope="module")
def _report() -> Report:
    return report_from_published(embedded_figures())


def test_estimates_one_row_per_row_and_wave(report: Report) -> None:
    frame = report.to_pandas()
    assert len(frame) == sum(len(row.estimates) for row in report.rows)
    first = report.rows[0]
    got = frame.iloc[0]
    assert got["group"] == first.group
    assert got["item"] == first.item
    assert got["wave"] == first.estimates[0].wave
    assert got["percent"] == pytest.approx(first.estimates[0].percent)
    assert got["status"] == first.estimates[0].status.value
    # published figures have no interval: NaN, never a made-up number
    assert math.isnan(got["low"])
    assert math.isnan(got["low_percent"])


def test_changes_one_row_per_row_and_change(report: Report) -> None:
    frame = report.to_polars(table="changes", lang="sv")
    assert frame.height == sum(len(row.changes) for row in report.rows)
    assert frame["before_wave"].to_list()[0] == report.before_wave
    assert frame["pp"].to_list()[0] == pytest.approx(report.rows[0].change.pp)
    assert frame["group_label"].to_list()[0] == "kommuner"
    assert frame["significant"].dtype.is_(__import__("polars").Boolean)


def test_arrow_and_the_stream_agree(report: Report) -> None:
    stream, direct = pa.table(report), report.to_arrow()
    assert stream.schema == direct.schema
    assert str(stream.to_pylist()) == str(direct.to_pylist())  # NaN as "nan"
    significant = report.to_pandas(table="changes")["significant"]
    assert str(significant.dtype) == "boolean"
    with pytest.raises(InvalidArgumentError, match="table="):
        report.to_arrow(table="rows")


def test_a_tables_own_labels_in_the_chosen_language() -> None:
    from pathlib import Path

    from skl_socialmedia import load

    table = Path(__file__).parent / "data" / "isoc_enterprises.px"
    cube = report_from_published(load(str(table)))
    labels = cube.to_pandas(lang="sv").drop_duplicates("group")
    assert (
        dict(zip(labels["group"], labels["group_label"], strict=True))["Denmark"]
        == "Danmark"
    )
    english = cube.to_pandas(lang="en")
    assert set(english["item_label"]) == {
        cube.item_labels[item].en for item in set(english["item"])
    }
