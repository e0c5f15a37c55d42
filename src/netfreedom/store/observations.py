"""Reading per-value provenance: observations, value history, report copies, conflicts.

Each function takes a session in the caller's (read) transaction and returns records of
:mod:`netfreedom.store.records` and :mod:`netfreedom.model.observations`;
:class:`~netfreedom.store.Store` wraps them in methods of the same names. Observations are
ordered by field (``total``, ``status``, ``A``-``C``, ``A1``-``C8``), then by source (first
recorded first), row occurrence and time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from netfreedom.methodology import Scale, Status
from netfreedom.model.assessment import Assessment
from netfreedom.model.observations import (
    Observation,
    ObservedValue,
    SourceKind,
    content_sha256,
    report_source_key,
)
from netfreedom.model.scoring import score_fields
from netfreedom.store.records import Conflict, ReportCopy
from netfreedom.store.tables import (
    AssessmentRow,
    ConflictRow,
    ObservationRow,
    SourceRow,
)

if TYPE_CHECKING:
    from netfreedom.store.repository import Store

__all__ = [
    "conflict_records",
    "list_conflicts",
    "list_observations",
    "observations_for_checks",
    "other_observations",
    "report_copies",
    "to_observations",
]


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def stored_value(row: Any) -> ObservedValue:
    """The :class:`ObservedValue` an observation row holds."""
    return ObservedValue(
        iso3=row.iso3,
        edition=row.edition,
        field=row.field,
        raw_value=row.raw_value,
        published_scale=Scale(row.published_scale),
        published_value=row.published_value,
        max=row.max,
        current_value=row.current_value,
        status=Status(row.status) if row.status is not None else None,
        converted=row.converted,
        occurrence=row.occurrence,
        row=row.row,
        source_url=row.source_url,
        note=row.note,
    )


def _record(row: Any, source: SourceRow) -> Observation:
    observed_at = _utc(row.observed_at)
    assert observed_at is not None
    return Observation(
        **stored_value(row).model_dump(),
        id=row.id,
        source_kind=SourceKind(source.kind),
        source_name=source.name,
        source_key=source.source_key,
        language=source.language,
        source_sha256=row.source_sha256,
        reader=row.reader,
        reader_version=row.reader_version,
        content_sha256=source.content_sha256,
        observed_at=observed_at,
        superseded_at=_utc(row.superseded_at),
    )


def to_observations(session: Session, rows: Iterable[Any]) -> list[Observation]:
    """Observation rows as records, in the module's order (sources read in one query)."""
    rows = list(rows)
    ids = {row.source_id for row in rows}
    sources = {s.id: s for s in session.scalars(select(SourceRow).where(SourceRow.id.in_(ids)))} if ids else {}
    order = {field: index for index, field in enumerate(score_fields())}
    rows.sort(key=lambda r: (order.get(r.field, len(order)), r.field, r.source_id, r.occurrence, r.observed_at, r.id))
    return [_record(row, sources[row.source_id]) for row in rows]


_OBSERVATIONS = cast(Table, ObservationRow.__table__)
_OTHER_SOURCES = select(_OBSERVATIONS).where(
    _OBSERVATIONS.c.iso3 == bindparam("iso3"),
    _OBSERVATIONS.c.edition == bindparam("edition"),
    _OBSERVATIONS.c.superseded_at.is_(None),
    _OBSERVATIONS.c.source_id.not_in(
        select(SourceRow.id).where(
            SourceRow.kind == bindparam("kind"),
            SourceRow.name == bindparam("name"),
            SourceRow.source_key == bindparam("key"),
        )
    ),
)


def list_observations(
    session: Session,
    iso3: str,
    edition: int,
    *,
    field: str | None = None,
    include_superseded: bool = False,
    excluding: tuple[SourceKind, str, str] | None = None,
) -> list[Observation]:
    """Observations of one country and edition (current ones only unless
    ``include_superseded``), optionally of one ``field``, without those of the source
    ``excluding`` (kind, file name, source key) when given."""
    if excluding is not None and field is None and not include_superseded:  # a page's question, built once
        kind, name, key = excluding
        params = {"iso3": iso3.upper(), "edition": edition, "kind": kind.value, "name": name, "key": key}
        return to_observations(session, session.connection().execute(_OTHER_SOURCES, params))
    stmt = select(ObservationRow).where(ObservationRow.iso3 == iso3.upper(), ObservationRow.edition == edition)
    if field is not None:
        stmt = stmt.where(ObservationRow.field == field)
    if excluding is not None:
        kind, name, key = excluding
        own = select(SourceRow.id).where(
            SourceRow.kind == kind.value, SourceRow.name == name, SourceRow.source_key == key
        )
        stmt = stmt.where(ObservationRow.source_id.not_in(own))
    if not include_superseded:
        stmt = stmt.where(ObservationRow.superseded_at.is_(None))
    return to_observations(session, session.scalars(stmt))


