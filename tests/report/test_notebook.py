"""How a Report shows itself: a one-line repr, its rows as capped, escaped HTML."""

from __future__ import annotations

import doctest

import pytest

from skl_socialmedia import embedded_figures, notebook, report_from_published
from skl_socialmedia.errors import printable
from skl_socialmedia.report import Change, Estimate, Report, ReportRow, Status
from skl_socialmedia.report import notebook as report_notebook
from tests.test_notebook import NASTY_GROUP, NASTY_ITEM, assert_escaped, parse


def test_embedded_report_shows_its_rows_and_what_is_computed() -> None:
    report = report_from_published(embedded_figures())
    assert repr(report) == (
        "<Report: Social media in Swedish municipalities and county councils, "
        "2010 and 2012: 4 rows, 2010 → 2012, by org_kind>"
    )
    parsed = parse(report._repr_html_())
    assert parsed.rows["thead"] == [
        ["group", "item", "2010 %", "2012 %", "2010 → 2012 change (pp)"]
    ]
    assert parsed.rows["tbody"][0] == [
        "municipality", "uses", "61", "76", "+15.0 (computed)",
    ]  # fmt: skip
    assert parsed.rows["tbody"][2][2] == "61.1 (computed)"  # the combined 2010
    assert parsed.rows["tfoot"] == []
    assert parsed.paragraphs[0].startswith("Source: The SKL press text")


def row(group: str, item: str, i: int) -> ReportRow:
    estimates = [
        Estimate("2010", 0.5, Status.ESTIMATED, low=0.4, high=0.6),
        Estimate("2012", None, Status.NOT_PUBLISHED),
    ]
    change = Change(
        0.1 * (i % 2), Status.ESTIMATED, low=0.05, high=0.2, significant=i % 2 == 1,
        before_wave="2010", after_wave="2012",
    )  # fmt: skip
    return ReportRow(group, item, estimates, [change])


def big_report(rows: int) -> Report:
    body = [row(NASTY_GROUP if i == 0 else f"g{i}", NASTY_ITEM, i) for i in range(rows)]
    return Report(
        "<h1>Title</h1>", "Source & co", "2010", "2012", body, confidence=0.95,
        weighted=True,
    )  # fmt: skip


def test_report_rows_are_capped_and_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    report = big_report(25)
    text = report._repr_html_()
    assert_escaped(text)
    assert "<h1>" not in text
    parsed = parse(text)
    body = parsed.rows["tbody"]
    assert len(body) == notebook.MAX_ROWS
    assert parsed.rows["tfoot"] == [["… 5 more rows"]]
    assert body[0] == [
        printable(NASTY_GROUP), printable(NASTY_ITEM), "50.0 [40.0–60.0]", "–",
        "+0.0 [+5.0 to +20.0]",
    ]  # fmt: skip
    assert body[1][4] == "+10.0 [+5.0 to +20.0] *"
    assert parsed.captions == ["<h1>Title</h1>: 25 rows, 2010 → 2012, by org_kind"]
    assert parsed.paragraphs == [
        "Source: Source & co · 95 % intervals in brackets · weighted"
    ]
    monkeypatch.setattr(notebook, "MAX_ROWS", 2)
    assert parse(report._repr_html_()).rows["tfoot"] == [["… 23 more rows"]]


def test_report_repr_is_one_line() -> None:
    report = big_report(1)
    assert repr(report) == "<Report: <h1>Title</h1>: 1 row, 2010 → 2012, by org_kind>"
    many = Report("T", "S", "1", "6", [row("g", "i", 0)], waves="123456")
    assert repr(many) == "<Report: T: 1 row, 1 → … → 6 (6 waves), by org_kind>"


def test_docstring_examples_hold() -> None:
    result = doctest.testmod(report_notebook)
    assert result.attempted >= 1
    assert result.failed == 0
