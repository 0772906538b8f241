"""Reading an input file whole, with the library's error when it cannot be read."""

from __future__ import annotations

from pathlib import Path

from skl_socialmedia.errors import DataError, Location

__all__ = ["read_input"]


def read_input(path: str | Path) -> bytes:
    """Return the bytes of the file at ``path``.

    A missing file is a :class:`~skl_socialmedia.errors.DataError` "file not
    found", any other failure "cannot read the file: <reason>", each naming
    the file.
    """
    file = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", Location(file=file)) from None
    except OSError as exc:
        raise DataError(
            f"cannot read the file: {exc.strerror or exc}", Location(file=file)
        ) from None
