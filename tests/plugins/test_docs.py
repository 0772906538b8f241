"""Meta-tests: every hook is documented and has a test (after datasette)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from skl_socialmedia.plugins import specs

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(
    name
    for name, value in vars(specs).items()
    if inspect.isfunction(value) and name.startswith("register_")
)


def test_there_are_hooks() -> None:
    assert HOOKS == ["register_data_sources", "register_output_formats"]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_under_its_signature(hook: str) -> None:
    text = (ROOT / "docs" / "plugin_hooks.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {hook}\(\)$", text, re.MULTILINE), hook
    assert f"def {hook}() -> Sequence[" in text


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook: str) -> None:
    tests = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests").rglob("test_*.py")
        if p.name != "test_docs.py"
    )
    assert re.search(rf"\b{hook}\b", tests), f"no test mentions {hook}"
