"""A tour of the microdata path on the SYNTHETIC example panel.

Loads examples/data/synthetic_panel.csv (synthetic data, calibrated to the
published SKL / TNS Sifo margins), rates items, compares the waves and prints
the report.

Run: python examples/microdata_tour.py
"""

from __future__ import annotations

from pathlib import Path

from skl_socialmedia.report.from_survey import report_from_survey
from skl_socialmedia.sources import load_survey
from skl_socialmedia.survey import register_populations

DATA = Path(__file__).parent / "data" / "synthetic_panel.csv"

# 1. Load: org codes are checked against the Swedish register, which also
#    supplies the county of every organisation.
survey = load_survey(DATA)
print(survey)

# 2. One rate, with its 95 % Wilson interval.
uses = survey.rate("uses", wave=2012)
print(
    f"uses social media in 2012: {uses.percent:.1f} % "
    f"({100 * uses.low:.1f}-{100 * uses.high:.1f}), "
    f"{uses.successes:.0f} of {uses.total:.0f}"
)

# 3. A group, and a filtered base: Facebook among those that use social media.
municipalities = survey.where(org_kind="municipality")
facebook = municipalities.rate("channel.facebook", wave=2012, among="uses")
print(f"municipalities on Facebook, among users, 2012: {facebook.percent:.1f} %")

# 4. Compare waves: the municipalities are a full panel for `uses`, so "auto"
#    picks the paired interval; five county councils left it blank in 2012,
#    so theirs is independent.
for kind in ("municipality", "county_council"):
    delta = survey.where(org_kind=kind).pp_delta("uses", before=2010, after=2012)
    how = "paired" if delta.paired else "independent"
    print(
        f"{kind}: {delta.pp:+.1f} pp ({100 * delta.low:+.1f} to "
        f"{100 * delta.high:+.1f}), {how}, p = {delta.p_value:.3g}"
    )

# 5. Whole tables at once: columns are numpy arrays, rows are named tuples.
table = survey.rates(["uses", "purpose.recruitment"], by="org_kind")
for row in table:
    flag = " (low base)" if row.low_base else ""
    print(f"{row.wave} {row.group:15} {row.item:20} {100 * row.value:5.1f} %{flag}")

# 6. The finite population correction: 290 municipalities, 20 councils.
fpc = survey.rates("uses", by="org_kind", population=register_populations("se"))
print("with FPC, interval widths:", (fpc.high - fpc.low).round(3).tolist())

# 7. The report, rendered as text (in English and Swedish) if the text format
#    is installed, else as plain rows.
report = report_from_survey(
    survey, items=["uses", "channel.facebook", "purpose.recruitment"], source=DATA.name
)
try:
    from skl_socialmedia.formats.text import render_text
except ImportError:  # pragma: no cover - the text format ships with the package
    for r in report:
        print(r.group, r.item, r.before.value, r.after.value, r.change.value)
else:
    print(render_text(report, lang="en"))
    print(render_text(report, lang="sv"))
