"""Textbook linearised (Taylor-series) estimates for the reference data sets.

A deliberately plain, loop-based implementation, independent of the library,
of what R's ``survey`` package computes for a one-stage design whose sampling
units are the organisations, declared on the long data of all waves::

    svydesign(ids=~org_code, strata=~stratum, weights=~weight, fpc=~N,
              data=d, nest=TRUE)

The formulas (h a stratum, i an organisation, r a row = organisation x wave):

* weights: the ``weight`` column; without one, ``N_h / n_h`` when there is an
  FPC, else 1;
* ``n_h``: the number of organisations of stratum h in the *whole* design
  (every wave), also for estimates of one wave or of a domain;
* estimate of a proportion over the rows D (a wave, answered, maybe a domain
  condition): the ratio ``p = sum_D w_r y_r / sum_D w_r``;
* influence of a row: ``w_r (y_r - p) / sum_D w_r`` in D, 0 elsewhere; of an
  organisation: ``z_i``, the sum over its rows (0 for one without rows in D);
* covariance of two estimates a, b::

      sum_h (1 - n_h/N_h) n_h/(n_h - 1)
            sum_{i in h} (z_i^a - zbar_h^a) (z_i^b - zbar_h^b)

  with the means ``zbar_h`` over all ``n_h`` organisations (``1 - n_h/N_h``
  is 1 without FPC); the variance is the covariance of an estimate with
  itself;
* a change ``p_after - p_before`` has the influence ``z_i(after) - z_i(before)``.

Confidence intervals and design effects follow R's ``svyciprop`` and
``svymean(deff=)``; see their functions.  scipy is needed only for t and beta
quantiles.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import numpy as np

__all__ = [
    "Design",
    "Estimate",
    "Sample",
    "ci_beta",
    "ci_logit",
    "ci_mean",
    "covariance",
    "deff",
    "degf",
    "difference",
    "proportion",
    "read_sample",
    "variance",
]


@dataclass(frozen=True)
class Sample:
    """The rows of a reference CSV file, column by column."""

    wave: np.ndarray  # int
    org: tuple[str, ...]
    stratum: tuple[str, ...]
    weight: np.ndarray | None  # the ``weight`` column, if any
    N: np.ndarray | None  # the ``N`` column, if any
    answers: Mapping[str, np.ndarray]  # item -> 1.0 / 0.0 / nan


def read_sample(
    path: Path | str, items: Sequence[str] = ("uses", "channel.facebook")
) -> Sample:
    """Read one of ``tests/reference/data/*.csv``; a blank answer is nan."""
    with Path(path).open(newline="", encoding="ascii") as f:
        rows = list(csv.DictReader(f))

    def floats(column: str) -> np.ndarray:
        return np.array(
            [float(r[column]) if r[column] != "" else math.nan for r in rows]
        )

    header = rows[0].keys()
    return Sample(
        wave=np.array([int(r["wave"]) for r in rows]),
        org=tuple(r["org_code"] for r in rows),
        stratum=tuple(r["stratum"] for r in rows),
        weight=floats("weight") if "weight" in header else None,
        N=floats("N") if "N" in header else None,
        answers={item: floats(item) for item in items},
    )


class Design:
    """A stratified one-stage design, the organisation the sampling unit.

    ``strata``, ``weights``, ``fpc``: whether the ``stratum``, ``weight``
    and ``N`` columns are declared (as R's ``strata=``, ``weights=``,
    ``fpc=``); without strata every row is in one stratum.
    """

    def __init__(
        self, sample: Sample, *, strata: bool, weights: bool, fpc: bool
    ) -> None:
        self.sample = sample
        self.fpc = fpc
        self.stratum = (
            sample.stratum if strata else ("(one stratum)",) * len(sample.org)
        )
        # nest=TRUE: an organisation is identified within its stratum
        self.unit = tuple(zip(self.stratum, sample.org, strict=True))

        self.units_of: dict[str, list[tuple[str, str]]] = {}
        for h, unit in zip(self.stratum, self.unit, strict=True):
            members = self.units_of.setdefault(h, [])
            if unit not in members:
                members.append(unit)
        self.n = {h: len(units) for h, units in self.units_of.items()}

        self.N: dict[str, float] = {}
        if fpc:
            assert sample.N is not None
            for h, size in zip(self.stratum, sample.N, strict=True):
                assert self.N.setdefault(h, float(size)) == size, (
                    "N varies in a stratum"
                )

        if weights:
            assert sample.weight is not None
            self.weight = np.asarray(sample.weight, dtype=float)
        elif fpc:
            self.weight = np.array([self.N[h] / self.n[h] for h in self.stratum])
        else:
            self.weight = np.ones(len(sample.org))

    def rows(self, wave: int | None = None, item: str | None = None) -> np.ndarray:
        """Boolean mask: the rows of ``wave`` (all waves if None) answering ``item``."""
        mask = np.ones(len(self.unit), dtype=bool)
        if wave is not None:
            mask &= self.sample.wave == wave
        if item is not None:
            mask &= ~np.isnan(self.sample.answers[item])
        return mask

    def by_unit(self, row_values: np.ndarray) -> dict[tuple[str, str], float]:
        """Sum per-row values over each organisation's rows (0 without rows)."""
        z = {unit: 0.0 for units in self.units_of.values() for unit in units}
        for unit, value in zip(self.unit, row_values, strict=True):
            z[unit] += float(value)
        return z


@dataclass(frozen=True)
class Estimate:
    """A linearised estimate: its value, influence per organisation and SE."""

    value: float
    influence: Mapping[tuple[str, str], float]
    se: float


def covariance(
    design: Design,
    za: Mapping[tuple[str, str], float],
    zb: Mapping[tuple[str, str], float],
) -> float:
    """Sum_h (1 - n_h/N_h) n_h/(n_h - 1) Sum_i (za_i - mean_h za)(zb_i - mean_h zb)."""
    total = 0.0
    for h, units in design.units_of.items():
        n = len(units)
        a = [za[u] for u in units]
        b = [zb[u] for u in units]
        abar = sum(a) / n
        bbar = sum(b) / n
        f = 1.0 - n / design.N[h] if design.fpc else 1.0
        cross = sum((ai - abar) * (bi - bbar) for ai, bi in zip(a, b, strict=True))
        total += f * n / (n - 1) * cross
    return total


def variance(design: Design, z: Mapping[tuple[str, str], float]) -> float:
    """The linearised variance of an estimate with influence ``z``."""
    return covariance(design, z, z)


def proportion(design: Design, item: str, rows: np.ndarray) -> Estimate:
    """Ratio estimate of P(item = 1) over the answered rows among ``rows``."""
    y = design.sample.answers[item]
    use = rows & ~np.isnan(y)
    w = np.where(use, design.weight, 0.0)
    y0 = np.where(use, y, 0.0)
    total_w = w.sum()
    p = float((w * y0).sum() / total_w)
    row_influence = np.where(use, w * (y0 - p) / total_w, 0.0)
    z = design.by_unit(row_influence)
    return Estimate(p, z, math.sqrt(variance(design, z)))


def difference(design: Design, before: Estimate, after: Estimate) -> Estimate:
    """The change ``after - before``: influence z(after) - z(before)."""
    z = {u: after.influence[u] - before.influence[u] for u in after.influence}
    return Estimate(after.value - before.value, z, math.sqrt(variance(design, z)))


def degf(design: Design, rows: np.ndarray) -> int:
    """R's degf(): organisations with a row in ``rows`` minus their strata."""
    units = {u for u, keep in zip(design.unit, rows, strict=True) if keep}
    strata = {h for h, keep in zip(design.stratum, rows, strict=True) if keep}
    return len(units) - len(strata)


def deff(design: Design, item: str, rows: np.ndarray, *, replace: bool) -> float:
    """R's svymean(deff=TRUE) (``replace=False``) or deff="replace".

    Both divide the design variance by an SRS variance built from the
    answered rows D (n of them, weights summing to W) alone:
    ``s2 = n/(n-1) sum_D w (y - p)^2 / W``; "replace" uses ``s2 / n``, the
    default ``s2 (W - n) / (W n)`` (without replacement from a population of
    size W; infinite when W = n).  The design's FPC plays no part.
    """
    est = proportion(design, item, rows)
    y = design.sample.answers[item]
    use = rows & ~np.isnan(y)
    w = design.weight[use]
    n = int(use.sum())
    total_w = float(w.sum())
    s2 = n / (n - 1) * float((w * (y[use] - est.value) ** 2).sum()) / total_w
    srs = s2 / n if replace else s2 * (total_w - n) / (total_w * n)
    return est.se**2 / srs if srs > 0 else math.inf


def _upper_quantile(level: float, df: float) -> float:
    """The (1 + level)/2 quantile of the normal (df = inf) or t distribution."""
    prob = (1.0 + level) / 2.0
    if math.isinf(df):
        return NormalDist().inv_cdf(prob)
    from scipy import stats

    return float(stats.t.ppf(prob, df))


def ci_mean(
    p: float, se: float, *, level: float = 0.95, df: float = math.inf
) -> tuple[float, float]:
    """svyciprop(method="mean"): p -/+ q se."""
    q = _upper_quantile(level, df)
    return p - q * se, p + q * se


def ci_logit(
    p: float, se: float, *, level: float = 0.95, df: float = math.inf
) -> tuple[float, float]:
    """A Wald interval for logit(p), ``se / (p (1 - p))`` its SE, transformed back.

    This is R's svyciprop(method="xlogit") exactly.  method="logit" is the
    same interval in theory (the intercept-only quasibinomial svyglm has
    this sandwich SE), but glm stops iterating at its default tolerance
    (epsilon = 1e-8), so R's "logit" limits are off by up to ~1.4e-9 here.
    The quantile is the normal one (df = inf) or Student's t with ``df``.
    """
    eta = math.log(p / (1.0 - p))
    se_eta = se / (p * (1.0 - p))
    q = _upper_quantile(level, df)

    def expit(x: float) -> float:
        return 1.0 / (1.0 + math.exp(-x))

    return expit(eta - q * se_eta), expit(eta + q * se_eta)


def ci_beta(
    p: float, se: float, *, nrow: int, degf: int, level: float = 0.95
) -> tuple[float, float]:
    """svyciprop(method="beta"): Korn & Graubard's interval, as R computes it.

    The effective sample size ``p (1 - p) / se^2`` is scaled by
    ``(qt(alpha/2, nrow - 1) / qt(alpha/2, degf))^2``, with ``nrow`` the rows
    of the design given to svyciprop (unanswered ones included) and ``degf``
    its degf(); svyciprop's ``df=`` argument is not used.
    """
    from scipy import stats

    alpha = 1.0 - level
    n_eff = p * (1.0 - p) / se**2
    n_eff *= (stats.t.ppf(alpha / 2, nrow - 1) / stats.t.ppf(alpha / 2, degf)) ** 2
    low = stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1.0 - p) + 1.0)
    high = stats.beta.ppf(1.0 - alpha / 2, n_eff * p + 1.0, n_eff * (1.0 - p))
    return float(low), float(high)
