"""The README works on the PyPI page, and the project's addresses agree.

PyPI shows the README without the repository around it, so every link in it
must be absolute. pyproject.toml, mkdocs.yml and the README name the same
repository and the same documentation site.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
MKDOCS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def mkdocs_setting(name: str) -> str:
    match = re.search(rf"^{name}: (\S+)$", MKDOCS, re.MULTILINE)
    assert match, name
    return match.group(1)


def project_urls() -> dict[str, str]:
    block = PYPROJECT.split("[project.urls]\n", 1)[1].split("\n\n", 1)[0]
    return dict(re.findall(r'^(\w+) = "([^"]+)"$', block, re.MULTILINE))


def test_every_readme_link_is_absolute() -> None:
    targets = re.findall(r"\]\(([^)\s]+)\)", README)
    assert len(targets) >= 8
    relative = [t for t in targets if not t.startswith("https://")]
    assert relative == []


def test_no_readme_image_or_html_link_is_relative() -> None:
    assert re.findall(r'(?:src|href)="(?!https://)[^"]+"', README) == []


def test_the_project_urls_name_the_repository_and_the_site() -> None:
    repo = mkdocs_setting("repo_url")
    site = mkdocs_setting("site_url")
    urls = project_urls()
    assert urls["Source"] == repo
    assert urls["Documentation"] == site
    assert urls["Issues"] == repo + "/issues"
    assert urls["Changelog"] == repo + "/blob/main/CHANGELOG.md"


def test_the_readme_links_go_to_the_site_or_the_repository() -> None:
    repo, site = mkdocs_setting("repo_url"), mkdocs_setting("site_url")
    targets = re.findall(r"\]\((https://[^)\s]+)\)", README)
    others = [t for t in targets if t != repo and not t.startswith((repo + "/", site))]
    assert others == []


def test_the_site_pages_the_readme_links_exist() -> None:
    site = mkdocs_setting("site_url")
    pages = re.findall(re.escape(site) + r"([\w/]*)", README)
    assert pages
    for page in pages:
        name = page.strip("/") or "index"
        candidates = [ROOT / "docs" / f"{name}.md", ROOT / "docs" / name / "index.md"]
        assert any(c.is_file() for c in candidates), page


def test_the_repository_files_the_readme_links_exist() -> None:
    repo = mkdocs_setting("repo_url")
    files = re.findall(re.escape(repo) + r"/blob/main/([^)\s]+)", README)
    assert files
    for file in files:
        assert (ROOT / file).is_file(), file
