"""Write the survey-design reference data sets of ``tests/reference/data/``.

Run from the repository root::

    python tests/reference/make_design_data.py [OUTPUT_DIR]

then ``Rscript tests/reference/design_reference.R`` to recompute the reference
values in ``design_reference.json``.  The files are long: one row per
organisation per wave, with the columns

``wave``
    2010, 2012 (and 2014 in ``three_waves``);
``org_code``
    text, ``o001``, ``o002``, ... (unique within a file, across strata);
``stratum``
    text; a single stratum is called ``all`` (and is not declared to R);
``weight``
    sampling weight, only in weighted cases (constant within an organisation);
``N``
    population size of the row's stratum, only in cases with an FPC;
``uses``, ``channel.facebook``
    answers 1/0, blank for a missing answer.

Every random draw is ``Generator.random()`` (uniform doubles) from a fixed
seed, so that the bytes are stable across numpy versions; the tests check
that this script reproduces the committed files byte for byte.

Answers are panel answers: each organisation has a latent propensity shared
by its waves, so answers of the same organisation are positively correlated
between waves.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "data"
ITEMS = ("uses", "channel.facebook")
WAVES2 = (2010, 2012)
WAVES3 = (2010, 2012, 2014)


@dataclass(frozen=True)
class Stratum:
    name: str
    n: int  # sampled organisations (over all waves)
    N: int | None = None  # population size (FPC), None: no FPC
    uses: tuple[float, ...] = (0.55, 0.65)  # threshold per wave (about P(1))
    facebook: tuple[float, ...] = (0.35, 0.45)


@dataclass(frozen=True)
class Case:
    name: str
    seed: int
    strata: tuple[Stratum, ...]
    waves: tuple[int, ...] = WAVES2
    weights: str | None = None  # None, "pos", "neg", "panel", "design"
    fpc: bool = False
    # item non-response: probability per wave of a blank answer
    missing: dict[str, tuple[float, ...]] = field(default_factory=dict)
    # facebook asked only of organisations with uses == 1
    facebook_if_uses: bool = False
    # organisations present in only one wave: how many only in each wave
    only_in_wave: dict[int, int] = field(default_factory=dict)
    # organisations absent from the given waves (the others present)
    absent_from: dict[int, int] = field(default_factory=dict)


CASES: tuple[Case, ...] = (
    Case(
        "srs_fpc",
        seed=20100101,
        strata=(Stratum("all", n=120, N=290, uses=(0.55, 0.68)),),
        fpc=True,
    ),
    Case(
        "weighted_pos",
        seed=20100202,
        strata=(Stratum("all", n=200, uses=(0.45, 0.55), facebook=(0.3, 0.4)),),
        weights="pos",
    ),
    Case(
        "weighted_neg",
        seed=20100303,
        strata=(Stratum("all", n=200, uses=(0.45, 0.55), facebook=(0.3, 0.4)),),
        weights="neg",
    ),
    Case(
        "stratified",
        seed=20100404,
        strata=(
            Stratum("small", n=12, N=20, uses=(0.30, 0.45), facebook=(0.20, 0.30)),
            Stratum("medium", n=58, N=100, uses=(0.50, 0.62), facebook=(0.3, 0.4)),
            Stratum("large", n=230, N=290, uses=(0.72, 0.80), facebook=(0.5, 0.6)),
        ),
        weights="design",
        fpc=True,
    ),
    Case(
        "domains",
        seed=20100505,
        strata=(Stratum("all", n=150, uses=(0.55, 0.66), facebook=(0.40, 0.48)),),
        missing={"uses": (0.03, 0.08), "channel.facebook": (0.10, 0.14)},
        facebook_if_uses=True,
    ),
    Case(
        "partial_panel",
        seed=20100606,
        strata=(
            Stratum("north", n=70, N=120, uses=(0.50, 0.60), facebook=(0.3, 0.4)),
            Stratum("south", n=90, N=300, uses=(0.65, 0.72), facebook=(0.4, 0.5)),
        ),
        fpc=True,
        missing={"uses": (0.05, 0.07), "channel.facebook": (0.10, 0.06)},
        only_in_wave={2010: 12, 2012: 12},
    ),
    Case(
        "weighted_panel",
        seed=20100707,
        strata=(
            Stratum("east", n=80, uses=(0.45, 0.58), facebook=(0.25, 0.40)),
            Stratum("west", n=100, uses=(0.60, 0.66), facebook=(0.40, 0.45)),
        ),
        weights="panel",
        missing={"uses": (0.04, 0.09), "channel.facebook": (0.08, 0.15)},
    ),
    Case(
        "three_waves",
        seed=20100808,
        strata=(
            Stratum(
                "all", n=100, N=160, uses=(0.5, 0.6, 0.72), facebook=(0.3, 0.4, 0.5)
            ),
        ),
        waves=WAVES3,
        fpc=True,
        missing={"channel.facebook": (0.05, 0.05, 0.05)},
        absent_from={2012: 15},
    ),
)

SHARE = 0.7  # weight of the organisation's latent propensity in its answers


def _panel_answers(
    rng: np.random.Generator, latent: np.ndarray, thresholds: Sequence[float]
) -> np.ndarray:
    """0/1 answers, organisations x waves, correlated through ``latent``."""
    noise = rng.random((latent.size, len(thresholds)))
    score = SHARE * latent[:, None] + (1.0 - SHARE) * noise
    return (score < np.asarray(thresholds)[None, :]).astype(float)


def _weights(rng: np.random.Generator, kind: str, latent: np.ndarray) -> np.ndarray:
    """Weights 1-8 strongly tied to the latent propensity (small = answers 1)."""
    jitter = 0.15 * (rng.random(latent.size) - 0.5)
    v = np.clip(latent + jitter, 0.0, 1.0)
    if kind == "pos":  # heavy weights where answers are 1
        w = 1.0 + 7.0 * (1.0 - v)
    elif kind == "neg":  # heavy weights where answers are 0
        w = 1.0 + 7.0 * v
    elif kind == "panel":  # moderately informative weights 1-6
        w = 1.0 + 3.0 * (1.0 - v) + 2.0 * rng.random(latent.size)
    else:  # pragma: no cover - guarded by the callers
        raise ValueError(kind)
    return np.round(w, 3)


def _presence(rng: np.random.Generator, case: Case, n: int) -> np.ndarray:
    """Boolean organisations x waves: is the organisation in the wave's data?"""
    present = np.ones((n, len(case.waves)), dtype=bool)
    order = np.argsort(rng.random(n), kind="stable")
    start = 0
    for wave, count in case.only_in_wave.items():
        chosen = order[start : start + count]
        start += count
        present[chosen, :] = False
        present[chosen, case.waves.index(wave)] = True
    for wave, count in case.absent_from.items():
        chosen = order[start : start + count]
        start += count
        present[chosen, case.waves.index(wave)] = False
    return present


