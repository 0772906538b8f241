"""A report's figures in tidy long form: the columns behind ``Report.to_pandas()``.

``"estimates"``: one row per report row and wave — the group and item with
their labels, the wave, the value as a fraction and in percent with its
interval, the base (its kind, its filter item and its size ``n``), the status
(estimated or published) and the published decimals. ``"changes"``: one row
per report row and change shown, in fractions and percentage points, with
the method, the construction, the p-value and the verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from skl_socialmedia.dataframes import flag_column, text_column
from skl_socialmedia.errors import InvalidArgumentError, UnknownNameError
from skl_socialmedia.model import items, organisations

__all__ = ["REPORT_TABLES", "ReportTable", "report_columns"]

#: The tables of a report: its estimates, or its changes.
ReportTable = Literal["estimates", "changes"]
REPORT_TABLES: tuple[ReportTable, ...] = ("estimates", "changes")

Array = npt.NDArray[Any]


def _floats(values: list[float | None]) -> Array:
    """Return numbers with ``None`` (no figure) as NaN."""
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _percent(values: list[float | None]) -> Array:
    result: Array = 100.0 * _floats(values)
    return result


def _labels(
    report: Any, lang: Literal["en", "sv"]
) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """Return the group and item labels of a report: its own (a table's), else ours."""
    groups = getattr(report, "group_labels", {}) or {}
    table_items = getattr(report, "item_labels", {}) or {}

    def group(key: str) -> str:
        found = groups.get(key)
        return (
            found.get(lang)
            if found is not None
            else organisations.group_label(key, lang)
        )

    def item(key: str) -> str:
        found = table_items.get(key)
        return found.get(lang) if found is not None else items.item_label(key, lang)

    return group, item


def _rows(
    records: Sequence[tuple[Any, Any]], report: Any, lang: Literal["en", "sv"]
) -> dict[str, Array]:
    """Return the columns naming each record's report row: its group and item."""
    group_label, item_label = _labels(report, lang)
    return {
        "group": text_column([r.group for r, _ in records]),
        "group_label": text_column([group_label(r.group) for r, _ in records]),
        "item": text_column([r.item for r, _ in records]),
        "item_label": text_column([item_label(r.item) for r, _ in records]),
    }


def _figures(figures: Sequence[Any], unit: str) -> dict[str, Array]:
    """Return value, low and high as fractions, and scaled by 100 as ``unit``."""
    values = [f.value for f in figures]
    lows = [f.low for f in figures]
    highs = [f.high for f in figures]
    return {
        "value": _floats(values),
        "low": _floats(lows),
        "high": _floats(highs),
        unit: _percent(values),
        f"low_{unit}": _percent(lows),
        f"high_{unit}": _percent(highs),
    }


def _bases(records: Sequence[tuple[Any, Any]]) -> dict[str, Array]:
    """Return whom each record's row's figures are shares of."""
    return {
        "base": text_column([r.base.kind for r, _ in records]),
        "among": text_column([r.among for r, _ in records]),
    }


def _estimates(report: Any, lang: Literal["en", "sv"]) -> dict[str, Array]:
    records = [(row, e) for row in report.rows for e in row.estimates]
    estimates = [e for _, e in records]
    return {
        **_rows(records, report, lang),
        "wave": text_column([e.wave for e in estimates]),
        **_figures(estimates, "percent"),
        "n": _floats([e.n for e in estimates]),
        "successes": _floats([e.successes for e in estimates]),
        "total": _floats([e.total for e in estimates]),
        "effective_n": _floats([e.effective_n for e in estimates]),
        "low_base": np.array([e.low_base for e in estimates], dtype=bool),
        "status": text_column([e.status.value for e in estimates]),
        "decimals": _floats([e.decimals for e in estimates]),
        **_bases(records),
    }


def _changes(report: Any, lang: Literal["en", "sv"]) -> dict[str, Array]:
    records = [(row, c) for row in report.rows for c in row.changes]
    changes = [c for _, c in records]
    return {
        **_rows(records, report, lang),
        "before_wave": text_column(
            [c.before_wave or report.before_wave for c in changes]
        ),
        "after_wave": text_column([c.after_wave or report.after_wave for c in changes]),
        **_figures(changes, "pp"),
        "p_value": _floats([c.p_value for c in changes]),
        "significant": flag_column([c.significant for c in changes]),
        "paired": flag_column([c.paired for c in changes]),
        "method": text_column([c.method for c in changes]),
        "construction": text_column([c.construction for c in changes]),
        "status": text_column([c.status.value for c in changes]),
        **_bases(records),
    }


def report_columns(
    report: Any, lang: str = "en", table: str = "estimates"
) -> dict[str, Array]:
    """Return the ``table`` (``"estimates"`` or ``"changes"``) of a report's figures."""
    if lang not in ("en", "sv"):
        raise UnknownNameError("language", lang, ("en", "sv"))
    if table not in REPORT_TABLES:
        raise InvalidArgumentError(
            f"table= must be one of {', '.join(REPORT_TABLES)}, not {table!r}"
        )
    language: Literal["en", "sv"] = "sv" if lang == "sv" else "en"
    if table == "estimates":
        return _estimates(report, language)
    return _changes(report, language)
