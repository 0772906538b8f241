"""The html page in headless Chromium: no console errors, a screenshot not blank.

The table fits a slide: at 1280 px no row is taller than three lines of text,
and it needs no horizontal scrolling. The heights are measured in a test-only
copy of the page, whose Content-Security-Policy lets one inline script write
every row's height and the line height into the DOM (``--dump-dom``).

Skipped when no Chromium is found: ``SKL_SOCIALMEDIA_CHROMIUM`` (a path, as
the GitHub workflow sets it), else ``chromium`` on the PATH; .ci/run installs
Debian's ``chromium``, and fails on any skipped test.
The screenshot is decoded here with zlib and struct, so the test needs no
imaging library.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.formats.html import HtmlFormat
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Change, Estimate, Report, ReportRow, Status
from skl_socialmedia.sources import load_survey
from tests.report.test_waves_and_bases import three_waves

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = (
    os.environ.get("SKL_SOCIALMEDIA_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)


def decode_png(data: bytes) -> tuple[int, int, int, bytes]:
    """Return width, height, channels and the unfiltered 8-bit pixel rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8, depth
    assert interlace == 0, interlace
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    out = bytearray()
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            upper_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                predictor = (
                    left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
                )
                line[x] = (line[x] + predictor) & 0xFF
        out += line
        previous = line
    return width, height, channels, bytes(out)


def screenshot(page: Path, tmp_path: Path) -> tuple[bytes, str]:
    shot = tmp_path / "shot.png"
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        f"--screenshot={shot}",
        "--window-size=1200,900",
        page.as_uri(),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.is_file(), done.stderr[-2000:]
    return shot.read_bytes(), done.stderr


def console_lines(stderr: str) -> list[str]:
    return [
        line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line
    ]


def check_page(
    report: Report, lang: str, tmp_path: Path
) -> tuple[int, int, int, bytes]:
    page = tmp_path / "report.html"
    page.write_text(HtmlFormat().render(report, lang=lang), encoding="utf-8")
    png, stderr = screenshot(page, tmp_path)
    assert console_lines(stderr) == []
    width, height, channels, pixels = decode_png(png)
    assert (width, height) == (1200, 900)
    # Not blank: many distinct shades, and a good share of non-white pixels.
    grey = pixels[::channels]
    assert len(set(grey)) > 20
    mean = sum(grey) / len(grey)
    variance = sum((g - mean) ** 2 for g in grey[::7]) / len(grey[::7])
    assert variance > 100, variance
    return width, height, channels, pixels


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_embedded_report_page_in_chromium(lang: str, tmp_path: Path) -> None:
    report = report_from_published(embedded_figures())
    _, _, channels, pixels = check_page(report, lang, tmp_path)
    # The charts are drawn: the later wave's dots are #1d5fa8.
    blue = sum(
        1
        for i in range(0, len(pixels), channels)
        if abs(pixels[i] - 0x1D) < 12
        and abs(pixels[i + 1] - 0x5F) < 12
        and abs(pixels[i + 2] - 0xA8) < 12
    )
    assert blue > 200, blue


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_microdata_report_page_in_chromium(lang: str, tmp_path: Path) -> None:
    report = report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))
    check_page(report, lang, tmp_path)


def test_three_wave_page_in_chromium(tmp_path: Path) -> None:
    report = report_from_survey(three_waves(weighted=True), changes="consecutive")
    check_page(report, "sv", tmp_path)


# -- the table fits a slide ------------------------------------------------------

SLIDE_WIDTH = 1280
MAX_LINES = 3

