"""sm.plot: a report, a rate table or a delta table drawn on a matplotlib Axes.

As in ``tests/formats/test_chart.py``, the drawing tests skip only when
matplotlib is not installed and the ``CI`` environment variable is unset.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

import attrs
import pytest

import skl_socialmedia as sm
from skl_socialmedia import plotting
from skl_socialmedia.errors import InvalidArgumentError, MissingExtraError
from skl_socialmedia.formats import chart
from skl_socialmedia.formats.chart import ChartSvgFormat
from skl_socialmedia.report.model import Report

needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None and not os.environ.get("CI"),
    reason="matplotlib is not installed (pip install 'skl-socialmedia[plot]')",
)


def columns() -> dict[str, list[Any]]:
    """30 municipalities and 10 county councils, 2010 and 2012, 25 regions.

    Use: municipalities 18 → 24 of 30, county councils 5 → 9 of 10; Facebook
    asked of users only, every other user says yes.
    """
    names = ("wave", "org_code", "org_kind", "region", "uses", "channel.facebook")
    data: dict[str, list[Any]] = {name: [] for name in names}
    orgs = [(f"m{i:02}", "municipality", i) for i in range(30)]
    orgs += [(f"c{i}", "county_council", i) for i in range(10)]
    waves = {
        "2010": {"municipality": 18, "county_council": 5},
        "2012": {"municipality": 24, "county_council": 9},
    }
    for wave, yes in waves.items():
        for k, (code, kind, index) in enumerate(orgs):
            uses = index < yes[kind]
            data["wave"].append(wave)
            data["org_code"].append(code)
            data["org_kind"].append(kind)
            data["region"].append(f"r{k % 25}")
            data["uses"].append(uses)
            data["channel.facebook"].append(index % 2 == 0 if uses else None)
    return data


def survey() -> sm.Survey:
    return sm.Survey.from_columns(columns(), register=None)


ITEMS = ["uses", "channel.facebook"]


def texts(ax: Any) -> dict[str, str]:
    """Return the Axes' texts that have an id, by id."""
    return {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}


def row_labels(ax: Any) -> list[str]:
    found = texts(ax)
    return [found[f"row{i}"] for i in range(len(found)) if f"row{i}" in found]


def intervals(ax: Any) -> dict[str, int]:
    """Return the number of interval segments of each wave (solid and dashed)."""
    counts: dict[str, int] = {}
    for c in ax.collections:
        if c.get_label().startswith("_intervals"):
            counts[c.get_label()] = counts.get(c.get_label(), 0) + len(c.get_segments())
    return counts


def embedded() -> Report:
    return sm.report_from_published(sm.embedded_figures())


def many_rows(count: int) -> Report:
    """A report of ``count`` rows: the embedded report's rows, renamed."""
    report = embedded()
    rows = [
        attrs.evolve(report.rows[i % len(report.rows)], group=f"g{i // 3}")
        for i in range(count)
    ]
    return attrs.evolve(report, rows=rows)


@needs_matplotlib
def test_returns_the_axes_of_a_new_figure() -> None:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    ax = sm.plot(embedded())
    assert isinstance(ax, Axes)
    assert isinstance(ax.figure, Figure)
    assert ax.figure.axes == [ax]
    assert ax.figure.get_size_inches()[0] == pytest.approx(9.0)
    assert sm.plot is plotting.plot


@needs_matplotlib
def test_draws_on_the_axes_given_and_makes_no_figure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import matplotlib.figure

    figure = matplotlib.figure.Figure(figsize=(12, 6), layout="constrained")
    given = figure.add_subplot(1, 2, 2)

    def no_figure(*args: object, **kwargs: object) -> None:
        raise AssertionError("plot made a figure")

    monkeypatch.setattr(matplotlib.figure, "Figure", no_figure)
    table = survey().rates(ITEMS, by="org_kind")
    assert sm.plot(table, given) is given
    assert figure.axes == [given]
    assert row_labels(given)
    figure.canvas.draw()  # lays out and renders without error


@needs_matplotlib
def test_a_report_draws_what_the_chart_draws() -> None:
    report = embedded()
    ax = sm.plot(report)
    found = texts(ax)
    assert found["title"] == report.title.get("en")
    assert [found[f"heading{i}"] for i in range(3)] == [
        "municipalities",
        "county councils",
        "all organisations",
    ]
    # rows by group: the county councils' two rows together
    base = "respondents; bases not published"
    assert row_labels(ax) == [
        f"use social media\n{base}",
        f"use social media\n{base}",
        f"use social media for recruitment\n{base}",
        f"use social media\n{base}",
    ]
    changes = [found[f"row{i}-column0"] for i in range(4)]
    assert changes == ["+15", "+24", "+39", "+16"]
    assert intervals(ax) == {}  # published shares have no intervals
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2010", "2012"]
    assert found["finding-0"] == "Stated by the source (not computed):"
    assert found["source-0"].startswith("Source: ")


