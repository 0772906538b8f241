"""Coverage study: the actual coverage of every interval method at 95 %.

Coverage is computed exactly, not simulated: for a true parameter, it is the sum
of the probabilities of all outcomes whose interval contains the truth, e.g. for a
single proportion ``C(p) = sum_x Binom(x; n, p) [low(x) <= p <= high(x)]``.  So
the numbers are reproducible to the last digit and need no random seed.

* single proportion — n in {10, 30, 100, 300}, p = 0.01, 0.02, ..., 0.99;
* independent difference — n1 = n2 = n, (p_before, p_after) on the grid
  {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95}^2;
* paired difference — n pairs, cell probabilities (both, before only, after
  only, neither) with discordant probabilities b, c in {0.05, 0.1, 0.2} and the
  concordant rest split 30/70 or 70/30; outcomes of probability below 1e-13 at
  every grid point are skipped (their total is below 1e-7).

Each cell of the printed tables is "mean / minimum" coverage over the grid, in
percent.  Needs scipy (Jeffreys and Clopper-Pearson intervals, log-gamma).

Two simulated studies go through the library's ``Survey`` (seeded: every
condition draws from ``numpy.random.default_rng([seed, ...its parameters])``,
so a run is reproducible and a condition's numbers do not depend on the rest
of the grid; 2,000 replicates per condition, Monte Carlo SE of a coverage near
95 % about 0.5 pp):

* ``--panels`` — the default change interval (``paired="auto"``) against
  ``paired=False`` over partial panels. Each wave has n organisations; a share
  (the overlap) answers in both waves, the rest of each wave are organisations
  of that wave only. A panel organisation's two answers are Bernoulli with the
  wave's rate and the given correlation (phi), truncated to the range the two
  rates allow; all other answers are independent. Weighted: one lognormal
  weight (sigma 0.5) per organisation, the same in both waves, independent of
  the answers, under the default design ``Design(weight="weight")``
  (linearised). The truth is p_after - p_before.
* ``--weighted-rates`` — Wilson intervals of weighted rates on the effective
  size, Kish's (``Design(weight="weight", variance="kish")``) against the
  linearised one (``Design(weight="weight")``). A finite population of 100,000
  units has log weights z ~ N(0, 0.6^2), weight w = exp(z) = 1/pi up to a
  constant, and exactly p of its units answering yes: those with the largest
  latent ``rho z + sqrt(1 - rho^2) e`` (e ~ N(0, 1)); rho = +0.5 puts the yes
  answers (the minority, or half at p = 0.5) in the large weights, -0.5 in the
  small, 0 makes them independent. Each sample is n draws with replacement
  with probability proportional to pi (a unit drawn twice is two sampling
  units), so ``sum w y / sum w`` is consistent for the population's rate p,
  the truth, and the linearised variance (with replacement) is the design's.

Speed: many replicates make one survey, a replicate being a group (``by=``)
and, for a linearised design, also a stratum (``strata="rep"``), so that each
replicate's estimate and variance are exactly those it would have alone; a
design-based survey holds 100 replicates (its tallies grow as groups x
strata).

Run: python benchmarks/interval_coverage.py [--confidence 0.95]
     python benchmarks/interval_coverage.py --panels [--weighted-rates] [--replicates N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln

from skl_socialmedia import Design, Survey
from skl_socialmedia.statistics import (
    DELTA_METHODS,
    PAIRED_METHODS,
    RATE_METHODS,
    difference_interval,
    paired_difference_interval,
    proportion_interval,
)

SIZES = (10, 30, 100, 300)
P_SINGLE = np.round(np.arange(1, 100) / 100, 2)
P_DIFF = np.array([0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95])
DISCORDANT = (0.05, 0.1, 0.2)
SPLITS = (0.3, 0.7)
TOLERANCE = 1e-12  # a limit equal to the truth up to rounding counts as covering


def binomial_pmf(n: int, p: np.ndarray) -> np.ndarray:
    """Binomial probabilities, shape (len(p), n + 1)."""
    x = np.arange(n + 1)
    log_choose = gammaln(n + 1) - gammaln(x + 1) - gammaln(n - x + 1)
    p = p[:, None]
    with np.errstate(divide="ignore"):
        log_pmf = log_choose + x * np.log(p) + (n - x) * np.log1p(-p)
    return np.asarray(np.exp(log_pmf), dtype=np.float64)


def single_coverage(n: int, method: str, confidence: float) -> np.ndarray:
    x = np.arange(n + 1, dtype=float)
    low, high = proportion_interval(x / n, float(n), confidence, method)
    covers = (low[None, :] <= P_SINGLE[:, None] + TOLERANCE) & (
        P_SINGLE[:, None] - TOLERANCE <= high[None, :]
    )
    return np.asarray(
        (binomial_pmf(n, P_SINGLE) * covers).sum(axis=1), dtype=np.float64
    )


def difference_coverage(n: int, method: str, confidence: float) -> np.ndarray:
    x = np.arange(n + 1, dtype=float)
    x1, x2 = np.meshgrid(x, x, indexing="ij")  # before, after
    low, high = difference_interval(
        x1 / n, float(n), x2 / n, float(n), confidence, method
    )
    pmf = binomial_pmf(n, P_DIFF)  # (grid, n + 1)
    result = []
    for i, p1 in enumerate(P_DIFF):
        for j, p2 in enumerate(P_DIFF):
            truth = p2 - p1
            covers = (low <= truth + TOLERANCE) & (truth - TOLERANCE <= high)
            result.append(pmf[i] @ covers @ pmf[j])
    return np.array(result)


def paired_parameters() -> np.ndarray:
    rows = []
    for b in DISCORDANT:
        for c in DISCORDANT:
            for split in SPLITS:
                rest = 1.0 - b - c
                rows.append((rest * split, b, c, rest * (1.0 - split)))
    return np.array(rows)


def paired_tables(n: int, params: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tables (a, b, c, d) with non-negligible probability, and their pmf."""
    log_p = np.log(params)  # (grid, 4)
    kept_tables = []
    kept_pmf = []
    for a in range(n + 1):
        b, c = np.meshgrid(np.arange(n + 1 - a), np.arange(n + 1 - a), indexing="ij")
        ok = b + c <= n - a
        b, c = b[ok], c[ok]
        d = n - a - b - c
        cells = np.stack([np.full_like(b, a), b, c, d], axis=1).astype(float)
        log_coef = gammaln(n + 1) - gammaln(cells + 1).sum(axis=1)
        pmf = np.exp(log_coef[:, None] + cells @ log_p.T)  # (tables, grid)
        keep = pmf.max(axis=1) > 1e-13
        kept_tables.append(cells[keep])
        kept_pmf.append(pmf[keep])
    return np.concatenate(kept_tables), np.concatenate(kept_pmf)