def _number(x: float) -> str:
    return repr(float(x))


def case_rows(case: Case) -> list[list[str]]:
    """The rows of one case (header first), as text fields."""
    rng = np.random.default_rng(case.seed)
    header = ["wave", "org_code", "stratum"]
    if case.weights is not None:
        header.append("weight")
    if case.fpc:
        header.append("N")
    header += list(ITEMS)

    n_total = sum(s.n for s in case.strata)
    stratum_of = np.concatenate(
        [np.full(s.n, i) for i, s in enumerate(case.strata)]
    ).astype(int)
    latent = rng.random(n_total)
    latent_fb = 0.5 * latent + 0.5 * rng.random(n_total)
    uses = np.empty((n_total, len(case.waves)))
    facebook = np.empty_like(uses)
    for i, s in enumerate(case.strata):
        rows = stratum_of == i
        uses[rows] = _panel_answers(rng, latent[rows], s.uses)
        facebook[rows] = _panel_answers(rng, latent_fb[rows], s.facebook)

    if case.weights in ("pos", "neg", "panel"):
        weight = _weights(rng, case.weights, latent)
    elif case.weights == "design":
        weight = np.array([case.strata[h].N / case.strata[h].n for h in stratum_of])
    else:
        weight = None

    for item, rates in case.missing.items():
        blank = rng.random((n_total, len(case.waves))) < np.asarray(rates)[None, :]
        target = uses if item == "uses" else facebook
        target[blank] = np.nan
    if case.facebook_if_uses:
        facebook[uses != 1.0] = np.nan  # not asked (also when uses is blank)

    present = _presence(rng, case, n_total)

    out = [header]
    for t, wave in enumerate(case.waves):
        for i in range(n_total):
            if not present[i, t]:
                continue
            s = case.strata[stratum_of[i]]
            row = [str(wave), f"o{i + 1:03d}", s.name]
            if weight is not None:
                row.append(_number(weight[i]))
            if case.fpc:
                assert s.N is not None
                row.append(str(s.N))
            for value in (uses[i, t], facebook[i, t]):
                row.append("" if np.isnan(value) else str(int(value)))
            out.append(row)
    return out


def case_csv(case: Case) -> bytes:
    """The CSV file of one case, exactly as written."""
    return "".join(",".join(row) + "\n" for row in case_rows(case)).encode("ascii")


def write_all(directory: Path = DATA_DIR) -> list[Path]:
    """Write every case to ``directory/<case>.csv``; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in CASES:
        path = directory / f"{case.name}.csv"
        path.write_bytes(case_csv(case))
        paths.append(path)
    return paths


def main(argv: Sequence[str] = ()) -> None:
    directory = Path(argv[0]) if argv else DATA_DIR
    for path in write_all(directory):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