@needs_matplotlib
def test_a_microdata_report_has_its_intervals_and_bold_key() -> None:
    report = sm.report_from_survey(survey(), by="org_kind")
    ax = sm.plot(report)
    # every row has an interval in both waves
    assert intervals(ax) == {"_intervals-wave0": 4, "_intervals-wave1": 4}
    assert texts(ax)["bold-key"] == "bold"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["2010", "2012", "95 % interval"]
    bare = sm.plot(report, intervals=False, legend=False, notes=False, title="")
    assert intervals(bare) == {}
    assert bare.get_legend() is None
    assert not {"title", "bold-key", "source-0"} & set(texts(bare))


@needs_matplotlib
def test_a_rate_table_draws_each_row_per_wave() -> None:
    table = survey().rates(ITEMS, by="org_kind")
    ax = sm.plot(table, title="Use")
    assert texts(ax)["title"] == "Use"
    assert row_labels(ax) == [
        "use social media\nn = 30 / 30",
        "use Facebook\nn = 18 / 24",
        "use social media\nn = 10 / 10",
        "use Facebook\nn = 5 / 9",
    ]
    assert [texts(ax)[f"heading{i}"] for i in range(2)] == [
        "municipalities",
        "county councils",
    ]
    assert intervals(ax) == {"_intervals-wave0": 4, "_intervals-wave1": 4}
    marks = [c for c in ax.collections if (c.get_gid() or "").startswith("wave")]
    assert sorted(len(c.get_offsets()) for c in marks) == [2, 2, 2, 2]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["2010", "2012", "95 % interval", "low base (!)"]
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "100 %"
    dashed = [c for c in ax.collections if c.get_linestyle()[0][1] is not None]
    low_bases = int(table.low_base.sum())
    assert 0 < low_bases == sum(len(c.get_segments()) for c in dashed)
    # the interval of municipalities' use in 2010, at the value's row
    wave0 = [c for c in ax.collections if c.get_label() == "_intervals-wave0"]
    (low, _), (high, _) = wave0[0].get_segments()[0]
    first = table.select(wave="2010", group="municipality", item="uses")
    assert (low, high) == pytest.approx((first.low[0], first.high[0]))


@needs_matplotlib
def test_a_table_of_all_organisations_has_no_heading() -> None:
    ax = sm.plot(survey().rates(ITEMS))
    assert not any(gid.startswith("heading") for gid in texts(ax))
    assert len(row_labels(ax)) == 2


@needs_matplotlib
def test_a_delta_table_draws_changes_around_a_zero_line() -> None:
    table = survey().pp_deltas(ITEMS, by="org_kind")
    ax = sm.plot(table)
    found = texts(ax)
    assert row_labels(ax) == [
        "use social media\n2010–2012, n = 30 / 30",
        "use Facebook\n2010–2012, n = 18 / 24",
        "use social media\n2010–2012, n = 10 / 10",
        "use Facebook\n2010–2012, n = 5 / 9",
    ]
    assert [found[f"row{i}-column0"] for i in range(4)] == [
        "+20.0",
        "0.0",
        "+40.0",
        "-4.4",
    ]
    # bold where the interval excludes zero: only the municipalities' use
    bold = [
        t.get_fontweight() == "bold"
        for t in ax.texts
        if (t.get_gid() or "").endswith("-column0")
    ]
    assert bold == [True, False, False, False]
    assert intervals(ax) == {"_intervals-wave0": 4}
    (zero,) = [c for c in ax.collections if c.get_label() == "_zero"]
    assert {x for segment in zero.get_segments() for x, _ in segment} == {0.0}
    low, high = ax.get_xlim()
    assert low < min(table.low)
    assert high > max(table.high)
    assert ax.get_xlabel() == "Change, pp"
    assert "+20" in [t.get_text() for t in ax.get_xticklabels()]
    significant = sm.plot(table, only_significant=True)
    assert len(row_labels(significant)) == int(table.significant.sum()) == 1


