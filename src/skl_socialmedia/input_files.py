"""Reading an input file (whole, or its first bytes), with the library's error."""

from __future__ import annotations

from pathlib import Path

from skl_socialmedia.errors import DataError, Location

__all__ = ["read_input"]


def read_input(path: str | Path, *, limit: int | None = None) -> bytes:
    """Return the bytes of the file at ``path`` (its first ``limit`` bytes, if given).

    A missing file is a :class:`~skl_socialmedia.errors.DataError` "file not
    found", any other failure "cannot read the file: <reason>", each naming
    the file.
    """
    file = str(path)
    try:
        if limit is None:
            return Path(path).read_bytes()
        with open(path, "rb") as handle:
            return handle.read(limit)
    except FileNotFoundError:
        raise DataError("file not found", Location(file=file)) from None
    except OSError as exc:
        raise DataError(
            f"cannot read the file: {exc.strerror or exc}", Location(file=file)
        ) from None
