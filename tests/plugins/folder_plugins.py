"""Plugin modules for a plugins folder, written out by the tests that need one.

Not a test module: the folder tests (tests/plugins/test_folders.py) and the
command line's (tests/test_cli.py) share it.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BROKEN", "HELLO", "HELLO_FORMAT", "write_plugin"]

#: A source ``hello`` (the embedded figures, by name, ``hello://`` or ``.hello``).
HELLO = """
from skl_socialmedia import embedded_figures, hookimpl


class HelloSource:
    name = "hello"
    schemes = ("hello",)
    suffixes = (".hello",)
    description = "the embedded figures, greeted"

    def load(self, location, **options):
        print("a plugin's print goes to stderr")
        return embedded_figures()


@hookimpl
def register_data_sources():
    return [HelloSource]
"""

#: A format ``hello-text`` (``.hi``): one line counting the report's rows.
HELLO_FORMAT = """
from skl_socialmedia import hookimpl


class HelloFormat:
    name = "hello-text"
    suffixes = (".hi",)
    media_type = "text/plain"
    description = "a greeting and the number of rows"

    def render(self, report, **options):
        return f"hello, {len(report.rows)} rows\\n"


@hookimpl
def register_output_formats():
    return [HelloFormat]
"""

#: A module that fails on import.
BROKEN = """
raise RuntimeError("broken on purpose")
"""


def write_plugin(folder: Path, stem: str, text: str) -> Path:
    """Write the plugin module ``stem``.py into ``folder`` (made if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.py"
    path.write_text(text, encoding="utf-8")
    return path
