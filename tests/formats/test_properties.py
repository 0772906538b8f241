"""Every built-in format renders arbitrary reports (hypothesis).

Reports are built from random strings (unicode, markup, formulas, line
breaks), absent figures, every status and random intervals, then each format
must render them, and the output must stay well-formed and safe.
"""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skl_socialmedia.errors import InvalidArgumentError
from skl_socialmedia.formats.csv_format import (
    CsvFormat,
    columns,
)
from skl_socialmedia.formats.html import HtmlFormat
from skl_socialmedia.formats.json_format import JsonFormat, report_schema
from skl_socialmedia.formats.markdown import MarkdownFormat
from skl_socialmedia.formats.sentences import SentencesFormat
from skl_socialmedia.formats.table import headers
from skl_socialmedia.formats.text import TextFormat
from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Report,
    ReportRow,
    Status,
    Text,
)

jsonschema = pytest.importorskip("jsonschema")

NASTY = [
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
    "nul\x00char",
    "a|b",
    "line\nbreak",
    "$x^2$",
    "*bold* _it_ [link](http://x)",
    "Åre kommun",
    "Göteborg",
    "ØÆ ß 中文 🙂",
    "&amp; &lt;",
    "",
    " ",
    "municipality",
    "county_council",
    "all",
    "uses",
    "channel.facebook",
    "purpose.recruitment",
    "reason.resources",
]

names = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
texts = st.one_of(
    names.map(lambda s: Text(s, s)),
    st.builds(Text, names, names),
)
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
statuses = st.sampled_from(list(Status))


@st.composite
def estimates(draw: st.DrawFn, wave: str) -> Estimate:
    value = draw(st.one_of(st.none(), fractions))
    low = high = None
    if value is not None and draw(st.booleans()):
        low = draw(st.floats(min_value=0.0, max_value=value))
        high = draw(st.floats(min_value=value, max_value=1.0))
    total = draw(st.one_of(st.none(), st.integers(0, 10_000).map(float)))
    return Estimate(
        wave=wave,
        value=value,
        status=draw(statuses),
        low=low,
        high=high,
        successes=None if total is None else draw(st.floats(0.0, total)),
        total=total,
        effective_n=total,
        low_base=draw(st.booleans()),
        decimals=draw(st.one_of(st.none(), st.integers(0, 2))),
        note=draw(st.one_of(st.none(), texts)),
    )


@st.composite
def changes(draw: st.DrawFn, before: Estimate, after: Estimate) -> Change:
    if before.value is None or after.value is None:
        return Change(value=None, status=Status.NOT_PUBLISHED)
    value = after.value - before.value
    low = high = None
    significant = None
    if draw(st.booleans()):
        low = draw(st.floats(min_value=-1.0, max_value=value))
        high = draw(st.floats(min_value=value, max_value=1.0))
        significant = low > 0 or high < 0
    return Change(
        value=value,
        status=draw(statuses),
        low=low,
        high=high,
        method=draw(st.one_of(st.none(), names)),
        paired=draw(st.one_of(st.none(), st.booleans())),
        p_value=draw(st.one_of(st.none(), fractions)),
        significant=significant,
        note=draw(st.one_of(st.none(), texts)),
    )


@st.composite
def rows(draw: st.DrawFn, before_wave: str, after_wave: str) -> ReportRow:
    before = draw(estimates(before_wave))
    after = draw(estimates(after_wave))
    return ReportRow(
        group=draw(names),
        item=draw(names),
        estimates=[before, after],
        changes=[draw(changes(before, after))],
        among=draw(st.one_of(st.none(), names)),
        note=draw(st.one_of(st.none(), texts)),
    )


@st.composite
def reports(draw: st.DrawFn) -> Report:
    before_wave = draw(names)
    after_wave = draw(names)
    return Report(
        title=draw(texts),
        source=draw(texts),
        before_wave=before_wave,
        after_wave=after_wave,
        rows=draw(st.lists(rows(before_wave, after_wave), max_size=6)),
        grouping=draw(names),
        confidence=draw(st.one_of(st.none(), st.sampled_from([0.9, 0.95, 0.99]))),
        notes=draw(st.lists(texts, max_size=2)),
    )


FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
LANGS = st.sampled_from(["en", "sv"])


