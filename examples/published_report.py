"""The embedded SKL / TNS Sifo figures: the report, in English and Swedish.

Run: python examples/published_report.py
"""

from __future__ import annotations

from skl_socialmedia import embedded_figures, report_from_published
from skl_socialmedia.formats.text import render_text

figures = embedded_figures()
report = report_from_published(figures)
print(render_text(report, lang="en"))
print(render_text(report, lang="sv"))

# The published percentages are shares of respondents: 87 % cannot be a whole
# number of 20 (or 21) county councils, but fits e.g. 13 of 15 or 20 of 23.
councils_2012 = figures.get("county_council", "uses", "2012")
assert councils_2012 is not None
print("87 % as k of 20 or 21:", councils_2012.possible_counts([20, 21]) or "none")
fits = councils_2012.possible_counts(range(1, 21))
print("87 % fits:", ", ".join(f"{c.successes}/{c.total}" for c in fits))
