"""Griffe extension: render doctest examples and Sphinx roles in docstrings.

Sphinx roles (``:class:`~skl_socialmedia.Survey```) would show literally in
Markdown; :func:`plain_roles` turns them into code spans (``Survey``, the last
component when the target starts with ``~``).

The statistics docstrings carry doctest examples (``>>> rate(22, 29)``) as plain
paragraphs, which ``doctest`` runs but Markdown would read as nested block quotes
(and ``[a] [b]`` output as a reference link). This extension, loaded by
mkdocstrings (``extensions:`` in ``mkdocs.yml``), wraps every top-level doctest
paragraph — from a line starting with ``>>>`` to the next blank line — in a
``pycon`` fence. Examples already inside a section (``Examples:``) or a fence are
left alone.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj):`(~?)([^`]+)`")

FENCE = "```"


def fence_doctests(text: str) -> str:
    """Return ``text`` with its top-level doctest paragraphs fenced as ``pycon``."""
    out: list[str] = []
    in_fence = in_doctest = False
    for line in text.splitlines():
        if in_doctest and not line.strip():
            out.append(FENCE)
            in_doctest = False
        elif not in_doctest and line.startswith(FENCE):
            in_fence = not in_fence
        elif not in_doctest and not in_fence and line.startswith(">>>"):
            out.append(FENCE + "pycon")
            in_doctest = True
        out.append(line)
    if in_doctest:
        out.append(FENCE)
    return "\n".join(out)


def plain_roles(text: str) -> str:
    """Return ``text`` with Sphinx cross-reference roles as Markdown code spans."""

    def code(match: re.Match[str]) -> str:
        target = match.group(2)
        if match.group(1):
            target = target.rsplit(".", 1)[-1]
        return f"`{target}`"

    return ROLE.sub(code, text)


class DoctestFences(griffe.Extension):
    """Fence the doctest paragraphs of every docstring before it is parsed."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of each object as it is loaded."""
        if obj.docstring is not None:
            obj.docstring.value = plain_roles(fence_doctests(obj.docstring.value))
