"""Writing the command line's output: atomically to files, straight to the rest.

``--output`` may name a regular file (replaced atomically: the report goes to a
temporary file beside it, which then takes its name, so a reader never sees
half a report and a failed write keeps the old file), a symlink (its target is
replaced the same way; the link stays), or a FIFO, a device node (``/dev/null``,
``/dev/stdout``) or ``-`` (standard output), which are opened and written
straight: they are never replaced by a regular file. A target that is one of
the inputs, a directory, or cannot be written is a one-line error.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from skl_socialmedia._atomic import payload as _payload
from skl_socialmedia._atomic import write_all as _write_all
from skl_socialmedia._atomic import write_atomically
from skl_socialmedia.errors import DataError, Location, UsageError

__all__ = ["STDOUT", "check_output", "write_atomically", "write_output"]

#: The ``--output`` that means standard output.
STDOUT = "-"

#: Directories whose entries are never replaced (no temporary files made there).
_SYSTEM_DIRECTORIES = ("/dev", "/proc")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _is_system_path(path: str) -> bool:
    """Whether ``path`` (or what it resolves to) lies under /dev or /proc."""
    for candidate in (os.path.abspath(path), os.path.realpath(path)):
        for top in _SYSTEM_DIRECTORIES:
            if candidate == top or candidate.startswith(top + os.sep):
                return True
    return False


def _stream_for(path: str) -> IO[str] | None:
    """Return ``sys.stdout``/``sys.stderr`` when ``path`` is the same file."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    for stream, fileno in ((sys.stdout, 1), (sys.stderr, 2)):
        if stream is None:
            continue
        try:
            other = os.fstat(fileno)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (other.st_dev, other.st_ino):
            return stream
    return None


def check_output(target: str, inputs: Iterable[str] = ()) -> None:
    """Refuse, before any work is done, an ``--output`` that cannot be right.

    It must not be one of ``inputs`` (whatever the spelling: the same file by
    :func:`os.path.samefile`, so ``..``, symlinks and hard links count) nor a
    directory; a file to be replaced needs a directory that exists and may be
    written. FIFOs and devices are not checked further: they are written
    straight.
    """
    if target == STDOUT:
        return
    where = Location(file=target)
    if not target:
        raise UsageError(
            "--output is empty: give a file name, or '-' for standard output"
        )
    for source in inputs:
        if source and _same_file(target, source):
            raise UsageError(
                f"refusing to write the report over its input {source!r}: "
                f"--output {target!r} is the same file"
            )
    if os.path.isdir(target):
        raise DataError("is a directory, not a file: cannot write the report", where)
    if _is_system_path(target):
        return  # written straight, never replaced
    try:
        mode: int | None = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:  # permission denied on the way, a symlink loop …
        raise DataError(f"cannot write the report: {_describe(exc)}", where) from None
    if mode is not None and not stat.S_ISREG(mode):
        return  # a FIFO, a device: written straight
    _check_directory(target)


def _describe(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EFBIG:
        return "file too large (over the file-size limit)"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded"
    if isinstance(exc, FileNotFoundError):
        return "directory does not exist"
    return (exc.strerror or str(exc)).lower()


def _refuse_binary_terminal(data: str | bytes, isatty: bool) -> None:
    if isinstance(data, bytes) and isatty:
        raise UsageError(
            "this output format is binary; write it to a file with --output, "
            "not to a terminal"
        )


def _write_to_stream(stream: IO[str], data: str | bytes) -> None:
    """Write ``data`` to ``stream`` (standard output or error)."""
    if isinstance(data, str):
        stream.write(data)
        stream.flush()
        return
    _refuse_binary_terminal(data, stream.isatty())
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        raise UsageError("this output format is binary; this stream takes only text")
    stream.flush()
    buffer.write(data)
    buffer.flush()


def _write_straight(path: str, data: str | bytes) -> None:
    """Open ``path`` (a FIFO, a device) and write to it; never create or replace it."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            flags |= os.O_TRUNC  # a regular file behind /proc/…/fd/N
    except FileNotFoundError:
        pass  # os.open says so
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError(
            "no such file (nothing is created under /dev or /proc)",
            Location(file=path),
        ) from None
    try:
        _refuse_binary_terminal(data, os.isatty(fd))
        _write_all(fd, _payload(data))
    finally:
        os.close(fd)


def _check_directory(path: str) -> None:
    """Fail early unless the directory of a file to be replaced is writable."""
    where = Location(file=path)
    real = os.path.realpath(path)  # a symlink's target is what is replaced
    directory = os.path.dirname(real) or "."
    shown = directory if os.path.islink(path) else os.path.dirname(path) or "."
    try:
        info = os.stat(directory)
    except PermissionError:
        raise DataError(
            f"cannot write the report: permission denied (on the way to {shown!r})",
            where,
        ) from None
    except OSError:
        raise DataError("directory does not exist", where) from None
    if not stat.S_ISDIR(info.st_mode):
        raise DataError("directory does not exist", where)
    if not os.access(directory, os.W_OK | os.X_OK):
        raise DataError(
            "cannot write the report: permission denied (the directory "
            f"{shown!r} is not writable)",
            where,
        )


def write_output(target: str, data: str | bytes, inputs: Iterable[str] = ()) -> None:
    """Write ``data`` to ``target`` (``--output``), the safe way for its kind.

    ``-`` and the files that are this process's standard output or error
    (``/dev/stdout``, ``/dev/fd/1`` …) are written through those streams;
    FIFOs, device nodes and anything under ``/dev`` or ``/proc`` are opened and
    written straight; a symlink's target is replaced atomically (the link
    stays); other files are replaced atomically (:func:`write_atomically`).
    Every failure is a :class:`~skl_socialmedia.errors.DataError` naming
    ``target``; a failed atomic write leaves the old file and no temporary file.
    """
    if target != STDOUT:
        check_output(target, inputs)
    stream = sys.stdout if target == STDOUT else _stream_for(target)
    if target == STDOUT and stream is None:
        raise DataError("there is no standard output to write the report to")
    if stream is not None:
        _write_to_stream(stream, data)  # a broken pipe is the caller's to handle
        return
    where = Location(file=target)
    kept = ""
    try:
        try:
            mode: int | None = os.stat(target).st_mode
        except FileNotFoundError:
            mode = None
        if _is_system_path(target) or (mode is not None and not stat.S_ISREG(mode)):
            _write_straight(target, data)
            return
        if mode is not None:
            kept = " (the old file is kept)"
        write_atomically(Path(os.path.realpath(target)), data)
    except IsADirectoryError:
        raise DataError(
            "is a directory, not a file: cannot write the report", where
        ) from None
    except UnicodeEncodeError as exc:
        raise DataError(
            f"the report holds text that cannot be written as UTF-8 ({exc.reason})",
            where,
        ) from None
    except BrokenPipeError:
        raise DataError(
            "cannot write the report: the reader closed the pipe", where
        ) from None
    except OSError as exc:
        raise DataError(
            f"cannot write the report: {_describe(exc)}{kept}", where
        ) from None