@FAST
@given(report=reports(), lang=LANGS)
def test_text_like_formats_render_any_report(report: Report, lang: str) -> None:
    for cls in (TextFormat, MarkdownFormat, SentencesFormat):
        rendered = cls().render(report, lang=lang)
        assert isinstance(rendered, str)
        assert rendered.endswith("\n")


@FAST
@given(report=reports(), lang=LANGS)
def test_markdown_has_one_table_line_per_row(report: Report, lang: str) -> None:
    lines = MarkdownFormat().render(report, lang=lang).splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == len(report.rows) + 2
    # Every table line has the same number of unescaped cell separators.
    counts = {line.replace("\\|", "").count("|") for line in table}
    assert counts == {len(headers(report, lang)) + 1}


@FAST
@given(report=reports(), lang=LANGS)
def test_json_validates_against_the_schema(report: Report, lang: str) -> None:
    document = json.loads(JsonFormat().render(report, lang=lang))
    jsonschema.Draft202012Validator(report_schema()).validate(document)
    assert len(document["rows"]) == len(report.rows)
    for row, original in zip(document["rows"], report.rows, strict=True):
        assert row["group"] == original.group
        assert row["item"] == original.item
        assert len(row["estimates"]) == len(original.estimates)
        assert row["estimates"][0]["value"] == original.before.value
        assert row["changes"][0]["value"] == original.change.value


_NUMBERS = (
    "value",
    "low",
    "high",
    "successes",
    "total",
    "n",
    "effective_n",
    "decimals",
)
_CHANGE_NUMBERS = ("value", "low", "high", "p_value")
# numeric columns are named <field>_<wave> and change_<field>_<before>_<after>
_NUMERIC = (
    *(f"{f}_" for f in _NUMBERS),
    *(f"change_{f}_" for f in _CHANGE_NUMBERS),
)


def _text_cells(record: dict[str, str]) -> list[str]:
    return [
        v for k, v in record.items() if not k.startswith(_NUMERIC) and k != "confidence"
    ]


@FAST
@given(report=reports(), lang=LANGS)
def test_csv_cells_are_safe_and_numbers_numeric(report: Report, lang: str) -> None:
    if len(set(report.waves)) < len(report.waves):
        # columns are named by wave: the same label twice cannot be written
        with pytest.raises(InvalidArgumentError, match="distinct"):
            CsvFormat().render(report, lang=lang)
        return
    text = CsvFormat().render(report, lang=lang)
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(records) == len(report.rows)
    (change_value,) = [c for c in columns(report) if c.startswith("change_value_")]
    for record, row in zip(records, report.rows, strict=True):
        assert list(record) == list(columns(report))
        assert record["record"] == "row"
        for cell in _text_cells(record):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        # The rule is reversible: strip one leading quote if there is one.
        assert record["group"].removeprefix("'") == row.group.replace("\0", "\ufffd")
        assert record["item"].removeprefix("'") == row.item.replace("\0", "\ufffd")
        if row.change.value is not None:
            assert float(record[change_value]) == pytest.approx(
                row.change.value, abs=1e-11
            )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.data.append(data)


@FAST
@given(report=reports(), lang=LANGS)
def test_html_escapes_every_string(report: Report, lang: str) -> None:
    page = HtmlFormat().render(report, lang=lang)
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert "script" not in parser.tags
    assert not any(name.startswith("on") for name, _ in parser.attrs)
    assert set(parser.tags) <= {
        "html", "head", "meta", "link", "title", "style", "body", "main", "h1",
        "h2", "section", "div", "table", "thead", "tbody", "tr", "th", "td",
        "figure", "svg", "text", "tspan", "circle", "line", "rect", "g", "ul",
        "li", "strong", "p",
    }  # fmt: skip
    assert f'<html lang="{lang}">' in page


def _chart_available() -> Any:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _chart_available(), reason="matplotlib is not installed")
@pytest.mark.filterwarnings("ignore:Glyph .* missing from:UserWarning")
@settings(max_examples=8, deadline=None)
@given(report=reports(), lang=LANGS)
def test_chart_renders_any_report(report: Report, lang: str) -> None:
    from skl_socialmedia.formats.chart import ChartFormat, ChartSvgFormat

    png = ChartFormat().render(report, lang=lang)
    assert isinstance(png, bytes)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = ChartSvgFormat().render(report, lang=lang)
    assert isinstance(svg, str)
    assert "<svg" in svg
