"""Statistics on counts: rates, intervals and percentage-point deltas.

Pure, vectorised numpy functions; no I/O (scipy, the ``exact`` extra, only for
beta and Student's t quantiles).  Every function that takes counts has
an ``*_array`` form for numpy arrays; the scalar forms are thin wrappers,
except that :func:`rate`, :func:`pp_delta` and :func:`paired_pp_delta` compute
the closed-form methods on Python floats (the same formulas, written once over
a namespace: numpy or ``math``) and leave everything else to the array form.  All
proportions are fractions in [0, 1]; deltas are fractions in [−1, 1].  See
``docs/statistics.md`` for the formulas, the choice of method and the sources.

Each name but :func:`combine` is imported on first use (PEP 562): ``from
skl_socialmedia.statistics import rate`` loads the rates, changes and their
intervals, not the design-based, weighted, granularity or flag modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skl_socialmedia._lazy import lazy_attributes

# ``combine`` is also the name of its module: imported lazily, the function
# would lose its name to the module as soon as anything imported
# ``skl_socialmedia.statistics.combine`` (the import system binds a package's
# submodules on it), so it is imported here, after its module.  That module
# imports numpy only inside its functions: the report on published figures
# (``stratified_value`` of Python floats) starts without numpy.
from skl_socialmedia.statistics.combine import combine

if TYPE_CHECKING:
    from skl_socialmedia.statistics._normal import erfc, two_sided_p_value
    from skl_socialmedia.statistics._quantiles import normal_quantile, t_quantile
    from skl_socialmedia.statistics._types import (
        DELTA_METHODS,
        PAIRED_METHODS,
        RATE_METHODS,
        DeltaMethod,
        PairedMethod,
        RateMethod,
    )
    from skl_socialmedia.statistics.change import (
        RelativeChange,
        relative_change,
        relative_change_array,
    )
    from skl_socialmedia.statistics.combine import combine_array, stratified_value
    from skl_socialmedia.statistics.deltas import (
        Delta,
        DeltaArray,
        pp_delta,
        pp_delta_array,
    )
    from skl_socialmedia.statistics.design_rates import design_rate, design_rate_array
    from skl_socialmedia.statistics.difference_intervals import difference_interval
    from skl_socialmedia.statistics.flags import (
        LowBaseFlags,
        LowBaseFlagsArray,
        low_base_flags,
        low_base_flags_array,
    )
    from skl_socialmedia.statistics.granularity import CountFit, matching_counts
    from skl_socialmedia.statistics.intervals import proportion_interval
    from skl_socialmedia.statistics.linearised import linearised_ratio, stratum_factors
    from skl_socialmedia.statistics.paired import paired_pp_delta, paired_pp_delta_array
    from skl_socialmedia.statistics.paired_intervals import paired_difference_interval
    from skl_socialmedia.statistics.rates import (
        Rate,
        RateArray,
        finite_population_effective_n,
        kish_effective_n,
        rate,
        rate_array,
    )
    from skl_socialmedia.statistics.rounding import round_half_up
    from skl_socialmedia.statistics.significance import (
        excludes_zero,
        mcnemar_p_value,
        two_proportion_p_value,
    )
    from skl_socialmedia.statistics.weighted_rates import (
        weighted_rate,
        weighted_rate_array,
    )

__all__ = [
    "DELTA_METHODS",
    "PAIRED_METHODS",
    "RATE_METHODS",
    "CountFit",
    "Delta",
    "DeltaArray",
    "DeltaMethod",
    "LowBaseFlags",
    "LowBaseFlagsArray",
    "PairedMethod",
    "Rate",
    "RateArray",
    "RateMethod",
    "RelativeChange",
    "combine",
    "combine_array",
    "design_rate",
    "design_rate_array",
    "difference_interval",
    "erfc",
    "excludes_zero",
    "finite_population_effective_n",
    "kish_effective_n",
    "linearised_ratio",
    "low_base_flags",
    "low_base_flags_array",
    "matching_counts",
    "mcnemar_p_value",
    "normal_quantile",
    "paired_difference_interval",
    "paired_pp_delta",
    "paired_pp_delta_array",
    "pp_delta",
    "pp_delta_array",
    "proportion_interval",
    "rate",
    "rate_array",
    "relative_change",
    "relative_change_array",
    "round_half_up",
    "stratified_value",
    "stratum_factors",
    "t_quantile",
    "two_proportion_p_value",
    "two_sided_p_value",
    "weighted_rate",
    "weighted_rate_array",
]

#: The module of each public name: imported from there on first use.
_LAZY: dict[str, str] = {
    "DELTA_METHODS": "skl_socialmedia.statistics._types",
    "PAIRED_METHODS": "skl_socialmedia.statistics._types",
    "RATE_METHODS": "skl_socialmedia.statistics._types",
    "CountFit": "skl_socialmedia.statistics.granularity",
    "Delta": "skl_socialmedia.statistics.deltas",
    "DeltaArray": "skl_socialmedia.statistics.deltas",
    "DeltaMethod": "skl_socialmedia.statistics._types",
    "LowBaseFlags": "skl_socialmedia.statistics.flags",
    "LowBaseFlagsArray": "skl_socialmedia.statistics.flags",
    "PairedMethod": "skl_socialmedia.statistics._types",
    "Rate": "skl_socialmedia.statistics.rates",
    "RateArray": "skl_socialmedia.statistics.rates",
    "RateMethod": "skl_socialmedia.statistics._types",
    "RelativeChange": "skl_socialmedia.statistics.change",
    "combine_array": "skl_socialmedia.statistics.combine",
    "design_rate": "skl_socialmedia.statistics.design_rates",
    "design_rate_array": "skl_socialmedia.statistics.design_rates",
    "difference_interval": "skl_socialmedia.statistics.difference_intervals",
    "erfc": "skl_socialmedia.statistics._normal",
    "excludes_zero": "skl_socialmedia.statistics.significance",
    "finite_population_effective_n": "skl_socialmedia.statistics.rates",
    "kish_effective_n": "skl_socialmedia.statistics.rates",
    "linearised_ratio": "skl_socialmedia.statistics.linearised",
    "low_base_flags": "skl_socialmedia.statistics.flags",
    "low_base_flags_array": "skl_socialmedia.statistics.flags",
    "matching_counts": "skl_socialmedia.statistics.granularity",
    "mcnemar_p_value": "skl_socialmedia.statistics.significance",
    "normal_quantile": "skl_socialmedia.statistics._quantiles",
    "paired_difference_interval": "skl_socialmedia.statistics.paired_intervals",
    "paired_pp_delta": "skl_socialmedia.statistics.paired",
    "paired_pp_delta_array": "skl_socialmedia.statistics.paired",
    "pp_delta": "skl_socialmedia.statistics.deltas",
    "pp_delta_array": "skl_socialmedia.statistics.deltas",
    "proportion_interval": "skl_socialmedia.statistics.intervals",
    "rate": "skl_socialmedia.statistics.rates",
    "rate_array": "skl_socialmedia.statistics.rates",
    "relative_change": "skl_socialmedia.statistics.change",
    "relative_change_array": "skl_socialmedia.statistics.change",
    "round_half_up": "skl_socialmedia.statistics.rounding",
    "stratified_value": "skl_socialmedia.statistics.combine",
    "stratum_factors": "skl_socialmedia.statistics.linearised",
    "t_quantile": "skl_socialmedia.statistics._quantiles",
    "two_proportion_p_value": "skl_socialmedia.statistics.significance",
    "two_sided_p_value": "skl_socialmedia.statistics._normal",
    "weighted_rate": "skl_socialmedia.statistics.weighted_rates",
    "weighted_rate_array": "skl_socialmedia.statistics.weighted_rates",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__, globals())
