"""Reports: the tables a person reads, built from published figures or microdata."""

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
