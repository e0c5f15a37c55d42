"""A country's time series: per edition, the best-supported value of the total, the status
and each category, on the current scale, with where it came from.

Among the current observations of a field for one edition, the first of this order wins:

1. reports before datasets;
2. among reports, the copy the stored document was read from before other copies, English
   before other languages, then by language code and the order the copies were recorded;
3. among datasets, the dataset recorded first, then the row order inside it (a dataset may
   give several rows for one country and edition: its first row wins).

A value without a current-scale number is skipped (an out-of-range number). Converted
values (legacy scale, ``max - value``) keep ``converted=True`` so a chart can mark them.
A point is ``partial`` when the edition's scorecard is (a value the edition prints is missing).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from netfreedom.methodology import CURRENT, load_methodology
from netfreedom.model.observations import Observation, SourceKind
from netfreedom.model.scoring import STATUS, TOTAL
from netfreedom.store.observations import to_observations
from netfreedom.store.records import SeriesPoint
from netfreedom.store.tables import AssessmentRow, ObservationRow, ScorecardRow, SourceRow

__all__ = ["build_series"]

_Rank = tuple[int, int, int, str, int, int]


def build_series(session: Session, iso3: str) -> list[SeriesPoint]:
    """One :class:`SeriesPoint` per edition with any current observation of the total, the
    status or a category of country ``iso3`` (any case), oldest edition first."""
    iso3 = iso3.upper()
    categories = [c.id for c in load_methodology(CURRENT).categories]
    fields = [TOTAL, STATUS, *categories]
    rows = list(
        session.scalars(
            select(ObservationRow).where(
                ObservationRow.iso3 == iso3,
                ObservationRow.superseded_at.is_(None),
                ObservationRow.field.in_(fields),
            )
        )
    )
    if not rows:
        return []
    source_ids = {
        (kind, name, key): source_id
        for source_id, kind, name, key in session.execute(
            select(SourceRow.id, SourceRow.kind, SourceRow.name, SourceRow.source_key).where(
                SourceRow.id.in_({r.source_id for r in rows})
            )
        )
    }
    documents = {
        (edition, language): name or ""
        for edition, language, name in session.execute(
            select(AssessmentRow.edition, AssessmentRow.language, AssessmentRow.source_file_name).where(
                AssessmentRow.iso3 == iso3
            )
        )
    }

    def rank(o: Observation) -> _Rank:
        source_id = source_ids[(o.source_kind.value, o.source_name, o.source_key)]
        if o.source_kind is SourceKind.DATASET:
            return (1, 0, 0, "", source_id, o.occurrence)
        language = o.language or ""
        current = documents.get((o.edition, language)) == o.source_name
        return (0, 0 if current else 1, 0 if language == "en" else 1, language, source_id, o.occurrence)

    by_edition: dict[int, dict[str, list[Observation]]] = defaultdict(lambda: defaultdict(list))
    for observation in to_observations(session, rows):
        if observation.comparable() is not None:
            by_edition[observation.edition][observation.field].append(observation)
    partial = set(
        session.scalars(select(ScorecardRow.edition).where(ScorecardRow.iso3 == iso3, ScorecardRow.partial.is_(True)))
    )
    points = []
    for edition in sorted(by_edition):
        chosen = {field: min(found, key=rank) for field, found in by_edition[edition].items()}
        points.append(
            SeriesPoint(
                edition=edition,
                total=chosen.get(TOTAL),
                status=chosen.get(STATUS),
                categories={c: chosen[c] for c in categories if c in chosen},
                partial=edition in partial,
            )
        )
    return points
