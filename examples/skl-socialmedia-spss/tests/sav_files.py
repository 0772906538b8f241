"""Writing .sav files with pyreadstat, and a synthetic survey in two forms.

The survey of :func:`coded_survey` is synthetic (seeded): 30 municipalities and
8 county councils in two waves, answered the way survey firms code SPSS
exports (1 "Ja" 2 "Nej" 9 "Vet ej", multiple-response boxes, string answers,
declared user-missing values). :func:`write_pair` writes it as a .sav file and
as the canonical CSV that skl-socialmedia's own CSV source reads, so the two
can be compared.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyreadstat
from skl_socialmedia import swedish_register

Column = Sequence[Any]

#: SPSS variable → canonical column, for the files of :func:`write_pair`.
RENAME = {
    "ar": "wave",
    "kod": "org_code",
    "typ": "org_kind",
    "q1": "uses",
    "q2_1": "channel.facebook",
    "q2_2": "channel.twitter",
    "q3_5": "purpose.recruitment",
    "q4_1": "reason.resources",
}

RENAME_ITEMS = list(RENAME.values())[3:]

#: Value labels as a survey firm writes them.
LABELS: dict[str, dict[Any, str]] = {
    "ar": {1: "2010", 2: "2012"},
    "typ": {1: "Kommun", 2: "Landsting"},
    "storlek": {1: "Stor", 2: "Liten"},
    "q1": {1: "Ja", 2: "Nej", 9: "Vet ej"},
    "q2_1": {1: "Markerad", 0: "Ej markerad"},
    "q2_2": {"J": "Ja", "N": "Nej", "V": "Vet inte"},
    "q4_1": {1: "Yes", 0: "No", 8: "Don't know"},
}

#: 9 in q1 is declared user-missing; 8 in q4_1 is not (its label says missing).
MISSING_RANGES: dict[str, list[Any]] = {"q1": [9]}


def write_sav(
    path: Path,
    columns: Mapping[str, Column],
    *,
    labels: Mapping[str, Mapping[Any, str]] | None = None,
    missing_ranges: Mapping[str, list[Any]] | None = None,
    formats: Mapping[str, str] | None = None,
) -> Path:
    """Write ``columns`` as an SPSS file (``.zsav``: compressed) and return its path."""
    frame = pd.DataFrame({name: list(values) for name, values in columns.items()})
    # String variables take string value labels too (pyreadstat's hints say numbers).
    value_labels: Any = {name: dict(v) for name, v in (labels or {}).items()}
    pyreadstat.write_sav(
        frame,
        str(path),
        compress=path.suffix == ".zsav",
        variable_value_labels=value_labels,
        missing_ranges=dict(missing_ranges or {}),
        variable_format=dict(formats or {}),
    )
    return path


def _answers(rng: np.random.Generator, n: int, p_yes: float, p_missing: float) -> Any:
    draws = rng.random(n)
    return np.where(draws < p_missing, -1, (rng.random(n) < p_yes).astype(int))


def coded_survey(seed: int = 2012) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Return the synthetic survey as SPSS-coded columns and as canonical columns."""
    rng = np.random.default_rng(seed)
    register = swedish_register()
    orgs = [o.code for o in register.municipalities[:30]]
    orgs += [o.code for o in register.county_councils[:8]]
    kinds = [1] * 30 + [2] * 8
    spss: dict[str, list[Any]] = {name: [] for name in ["ar", "kod", "typ", "storlek"]}
    spss.update({name: [] for name in ["q1", "q2_1", "q2_2", "q3_5", "q4_1"]})
    csv: dict[str, list[Any]] = {
        name: [] for name in ["wave", "org_code", "org_kind", "storlek", *RENAME_ITEMS]
    }
    for wave_code, wave, p_uses in ((1, "2010", 0.6), (2, "2012", 0.8)):
        n = len(orgs)
        uses = _answers(rng, n, p_uses, 0.1)
        how_missing = rng.random(n)  # declared "Vet ej" (9) or system-missing
        facebook = _answers(rng, n, 0.8, 0.05)
        twitter = _answers(rng, n, 0.4, 0.1)
        recruitment = _answers(rng, n, 0.3, 0.05)
        resources = _answers(rng, n, 0.7, 0.2)
        size = rng.integers(1, 3, n)
        for i, code in enumerate(orgs):
            if wave == "2012" and i % 13 == 5:
                continue  # a few organisations did not answer in 2012
            spss["ar"].append(wave_code)
            spss["kod"].append(code)
            spss["typ"].append(kinds[i])
            spss["storlek"].append(int(size[i]))
            csv["wave"].append(wave)
            csv["org_code"].append(code)
            csv["org_kind"].append("kommun" if kinds[i] == 1 else "landsting")
            csv["storlek"].append(LABELS["storlek"][int(size[i])])
            user = uses[i] == 1
            if uses[i] == -1:
                spss["q1"].append(9 if how_missing[i] < 0.5 else math.nan)
                csv["uses"].append("")
            else:
                spss["q1"].append(1 if user else 2)
                csv["uses"].append(str(uses[i]))
            # Channel and purpose questions go to users, reasons to non-users.
            for var, item, values, asked in (
                ("q2_1", "channel.facebook", facebook, user),
                ("q2_2", "channel.twitter", twitter, user),
                ("q3_5", "purpose.recruitment", recruitment, user),
                ("q4_1", "reason.resources", resources, uses[i] == 0),
            ):
                value = int(values[i]) if asked else -1
                csv[item].append("" if value == -1 else str(value))
                if var == "q2_2":
                    spss[var].append({1: "J", 0: "N", -1: "V" if asked else ""}[value])
                elif var == "q4_1":
                    spss[var].append(8 if value == -1 and asked else value)
                    if value == -1 and not asked:
                        spss[var][-1] = math.nan
                else:
                    spss[var].append(math.nan if value == -1 else value)
    return spss, csv


def write_pair(directory: Path, suffix: str = ".sav") -> tuple[Path, Path]:
    """Write the synthetic survey as an SPSS file and as a canonical CSV."""
    spss, csv = coded_survey()
    sav = write_sav(
        directory / f"svar{suffix}",
        spss,
        labels=LABELS,
        missing_ranges=MISSING_RANGES,
        formats={"kod": "A4"},
    )
    csv_path = directory / "svar.csv"
    lines = [",".join(csv)]
    lines += [",".join(row) for row in zip(*csv.values(), strict=True)]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sav, csv_path
