"""Writing per-value provenance: sources, observations and conflicts.

Called inside the transactions of :meth:`Store.save <netfreedom.store.Store.save>` (a
report) and :meth:`Store.save_dataset <netfreedom.store.Store.save_dataset>` (a score
dataset); nothing here commits. A source is identified by (kind, file name, key): a report's
key is ``"<ISO3>/<edition>/<language>"``, a dataset's ``""``. Importing the same source again
compares each value with the source's current observation of the same slot (country,
edition, occurrence, field): an equal value is left alone; a changed one is superseded
(``superseded_at``) and a new observation added; a value the source no longer gives is
superseded without a successor. Then the conflicts of every touched country and edition are
brought up to date: a pair of current observations of different slots that disagree on the
current scale (:func:`netfreedom.model.observations.disagree`) is a conflict; a stored conflict
whose observation was superseded is resolved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from netfreedom.model.assessment import Assessment, Provenance
from netfreedom.model.observations import (
    ObservedValue,
    SourceKind,
    content_sha256,
    disagree,
    observed_values,
    report_source_key,
)
from netfreedom.store.observations import stored_value
from netfreedom.store.tables import (
    AssessmentRow,
    ConflictRow,
    ObservationRow,
    SourceRow,
)

__all__ = ["RowAction", "backfill", "record_dataset", "record_report", "refresh_conflicts"]

RowAction = Literal["created", "updated", "unchanged", "withdrawn"]
"""What an import did to one row (country, edition, occurrence) of a source."""

Group = tuple[str, int, int]
"""(iso3, edition, occurrence): the values of one dataset row, or of one report."""

_COMPARED = ("raw_value", "published_scale", "published_value", "max", "current_value", "status",
             "converted", "source_url", "note")  # fmt: skip


def _source(session: Session, kind: SourceKind, name: str, key: str, now: datetime) -> SourceRow:
    row = session.scalars(
        select(SourceRow)
        .where(SourceRow.kind == kind.value, SourceRow.name == name, SourceRow.source_key == key)
        .with_for_update()
    ).one_or_none()
    if row is None:
        row = SourceRow(kind=kind.value, name=name, source_key=key, first_seen_at=now, last_seen_at=now)
        session.add(row)  # described and flushed by the caller
    return row


def _describe(source: SourceRow, provenance: Provenance | None, now: datetime, **more: Any) -> bool:
    """Describe the source by ``provenance`` (and the columns in ``more``) when it is new
    or its bytes, reader or those columns changed; returns whether it did."""
    wanted: dict[str, Any] = {
        "sha256": provenance.sha256 if provenance else "",
        "size_bytes": provenance.size_bytes if provenance else None,
        "reader": provenance.reader if provenance else "",
        "reader_version": provenance.reader_version if provenance else "",
        **more,
    }
    if source.id is not None and all(getattr(source, name) == value for name, value in wanted.items()):
        return False
    for name, value in wanted.items():
        setattr(source, name, value)
    source.provenance = provenance.model_dump(mode="json") if provenance else None
    source.last_seen_at = now
    return True


def _stored_form(value: ObservedValue) -> dict[str, Any]:
    data = value.model_dump(exclude={"iso3", "edition", "field", "occurrence", "row"})
    data["published_scale"] = value.published_scale.value
    data["status"] = value.status.value if value.status is not None else None
    return data


def _same(row: ObservationRow, value: ObservedValue) -> bool:
    wanted = _stored_form(value)
    return all(getattr(row, name) == wanted[name] for name in _COMPARED)


def _write_values(
    session: Session,
    source: SourceRow,
    values: Iterable[ObservedValue],
    now: datetime,
    *,
    keep: set[Group] = frozenset(),  # type: ignore[assignment]
) -> tuple[dict[Group, RowAction], set[tuple[str, int]]]:
    """Bring the source's current observations to ``values``; groups neither given nor in
    ``keep`` are withdrawn. Returns the action per group and the touched (iso3, edition)."""
    session.flush()  # the source needs its id
    current: dict[Group, dict[str, ObservationRow]] = defaultdict(dict)
    stmt = select(ObservationRow).where(ObservationRow.source_id == source.id, ObservationRow.superseded_at.is_(None))
    for row in session.scalars(stmt):
        current[(row.iso3, row.edition, row.occurrence)][row.field] = row
    wanted: dict[Group, dict[str, ObservedValue]] = defaultdict(dict)
    for value in values:
        wanted[(value.iso3, value.edition, value.occurrence)].setdefault(value.field, value)

    actions: dict[Group, RowAction] = {}
    touched: set[tuple[str, int]] = set()
    for group, fields in wanted.items():
        held = current.get(group, {})
        changed = False
        for name, value in fields.items():
            old = held.get(name)
            if old is not None and _same(old, value):
                if value.row is not None and old.row != value.row:
                    old.row = value.row  # the row moved in the file; the value did not change
                continue
            if old is not None:
                old.superseded_at = now
            session.add(_observation(source, value, now))
            changed = True
        for name, dropped in held.items():
            if name not in fields:
                dropped.superseded_at = now
                changed = True
        actions[group] = "created" if not held else ("updated" if changed else "unchanged")
        if changed:
            touched.add(group[:2])
    for group, held in current.items():
        if group in wanted or group in keep:
            continue
        for row in held.values():
            row.superseded_at = now
        actions[group] = "withdrawn"
        touched.add(group[:2])
    session.flush()
    return actions, touched


def _observation(source: SourceRow, value: ObservedValue, now: datetime) -> ObservationRow:
    return ObservationRow(
        source_id=source.id,
        iso3=value.iso3,
        edition=value.edition,
        field=value.field,
        occurrence=value.occurrence,
        row=value.row,
        **_stored_form(value),
        source_sha256=source.sha256,
        reader=source.reader,
        reader_version=source.reader_version,
        observed_at=now,
        superseded_at=None,
    )


# -- reports and datasets -------------------------------------------------------------------


def record_report(session: Session, assessment: Assessment, now: datetime) -> list[ConflictRow]:
    """Record ``assessment`` as a report source and write its observations (see the module
    docstring); returns the conflicts this opened. The assessment must have an edition."""
    assert assessment.edition is not None
    iso3, edition, language = assessment.key()
    provenance = assessment.provenance
    name = provenance.file_name if provenance else ""
    key = report_source_key(iso3, edition, language)
    source = _source(session, SourceKind.REPORT, name, key, now)
    _describe(source, provenance, now, iso3=iso3, edition=edition, language=language,
              content_sha256=content_sha256(assessment))  # fmt: skip
    _, touched = _write_values(session, source, observed_values(assessment), now)
    if touched:
        source.last_seen_at = now
    return refresh_conflicts(session, touched, now)


def record_dataset(
    session: Session,
    provenance: Provenance,
    values: Sequence[ObservedValue],
    now: datetime,
    *,
    keep: Iterable[Group] = (),
) -> tuple[dict[Group, RowAction], list[ConflictRow]]:
    """Record a score dataset (one source, key ``""``) and bring its observations to
    ``values``. Rows of an earlier import that are neither in ``values`` nor in ``keep``
    (rows rejected this time) are withdrawn. Returns the action per row and the conflicts
    this opened."""
    source = _source(session, SourceKind.DATASET, provenance.file_name, "", now)
    _describe(source, provenance, now)
    actions, touched = _write_values(session, source, values, now, keep=set(keep))
    if touched:
        source.last_seen_at = now
    return actions, refresh_conflicts(session, touched, now)


# -- conflicts ------------------------------------------------------------------------------


def refresh_conflicts(session: Session, keys: set[tuple[str, int]], now: datetime) -> list[ConflictRow]:
    """Bring the stored conflicts of the (iso3, edition) ``keys`` up to date with their
    current observations; returns the conflicts newly opened (flushed, ids set)."""
    if not keys:
        return []
    iso3s = sorted({iso3 for iso3, _ in keys})
    by_field: dict[tuple[str, int, str], list[ObservationRow]] = defaultdict(list)
    stmt = select(ObservationRow).where(ObservationRow.iso3.in_(iso3s), ObservationRow.superseded_at.is_(None))
    for row in session.scalars(stmt.order_by(ObservationRow.id)):
        if (row.iso3, row.edition) in keys:
            by_field[(row.iso3, row.edition, row.field)].append(row)
    pairs: dict[tuple[int, int], tuple[str, int, str]] = {}
    for field_key, rows in by_field.items():
        values = [(row, stored_value(row)) for row in rows]
        for i, (a, value_a) in enumerate(values):
            for b, value_b in values[i + 1 :]:
                if (a.source_id, a.occurrence) != (b.source_id, b.occurrence) and disagree(value_a, value_b):
                    pairs[(a.id, b.id)] = field_key
    stmt_open = select(ConflictRow).where(ConflictRow.iso3.in_(iso3s), ConflictRow.resolved_at.is_(None))
    known: set[tuple[int, int]] = set()
    for conflict in session.scalars(stmt_open):
        if (conflict.iso3, conflict.edition) not in keys:
            continue
        pair = (conflict.observation_id, conflict.other_observation_id)
        known.add(pair)
        if pair not in pairs:
            conflict.resolved_at = now
    opened = [
        ConflictRow(
            iso3=iso3,
            edition=edition,
            field=field,
            observation_id=a,
            other_observation_id=b,
            detected_at=now,
            resolved_at=None,
        )
        for (a, b), (iso3, edition, field) in pairs.items()
        if (a, b) not in known
    ]
    session.add_all(opened)
    session.flush()
    return opened


# -- migration ------------------------------------------------------------------------------


def backfill(connection: Connection) -> int:
    """Record every stored current assessment as a report source with its observations and
    conflicts (migration 0003), in the caller's transaction on ``connection``. Documents
    that no longer validate are skipped. Returns the number of assessments recorded."""
    session = Session(bind=connection)
    recorded = 0
    try:
        stmt = select(AssessmentRow.document, AssessmentRow.ingested_at).order_by(AssessmentRow.id)
        for document, ingested_at in connection.execute(stmt).all():
            try:
                assessment = Assessment.model_validate(document)
            except ValidationError:
                continue
            when = ingested_at if ingested_at.tzinfo else ingested_at.replace(tzinfo=UTC)
            record_report(session, assessment, when)
            recorded += 1
        session.flush()
    finally:
        session.close()
    return recorded
