"""The built-in formats keep the plugin contract and are found by name and suffix."""

from __future__ import annotations

import importlib.util

import pytest

from skl_socialmedia import embedded_figures, render, report_from_published
from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.formats.csv_format import CsvFormat
from skl_socialmedia.formats.html import HtmlFormat
from skl_socialmedia.formats.json_format import JsonFormat
from skl_socialmedia.formats.markdown import MarkdownFormat
from skl_socialmedia.formats.plugin import register_output_formats
from skl_socialmedia.formats.sentences import SentencesFormat
from skl_socialmedia.plugins.manager import DEFAULT_PLUGINS, PluginManager
from skl_socialmedia.testing import check_output_format

HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
TEXT_FORMATS = [MarkdownFormat, CsvFormat, JsonFormat, HtmlFormat, SentencesFormat]


def manager() -> PluginManager:
    return PluginManager(entry_points=(), environ={}, defaults=DEFAULT_PLUGINS)


@pytest.mark.parametrize("cls", TEXT_FORMATS, ids=lambda c: c.name)
def test_check_output_format_passes(cls: type) -> None:
    rendered = check_output_format(cls)
    assert isinstance(rendered, str)


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed")
def test_check_output_format_passes_for_the_charts() -> None:
    from skl_socialmedia.formats.chart import ChartFormat, ChartSvgFormat

    assert isinstance(check_output_format(ChartFormat), bytes)
    assert isinstance(check_output_format(ChartSvgFormat), str)


def test_register_output_formats_lists_every_built_in_format() -> None:
    names = [cls.name for cls in register_output_formats()]
    assert names == [
        "text",
        "markdown",
        "csv",
        "json",
        "html",
        "chart",
        "chart-svg",
        "sentences",
    ]


@pytest.mark.parametrize(
    ("location", "name"),
    [
        ("markdown", "markdown"),
        ("report.md", "markdown"),
        ("REPORT.MARKDOWN", "markdown"),
        ("out/report.csv", "csv"),
        ("report.json", "json"),
        ("report.html", "html"),
        ("report.htm", "html"),
        ("chart.png", "chart"),
        ("chart.svg", "chart-svg"),
        ("chart-svg", "chart-svg"),
        ("press.sentences.txt", "sentences"),
        ("plain.txt", "text"),
    ],
)
def test_resolution_by_name_and_longest_suffix(location: str, name: str) -> None:
    assert manager().resolve_format(location).name == name


@pytest.mark.parametrize("cls", TEXT_FORMATS, ids=lambda c: c.name)
def test_an_unknown_language_is_refused(cls: type) -> None:
    report = report_from_published(embedded_figures())
    with pytest.raises(UnknownNameError, match="language"):
        cls().render(report, lang="de")


@pytest.mark.parametrize("cls", TEXT_FORMATS, ids=lambda c: c.name)
def test_english_is_the_default_and_swedish_differs(cls: type) -> None:
    report = report_from_published(embedded_figures())
    default = cls().render(report)
    assert default == cls().render(report, lang="en")
    assert default != cls().render(report, lang="sv")


def test_render_front_door_uses_the_plugins() -> None:
    report = report_from_published(embedded_figures())
    text = render(report, "sentences", lang="sv")
    assert isinstance(text, str)
    assert text.startswith("Bland de svarande kommunerna")


def test_a_bad_image_option_is_refused() -> None:
    from skl_socialmedia.formats.chart import ChartFormat

    report = report_from_published(embedded_figures())
    with pytest.raises(InvalidArgumentError, match="image"):
        ChartFormat().render(report, image="gif")