def paired_coverage(
    tables: np.ndarray,
    pmf: np.ndarray,
    params: np.ndarray,
    method: str,
    confidence: float,
) -> np.ndarray:
    a, b, c, d = tables.T
    low, high = paired_difference_interval(a, b, c, d, confidence, method)
    truth = params[:, 2] - params[:, 1]  # after only - before only
    covers = (low[:, None] <= truth[None, :] + TOLERANCE) & (
        truth[None, :] - TOLERANCE <= high[:, None]
    )
    return np.asarray((pmf * covers).sum(axis=0), dtype=np.float64)


def cell(coverage: np.ndarray) -> str:
    return f"{100 * coverage.mean():.1f} / {100 * coverage.min():.1f}"


def table(title: str, rows: dict[str, list[str]], sizes: tuple[int, ...]) -> str:
    header = f"| {title} | " + " | ".join(f"n = {n}" for n in sizes) + " |"
    rule = "|---|" + "---|" * len(sizes)
    body = [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows.items()]
    return "\n".join([header, rule, *body])


def exact_study(level: float) -> None:
    """Print the exact coverage tables (the study without flags)."""
    start = time.perf_counter()

    single = {
        m: [cell(single_coverage(n, m, level)) for n in SIZES] for m in RATE_METHODS
    }
    diff = {
        m: [cell(difference_coverage(n, m, level)) for n in SIZES]
        for m in DELTA_METHODS
    }
    params = paired_parameters()
    paired: dict[str, list[str]] = {m: [] for m in PAIRED_METHODS}
    for n in SIZES:
        tables, pmf = paired_tables(n, params)
        for m in PAIRED_METHODS:
            paired[m].append(cell(paired_coverage(tables, pmf, params, m, level)))

    print(f"Exact coverage (%) of nominal {100 * level:g} % intervals: mean / minimum")
    print("over the parameter grid (see benchmarks/interval_coverage.py).\n")
    print(table("single proportion", single, SIZES))
    print()
    print(table("independent difference, n each", diff, SIZES))
    print()
    print(table("paired difference, n pairs", paired, SIZES))
    print(f"\n(computed in {time.perf_counter() - start:.1f} s)")


