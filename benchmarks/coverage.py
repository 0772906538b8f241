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

Run: python benchmarks/coverage.py [--confidence 0.95]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy.special import gammaln

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--confidence", type=float, default=0.95)
    args = parser.parse_args()
    level = args.confidence
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
    print("over the parameter grid (see benchmarks/coverage.py).\n")
    print(table("single proportion", single, SIZES))
    print()
    print(table("independent difference, n each", diff, SIZES))
    print()
    print(table("paired difference, n pairs", paired, SIZES))
    print(f"\n(computed in {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
