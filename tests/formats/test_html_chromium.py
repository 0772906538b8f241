"""The html page in headless Chromium: no console errors, a screenshot not blank.

Skipped when no ``chromium`` is on the PATH; CI installs Debian's ``chromium``.
The screenshot is decoded here with zlib and struct, so the test needs no
imaging library.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.formats.html import HtmlFormat
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.model import Report
from skl_socialmedia.sources import load_survey

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

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


def test_microdata_report_page_in_chromium(tmp_path: Path) -> None:
    report = report_from_survey(load_survey(ROOT / "examples/data/synthetic_panel.csv"))
    check_page(report, "en", tmp_path)


def test_console_errors_would_be_caught(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html lang='en'><body><p>x</p>"
        "<script>undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    _, stderr = screenshot(page, tmp_path)
    assert any("undefinedFunction" in line for line in console_lines(stderr))
