"""RateTable and DeltaTable: columns as arrays, rows as named tuples, selection."""

from __future__ import annotations

import numpy as np
import pytest

from skl_socialmedia.errors import UnknownNameError
from skl_socialmedia.survey import Survey
from skl_socialmedia.tally.tables import DeltaRow, DeltaTable, RateRow, RateTable


def survey() -> Survey:
    return Survey.from_columns(
        {
            "wave": [2010, 2010, 2012, 2012, 2010, 2012],
            "org_code": ["0114", "0115", "0114", "0115", "01", "01"],
            "uses": [1, 0, 1, 1, 1, 1],
            "channel.facebook": [1, "", 0, 1, "", ""],
        }
    )


def test_rate_table_columns_and_rows() -> None:
    table = survey().rates(by="org_kind")
    assert RateTable.column_names()[:3] == ("wave", "group", "item")
    assert len(table) == 2 * 2 * 2
    assert set(table.columns) == set(RateTable.column_names())
    assert all(isinstance(v, np.ndarray) for v in table.columns.values())
    rows = list(table)
    assert all(isinstance(r, RateRow) for r in rows)
    assert repr(rows[0]) == repr(table[0])
    assert rows[0]._asdict()["item"] == "uses"
    assert table.percent.tolist()[0] == pytest.approx(50.0)
    # County councils never answered Facebook: a NaN row, not a missing row.
    empty = table.select(group="county_council", item="channel.facebook")
    assert len(empty) == 2
    assert np.isnan(empty.value).all()
    assert empty.n.tolist() == [0, 0]
    assert table.select(wave=2012, item="uses").value.tolist() == [1.0, 1.0]
    assert len(table.take(np.array([0, 1]))) == 2
    with pytest.raises(UnknownNameError, match="table column"):
        table.select(colour="red")


def test_delta_table_columns_and_rows() -> None:
    table = survey().pp_deltas(by="org_kind")
    assert isinstance(table, DeltaTable)
    row = table.select(group="municipality", item="uses")[0]
    assert isinstance(row, DeltaRow)
    assert row.paired
    assert row.n_pairs == 2
    assert table.pp.tolist()[0] == pytest.approx(100 * table.value[0])
    nan_row = table.select(group="county_council", item="channel.facebook")[0]
    assert np.isnan(nan_row.value)
    assert nan_row.method == ""
    assert not nan_row.significant
