"""skl-socialmedia: analyse surveys of organisations' use of social media.

Rates, percentage-point deltas and confidence intervals over surveys of which
organisations use which social-media channels, for which purposes, and why the
others don't; data sources and output formats are pluggy plugins. The SKL /
TNS Sifo survey of Swedish municipalities and county councils, 2010 and 2012,
ships as the embedded default data.
"""

from __future__ import annotations

from skl_socialmedia._version import __version__
from skl_socialmedia.errors import (
    DataError,
    DataErrorGroup,
    InvalidArgumentError,
    Location,
    MissingExtraError,
    PluginError,
    SklSocialMediaError,
    UnknownNameError,
    UsageError,
)
from skl_socialmedia.localized import Text
from skl_socialmedia.organisations import Organisation, OrgKind
from skl_socialmedia.plugins import (
    DataSource,
    OutputFormat,
    get_plugin_manager,
    hookimpl,
)
from skl_socialmedia.plugins.dispatch import load, render
from skl_socialmedia.published import (
    PublishedFigure,
    PublishedFigures,
    Statement,
    embedded_figures,
    read_published,
)
from skl_socialmedia.register import County, Register, get_register, swedish_register
from skl_socialmedia.report import (
    Change,
    Estimate,
    Report,
    ReportRow,
    Status,
)
from skl_socialmedia.report.microdata import report_from_survey
from skl_socialmedia.report.published import report_from_published
from skl_socialmedia.statistics import (
    CountFit,
    Delta,
    DeltaArray,
    LowBaseFlags,
    Rate,
    RateArray,
    RelativeChange,
    combine,
    combine_array,
    matching_counts,
    paired_pp_delta,
    paired_pp_delta_array,
    pp_delta,
    pp_delta_array,
    rate,
    rate_array,
    relative_change,
    relative_change_array,
    round_half_up,
    weighted_rate,
    weighted_rate_array,
)
from skl_socialmedia.survey import Survey
from skl_socialmedia.tables import DeltaTable, RateTable
from skl_socialmedia.tally import Tally
from skl_socialmedia.vocabulary import (
    CHANNELS,
    PURPOSES,
    REASONS,
    Channel,
    NonUseReason,
    Purpose,
    Vocabulary,
)
from skl_socialmedia.waves import Response, Wave

__all__ = [
    "CHANNELS",
    "PURPOSES",
    "REASONS",
    "Change",
    "Channel",
    "CountFit",
    "County",
    "DataError",
    "DataErrorGroup",
    "DataSource",
    "Delta",
    "DeltaArray",
    "DeltaTable",
    "Estimate",
    "InvalidArgumentError",
    "Location",
    "LowBaseFlags",
    "MissingExtraError",
    "NonUseReason",
    "OrgKind",
    "Organisation",
    "OutputFormat",
    "PluginError",
    "PublishedFigure",
    "PublishedFigures",
    "Purpose",
    "Rate",
    "RateArray",
    "RateTable",
    "Register",
    "RelativeChange",
    "Report",
    "ReportRow",
    "Response",
    "SklSocialMediaError",
    "Statement",
    "Status",
    "Survey",
    "Tally",
    "Text",
    "UnknownNameError",
    "UsageError",
    "Vocabulary",
    "Wave",
    "__version__",
    "combine",
    "combine_array",
    "embedded_figures",
    "get_plugin_manager",
    "get_register",
    "hookimpl",
    "load",
    "matching_counts",
    "paired_pp_delta",
    "paired_pp_delta_array",
    "pp_delta",
    "pp_delta_array",
    "rate",
    "rate_array",
    "read_published",
    "relative_change",
    "relative_change_array",
    "render",
    "report_from_published",
    "report_from_survey",
    "round_half_up",
    "swedish_register",
    "weighted_rate",
    "weighted_rate_array",
]
