"""Last year's scorecard of a draft, read with the draft (:class:`~netfreedom.model.drafting.LastYear`).

"Last year" for a draft of edition N is the stored scorecard of the previous published edition
(:func:`netfreedom.methodology.previous_edition`; 2009 for 2011) of the same country, whatever
its source: a report, a workbook with per-question scores or a score-table row (the
scorecards of :mod:`netfreedom.store.scorecards`, prepared at write time, so this is one row
read). Scorecards hold the current scale; the values are given on the draft's methodology
scale.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from netfreedom.methodology import Scale, Status, load_methodology, previous_edition
from netfreedom.model.drafting import LastYear
from netfreedom.store.tables import AssessmentRow, ScorecardRow

__all__ = ["last_year_of", "published_reports"]


def last_year_of(session: Session, iso3: str, edition: int, methodology_id: str) -> LastYear | None:
    """Last year's scorecard of ``iso3`` for a draft of ``edition`` written on methodology
    ``methodology_id``, or ``None`` when the store has no scorecard of that edition.

    On a legacy-scale methodology the total and categories are reflected back (``max -
    value``) and indicators are left out (no conversion is documented for them)."""
    year = previous_edition(edition)
    stmt = select(ScorecardRow).where(ScorecardRow.iso3 == iso3.upper(), ScorecardRow.edition == year)
    card = session.scalars(stmt).first()
    if card is None:
        return None
    methodology = load_methodology(methodology_id)
    current = methodology.scale.direction is Scale.HIGHER_IS_FREER

    def on_scale(value: int | None, maximum: int) -> int | None:
        if value is None or not 0 <= value <= maximum:
            return None
        return value if current else maximum - value

    categories = {}
    for category in methodology.categories:
        value = on_scale((card.categories or {}).get(category.id), category.max)
        if value is not None:
            categories[category.id] = value
    indicators = {}
    if current:
        for spec in methodology.indicators:
            found = (card.indicators or {}).get(spec.id)
            if found is not None and 0 <= found <= spec.max:
                indicators[spec.id] = found
    return LastYear(
        edition=year,
        source_kind=card.source_kind,
        source_name=card.source_name or "",
        total=on_scale(card.total, methodology.scale.max),
        status=Status(card.status) if card.status else None,
        categories=categories,
        indicators=indicators,
    )


def published_reports(session: Session, iso3: str, edition: int) -> dict[str, int]:
    """The stored reports of ``iso3`` for ``edition``: language -> current revision (empty
    when none is stored)."""
    stmt = select(AssessmentRow.language, AssessmentRow.revision).where(
        AssessmentRow.iso3 == iso3.upper(), AssessmentRow.edition == edition
    )
    return {language: revision for language, revision in session.execute(stmt.order_by(AssessmentRow.language))}
