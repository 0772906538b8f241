"""What a :class:`~skl_socialmedia.survey.Survey` shows of itself: counts, never arrays.

:func:`survey_repr` is the one line a console shows, :func:`survey_html` the
table a notebook shows: the rows and organisations, each wave with its rows,
the items (the first few, then "… N more"), each attribute with its values,
the design and the register. Both are computed from counts (``bincount`` over
the codes), so they are quick on a million rows, and every label from the
data is escaped (see :mod:`skl_socialmedia.notebook`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from skl_socialmedia import notebook
from skl_socialmedia.errors import printable
from skl_socialmedia.model.register import Register
from skl_socialmedia.notebook import first_names, html_table
from skl_socialmedia.survey.builder import SurveyParts
from skl_socialmedia.survey.design import Design

__all__ = ["survey_html", "survey_repr"]

#: How many names a list shows in the ``repr`` before "… N more".
_REPR_NAMES = 8
#: How many items, and values of an attribute, the HTML summary names.
_HTML_NAMES = 10


def _names(names: Sequence[str], limit: int) -> str:
    """Return a Python-looking list of the first ``limit`` names, "… N more" after."""
    shown = [repr(name) for name in names[:limit]]
    if len(names) > limit:
        shown.append(f"… {len(names) - limit} more")
    return "[" + ", ".join(shown) + "]"


def survey_repr(parts: SurveyParts, weighted: bool) -> str:
    """Return the one-line ``repr`` of a survey: rows, waves, items, attributes.

    Lists longer than a few names end in "… N more".
    """
    return printable(
        f"<Survey: {len(parts.wave)} rows, waves {_names(parts.waves, _REPR_NAMES)}, "
        f"{len(parts.items)} items, attributes "
        f"{_names(list(parts.attributes), _REPR_NAMES)}"
        f"{', weighted' if weighted else ''}>"
    )


def _design(design: Design, weighted: bool) -> str:
    """Return the design in words: weights, strata, population, variance."""
    parts = [f"weights {design.weight!r}" if weighted else "unweighted"]
    if design.strata is not None:
        parts.append(f"strata {design.strata!r}")
    population = design.population
    if isinstance(population, Mapping) and len(population) > _REPR_NAMES:
        parts.append(f"population of {len(population)} strata")
    elif population is not None:
        parts.append(f"population {population!r}")
    parts.append(f"variance {design.variance}")
    return ", ".join(parts)


def _attribute(parts: SurveyParts, name: str) -> str:
    """Return an attribute's values that occur, and how many rows miss it."""
    column = parts.attributes[name]
    codes = column.codes
    counts = np.bincount(codes[codes >= 0], minlength=len(column.labels))
    present = [str(column.labels[i]) for i in np.flatnonzero(counts).tolist()]
    text = f"{len(present)} values: {first_names(present, _HTML_NAMES)}"
    missing = int(np.count_nonzero(codes < 0))
    return text + (f" ({missing} rows missing)" if missing else "")


def survey_html(
    parts: SurveyParts,
    design: Design,
    weighted: bool,
    register: Register | None,
    description: str | None,
) -> str:
    """Return a survey's summary as an escaped HTML table, for notebooks.

    One row each for the rows, the organisations, every wave (with its rows;
    at most :data:`~skl_socialmedia.notebook.MAX_ROWS`), the items, every
    attribute (with its values), the design, the register and the
    description; long lists end in "… N more".
    """
    org = parts.org
    organisations = int(np.count_nonzero(np.bincount(org[org >= 0], minlength=1)))
    rows: list[list[str]] = [
        ["rows", str(len(parts.wave))],
        ["organisations", str(organisations)],
    ]
    per_wave = np.bincount(parts.wave, minlength=len(parts.waves)).tolist()
    limit = notebook.MAX_ROWS
    for wave, n in list(zip(parts.waves, per_wave, strict=True))[:limit]:
        rows.append([f"wave {wave}", f"{n} rows"])
    if len(parts.waves) > limit:
        rows.append(["", f"… {len(parts.waves) - limit} more waves"])
    rows.append([f"items ({len(parts.items)})", first_names(parts.items, _HTML_NAMES)])
    names = list(parts.attributes)
    for name in names[:limit]:
        rows.append([f"attribute {name}", _attribute(parts, name)])
    if len(names) > limit:
        rows.append(["", f"… {len(names) - limit} more attributes"])
    rows.append(["design", _design(design, weighted)])
    rows.append(["register", "none (any codes)" if register is None else register.name])
    if description:
        rows.append(["description", description])
    return html_table([], rows, caption="Survey", row_headers=True)
