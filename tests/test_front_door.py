# ruff: noqa: N802 (test names carry the defect IDs of DEFECTS.md: test_C12_…)
"""``load`` and ``render``, the front doors: paths accepted, bad arguments named.

C12 of the reliability audit (DEFECTS.md): ``load(Path(...))`` failed with an
``AttributeError``, ``load(None)`` and ``render(report, None)`` / ``render(None)``
with foreign errors. Every bad argument is now an ``InvalidArgumentError`` (a
``UsageError`` and a ``ValueError``) that names what was given.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import skl_socialmedia as sm
from skl_socialmedia.errors import InvalidArgumentError, UsageError

DATA = "wave,org_code,uses\n2010,0114,1\n2012,0114,0\n2010,0115,1\n2012,0115,1\n"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report() -> sm.Report:
    return sm.report_from_published(sm.embedded_figures())


def test_C12_load_accepts_a_path(data: Path) -> None:
    from_path = sm.load(data)
    from_text = sm.load(str(data))
    assert isinstance(from_path, sm.Survey)
    assert isinstance(from_text, sm.Survey)
    assert from_path.waves == from_text.waves == ("2010", "2012")
    assert len(from_path) == len(from_text) == 4


def test_C12_load_accepts_a_path_with_options(data: Path) -> None:
    survey = sm.load(data, register="none")
    assert isinstance(survey, sm.Survey)
    assert survey.waves == ("2010", "2012")


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        (None, "not None (of type NoneType)"),
        (5, "not 5 (of type int)"),
        (b"data.csv", "not b'data.csv' (of type bytes)"),
        (["data.csv"], "not ['data.csv'] (of type list)"),
    ],
)
def test_C12_load_of_no_text_names_what_was_given(source: object, shown: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        sm.load(source)  # type: ignore[arg-type]
    assert isinstance(info.value, UsageError)
    assert isinstance(info.value, ValueError)
    assert str(info.value) == (
        "the source must be a source name ('embedded'), a URI (csv://PATH) or a "
        f"file path, {shown}"
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "an empty source ('')"),
        ("csv://", "no file named in the source 'csv://': give csv://PATH"),
        ("json://", "no file named in the source 'json://': give json://PATH"),
    ],
)
def test_C12_load_of_an_empty_source(source: str, message: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        sm.load(source)
    assert str(info.value).startswith(message)
    assert "directory" not in str(info.value)


def test_C12_render_accepts_a_path_as_the_format(report: sm.Report) -> None:
    assert sm.render(report, Path("out/report.md")) == sm.render(report, "markdown")


@pytest.mark.parametrize(
    ("format", "shown"),
    [(None, "None (of type NoneType)"), (5, "5 (of type int)")],
)
def test_C12_render_with_a_bad_format_names_it(
    report: sm.Report, format: object, shown: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        sm.render(report, format)  # type: ignore[arg-type]
    assert str(info.value) == (
        f"the format must be a format name or a file name, not {shown}"
    )


def test_C12_render_with_an_empty_format(report: sm.Report) -> None:
    with pytest.raises(InvalidArgumentError, match=r"an empty format \(''\)"):
        sm.render(report, "")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "None (of type NoneType)"),
        ("not a report", "'not a report' (of type str)"),
        (42, "42 (of type int)"),
    ],
)
def test_C12_render_of_no_report_names_what_was_given(
    value: object, shown: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        sm.render(value)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, TypeError | AttributeError)
    assert str(info.value) == (
        "render() needs a Report (from report_from_survey, report_from_tally or "
        f"report_from_published), not {shown}"
    )


def test_C12_a_long_value_is_shortened_in_the_message() -> None:
    with pytest.raises(InvalidArgumentError) as info:
        sm.render("x" * 500)  # type: ignore[arg-type]
    assert len(str(info.value)) < 200
    assert "... (of type str)" in str(info.value)
