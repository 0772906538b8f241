"""Release rules: one version, a Keep a Changelog file that agrees with it.

The version's single source is the literal in ``src/skl_socialmedia/_version.py``
(hatchling reads it; docs/contributing.md says how a release is cut). On a
development version (``0.2.0.dev0``) the changelog opens with ``[Unreleased]``;
on a release build its newest version is the package's, with a date and a
compare link. ``.ci/check-release TAG`` (run by the publish workflow with the
pushed tag) runs these tests and checks the tag with :func:`tag_problems`.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

import skl_socialmedia

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://github.com/skl-socialmedia/skl-socialmedia"
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?$")
RELEASE = re.compile(r"^\d+\.\d+\.\d+$")
LINK = re.compile(r"^\[(?P<version>[^\]]+)\]: (?P<url>\S+)$")


def headings(text: str) -> list[tuple[str, str | None]]:
    """Return the changelog's version headings, newest first: (version, date)."""
    found = []
    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            found.append((match["version"], match["date"]))
        elif line.startswith("## "):
            raise ValueError(f"not a Keep a Changelog version heading: {line!r}")
    return found


def problems(text: str, version: str) -> list[str]:
    """Return what is wrong with the changelog ``text`` for package ``version``."""
    found = headings(text)
    wrong: list[str] = []
    if not found:
        return ["no version heading"]
    released = [(v, d) for v, d in found if v != "Unreleased"]
    if any(v == "Unreleased" for v, _ in found[1:]):
        wrong.append("[Unreleased] must be the first heading")
    for name, date in released:
        if not RELEASE.match(name):
            wrong.append(f"[{name}] is not a version X.Y.Z")
        if date is None:
            wrong.append(f"[{name}] has no date")
        else:
            datetime.date.fromisoformat(date)
    links = {m["version"]: m["url"] for m in map(LINK.match, text.splitlines()) if m}
    for name, _ in found:
        if name not in links:
            wrong.append(f"[{name}] has no compare link at the foot")
    if RELEASE.match(version):
        newest = released[0][0] if released else None
        if newest != version:
            wrong.append(f"the newest version is [{newest}], the package's {version}")
    elif found[0][0] != "Unreleased":
        wrong.append(f"a development version ({version}) needs [Unreleased] first")
    return wrong


CHANGELOG = """\
## [Unreleased]
## [0.2.0] - 2027-01-05
## [0.1.0] - 2026-12-01

[Unreleased]: https://example.org/compare/v0.2.0...HEAD
[0.2.0]: https://example.org/compare/v0.1.0...v0.2.0
[0.1.0]: https://example.org/releases/tag/v0.1.0
"""


def test_a_release_build_needs_its_version_newest() -> None:
    assert problems(CHANGELOG, "0.2.0") == []
    assert problems(CHANGELOG, "0.3.0") == [
        "the newest version is [0.2.0], the package's 0.3.0"
    ]


def test_a_development_version_needs_unreleased_first() -> None:
    assert problems(CHANGELOG, "0.3.0.dev0") == []
    released = CHANGELOG.replace("## [Unreleased]\n", "")
    assert problems(released, "0.3.0.dev0") == [
        "a development version (0.3.0.dev0) needs [Unreleased] first"
    ]


def test_every_version_needs_a_date_and_a_link() -> None:
    text = CHANGELOG.replace(" - 2027-01-05", "").replace(
        "[0.1.0]: https://example.org/releases/tag/v0.1.0\n", ""
    )
    assert problems(text, "0.2.0") == [
        "[0.2.0] has no date",
        "[0.1.0] has no compare link at the foot",
    ]


def test_a_heading_that_is_no_version_is_refused() -> None:
    with pytest.raises(ValueError, match="not a Keep a Changelog"):
        headings("## Unreleased\n")


def test_the_changelog_agrees_with_the_package_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert problems(text, skl_socialmedia.__version__) == []


def test_the_compare_links_point_at_the_repository() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    urls = [m["url"] for m in map(LINK.match, text.splitlines()) if m]
    assert urls
    assert all(url.startswith(REPOSITORY + "/") for url in urls)


def tag_problems(tag: str, version: str) -> list[str]:
    """Return what is wrong with releasing ``version`` from the git ``tag``."""
    wrong = []
    if tag != f"v{version}":
        wrong.append(f"the tag {tag} is not v{version}, the package's version")
    if not RELEASE.match(version):
        wrong.append(f"{version} is not a final release X.Y.Z")
    return wrong


def test_a_release_tag_must_be_v_and_the_final_version() -> None:
    assert tag_problems("v0.1.0", "0.1.0") == []
    assert tag_problems("0.1.0", "0.1.0") == [
        "the tag 0.1.0 is not v0.1.0, the package's version"
    ]
    assert tag_problems("v0.1.0.dev0", "0.1.0.dev0") == [
        "0.1.0.dev0 is not a final release X.Y.Z"
    ]


def test_the_version_has_one_source() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in text
    assert re.search(
        r'^\[tool\.hatch\.version\]\npath = "src/skl_socialmedia/_version\.py"$',
        text,
        re.MULTILINE,
    )
    assert not re.search(r"^version\s*=", text, re.MULTILINE)