# -- simulated studies ------------------------------------------------------

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Columns = dict[str, npt.NDArray[np.generic]]

SEED = 20100612
REPLICATES = 2000
BLOCK = 100  # replicates per design-based survey (its tallies: groups x strata)
WAVES = (2010, 2012)

PANEL_SIZES = (20, 50, 100, 290)
OVERLAPS = (0.5, 0.75, 0.9, 1.0)
CORRELATIONS = (0.0, 0.4, 0.8)
PANEL_RATES = ((0.05, 0.1), (0.2, 0.3), (0.5, 0.5), (0.5, 0.6), (0.7, 0.8), (0.9, 0.95))
PANEL_SIGMA = 0.5  # of the log weights of the weighted panels

RATE_SIZES = (30, 100, 300)
RATE_P = (0.1, 0.3, 0.5)
POPULATION = 100_000
RATE_SIGMA = 0.6  # of the population's log weights
#: The correlation of the yes answers' latent with the log weight.
RELATIONS = {"independent": 0.0, "yes in large w": 0.5, "yes in small w": -0.5}
VARIANCES = ("kish", "linearised")


class Coverage(NamedTuple):
    """How one interval did over a condition's replicates (shares, widths)."""

    covered: float  # share of replicates whose interval holds the truth
    below: float  # share whose interval lies below the truth (high < truth)
    above: float  # share whose interval lies above it (low > truth)
    width: float  # mean width
    constructions: frozenset[str]  # how the intervals were made (changes)


def coverage_of(
    low: Floats, high: Floats, truth: float, constructions: Sequence[str] = ()
) -> Coverage:
    """Return the coverage of intervals ``[low, high]`` of ``truth``.

    An undefined (NaN) interval counts as not covering.
    """
    below = high < truth - TOLERANCE
    above = low > truth + TOLERANCE
    covered = ~below & ~above & np.isfinite(low) & np.isfinite(high)
    return Coverage(
        float(covered.mean()),
        float(below.mean()),
        float(above.mean()),
        float(np.nanmean(high - low)),
        frozenset(str(c) for c in constructions),
    )


def blocks(replicates: int, size: int) -> list[slice]:
    """Return the replicates in blocks of ``size`` (the last may be shorter)."""
    return [slice(i, min(i + size, replicates)) for i in range(0, replicates, size)]


def cell_probabilities(
    p_before: float, p_after: float, correlation: float
) -> tuple[float, float, float, float]:
    """Return P(yes both), P(yes before only), P(yes after only), P(no both).

    The pair's correlation (phi) is ``correlation``, truncated to the range
    the margins allow.
    """
    spread = np.sqrt(p_before * (1 - p_before) * p_after * (1 - p_after))
    both = p_before * p_after + correlation * spread
    both = float(
        np.clip(both, max(0.0, p_before + p_after - 1), min(p_before, p_after))
    )
    return both, p_before - both, p_after - both, 1 - p_before - p_after + both


def feasible_correlation(p_before: float, p_after: float, correlation: float) -> float:
    """Return the correlation a panel pair gets (after the truncation)."""
    both = cell_probabilities(p_before, p_after, correlation)[0]
    spread = np.sqrt(p_before * (1 - p_before) * p_after * (1 - p_after))
    return float((both - p_before * p_after) / spread)


class PanelDraw(NamedTuple):
    """The answers of a panel condition's replicates, and their organisations."""

    before: Bools  # (replicates, n)
    after: Bools  # (replicates, n)
    weights: Floats | None  # (replicates, organisations), one per organisation
    orgs_before: npt.NDArray[np.int64]  # each wave's organisations, 0 .. orgs - 1
    orgs_after: npt.NDArray[np.int64]
    orgs: int


def draw_panel(
    rng: np.random.Generator,
    replicates: int,
    n: int,
    overlap: float,
    rates: tuple[float, float],
    correlation: float,
    weighted: bool,
) -> PanelDraw:
    """Draw two waves of n organisations, ``overlap`` of them in both.

    Organisations 0 .. m - 1 answer in both waves, m .. n - 1 before only,
    n .. 2n - m - 1 after only.
    """
    m = round(overlap * n)
    k = n - m
    p_before, p_after = rates
    both, _, after_only, _ = cell_probabilities(p_before, p_after, correlation)
    u = rng.random((replicates, m))
    panel_before = u < p_before
    panel_after = (u < both) | ((u >= p_before) & (u < p_before + after_only))
    before = np.concatenate([panel_before, rng.random((replicates, k)) < p_before], 1)
    after = np.concatenate([panel_after, rng.random((replicates, k)) < p_after], 1)
    weights = rng.lognormal(0.0, PANEL_SIGMA, (replicates, n + k)) if weighted else None
    orgs_after = np.concatenate([np.arange(m), np.arange(n, n + k)])
    return PanelDraw(before, after, weights, np.arange(n), orgs_after, n + k)


