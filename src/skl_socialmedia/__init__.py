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
from skl_socialmedia.model.localized import Text
from skl_socialmedia.model.organisations import Organisation, OrgKind
from skl_socialmedia.model.register import (
    County,
    Register,
    get_register,
    swedish_register,
)
from skl_socialmedia.model.vocabulary import (
    CHANNELS,
    PURPOSES,
    REASONS,
    Channel,
    NonUseReason,
    Purpose,
    Vocabulary,
)
from skl_socialmedia.model.waves import Response, Wave
from skl_socialmedia.plotting import plot
from skl_socialmedia.plugins import (
    DataSource,
    OutputFormat,
    get_plugin_manager,
    hookimpl,
)
from skl_socialmedia.plugins.dispatch import load, render
from skl_socialmedia.problems import Problems
from skl_socialmedia.published.figures import (
    PublishedFigure,
    PublishedFigures,
    Statement,
    embedded_figures,
    read_published,
)
from skl_socialmedia.report import (
    Change,
    Estimate,
    Report,
    ReportRow,
    Status,
)
from skl_socialmedia.report.from_published import report_from_published
from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.report.from_tally import report_from_tally
from skl_socialmedia.statistics import (
    DELTA_METHODS,
    PAIRED_METHODS,
    RATE_METHODS,
    CountFit,
    Delta,
    DeltaArray,
    DeltaMethod,
    LowBaseFlags,
    LowBaseFlagsArray,
    PairedMethod,
    Rate,
    RateArray,
    RateMethod,
    RelativeChange,
    combine,
    combine_array,
    design_rate,
    design_rate_array,
    difference_interval,
    low_base_flags,
    low_base_flags_array,
    matching_counts,
    normal_quantile,
    paired_difference_interval,
    paired_pp_delta,
    paired_pp_delta_array,
    pp_delta,
    pp_delta_array,
    proportion_interval,
    rate,
    rate_array,
    relative_change,
    relative_change_array,
    round_half_up,
    stratified_value,
    t_quantile,
    weighted_rate,
    weighted_rate_array,
)
from skl_socialmedia.survey.design import Design
from skl_socialmedia.survey.model import Survey
from skl_socialmedia.tally.estimates import EstimateOptions
from skl_socialmedia.tally.model import Tally
from skl_socialmedia.tally.spec import CountSpec
from skl_socialmedia.tally.tables import DeltaTable, RateTable

__all__ = [
    "CHANNELS",
    "DELTA_METHODS",
    "PAIRED_METHODS",
    "PURPOSES",
    "RATE_METHODS",
    "REASONS",
    "Change",
    "Channel",
    "CountFit",
    "CountSpec",
    "County",
    "DataError",
    "DataErrorGroup",
    "DataSource",
    "Delta",
    "DeltaArray",
    "DeltaMethod",
    "DeltaTable",
    "Design",
    "Estimate",
    "EstimateOptions",
    "InvalidArgumentError",
    "Location",
    "LowBaseFlags",
    "LowBaseFlagsArray",
    "MissingExtraError",
    "NonUseReason",
    "OrgKind",
    "Organisation",
    "OutputFormat",
    "PairedMethod",
    "PluginError",
    "Problems",
    "PublishedFigure",
    "PublishedFigures",
    "Purpose",
    "Rate",
    "RateArray",
    "RateMethod",
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
    "design_rate",
    "design_rate_array",
    "difference_interval",
    "embedded_figures",
    "get_plugin_manager",
    "get_register",
    "hookimpl",
    "load",
    "low_base_flags",
    "low_base_flags_array",
    "matching_counts",
    "normal_quantile",
    "paired_difference_interval",
    "paired_pp_delta",
    "paired_pp_delta_array",
    "plot",
    "pp_delta",
    "pp_delta_array",
    "proportion_interval",
    "rate",
    "rate_array",
    "read_published",
    "relative_change",
    "relative_change_array",
    "render",
    "report_from_published",
    "report_from_survey",
    "report_from_tally",
    "round_half_up",
    "stratified_value",
    "swedish_register",
    "t_quantile",
    "weighted_rate",
    "weighted_rate_array",
]
