"""Build a :class:`~skl_socialmedia.report.Report` from microdata (a Survey).

Every figure is estimated from the responses (:attr:`Status.ESTIMATED`): the
rate in each wave with its interval, counts, effective size and the NCHS
low-base flag, and the percentage-point change with its interval, p-value and
whether it is significant — paired where the same organisations answered in
both waves (see :class:`~skl_socialmedia.survey.Survey`), independent
otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from skl_socialmedia.errors import UsageError
from skl_socialmedia.model.routing import Base
from skl_socialmedia.report.from_tally import report_from_tally, report_waves
from skl_socialmedia.report.model import Report, RowBase, Text
from skl_socialmedia.statistics import DeltaMethod, RateMethod
from skl_socialmedia.survey.model import Survey
from skl_socialmedia.survey.routing import check_base
from skl_socialmedia.tally.estimates import (
    DegreesOfFreedom,
    EstimateOptions,
    Paired,
    Population,
)

__all__ = ["report_from_survey", "row_bases", "stratified_note"]


def stratified_note(strata: str) -> Text:
    """Return the note on a stratified design's "all organisations" row."""
    return Text(
        en=(
            "All organisations: the estimate for the whole population from the "
            f"design stratified by {strata} (each organisation weighted by its "
            "stratum's population over its sample) — not the share of all "
            "respondents."
        ),
        sv=(
            "Samtliga: skattningen för hela populationen från urvalsdesignen "
            f"stratifierad efter {strata} (varje organisation vägd med sitt "
            "stratums population genom dess urval) — inte andelen av alla "
            "svarande."
        ),
    )


NO_ORG_KIND = Text(
    en="The data have no org_kind: all organisations form one group.",
    sv="Uppgifterna saknar org_kind: alla organisationer redovisas som en grupp.",
)


def row_bases(survey: Survey, base: Base, among: str | None) -> dict[str, RowBase]:
    """Return whom each item's figures are shares of, for ``base`` and ``among``."""
    if among is not None:
        return {item: RowBase("among", survey.item(among)) for item in survey.items}
    if base == "all":
        return {item: RowBase("all") for item in survey.items}
    bases = {item: RowBase("answered") for item in survey.items}
    for item, asked in survey.routing.items():
        bases[item] = RowBase("routed", asked.item, asked.answer)
    return bases


def report_from_survey(
    survey: Survey,
    *,
    before: object | None = None,
    after: object | None = None,
    by: str | Sequence[str] | None = "org_kind",
    items: Sequence[str] | None = None,
    among: str | None = None,
    base: Base = "routed",
    changes: str = "first-last",
    confidence: float = 0.95,
    df: DegreesOfFreedom = math.inf,
    title: str | Text | None = None,
    source: str | Text = "",
    method: RateMethod = "wilson",
    delta_method: DeltaMethod = "newcombe",
    paired: Paired = "auto",
    population: Population = None,
) -> Report:
    """Return the report of ``survey``: every wave, per group and item, and changes.

    By default every wave is shown with the change from the first to the
    last; ``before``/``after`` pick two waves; ``changes="consecutive"``
    gives each consecutive change. ``by`` groups the rows (``"org_kind"`` by
    default — one group when the data have no ``org_kind``; ``None`` for all
    organisations together); ``items`` defaults to every item; ``among``
    rates items among those answering yes to it; ``base`` is ``"routed"``
    (shares of those each item was asked of) or ``"all"`` (of every
    respondent; see :class:`~skl_socialmedia.survey.Survey`). ``method`` is
    the rate interval, ``delta_method`` the independent-samples interval of
    the change; ``paired`` and ``population`` are as for
    :meth:`Survey.pp_deltas`. A survey with a stratified design (see
    :class:`~skl_socialmedia.survey.Design`) gets an "all organisations" row
    after the groups: the whole population's estimate (R ``svymean`` on the
    design), as a press release's "in total" figure. The survey's
    ``description`` is the report's.
    """
    shown, pairs = report_waves(survey.waves, before, after, changes)
    grouped = [by] if isinstance(by, str) else list(by or ())
    if "wave" in grouped:
        raise UsageError(
            "a report compares waves, so it cannot be grouped by wave; "
            "use --from/--to or --changes to choose the waves"
        )
    notes: list[Text] = []
    if by == "org_kind" and "org_kind" not in survey.attributes:
        by = None
        notes.append(NO_ORG_KIND)
    options = EstimateOptions(
        confidence=confidence,
        rate_method=method,
        delta_method=delta_method,
        paired=paired,
        population=population,
        df=df,
    )
    base = check_base(base)
    tally = survey.tally(items, by=by, among=among, pairs=pairs, base=base)
    overall = None
    strata = survey.design.strata
    if by is not None and strata is not None:
        overall = survey.tally(items, by=None, among=among, pairs=pairs, base=base)
        notes.append(stratified_note(strata))
    if title is None:
        span = f"{shown[0]}–{shown[-1]}"
        title = Text(
            en=f"Social media use {span}, estimated from responses",
            sv=f"Sociala medier {span}, skattat från svaren",
        )
    return report_from_tally(
        tally,
        before=before,
        after=after,
        options=options,
        title=title,
        source=source,
        notes=notes,
        overall=overall,
        changes=changes,
        bases=row_bases(survey, base, among),
        description=survey.description,
    )
