"""Atomic file writes: a temporary file beside the target, renamed over it.

The primitive every writer of the library uses (the command line's
``--output``, a tally written to a file), so that a reader never sees half a
file and a failed write keeps the old one.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from skl_socialmedia.errors import DataError, Location

__all__ = ["file_mode", "payload", "write_all", "write_atomically"]


def file_mode(path: Path) -> int:
    """Return the mode of the file replaced, or what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def payload(data: str | bytes) -> bytes:
    """Return ``data`` as bytes (text as UTF-8)."""
    return data.encode("utf-8") if isinstance(data, str) else data


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to the file descriptor ``fd``."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that no half-written file is ever left.

    The data go to a temporary file in the same directory, which is flushed to
    disk and then renamed over ``path``, keeping its permission bits. Any
    failure removes the temporary file and leaves ``path`` as it was.
    ``path`` is taken as it is (a symlink is replaced, not followed).
    """
    content = payload(data)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        missing = not stat.S_ISDIR(directory.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        missing = True
    except OSError:
        missing = False  # mkstemp says what is wrong
    if missing:
        raise DataError("directory does not exist", Location(file=str(path)))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        try:
            write_all(fd, content)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