def panel_columns(draw: PanelDraw, reps: slice) -> Columns:
    """Return the survey columns of the replicates ``reps`` of a draw."""
    before, after = draw.before[reps], draw.after[reps]
    count, n = before.shape
    offset = np.arange(count)[:, None] * draw.orgs
    columns: Columns = {
        "wave": np.repeat(np.array(WAVES), count * n),
        "org_code": np.concatenate(
            [(offset + draw.orgs_before).ravel(), (offset + draw.orgs_after).ravel()]
        ),
        "rep": np.tile(np.repeat(np.arange(count), n), 2),
        "uses": np.concatenate([before.ravel(), after.ravel()]).astype(float),
    }
    if draw.weights is not None:
        w = draw.weights[reps]
        columns["weight"] = np.concatenate(
            [w[:, draw.orgs_before].ravel(), w[:, draw.orgs_after].ravel()]
        )
    return columns


def panel_condition(
    n: int,
    overlap: float,
    correlation: float,
    rates: tuple[float, float],
    weighted: bool,
    *,
    replicates: int = REPLICATES,
    seed: int = SEED,
    confidence: float = 0.95,
) -> tuple[Coverage, Coverage]:
    """Return the coverage of the default and the independent change interval."""
    key = (
        n,
        round(100 * overlap),
        round(10 * correlation),
        *(round(100 * p) for p in rates),
    )
    rng = np.random.default_rng([seed, 1, int(weighted), *key])
    draw = draw_panel(rng, replicates, n, overlap, rates, correlation, weighted)
    truth = rates[1] - rates[0]
    design = Design(weight="weight", strata="rep") if weighted else None
    found: dict[object, list[npt.NDArray[np.generic]]] = {}
    for reps in blocks(replicates, BLOCK if weighted else replicates):
        survey = Survey.from_columns(
            panel_columns(draw, reps), items=["uses"], register=None, design=design
        )
        for paired in ("auto", False):
            d = survey.pp_deltas("uses", by="rep", paired=paired, confidence=confidence)
            for name in ("low", "high", "construction"):
                found.setdefault((paired, name), []).append(getattr(d, name))
    default, independent = (
        coverage_of(
            np.concatenate(found[paired, "low"]),
            np.concatenate(found[paired, "high"]),
            truth,
            np.concatenate(found[paired, "construction"]).tolist(),
        )
        for paired in ("auto", False)
    )
    return default, independent


PanelKey = tuple[bool, float, float, int, tuple[float, float]]


def panel_study(
    *,
    replicates: int = REPLICATES,
    seed: int = SEED,
    confidence: float = 0.95,
    weights: Sequence[bool] = (False, True),
    overlaps: Sequence[float] = OVERLAPS,
    correlations: Sequence[float] = CORRELATIONS,
    sizes: Sequence[int] = PANEL_SIZES,
    rates: Sequence[tuple[float, float]] = PANEL_RATES,
) -> dict[PanelKey, tuple[Coverage, Coverage]]:
    """Return (default, independent) per (weighted, overlap, r, n, rates)."""
    return {
        (w, f, r, n, p): panel_condition(
            n, f, r, p, w, replicates=replicates, seed=seed, confidence=confidence
        )
        for w in weights
        for f in overlaps
        for r in correlations
        for n in sizes
        for p in rates
    }


def grid_table(
    labels: Sequence[str], rows: Sequence[tuple[Sequence[str], Sequence[str]]]
) -> str:
    """Return a Markdown table: label columns, then one column per value."""
    lines = ["| " + " | ".join(labels) + " |", "|" + "---|" * len(labels)]
    lines += ["| " + " | ".join([*names, *cells]) + " |" for names, cells in rows]
    return "\n".join(lines)


def panel_cell(results: Sequence[Coverage]) -> str:
    """Return "mean / min · width" of coverages over the rate pairs."""
    covered = np.array([c.covered for c in results])
    width = np.mean([c.width for c in results])
    return f"{100 * covered.mean():.1f} / {100 * covered.min():.1f} · {100 * width:.1f}"


