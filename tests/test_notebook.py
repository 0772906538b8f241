"""Notebook display: short reprs, escaped HTML with a row cap (issue 14)."""

from __future__ import annotations

import doctest
import math
import re
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pytest

from skl_socialmedia import notebook, pp_delta, rate
from skl_socialmedia.errors import printable
from skl_socialmedia.statistics import Delta, Rate
from skl_socialmedia.survey import Survey

# A group and an item label that try to inject markup, reorder text (U+202E),
# act on a terminal (ESC) and break a row (a line feed).
NASTY_GROUP = "<script>alert(\"x\")</script> & 'q' \x1b[31m\u202eevil\nrow"
NASTY_ITEM = "<i>tem\x1b\u202e&"
# What neither HTML nor a terminal may receive raw.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


class Parsed(HTMLParser):
    """The structure of a ``_repr_html_``: tags, rows per section, cell texts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.rows: dict[str, list[list[str]]] = {"thead": [], "tbody": [], "tfoot": []}
        self.captions: list[str] = []
        self.paragraphs: list[str] = []
        self._section = "tbody"
        self._where: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._where.append(tag)
        if tag in self.rows:
            self._section = tag
        elif tag == "tr":
            self.rows[self._section].append([])
        elif tag in ("td", "th"):
            self.rows[self._section][-1].append("")
        elif tag == "caption":
            self.captions.append("")
        elif tag == "p":
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        assert self._where, tag
        assert self._where[-1] == tag, (tag, self._where)
        self._where.pop()

    def handle_data(self, data: str) -> None:
        inside = self._where[-1] if self._where else None
        if inside in ("td", "th"):
            self.rows[self._section][-1][-1] += data
        elif inside == "caption":
            self.captions[-1] += data
        elif inside == "p":
            self.paragraphs[-1] += data
        else:
            assert not data.strip(), f"text outside a cell: {data!r}"


def parse(text: str) -> Parsed:
    parsed = Parsed(text)
    assert parsed.tags.count("table") == 1
    assert not parsed._where, "unclosed tags"
    return parsed


def nasty_survey(orgs: int = 3) -> Survey:
    groups = [NASTY_GROUP, "plain", *(f"g{i}" for i in range(orgs - 2))]
    return Survey.from_columns(
        {
            "wave": [2010] * orgs + [2012] * orgs,
            "org_code": [f"E{i}" for i in range(orgs)] * 2,
            "g": groups * 2,
            "q1": [1, 0, *([1] * (orgs - 2))] * 2,
        },
        items={"q1": NASTY_ITEM},
        register=None,
    )


def assert_escaped(text: str) -> None:
    """No raw markup of the data, no raw control or bidi character."""
    assert "<script" not in text
    assert "<i>" not in text
    lines = text.split("\n")  # the markup's own line breaks, between tags
    assert all(line.startswith("<") and line.endswith(">") for line in lines)
    assert all(UNSAFE.search(line) is None for line in lines)
    assert "&lt;script&gt;" in text
    assert "\\x1b" in text
    assert "\\u202e" in text


# -- one cell -------------------------------------------------------------------


def test_escape_quotes_markup_and_shows_controls() -> None:
    text = notebook.escape(NASTY_GROUP)
    assert text == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27; "
        "\\x1b[31m\\u202eevil\\nrow"
    )
    assert notebook.escape(3) == "3"


def test_cells_format_numbers_and_missing() -> None:
    assert notebook.percent_cell(0.7586) == "75.9"
    assert notebook.percent_cell(float("nan")) == "–"
    assert notebook.percent_cell(None) == "–"
    assert notebook.points_cell(0.15) == "+15.0"
    assert notebook.points_cell(-0.021) == "-2.1"
    assert notebook.count_cell(np.int64(220)) == "220"
    assert notebook.count_cell(12.25) == "12.2"
    assert notebook.p_value_cell(0.0004) == "< 0.001"
    assert notebook.p_value_cell(0.3931) == "0.393"
    assert notebook.interval_cell(0.706, 0.804) == "70.6–80.4"
    assert notebook.interval_cell(-0.011, 0.028, True) == "-1.1 to +2.8"
    assert notebook.interval_cell(float("nan"), 0.5) == "–"
    assert notebook.level_text(0.95) == "95 %"
    assert notebook.level_text(0.999) == "99.9 %"
    assert notebook.first_names(["a", "b", "c"], 2) == "a, b, … 1 more"
    assert notebook.first_names(["a", "b"], 2) == "a, b"
    assert notebook.rows_text(1) == "1 row"
    assert notebook.rows_text(0) == "0 rows"


def test_docstring_examples_hold() -> None:
    result = doctest.testmod(notebook, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3
    assert result.failed == 0


# -- tables of text ----------------------------------------------------------------


def test_html_table_caps_and_escapes() -> None:
    rows = [[f"<b>{i}</b>", str(i)] for i in range(3)]
    parsed = parse(
        notebook.html_table(
            ["name", "n"], rows, total=10, caption="<c>", numeric=[1], note="a\nb"
        )
    )
    assert parsed.rows["thead"] == [["name", "n"]]
    assert parsed.rows["tbody"] == rows
    assert parsed.rows["tfoot"] == [["… 7 more rows"]]
    assert parsed.captions == ["<c>"]
    assert parsed.paragraphs == ["a\\nb"]
    assert "b" not in parsed.tags


def test_html_table_without_cut_has_no_footer() -> None:
    parsed = parse(notebook.html_table([], [["a", "b"]]))
    assert parsed.rows == {"thead": [], "tbody": [["a", "b"]], "tfoot": []}
    assert "th" not in parsed.tags
    headed = parse(notebook.html_table([], [["a", "b"]], row_headers=True))
    assert headed.tags.count("th") == 1
    assert headed.rows["tbody"] == [["a", "b"]]


def test_text_table_aligns_and_counts_the_rest() -> None:
    lines = notebook.text_table(["a", "bb"], [["xxx", "1"], ["\x1b", "22"]], total=3)
    assert lines == ["  a     bb", "  xxx   1", "  \\x1b  22", "  … 1 more row"]


# -- a rate and a change --------------------------------------------------------------


def test_rate_repr_is_one_short_line() -> None:
    assert repr(rate(220, 290)) == "<Rate: 75.9 % [70.6–80.4], 220 of 290, wilson 95 %>"
    # effective n = (4 − 1)/(1 − 4/10) = 5: 0.5 ± 1.645·sqrt(0.25/5)
    weighted = rate(2, 4, method="wald", confidence=0.9, population=10)
    assert repr(weighted) == (
        "<Rate: 50.0 % [13.2–86.8], 2 of 4, wald 90 %, finite population>"
    )


def test_rate_html_is_one_row() -> None:
    parsed = parse(rate(3, 5)._repr_html_())
    assert parsed.rows["thead"][0][:2] == ["%", "95 % interval"]
    (row,) = parsed.rows["tbody"]
    assert row[:4] == ["60.0", "23.1–88.2", "3", "5"]
    assert row[-1] == "suppress: effective sample size below 30"
    assert parsed.rows["tfoot"] == []


def test_delta_repr_and_html() -> None:
    delta = pp_delta(rate(100, 200), rate(220, 290))
    assert repr(delta) == (
        "<Delta: +25.9 pp [+17.2 to +34.1], 50.0 % → 75.9 %, newcombe 95 %, "
        "independent, p < 0.001>"
    )
    (row,) = parse(delta._repr_html_()).rows["tbody"]
    assert row == [
        "50.0", "75.9", "+25.9", "+17.2 to +34.1", "< 0.001", "newcombe",
        "independent", "yes",
    ]  # fmt: skip


def test_rates_and_changes_without_estimates_display() -> None:
    empty = Rate(0.0, 0.0, math.nan, math.nan, math.nan, "wilson", 0.95)
    assert repr(empty) == "<Rate: –, 0 of 0, wilson 95 %>"
    (row,) = parse(empty._repr_html_()).rows["tbody"]
    assert row[:2] == ["–", "–"]
    assert row[-1] == "no answers"
    odd = Rate(3.0, 2.0, 1.5, 1.0, 2.0, "wilson", 0.95)  # made by hand, out of range
    assert parse(odd._repr_html_()).rows["tbody"][0][-1] == ""
    none = Delta(
        math.nan, math.nan, math.nan, "newcombe", 0.95, False, math.nan, "z",
        math.nan, 0.5,
    )  # fmt: skip
    assert repr(none) == "<Delta: –, – % → 50.0 %, newcombe 95 %, independent>"
    assert parse(none._repr_html_()).rows["tbody"][0][:5] == [
        "–",
        "50.0",
        "–",
        "–",
        "–",
    ]


# -- whole tables ---------------------------------------------------------------


def test_rate_table_html_escapes_labels() -> None:
    table = nasty_survey().rates(by="g")
    text = table._repr_html_()
    assert_escaped(text)
    parsed = parse(text)
    header = parsed.rows["thead"][0]
    assert header[:5] == ["wave", "group", "item", "%", "interval"]
    body = parsed.rows["tbody"]
    assert len(body) == len(table) == 6
    groups = {row[1] for row in body}
    assert groups == {printable(NASTY_GROUP), "plain", "g0"}
    assert {row[2] for row in body} == {printable(NASTY_ITEM)}
    assert parsed.captions == ["RateTable: 6 rows · wilson 95 % · by g"]
    assert parsed.rows["tfoot"] == []


def test_delta_table_html_escapes_labels() -> None:
    table = nasty_survey().pp_deltas(by="g")
    text = table._repr_html_()
    assert_escaped(text)
    parsed = parse(text)
    assert parsed.rows["thead"][0][:3] == ["waves", "group", "item"]
    assert [row[0] for row in parsed.rows["tbody"]] == ["2010 → 2012"] * 3
    assert parsed.captions[0].startswith("DeltaTable: 3 rows · ")


def big_survey(orgs: int = 5_000) -> Survey:
    """A survey whose rates by ``org`` are a 10,000-row table."""
    codes = [f"E{i}" for i in range(orgs)]
    rng = np.random.default_rng(14)
    return Survey.from_columns(
        {
            "wave": np.repeat([2010, 2012], orgs),
            "org_code": codes * 2,
            "org": codes * 2,
            "q1": rng.integers(0, 2, 2 * orgs),
        },
        items=["q1"],
        register=None,
    )


@pytest.fixture(scope="module")
def big() -> Survey:
    return big_survey()


def test_big_table_html_is_capped(big: Survey, monkeypatch: pytest.MonkeyPatch) -> None:
    table = big.rates(by="org")
    assert len(table) == 10_000
    parsed = parse(table._repr_html_())
    assert len(parsed.rows["tbody"]) == notebook.MAX_ROWS == 20
    assert parsed.rows["tfoot"] == [["… 9980 more rows"]]
    monkeypatch.setattr(notebook, "MAX_ROWS", 3)
    parsed = parse(table._repr_html_())
    assert len(parsed.rows["tbody"]) == 3
    assert parsed.rows["tfoot"] == [["… 9997 more rows"]]


def test_big_table_repr_is_a_few_lines(big: Survey) -> None:
    table = big.rates(by="org")
    lines = repr(table).splitlines()
    assert len(lines) == 1 + 1 + notebook.REPR_ROWS + 1
    assert lines[0] == (
        "<RateTable: 10000 rows · wilson 95 % · by org; 15 columns: wave, group, "
        "item, n, successes, total, … 9 more>"
    )
    assert lines[1].split() == [
        "wave", "group", "item", "%", "interval", "successes", "total", "n", "flags",
    ]  # fmt: skip
    assert lines[2].split()[:3] == ["2010", "E0", "q1"]
    assert lines[-1] == "  … 9995 more rows"
    assert max(len(line) for line in lines) < 200
    deltas = big.pp_deltas(by="org")
    assert len(repr(deltas).splitlines()) == 8
    assert len(parse(deltas._repr_html_()).rows["tbody"]) == 20


def test_table_repr_escapes_for_the_terminal() -> None:
    text = repr(nasty_survey().rates(by="g"))
    assert UNSAFE.search(text.replace("\n", "")) is None
    assert len(text.splitlines()) == 8  # the line feed in a label broke no row


def test_empty_table_displays() -> None:
    table = nasty_survey().rates(by="g").take(np.zeros(6, dtype=bool))
    parsed = parse(table._repr_html_())
    assert parsed.rows["tbody"] == []
    assert parsed.captions == ["RateTable: 0 rows · wilson 95 % · by g"]
    assert len(repr(table).splitlines()) == 2


class Columns:
    """A table of some other kind: every column is shown as it is."""

    def __init__(self, **columns: Any) -> None:
        self.columns = {k: np.asarray(v) for k, v in columns.items()}

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))


def test_other_tables_show_every_column() -> None:
    parsed = parse(notebook.table_html(Columns(a=["<x>", "y"], b=[1, 2])))
    assert parsed.rows["thead"] == [["a", "b"]]
    assert parsed.rows["tbody"] == [["<x>", "1"], ["y", "2"]]
    assert parsed.captions == ["Columns: 2 rows"]
