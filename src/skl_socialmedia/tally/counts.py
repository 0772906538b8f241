"""The :class:`Counts` protocol: what the estimates read of a tally."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

__all__ = ["Counts"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


class Counts(Protocol):
    """What the estimates read: a tally's labels, counts and panel.

    Shapes as :class:`~skl_socialmedia.tally.model.Tally` documents them.
    An optional ``weight_scale`` (an int, default 0) says that the weighted
    sums are of the weights divided by ``2**weight_scale``, as a Tally's.
    """

    @property
    def waves(self) -> tuple[str, ...]: ...  # noqa: D102
    @property
    def groups(self) -> tuple[str, ...]: ...  # noqa: D102
    @property
    def items(self) -> tuple[str, ...]: ...  # noqa: D102
    @property
    def pairs(self) -> tuple[tuple[str, str], ...]: ...  # noqa: D102
    @property
    def grouping(self) -> str | None: ...  # noqa: D102
    @property
    def among(self) -> str | None: ...  # noqa: D102
    @property
    def respondents(self) -> Ints: ...  # noqa: D102
    @property
    def domain_rows(self) -> Ints: ...  # noqa: D102
    @property
    def yes(self) -> Ints: ...  # noqa: D102
    @property
    def base(self) -> Ints: ...  # noqa: D102
    @property
    def weighted(self) -> bool: ...  # noqa: D102
    @property
    def weighted_yes(self) -> Floats | None: ...  # noqa: D102
    @property
    def weighted_base(self) -> Floats | None: ...  # noqa: D102
    @property
    def squared_weights(self) -> Floats | None: ...  # noqa: D102
    @property
    def panel_cells(self) -> Ints: ...  # noqa: D102
    @property
    def panel_size_counts(self) -> Ints: ...  # noqa: D102
    @property
    def panel_cells_counted(self) -> Bools: ...  # noqa: D102
    @property
    def design_based(self) -> bool: ...  # noqa: D102
    @property
    def strata(self) -> tuple[str, ...]: ...  # noqa: D102
    @property
    def stratum_units(self) -> Ints: ...  # noqa: D102
    @property
    def population_sizes(self) -> Floats: ...  # noqa: D102
    @property
    def design_moments(self) -> Floats: ...  # noqa: D102
    @property
    def design_cross_moments(self) -> Floats: ...  # noqa: D102