@needs_matplotlib
def test_lang_switches_the_labels() -> None:
    data = survey()
    rates = sm.plot(data.rates(ITEMS, by="org_kind"), lang="sv")
    assert row_labels(rates)[1] == "använder Facebook\nn = 18 / 24"
    assert texts(rates)["heading0"] == "kommuner"
    assert "95 % intervall" in [t.get_text() for t in rates.get_legend().get_texts()]
    deltas = sm.plot(data.pp_deltas(ITEMS, by="org_kind"), lang="sv", decimals=2)
    assert texts(deltas)["row3-column0"] == "\u22124,44"
    assert deltas.get_xlabel() == "Förändring, procentenheter"
    report = sm.plot(embedded(), lang="sv")
    assert texts(report)["heading1"] == "landsting"
    assert texts(report)["source-0"].startswith("Källa: ")
    with pytest.raises(sm.UnknownNameError):
        sm.plot(embedded(), lang="de")  # type: ignore[arg-type]


@needs_matplotlib
def test_dollar_signs_are_text_not_mathtext() -> None:
    report = embedded()
    odd = attrs.evolve(
        report,
        title="$\\frac{",
        rows=[attrs.evolve(row, group="$x^2$", item="$") for row in report.rows],
    )
    ax = sm.plot(odd)
    assert texts(ax)["title"] == "$\\frac{"
    assert texts(ax)["heading0"] == "$x^2$"
    drawn = [*ax.texts, *ax.get_legend().get_texts()]
    assert not any(text.get_parse_math() for text in drawn)
    ax.figure.canvas.draw()  # would raise on the unbalanced mathtext


def test_more_than_forty_rows_are_refused_before_matplotlib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    data = survey()
    cases = [
        (many_rows(41), "41 rows (groups × items)", 2),
        (data.rates(ITEMS, by="region"), "50 rows (groups × items)", 2),
    ]
    for subject, rows, pages in cases:
        with pytest.raises(InvalidArgumentError) as info:
            sm.plot(subject)
        message = str(info.value)
        assert rows in message
        assert "more than the 40 one chart shows" in message
        assert "page=N" in message
        assert f"N from 1 to {pages}" in message
        with pytest.raises(InvalidArgumentError, match="from 1 to 2"):
            sm.plot(subject, page=3)
    with pytest.raises(MissingExtraError):
        sm.plot(many_rows(40))


@needs_matplotlib
def test_a_page_of_more_than_forty_rows() -> None:
    table = survey().rates(ITEMS, by="region")
    first = sm.plot(table, page=1)
    second = sm.plot(table, page=2)
    assert len(row_labels(first)) == 40
    assert len(row_labels(second)) == 10
    assert texts(second)["page"] == "page 2 of 2"
    report = sm.plot(many_rows(42), page=2, lang="sv")
    assert texts(report)["page"] == "sida 2 av 2"
    assert texts(report)["heading0"] == "g13 (forts.)"
    assert "page" not in texts(sm.plot(many_rows(3), page=1))


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    data = survey()
    for subject in (embedded(), data.rates(ITEMS), data.pp_deltas(ITEMS)):
        with pytest.raises(MissingExtraError, match=r"skl-socialmedia\[plot\]") as info:
            sm.plot(subject)
        assert info.value.extra == "plot"
        assert info.value.module == "matplotlib"


def test_what_cannot_be_plotted_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="not Rate"):
        sm.plot(sm.rate(3, 10))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="only_significant"):
        sm.plot(survey().rates(ITEMS), only_significant=True)
    with pytest.raises(InvalidArgumentError, match="decimals"):
        sm.plot(embedded(), decimals=7)


@needs_matplotlib
def test_the_chart_format_is_plot_saved(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[Any] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        ax = plotting.plot(*args, **kwargs)
        drawn.append((args, kwargs, ax))
        return ax

    monkeypatch.setattr(chart, "plot", spy)
    report = sm.report_from_survey(survey(), by="org_kind")
    svg = str(ChartSvgFormat().render(report, lang="sv", decimals=0))
    ((args, kwargs, ax),) = drawn
    assert args == (report,)
    assert kwargs["lang"] == "sv"
    assert kwargs["decimals"] == 0
    # every text of that Axes is in the SVG, and the SVG's ids are the Axes'
    for gid, text in texts(ax).items():
        assert f'id="{gid}"' in svg
        assert f"<!-- {text.splitlines()[0]}" in svg.replace("&gt;", ">")
    assert texts(ax) == texts(sm.plot(report, lang="sv", decimals=0))