def panel_report(
    results: dict[PanelKey, tuple[Coverage, Coverage]],
    replicates: int,
    confidence: float,
) -> str:
    """Return the panel study's tables, one per weighting."""
    weights = sorted({key[0] for key in results})
    overlaps = sorted({key[1] for key in results})
    correlations = sorted({key[2] for key in results})
    sizes = sorted({key[3] for key in results})
    rates = sorted({key[4] for key in results})
    se = 100 * np.sqrt(confidence * (1 - confidence) / replicates)
    truncated = [
        f"r = {r:g} → {feasible_correlation(*p, r):.2f} at {p}"
        for r in correlations
        for p in rates
        if abs(feasible_correlation(*p, r) - r) > 1e-9
    ]
    out = [
        f"Simulated coverage (%) of nominal {100 * confidence:g} % change intervals "
        "over partial panels:",
        f"mean / minimum over {len(rates)} (p_before, p_after) pairs · "
        "mean width (pp);",
        f"{replicates} replicates per condition (Monte Carlo SE of one coverage near "
        f"{100 * confidence:g} %: {se:.2f} pp).",
        'default = paired="auto" [its constructions], independent = paired=False;',
        "n organisations per wave, overlap = share of them in both waves,",
        "r = correlation of a panel organisation's two answers, truncated to the",
        "range the rates allow: " + ("; ".join(truncated) or "none") + ".",
    ]
    for weighted in weights:
        rows: list[tuple[list[str], list[str]]] = []
        for f in overlaps:
            for r in correlations:
                found = [[results[weighted, f, r, n, p] for p in rates] for n in sizes]
                used = sorted(
                    set().union(*(c[0].constructions for x in found for c in x))
                )
                for k, name in enumerate(
                    (f"default [{'+'.join(used)}]", "independent")
                ):
                    cells = [panel_cell([c[k] for c in x]) for x in found]
                    rows.append(([f"{100 * f:g} %", f"{r:g}", name], cells))
        title = (
            f"weighted (lognormal sigma {PANEL_SIGMA:g}), Design(weight='weight')"
            if weighted
            else "unweighted"
        )
        out += ["", f"Partial panels, {title}:", ""]
        out.append(
            grid_table(["overlap", "r", "interval", *(f"n = {n}" for n in sizes)], rows)
        )
    return "\n".join(out)


def finite_population(p: float, relation: float, seed: int) -> tuple[Bools, Floats]:
    """Return the yes answers and weights (1/pi) of a finite population.

    Exactly ``round(p N)`` units say yes: those with the largest latent
    ``relation z + sqrt(1 - relation^2) e``, z the standardised log weight.
    """
    rng = np.random.default_rng([seed, 2, round(100 * p), round(100 * (relation + 1))])
    z = rng.standard_normal(POPULATION)
    latent = relation * z + np.sqrt(1 - relation**2) * rng.standard_normal(POPULATION)
    yes = np.zeros(POPULATION, dtype=bool)
    yes[np.argsort(latent)[POPULATION - round(p * POPULATION) :]] = True
    return yes, np.exp(RATE_SIGMA * z)


def rate_columns(yes: Bools, weights: Floats) -> Columns:
    """Return the survey columns of samples (replicates, n): one wave."""
    count, n = yes.shape
    return {
        "wave": np.full(count * n, WAVES[0]),
        "org_code": np.arange(count * n),
        "rep": np.repeat(np.arange(count), n),
        "uses": yes.ravel().astype(float),
        "weight": weights.ravel(),
    }


def rate_condition(
    n: int,
    p: float,
    relation: float,
    *,
    replicates: int = REPLICATES,
    seed: int = SEED,
    confidence: float = 0.95,
) -> dict[str, Coverage]:
    """Return the coverage of the Kish and the linearised weighted rate."""
    yes, weights = finite_population(p, relation, seed)
    truth = float(yes.mean())
    rng = np.random.default_rng(
        [seed, 3, n, round(100 * p), round(100 * (relation + 1))]
    )
    drawn = rng.choice(
        POPULATION, size=(replicates, n), p=(1 / weights) / (1 / weights).sum()
    )
    y, w = yes[drawn], weights[drawn]
    kish = Survey.from_columns(
        rate_columns(y, w),
        items=["uses"],
        register=None,
        design=Design(weight="weight", variance="kish"),
    ).rates("uses", by="rep", confidence=confidence)
    low, high = [], []
    for reps in blocks(replicates, BLOCK):
        survey = Survey.from_columns(
            rate_columns(y[reps], w[reps]),
            items=["uses"],
            register=None,
            design=Design(weight="weight", strata="rep"),
        )
        r = survey.rates("uses", by="rep", confidence=confidence)
        low.append(r.low)
        high.append(r.high)
    return {
        "kish": coverage_of(kish.low, kish.high, truth),
        "linearised": coverage_of(np.concatenate(low), np.concatenate(high), truth),
    }


