"""The excerpts in docs/writing_plugins.md are copied from this package.

A ``python`` or ``toml`` block whose first line is ``# examples/skl-socialmedia-spss/
<path>`` is an excerpt of that file: its other lines must appear in the file as
they stand, in order; a line ``# ...`` marks a gap. Skipped where the package is
not inside a checkout of the skl-socialmedia repository (e.g. from an sdist).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
REPOSITORY = PACKAGE.parents[1]
GUIDE = REPOSITORY / "docs" / "writing_plugins.md"
PREFIX = "# examples/skl-socialmedia-spss/"
BLOCK = re.compile(r"^```(?:python|toml)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
GAP = "# ..."


def excerpts() -> list[tuple[str, list[str]]]:
    if not GUIDE.is_file():
        return []
    found = []
    for match in BLOCK.finditer(GUIDE.read_text(encoding="utf-8")):
        first, _, rest = match.group(1).partition("\n")
        if first.startswith(PREFIX):
            found.append((first.removeprefix(PREFIX), rest.splitlines()))
    return found


def chunks(lines: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for line in lines:
        if line.strip() == GAP:
            parts.append([])
        else:
            parts[-1].append(line.rstrip())
    result = []
    for part in parts:
        while part and not part[0]:
            part.pop(0)
        while part and not part[-1]:
            part.pop()
        if part:
            result.append(part)
    return result


def find(haystack: list[str], needle: list[str], start: int) -> int:
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i : i + len(needle)] == needle:
            return i
    return -1


EXCERPTS = excerpts()


@pytest.mark.skipif(not GUIDE.is_file(), reason="not in a repository checkout")
def test_the_guide_has_excerpts() -> None:
    assert len(EXCERPTS) >= 10
    assert {path for path, _ in EXCERPTS} >= {
        "pyproject.toml",
        "src/skl_socialmedia_spss/plugin.py",
        "src/skl_socialmedia_spss/source.py",
        "tests/test_plugin.py",
    }


@pytest.mark.parametrize(
    ("path", "lines"),
    [pytest.param(p, lines, id=f"{p}:{i}") for i, (p, lines) in enumerate(EXCERPTS)],
)
def test_excerpt_matches_the_file(path: str, lines: list[str]) -> None:
    source = (PACKAGE / path).read_text(encoding="utf-8")
    haystack = [line.rstrip() for line in source.splitlines()]
    position = 0
    for chunk in chunks(lines):
        found = find(haystack, chunk, position)
        assert found >= 0, (
            f"docs/writing_plugins.md quotes {path} but these lines are not in it "
            "(in this order):\n" + "\n".join(chunk)
        )
        position = found + len(chunk)
