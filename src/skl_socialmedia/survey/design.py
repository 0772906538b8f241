"""The sampling design of a survey: weights, strata and population sizes.

Organisations are the sampling units (R ``survey``'s ``ids=~org_code``): the
rows of one organisation in different waves belong to one unit, which is what
makes a panel's changes precise. A design with weights, strata or a
population is estimated by Taylor linearisation, as R's ``svymean`` does; a
design with none of them is simple random sampling from an infinite
population (binomial intervals on the counts).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

import attrs

from skl_socialmedia.errors import InvalidArgumentError

__all__ = ["VARIANCES", "Design", "Variance"]

#: How a rate's variance is estimated: ``"auto"`` linearises a design with
#: weights, strata or a population and keeps the binomial variance of the
#: counts for one without; ``"linearised"`` always linearises (R's
#: ``svydesign(ids=~org_code)`` even for simple random sampling); ``"kish"``
#: gives weighted rates Kish's effective sample size.
Variance = Literal["auto", "linearised", "kish"]
VARIANCES: tuple[Variance, ...] = ("auto", "linearised", "kish")

Population = int | float | Mapping[str, float] | str | None


def _population(value: Population) -> Population:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        sizes = {str(k): float(v) for k, v in value.items()}
        for stratum, size in sizes.items():
            _check_size(size, f"population of stratum {stratum!r}")
        return sizes
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidArgumentError(
            "population must be a number, a mapping stratum → number or the name "
            f"of a column, not {value!r}"
        )
    _check_size(float(value), "population")
    return value


def _check_size(size: float, what: str) -> None:
    if not (math.isfinite(size) and size > 0):
        raise InvalidArgumentError(f"{what} must be a positive number, not {size!r}")


@attrs.frozen
class Design:
    """A survey's sampling design (R: ``svydesign(ids=~org_code, …)``).

    - ``weight``: the column of sampling weights (R ``weights=``), or ``None``;
    - ``strata``: the column whose values are the strata (R ``strata=``), e.g.
      ``"org_kind"``; an organisation is in one stratum in every wave;
    - ``population``: the number of organisations in the population, for the
      finite population correction (R ``fpc=``): a number (one stratum), a
      mapping stratum → number, or the name of a column holding each row's
      stratum size;
    - ``variance``: see :data:`Variance` — by default ``"auto"``: R's
      linearised variance for a design with weights, strata or a population,
      the binomial one of the counts for simple random sampling.
    """

    weight: str | None = None
    strata: str | None = None
    population: Population = attrs.field(default=None, converter=_population)
    variance: Variance = "auto"

    def __attrs_post_init__(self) -> None:
        if self.variance not in VARIANCES:
            raise InvalidArgumentError(
                f"variance must be one of {', '.join(VARIANCES)}, not {self.variance!r}"
            )
        if self.variance == "kish" and (
            self.strata is not None or self.population is not None
        ):
            raise InvalidArgumentError(
                "variance='kish' is for weights alone; strata and population "
                "sizes need the linearised variance"
            )
        if (
            self.strata is None
            and isinstance(self.population, Mapping)
            and len(self.population) != 1
        ):
            raise InvalidArgumentError(
                "population sizes per stratum need strata= naming the column"
            )

    @property
    def linearised(self) -> bool:
        """Whether estimates use the linearised (design-based) variance."""
        if self.variance != "auto":
            return self.variance == "linearised"
        return (
            self.weight is not None
            or self.strata is not None
            or self.population is not None
        )
