"""Reports: the tables a person reads, from published figures, counts or microdata.

:func:`~skl_socialmedia.report.from_published.report_from_published`,
:func:`~skl_socialmedia.report.from_tally.report_from_tally` and
:func:`~skl_socialmedia.report.from_survey.report_from_survey` build a
:class:`Report`; output formats render it.
"""

from __future__ import annotations

from skl_socialmedia.report.model import (
    Change,
    Estimate,
    Report,
    ReportRow,
    Status,
    Text,
)

__all__ = ["Change", "Estimate", "Report", "ReportRow", "Status", "Text"]