_MEASURE = """<script>
addEventListener('load', () => {
  const rows = [];
  for (const tr of document.querySelectorAll('section.table table tr')) {
    const cell = tr.cells[0];
    const style = getComputedStyle(cell);
    rows.push({
      height: tr.getBoundingClientRect().height,
      padding: parseFloat(style.paddingTop) + parseFloat(style.paddingBottom),
      border: parseFloat(style.borderBottomWidth),
      text: tr.innerText.replace(/\\s+/g, ' ').slice(0, 60),
    });
  }
  const body = document.querySelector('section.table tbody td');
  const scroll = document.querySelector('section.table .scroll');
  const out = document.createElement('pre');
  out.id = 'measured';
  out.style.display = 'none';
  out.textContent = JSON.stringify({
    rows: rows,
    lineHeight: parseFloat(getComputedStyle(body).lineHeight),
    scrollWidth: scroll.scrollWidth,
    clientWidth: scroll.clientWidth,
  });
  document.body.appendChild(out);
});
</script>"""


def measure(page: str, tmp_path: Path) -> dict[str, Any]:
    """Return the heights of the table's rows at 1280 px, and the line height."""
    csp = "default-src 'none';"
    assert csp in page
    copy = page.replace(csp, f"{csp} script-src 'unsafe-inline';", 1)
    copy = copy.replace("</body>", f"{_MEASURE}</body>", 1)
    path = tmp_path / "measure.html"
    path.write_text(copy, encoding="utf-8")
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'measure-profile'}",
        f"--window-size={SLIDE_WIDTH},2000",
        "--virtual-time-budget=5000",
        "--dump-dom",
        path.as_uri(),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="measured"[^>]*>(.*?)</pre>', done.stdout, re.S)
    assert found is not None, done.stderr[-2000:]
    data: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return data


def row_lines(data: dict[str, Any]) -> list[tuple[float, str]]:
    """Return each row's height in lines of text (padding and border taken off)."""
    line = data["lineHeight"]
    assert 15 < line < 30, line
    return [
        ((row["height"] - row["padding"] - row["border"]) / line, row["text"])
        for row in data["rows"]
    ]


PANEL = "examples/data/synthetic_panel.csv"
SLIDES = {
    "panel-en": (lambda: report_from_survey(load_survey(ROOT / PANEL)), "en"),
    "panel-sv": (lambda: report_from_survey(load_survey(ROOT / PANEL)), "sv"),
    "embedded-en": (lambda: report_from_published(embedded_figures()), "en"),
    "embedded-sv": (lambda: report_from_published(embedded_figures()), "sv"),
    "three-waves-sv": (
        lambda: report_from_survey(three_waves(weighted=True), changes="consecutive"),
        "sv",
    ),
}


@pytest.mark.parametrize("name", SLIDES)
def test_no_row_is_taller_than_three_lines(name: str, tmp_path: Path) -> None:
    build, lang = SLIDES[name]
    report = build()
    data = measure(HtmlFormat().render(report, lang=lang), tmp_path)
    lines = row_lines(data)
    # the header, a heading row per run of a group, a row per report row
    assert len(lines) > len(report.rows)
    tallest = max(lines)
    assert tallest[0] <= MAX_LINES + 0.05, (tallest, data["lineHeight"])
    assert data["scrollWidth"] <= data["clientWidth"], data


def test_a_tall_row_would_be_caught(tmp_path: Path) -> None:
    long = " ".join(["a long note squeezed into a cell"] * 12)
    row = ReportRow(
        group="municipality",
        item=long,
        estimates=[
            Estimate(wave="2010", value=0.5, status=Status.ESTIMATED),
            Estimate(wave="2012", value=0.6, status=Status.ESTIMATED),
        ],
        changes=[Change(value=0.1, status=Status.ESTIMATED)],
    )
    report = Report(
        title="T", source="", before_wave="2010", after_wave="2012", rows=[row]
    )
    lines = row_lines(measure(HtmlFormat().render(report), tmp_path))
    assert max(lines)[0] > MAX_LINES


def test_console_errors_would_be_caught(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html lang='en'><body><p>x</p>"
        "<script>undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    _, stderr = screenshot(page, tmp_path)
    assert any("undefinedFunction" in line for line in console_lines(stderr))
