"""The ``chart`` and ``chart-svg`` output formats: dumbbell charts, via matplotlib.

The chart is :func:`skl_socialmedia.plot` of the report (the drawing is in
:mod:`skl_socialmedia.formats.chart_drawing`), saved as PNG or SVG. Under a
heading per group, a line per item with a mark per wave (the first
wave an open circle, the last a filled one, any between a square or diamond of
its own colour; see :func:`~skl_socialmedia.formats.chart_rows.wave_style`),
each rate with its interval where there is one (dashed for a low base), and
the change(s) in percentage points at the right, in bold when the change's
interval excludes zero. The legend names the waves and says what bold means;
the source line (with the report's description, e.g. that the data are
synthetic) is at the foot.

A chart shows at most :data:`CHART_ROWS` rows (groups × items). A larger
report is refused with a message saying how to narrow it, unless the option
``page`` (``--format-option page=N``) asks for one page of it: rows
40·(N−1)+1 to 40·N, with "page N of M" on the chart. Either way the work is
bounded, however many groups the report has.

matplotlib is an optional dependency (the extra ``plot``), imported only when a
chart is drawn. Drawing uses matplotlib's object-oriented API (a
``matplotlib.figure.Figure``) with the Agg canvas — never pyplot, so no
global backend is switched and no window opens —
and matplotlib's default style, whatever the user's ``matplotlibrc``. Output is
deterministic for a given matplotlib version: SVG ids are salted with a fixed
string and no date is written into either file. Every text is drawn with
mathtext off, so a ``$`` in a name is a dollar sign.

Two format names share this code: ``chart`` (``.png``; option
``image="png"|"svg"``) and ``chart-svg`` (``.svg``), so ``--output
chart.svg`` picks SVG from the suffix.
"""

from __future__ import annotations

import io
from typing import Any, ClassVar

from skl_socialmedia.formats._common import (
    PressOptions,
    choice_option,
    press_options,
    shown_rows,
)
from skl_socialmedia.formats.chart_report import chart_page as _page
from skl_socialmedia.formats.chart_report import require_matplotlib
from skl_socialmedia.formats.chart_rows import (
    AFTER_COLOUR,
    BEFORE_COLOUR,
    CHART_ROWS,
)
from skl_socialmedia.model.vocabulary import Language
from skl_socialmedia.plotting import plot
from skl_socialmedia.report.model import Report, ReportRow

__all__ = [
    "AFTER_COLOUR",
    "BEFORE_COLOUR",
    "CHART_ROWS",
    "IMAGES",
    "OPTIONS",
    "ChartFormat",
    "ChartSvgFormat",
    "chart_page",
    "render_chart",
]

#: The image types the chart formats write.
IMAGES: tuple[str, ...] = ("png", "svg")
#: The chart formats' own options, besides the common ones.
OPTIONS: tuple[str, ...] = ("image", "page")

_ADVICE = (
    "narrow the report with --items, --by or --only-significant, "
    "or draw it page by page with --format-option page=N"
)


def chart_page(
    report: Report, press: PressOptions, page: object = None
) -> tuple[list[ReportRow], int, int]:
    """Return the rows one chart shows, the page number and the number of pages.

    Without ``page`` every shown row is charted, and more than
    :data:`CHART_ROWS` of them are refused (:class:`InvalidArgumentError`
    saying how to narrow the report); with ``page=N`` (1, 2, …) the rows
    ``CHART_ROWS·(N−1)+1`` to ``CHART_ROWS·N``.
    """
    return _page(shown_rows(report, press), page, _ADVICE)


def render_chart(
    report: Report,
    lang: Language = "en",
    image: str = "png",
    *,
    press: PressOptions | None = None,
    page: object = None,
) -> str | bytes:
    """Draw the dumbbell charts of ``report``; PNG as bytes, SVG as text.

    ``press`` gives the common options (``decimals``, ``only_significant``,
    ``intervals``); ``page`` one page of a report of more than
    :data:`CHART_ROWS` rows (see :func:`chart_page`), which is otherwise
    refused. The drawing is :func:`skl_socialmedia.plot`'s, in matplotlib's
    default style with 9-point text.
    """
    choice_option({"image": image}, "image", IMAGES, "png")
    press = PressOptions(lang=lang) if press is None else press
    _, number, pages = chart_page(report, press, page)
    require_matplotlib("the chart format")
    import matplotlib
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with (
        matplotlib.style.context("default"),
        matplotlib.rc_context(
            {
                "svg.hashsalt": "skl-socialmedia",
                "svg.fonttype": "path",
                "font.size": 9.0,
                "text.parse_math": False,
            }
        ),
    ):
        axes = plot(
            report,
            lang=press.lang,
            intervals=press.intervals,
            decimals=press.decimals,
            only_significant=press.only_significant,
            page=number if pages > 1 else None,
        )
        figure = axes.figure
        assert isinstance(figure, Figure)
        FigureCanvasAgg(figure)
        buffer = io.BytesIO()
        if image == "svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None})
            return buffer.getvalue().decode("utf-8")
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()


class ChartFormat:
    """The ``chart`` output format: dumbbell charts as PNG (``image="svg"`` for SVG).

    Needs the extra ``plot`` (matplotlib).
    """

    name: ClassVar[str] = "chart"
    suffixes: ClassVar[tuple[str, ...]] = (".png",)
    media_type: ClassVar[str] = "image/png"
    description: ClassVar[str] = (
        "dumbbell charts of each group's rates, as PNG (needs the 'plot' extra)"
    )
    default_image: ClassVar[str] = "png"

    def render(self, report: Report, **options: Any) -> str | bytes:
        """Render ``report``.

        Options: the common ones (``lang``, ``decimals``, ``only_significant``,
        ``intervals``), ``image`` (``"png"``/``"svg"``) and ``page`` (one page
        of :data:`CHART_ROWS` rows, for a larger report).
        """
        press = press_options(self.name, options, own=OPTIONS)
        image = choice_option(options, "image", IMAGES, self.default_image)
        return render_chart(
            report, press.lang, image, press=press, page=options.get("page")
        )


class ChartSvgFormat(ChartFormat):
    """The ``chart-svg`` output format: the ``chart`` format's charts as SVG."""

    name: ClassVar[str] = "chart-svg"
    suffixes: ClassVar[tuple[str, ...]] = (".svg",)
    media_type: ClassVar[str] = "image/svg+xml"
    description: ClassVar[str] = (
        "dumbbell charts of each group's rates, as SVG (needs the 'plot' extra)"
    )
    default_image: ClassVar[str] = "svg"
