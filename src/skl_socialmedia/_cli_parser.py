"""The command line's parser: one-line errors, and the global options' helpers.

:class:`Parser` turns argparse's errors into a
:class:`~skl_socialmedia.errors.UsageError` (one line, exit status 2);
:func:`plugins_dir_option` adds the global ``--plugins-dir`` to the program
and to a command, as ``--quiet`` is taken before the command or after it.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, NoReturn

from skl_socialmedia.errors import UsageError

__all__ = ["Formatter", "Parser", "plugins_dir_option", "plugins_dirs_of"]


class Formatter(argparse.HelpFormatter):
    """argparse's help formatter, told the terminal's width without ``shutil``.

    ``HelpFormatter`` asks ``shutil.get_terminal_size`` (and so imports
    ``shutil``, with ``bz2`` and ``lzma``) for every argument added; the same
    answer from ``os`` spares the start-up of every command (issue 19).
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _columns() -> int:
    """Return the terminal width as ``shutil.get_terminal_size`` gives it (else 80)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


_PLUGINS_DIR_HELP = (
    "also load the plugin modules (*.py) in DIR, unpackaged (repeatable; also: "
    "SKL_SOCIALMEDIA_PLUGINS_DIR)"
)


def plugins_dir_option(parser: argparse.ArgumentParser, *, after: bool) -> None:
    """Add the global ``--plugins-dir``: to the program, or (``after``) a command.

    Given after the command it goes to its own ``dest``, so that folders given
    before it are kept (:func:`plugins_dirs_of` returns both).
    """
    parser.add_argument(
        "--plugins-dir",
        dest="plugins_dir_after" if after else "plugins_dir",
        action="append",
        default=argparse.SUPPRESS if after else None,
        metavar="DIR",
        help=_PLUGINS_DIR_HELP,
    )


def plugins_dirs_of(args: argparse.Namespace) -> list[str]:
    """Return the ``--plugins-dir`` folders given, before the command and after."""
    before = getattr(args, "plugins_dir", None) or []
    return [*before, *getattr(args, "plugins_dir_after", [])]
