"""The synthetic example survey shipped in the package (``--source example``).

A panel of the 290 Swedish municipalities and 20 county councils in 2010 and
2012, in the canonical microdata CSV layout, generated with a fixed seed and
calibrated to the published SKL / TNS Sifo figures. It is **synthetic data**,
not real survey responses: its description, which every report carries on its
source line, says so. It lets someone who installed the package from PyPI try
the microdata path without a file of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from skl_socialmedia.sources.microdata.canonical_csv import read_csv
from skl_socialmedia.sources.microdata.csv_options import check_options
from skl_socialmedia.survey.model import Survey

__all__ = ["EXAMPLE_FILE", "ExampleSource", "example_path", "example_survey"]

#: The file's name inside the package's ``data/example`` folder.
EXAMPLE_FILE = "synthetic_panel.csv"


@contextmanager
def example_path() -> Iterator[Path]:
    """Yield a filesystem path of the example CSV (a temporary copy if zipped)."""
    packaged = resources.files("skl_socialmedia") / "data" / "example"
    with resources.as_file(packaged.joinpath(EXAMPLE_FILE)) as path:
        yield path


def example_survey(**options: Any) -> Survey:
    """Return the synthetic example survey (2010 and 2012) as a :class:`Survey`.

    ``options`` are those of the CSV source (``items``, ``waves``,
    ``register`` …; see
    :func:`~skl_socialmedia.sources.microdata.canonical_csv.read_csv`). The
    survey's :attr:`~Survey.description` says the data are synthetic, and
    every report made from it carries that on its source line (the HTML
    page also under its title).
    """
    given = check_options(ExampleSource.name, options)
    with example_path() as path:
        return read_csv(path, **given)


class ExampleSource:
    """Data source of the synthetic example survey (``--source example``).

    Takes the options of the CSV source; see :func:`example_survey`.
    """

    name: ClassVar[str] = "example"
    schemes: ClassVar[tuple[str, ...]] = ()
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = (
        "SYNTHETIC example microdata: 290 municipalities and 20 county councils, "
        "2010 and 2012"
    )

    def load(self, location: str, **options: Any) -> Survey:
        """Return the example survey (``location`` is the name, ``example``)."""
        return example_survey(**options)
