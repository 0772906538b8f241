"""Statistics on counts: rates, intervals and percentage-point deltas.

Pure, vectorised numpy functions; no I/O (scipy, the ``exact`` extra, only for
beta and Student's t quantiles).  Every function that takes counts has
an ``*_array`` form for numpy arrays; the scalar forms are thin wrappers.  All
proportions are fractions in [0, 1]; deltas are fractions in [−1, 1].  See
``docs/statistics.md`` for the formulas, the choice of method and the sources.
"""

from __future__ import annotations

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
from skl_socialmedia.statistics.combine import (
    combine,
    combine_array,
    stratified_value,
)
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
from skl_socialmedia.statistics.weighted_rates import weighted_rate, weighted_rate_array

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
