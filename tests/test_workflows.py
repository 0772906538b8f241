"""The GitHub workflows say what docs/contributing.md says they do.

They cannot run here: .ci/run validates them against the GitHub workflow
schema (check-jsonschema's vendored copy), and these tests read them for the
facts a release depends on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads `on` as True
    return data


def steps_text(job: dict[str, Any]) -> str:
    return "\n".join(
        str(step.get("run", "")) + " " + str(step.get("uses", ""))
        for step in job["steps"]
    )


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert block
    return block.group(1).strip().splitlines()


def test_the_tests_run_on_every_python_and_platform() -> None:
    matrix = workflow("tests.yml")["jobs"]["test"]["strategy"]["matrix"]
    assert matrix["python-version"] == ["3.10", "3.11", "3.12", "3.13"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}


def test_the_supported_pythons_are_the_classifiers() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    classifiers = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', text)
    matrix = workflow("tests.yml")["jobs"]["test"]["strategy"]["matrix"]
    assert classifiers == matrix["python-version"]


def test_the_tests_workflow_runs_the_readme_test_command() -> None:
    command = readme_commands()[1]
    posix = steps_text(workflow("tests.yml")["jobs"]["test"])
    assert command.replace("python3 ", "python ") in posix
    assert "skipped" in posix  # and fails on a skipped test, as .ci/run does


def test_publishing_is_on_a_version_tag_by_trusted_publishing() -> None:
    data = workflow("publish.yml")
    assert data["on"] == {"push": {"tags": ["v*"]}}
    assert data["permissions"] == {"contents": "read"}
    publish = data["jobs"]["publish"]
    assert "build" in data["jobs"]
    assert publish["needs"] == "build"
    assert publish["permissions"] == {"id-token": "write"}
    assert "pypa/gh-action-pypi-publish@release/v1" in steps_text(publish)
    assert "password" not in str(publish)  # no token: trusted publishing


def test_the_distributions_are_built_once_and_checked() -> None:
    build = steps_text(workflow("publish.yml")["jobs"]["build"])
    assert '.ci/check-release "${GITHUB_REF_NAME}"' in build
    assert ".ci/package" in build
    assert "dist" in build
    publish = steps_text(workflow("publish.yml")["jobs"]["publish"])
    assert "build" not in publish.replace("gh-action-pypi-publish", "")


@pytest.mark.parametrize("name", ["tests.yml", "publish.yml", "docs.yml"])
def test_actions_are_pinned_to_a_version(name: str) -> None:
    for job in workflow(name)["jobs"].values():
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.search(r"@(v\d+|release/v\d+)$", step["uses"]), step


def test_the_docs_are_built_strictly() -> None:
    build = steps_text(workflow("docs.yml")["jobs"]["build"])
    assert "mkdocs build --strict" in build
    site = re.search(r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(), re.M)
    assert site
    assert site.group(1) in (WORKFLOWS / "docs.yml").read_text(encoding="utf-8")