def report_copies(session: Session, iso3: str, edition: int) -> list[ReportCopy]:
    """Every distinct report file recorded for one country and edition, first seen first."""
    iso3 = iso3.upper()
    current = {
        row.language: (row.source_file_name or "", content_sha256(row.document))
        for row in session.scalars(
            select(AssessmentRow).where(AssessmentRow.iso3 == iso3, AssessmentRow.edition == edition)
        )
    }
    stmt = (
        select(SourceRow)
        .where(SourceRow.kind == SourceKind.REPORT.value, SourceRow.iso3 == iso3, SourceRow.edition == edition)
        .order_by(SourceRow.first_seen_at, SourceRow.id)
    )
    copies = []
    for source in session.scalars(stmt):
        language = source.language or ""
        current_name, current_content = current.get(language, (None, None))
        provenance = source.provenance or {}
        read_at = provenance.get("read_at")
        first_seen, last_seen = _utc(source.first_seen_at), _utc(source.last_seen_at)
        assert first_seen is not None and last_seen is not None
        copies.append(
            ReportCopy(
                iso3=iso3,
                edition=edition,
                language=language,
                file_name=source.name,
                sha256=source.sha256,
                size_bytes=source.size_bytes,
                encoding=provenance.get("encoding"),
                reader=source.reader,
                reader_version=source.reader_version,
                read_at=datetime.fromisoformat(read_at) if isinstance(read_at, str) else None,
                content_sha256=source.content_sha256,
                current=current_name == source.name,
                same_content_as_current=current_content is not None and current_content == source.content_sha256,
                first_seen_at=first_seen,
                last_seen_at=last_seen,
            )
        )
    return copies


def conflict_records(session: Session, conflicts: Sequence[ConflictRow]) -> list[Conflict]:
    """Conflict rows as records with both observations."""
    ids = {c.observation_id for c in conflicts} | {c.other_observation_id for c in conflicts}
    if not ids:
        return []
    rows = session.scalars(select(ObservationRow).where(ObservationRow.id.in_(ids)))
    observations = {o.id: o for o in to_observations(session, rows)}
    return [
        Conflict(
            iso3=c.iso3,
            edition=c.edition,
            field=c.field,
            observation=observations[c.observation_id],
            other=observations[c.other_observation_id],
            detected_at=_utc(c.detected_at),  # type: ignore[arg-type]
            resolved_at=_utc(c.resolved_at),
        )
        for c in conflicts
    ]


def list_conflicts(
    session: Session, iso3: str | None = None, edition: int | None = None, *, include_resolved: bool = False
) -> list[Conflict]:
    """Stored conflicts (open ones unless ``include_resolved``), by iso3, edition, field."""
    stmt = select(ConflictRow)
    if iso3 is not None:
        stmt = stmt.where(ConflictRow.iso3 == iso3.upper())
    if edition is not None:
        stmt = stmt.where(ConflictRow.edition == edition)
    if not include_resolved:
        stmt = stmt.where(ConflictRow.resolved_at.is_(None))
    order = {field: index for index, field in enumerate(score_fields())}
    rows = sorted(session.scalars(stmt), key=lambda c: (c.iso3, c.edition, order.get(c.field, 99), c.id))
    return conflict_records(session, rows)


def observations_for_checks(store: Store, assessment: Assessment) -> tuple[Observation, ...]:
    """The current observations of ``assessment``'s country and edition from every source
    but the assessment's own (the same file read for the same key), for
    ``run_checks(..., observations=...)``. Empty when the edition is unknown. Raises
    :class:`~netfreedom.store.StoreError` on a database error; writes nothing."""
    if assessment.edition is None:
        return ()
    iso3, _, language = assessment.key()
    return other_observations(
        store, iso3, assessment.edition, language, assessment.provenance.file_name if assessment.provenance else ""
    )


def other_observations(
    store: Store, iso3: str, edition: int, language: str, own_file_name: str
) -> tuple[Observation, ...]:
    """The current observations of ``iso3``'s ``edition`` from every source but the report in
    ``language`` read from ``own_file_name`` (see :func:`observations_for_checks`), the report
    itself left out by the query. Raises :class:`~netfreedom.store.StoreError` on a database
    error."""
    own = (SourceKind.REPORT, own_file_name, report_source_key(iso3, edition, language))
    return tuple(store.observations(iso3, edition, excluding=own))


def series_observations(store: Store, iso3: str, fields: Sequence[str]) -> list[Observation]:
    """The current observations of country ``iso3`` (any case) of ``fields`` (e.g. ``total``,
    ``status``, ``A``-``C``) in every edition, from every source, oldest edition first: what
    the edition deduction (:mod:`netfreedom.model.edition_deduction`) weighs a report against.
    Raises :class:`~netfreedom.store.StoreError` on a database error; writes nothing."""
    with store._transaction("reading a country's series") as session:
        stmt = select(ObservationRow).where(
            ObservationRow.iso3 == iso3.upper(),
            ObservationRow.superseded_at.is_(None),
            ObservationRow.field.in_(list(fields)),
        )
        found = to_observations(session, session.scalars(stmt))
    return sorted(found, key=lambda o: o.edition)
