"""The cube sources: ``jsonstat``, ``px`` and ``sdmx-csv``, with content sniffing.

Each reads its file into a
:class:`~skl_socialmedia.published.cube.PublishedCube` and returns
:class:`~skl_socialmedia.published.figures.PublishedFigures` — or a
:class:`~skl_socialmedia.tally.model.Tally` with ``base=ITEM`` (see
:mod:`skl_socialmedia.sources.cubes.common` for the options). ``.json``
files are JSON-stat when their content says so (else the JSON microdata
source reads them), and ``.csv`` files SDMX-CSV when their first column is
``DATAFLOW`` or ``STRUCTURE`` (else the canonical CSV source reads them):
the sources' ``sniff`` methods tell them apart
(:mod:`skl_socialmedia.plugins.sniffing`). ``takes_mapping`` tells the
command line to pass ``--by`` and ``--items`` on as the options ``by`` and
``items`` (dimensions and items picked by name).
"""

from __future__ import annotations

from typing import Any, ClassVar

from skl_socialmedia.published.figures import PublishedFigures
from skl_socialmedia.sources.cubes.common import cube_result, split_options
from skl_socialmedia.sources.cubes.jsonstat import is_jsonstat, read_jsonstat
from skl_socialmedia.sources.cubes.px import read_px
from skl_socialmedia.sources.cubes.sdmx_csv import is_sdmx_csv, read_sdmx_csv
from skl_socialmedia.tally.model import Tally

__all__ = ["JsonStatSource", "PxSource", "SdmxCsvSource"]


def _path(location: str, scheme: str) -> str:
    return location.removeprefix(f"{scheme}://")


class JsonStatSource:
    """JSON-stat 1.x and 2.0 (``.jsonstat``; ``.json`` by content; ``jsonstat://``).

    Options: ``encoding``, ``dataset`` (of a bundle) and the mapping options
    ``wave``, ``item``, ``items``, ``by``, ``fixed``, ``base``, ``unit``,
    ``lang``.
    """

    name: ClassVar[str] = "jsonstat"
    schemes: ClassVar[tuple[str, ...]] = ("jsonstat",)
    suffixes: ClassVar[tuple[str, ...]] = (".jsonstat", ".json")
    description: ClassVar[str] = "published tables in JSON-stat 1.x or 2.0"
    takes_mapping: ClassVar[bool] = True
    sniffs: ClassVar[str] = ".json whose content is JSON-stat (class, version)"

    @staticmethod
    def sniff(location: str) -> bool:
        """Whether ``location`` is JSON-stat: a ``.jsonstat`` file, or by content."""
        path = _path(location, "jsonstat")
        return path.lower().endswith(".jsonstat") or is_jsonstat(path)

    def load(self, location: str, **options: Any) -> PublishedFigures | Tally:
        """Read the JSON-stat file at ``location``."""
        reader, mapping = split_options(self.name, options, ("encoding", "dataset"))
        cube = read_jsonstat(_path(location, "jsonstat"), **reader)
        return cube_result(cube, mapping)


class PxSource:
    """PC-Axis files (``.px``, ``px://``), e.g. from Statistics Sweden's PxWeb.

    Options: ``encoding`` (default: as the file's ``CODEPAGE``/``CHARSET``
    says) and the mapping options.
    """

    name: ClassVar[str] = "px"
    schemes: ClassVar[tuple[str, ...]] = ("px",)
    suffixes: ClassVar[tuple[str, ...]] = (".px",)
    description: ClassVar[str] = "published tables in PC-Axis (PX) files"
    takes_mapping: ClassVar[bool] = True

    def load(self, location: str, **options: Any) -> PublishedFigures | Tally:
        """Read the PX file at ``location``."""
        reader, mapping = split_options(self.name, options, ("encoding",))
        return cube_result(read_px(_path(location, "px"), **reader), mapping)


class SdmxCsvSource:
    """SDMX-CSV 1.0 and 2.0 (``.sdmx.csv``; ``.csv`` by content; ``sdmx-csv://``).

    Options: ``encoding``, ``dataflow`` (of a file holding several) and the
    mapping options.
    """

    name: ClassVar[str] = "sdmx-csv"
    schemes: ClassVar[tuple[str, ...]] = ("sdmx-csv",)
    suffixes: ClassVar[tuple[str, ...]] = (".sdmx.csv", ".csv")
    description: ClassVar[str] = "published tables in SDMX-CSV 1.0 or 2.0"
    takes_mapping: ClassVar[bool] = True
    sniffs: ClassVar[str] = ".csv whose first column is DATAFLOW or STRUCTURE"

    @staticmethod
    def sniff(location: str) -> bool:
        """Whether ``location`` is SDMX-CSV, by its header."""
        return is_sdmx_csv(_path(location, "sdmx-csv"))

    def load(self, location: str, **options: Any) -> PublishedFigures | Tally:
        """Read the SDMX-CSV file at ``location``."""
        reader, mapping = split_options(self.name, options, ("encoding", "dataflow"))
        cube = read_sdmx_csv(_path(location, "sdmx-csv"), **reader)
        return cube_result(cube, mapping)