RateKey = tuple[str, float, int]


def rate_study(
    *,
    replicates: int = REPLICATES,
    seed: int = SEED,
    confidence: float = 0.95,
    relations: Sequence[str] = tuple(RELATIONS),
    sizes: Sequence[int] = RATE_SIZES,
    rates: Sequence[float] = RATE_P,
) -> dict[RateKey, dict[str, Coverage]]:
    """Return the Kish and linearised coverage per (relation, p, n)."""
    return {
        (name, p, n): rate_condition(
            n,
            p,
            RELATIONS[name],
            replicates=replicates,
            seed=seed,
            confidence=confidence,
        )
        for name in relations
        for p in rates
        for n in sizes
    }


def rate_report(
    results: dict[RateKey, dict[str, Coverage]],
    replicates: int,
    confidence: float,
    seed: int = SEED,
) -> str:
    """Return the weighted-rate study's table."""
    relations = list(dict.fromkeys(key[0] for key in results))
    rates = sorted({key[1] for key in results})
    sizes = sorted({key[2] for key in results})
    se = 100 * np.sqrt(confidence * (1 - confidence) / replicates)
    rows: list[tuple[list[str], list[str]]] = []
    for name in relations:
        for p in rates:
            yes, weights = finite_population(p, RELATIONS[name], seed)
            r = np.corrcoef(weights, yes)[0, 1]
            for variance in VARIANCES:
                cells = []
                for n in sizes:
                    c = results[name, p, n][variance]
                    cells.append(
                        f"{100 * c.covered:.1f} · {100 * c.width:.1f} "
                        f"[{100 * c.below:.1f} / {100 * c.above:.1f}]"
                    )
                rows.append(([name, f"{100 * p:g} % ({r:+.2f})", variance], cells))
    header = [
        f"Simulated coverage (%) of nominal {100 * confidence:g} % weighted rates "
        "(Wilson on the effective size):",
        "coverage · mean width (pp) [% of intervals below the truth / above it];",
        f"{replicates} replicates per condition (Monte Carlo SE of one coverage near "
        f"{100 * confidence:g} %: {se:.2f} pp).",
        f"Population of {POPULATION:,} units, log weights N(0, {RATE_SIGMA:g}²), "
        "samples of n drawn with replacement proportional to 1/weight;",
        f"yes in large/small w: latent correlation ±{RELATIONS['yes in large w']:g} "
        "with the log weight (in brackets: the population's corr(weight, yes)).",
        "kish = Design(weight='weight', variance='kish'), "
        "linearised = Design(weight='weight').",
        "",
    ]
    table = grid_table(
        ["weights and answers", "p (corr)", "variance", *(f"n = {n}" for n in sizes)],
        rows,
    )
    return "\n".join([*header, table])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--confidence", type=float, default=0.95)
    parser.add_argument(
        "--panels", action="store_true", help="simulate changes over partial panels"
    )
    parser.add_argument(
        "--weighted-rates",
        action="store_true",
        help="simulate weighted rates, Kish against linearised",
    )
    parser.add_argument(
        "--replicates",
        type=int,
        default=REPLICATES,
        help="replicates per condition of a simulated study",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    if not (args.panels or args.weighted_rates):
        exact_study(args.confidence)
        return
    start = time.perf_counter()
    options = {
        "replicates": args.replicates,
        "seed": args.seed,
        "confidence": args.confidence,
    }
    if args.panels:
        began = time.perf_counter()
        print(panel_report(panel_study(**options), args.replicates, args.confidence))
        print(f"\n(simulated in {time.perf_counter() - began:.1f} s)")
    if args.weighted_rates:
        if args.panels:
            print()
        began = time.perf_counter()
        rates = rate_study(**options)
        print(rate_report(rates, args.replicates, args.confidence, args.seed))
        print(f"\n(simulated in {time.perf_counter() - began:.1f} s)")
    print(f"\n(total runtime {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
