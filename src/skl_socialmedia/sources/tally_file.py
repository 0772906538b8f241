"""A tally file as a data source: sufficient statistics instead of microdata.

:class:`TallySource` reads a :class:`~skl_socialmedia.tally.model.Tally`
written by :meth:`~skl_socialmedia.tally.model.Tally.write_parquet` or
:meth:`~skl_socialmedia.tally.model.Tally.write_json`: files named
``*.tally.parquet`` or ``*.tally.json``, any file as ``tally://PATH``, and
``.parquet`` and ``.json`` files that are tally files by their content
(:func:`is_tally_file`, the source's ``sniff``): other such files go to the
suffix's microdata source. Read as a tally, a Parquet file without the
``skl_socialmedia.tally`` marker in its metadata, or a JSON file without the
tally ``schema``, is an error naming the file.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from skl_socialmedia.errors import DataError, Location, UsageError
from skl_socialmedia.tally.model import Tally

__all__ = ["TallySource", "is_tally_file", "read_tally"]

_PARQUET_MAGIC = b"PAR1"
#: How much of a file is read to tell a tally file.
_HEAD = 4096
_SCHEMA = re.compile(r'^\ufeff?\s*\{\s*"schema"\s*:\s*"skl-socialmedia/tally/')


def is_tally_file(path: str) -> bool:
    """Whether ``path`` is a tally file: Parquet with the marker, or tally JSON.

    Parquet files are told by the ``skl_socialmedia.tally`` key of their
    metadata (which needs the ``arrow`` extra), JSON files by a ``schema`` of
    ``skl-socialmedia/tally/…`` near their start. Anything unreadable is not.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
    except (OSError, ValueError):
        return False
    if head.startswith(_PARQUET_MAGIC):
        from skl_socialmedia.tally.parquet_file import is_tally_parquet

        return is_tally_parquet(path)
    text = head.decode("utf-8", errors="replace")
    return _SCHEMA.search(text) is not None


def read_tally(path: str) -> Tally:
    """Read the tally file at ``path``, Parquet or JSON by its first bytes."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except FileNotFoundError:
        raise DataError("no such file", Location(file=path)) from None
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc}", Location(file=path)) from None
    if head == _PARQUET_MAGIC:
        return Tally.read_parquet(path)
    return Tally.read_json(path)


class TallySource:
    """Data source for tally files (``.tally.parquet``, ``.tally.json``, ``tally://``).

    Takes no options but ``register``, which it ignores (counts carry no
    organisation codes to check). Parquet needs the ``arrow`` extra.
    """

    name: ClassVar[str] = "tally"
    schemes: ClassVar[tuple[str, ...]] = ("tally",)
    suffixes: ClassVar[tuple[str, ...]] = (
        ".tally.parquet",
        ".tally.json",
        ".parquet",
        ".json",
    )
    description: ClassVar[str] = (
        "counts: a tally written by Tally.write_parquet or Tally.write_json"
    )
    sniffs: ClassVar[str] = (
        "Parquet with the skl_socialmedia.tally marker, JSON with the tally schema"
    )

    @staticmethod
    def sniff(location: str) -> bool:
        """Whether ``location`` is a tally file (by its content, not its name)."""
        return is_tally_file(location)

    def load(self, location: str, **options: Any) -> Tally:
        """Read the tally file at ``location`` (a path or ``tally://path``)."""
        unknown = sorted(set(options) - {"register"})
        if unknown:
            raise UsageError(
                f"the tally source takes no option {', '.join(unknown)}; "
                "it takes only register (and ignores it: a tally has no codes)"
            )
        return read_tally(location.removeprefix("tally://"))
