"""skl-socialmedia: analyse surveys of organisations' use of social media.

Rates, percentage-point deltas and confidence intervals over surveys of which
organisations use which social-media channels, for which purposes, and why the
others don't; data sources and output formats are pluggy plugins. The SKL /
TNS Sifo survey of Swedish municipalities and county councils, 2010 and 2012,
ships as the embedded default data.

Every public name is imported on first use (PEP 562): ``import skl_socialmedia``
loads only the version, and ``from skl_socialmedia import rate`` the statistics
alone, not the plugin machinery, the report or the embedded figures.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from skl_socialmedia._version import __version__

if TYPE_CHECKING:
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

#: Where each public name lives: imported from there on first use.
_LAZY: dict[str, str] = {
    "CHANNELS": "skl_socialmedia.model.vocabulary",
    "DELTA_METHODS": "skl_socialmedia.statistics",
    "PAIRED_METHODS": "skl_socialmedia.statistics",
    "PURPOSES": "skl_socialmedia.model.vocabulary",
    "RATE_METHODS": "skl_socialmedia.statistics",
    "REASONS": "skl_socialmedia.model.vocabulary",
    "Change": "skl_socialmedia.report",
    "Channel": "skl_socialmedia.model.vocabulary",
    "CountFit": "skl_socialmedia.statistics",
    "CountSpec": "skl_socialmedia.tally.spec",
    "County": "skl_socialmedia.model.register",
    "DataError": "skl_socialmedia.errors",
    "DataErrorGroup": "skl_socialmedia.errors",
    "DataSource": "skl_socialmedia.plugins",
    "Delta": "skl_socialmedia.statistics",
    "DeltaArray": "skl_socialmedia.statistics",
    "DeltaMethod": "skl_socialmedia.statistics",
    "DeltaTable": "skl_socialmedia.tally.tables",
    "Design": "skl_socialmedia.survey.design",
    "Estimate": "skl_socialmedia.report",
    "EstimateOptions": "skl_socialmedia.tally.estimates",
    "InvalidArgumentError": "skl_socialmedia.errors",
    "Location": "skl_socialmedia.errors",
    "LowBaseFlags": "skl_socialmedia.statistics",
    "LowBaseFlagsArray": "skl_socialmedia.statistics",
    "MissingExtraError": "skl_socialmedia.errors",
    "NonUseReason": "skl_socialmedia.model.vocabulary",
    "OrgKind": "skl_socialmedia.model.organisations",
    "Organisation": "skl_socialmedia.model.organisations",
    "OutputFormat": "skl_socialmedia.plugins",
    "PairedMethod": "skl_socialmedia.statistics",
    "PluginError": "skl_socialmedia.errors",
    "Problems": "skl_socialmedia.problems",
    "PublishedFigure": "skl_socialmedia.published.figures",
    "PublishedFigures": "skl_socialmedia.published.figures",
    "Purpose": "skl_socialmedia.model.vocabulary",
    "Rate": "skl_socialmedia.statistics",
    "RateArray": "skl_socialmedia.statistics",
    "RateMethod": "skl_socialmedia.statistics",
    "RateTable": "skl_socialmedia.tally.tables",
    "Register": "skl_socialmedia.model.register",
    "RelativeChange": "skl_socialmedia.statistics",
    "Report": "skl_socialmedia.report",
    "ReportRow": "skl_socialmedia.report",
    "Response": "skl_socialmedia.model.waves",
    "SklSocialMediaError": "skl_socialmedia.errors",
    "Statement": "skl_socialmedia.published.figures",
    "Status": "skl_socialmedia.report",
    "Survey": "skl_socialmedia.survey.model",
    "Tally": "skl_socialmedia.tally.model",
    "Text": "skl_socialmedia.model.localized",
    "UnknownNameError": "skl_socialmedia.errors",
    "UsageError": "skl_socialmedia.errors",
    "Vocabulary": "skl_socialmedia.model.vocabulary",
    "Wave": "skl_socialmedia.model.waves",
    "combine": "skl_socialmedia.statistics",
    "combine_array": "skl_socialmedia.statistics",
    "design_rate": "skl_socialmedia.statistics",
    "design_rate_array": "skl_socialmedia.statistics",
    "difference_interval": "skl_socialmedia.statistics",
    "embedded_figures": "skl_socialmedia.published.figures",
    "get_plugin_manager": "skl_socialmedia.plugins",
    "get_register": "skl_socialmedia.model.register",
    "hookimpl": "skl_socialmedia.plugins",
    "load": "skl_socialmedia.plugins.dispatch",
    "low_base_flags": "skl_socialmedia.statistics",
    "low_base_flags_array": "skl_socialmedia.statistics",
    "matching_counts": "skl_socialmedia.statistics",
    "normal_quantile": "skl_socialmedia.statistics",
    "paired_difference_interval": "skl_socialmedia.statistics",
    "paired_pp_delta": "skl_socialmedia.statistics",
    "paired_pp_delta_array": "skl_socialmedia.statistics",
    "plot": "skl_socialmedia.plotting",
    "pp_delta": "skl_socialmedia.statistics",
    "pp_delta_array": "skl_socialmedia.statistics",
    "proportion_interval": "skl_socialmedia.statistics",
    "rate": "skl_socialmedia.statistics",
    "rate_array": "skl_socialmedia.statistics",
    "read_published": "skl_socialmedia.published.figures",
    "relative_change": "skl_socialmedia.statistics",
    "relative_change_array": "skl_socialmedia.statistics",
    "render": "skl_socialmedia.plugins.dispatch",
    "report_from_published": "skl_socialmedia.report.from_published",
    "report_from_survey": "skl_socialmedia.report.from_survey",
    "report_from_tally": "skl_socialmedia.report.from_tally",
    "round_half_up": "skl_socialmedia.statistics",
    "stratified_value": "skl_socialmedia.statistics",
    "swedish_register": "skl_socialmedia.model.register",
    "t_quantile": "skl_socialmedia.statistics",
    "weighted_rate": "skl_socialmedia.statistics",
    "weighted_rate_array": "skl_socialmedia.statistics",
}


def __getattr__(name: str) -> object:
    """Import a public name (or a subpackage) on first use (PEP 562)."""
    home = _LAZY.get(name)
    if home is None:
        if name.startswith("__"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        try:  # a subpackage or module, e.g. skl_socialmedia.statistics
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(
                f"module {__name__!r} has no attribute {name!r}"
            ) from None
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Every public name, imported or not, and the module's own attributes."""
    return sorted(set(globals()) | set(__all__))
