"""Griffe extension: render bare doctest examples in docstrings as code.

The statistics docstrings carry doctest examples (``>>> rate(22, 29)``) as plain
paragraphs, which ``doctest`` runs but Markdown would read as nested block quotes
(and ``[a] [b]`` output as a reference link). This extension, loaded by
mkdocstrings (``extensions:`` in ``mkdocs.yml``), wraps every top-level doctest
paragraph — from a line starting with ``>>>`` to the next blank line — in a
``pycon`` fence. Examples already inside a section (``Examples:``) or a fence are
left alone.
"""

from __future__ import annotations

from typing import Any

import griffe

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


class DoctestFences(griffe.Extension):
    """Fence the doctest paragraphs of every docstring before it is parsed."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the docstring of each object as it is loaded."""
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
