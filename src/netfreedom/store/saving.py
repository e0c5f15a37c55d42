"""Helpers of :meth:`Store.save <netfreedom.store.Store.save>`: filling an assessment row,
telling an unchanged or duplicate reading from a new one, and the revision-history copy.

``save_one`` saves one assessment in the caller's transaction and writes its score and finding
rows, search index entry, provenance and scorecards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from netfreedom.errors import StoreError
from netfreedom.model.assessment import Assessment, Finding
from netfreedom.model.observations import content_sha256
from netfreedom.store.narratives import save_narrative
from netfreedom.store.page_parts import drop_page_parts
from netfreedom.store.provenance import record_report
from netfreedom.store.records import SaveResult
from netfreedom.store.scorecards import refresh_scorecards
from netfreedom.store.search import index_document
from netfreedom.store.tables import (
    AssessmentRevisionRow,
    AssessmentRow,
    CategoryScoreRow,
    FindingRow,
    IndicatorScoreRow,
)

__all__ = ["fill_row", "history_row", "is_duplicate", "is_unchanged", "label", "require_edition", "save_one"]


def label(assessment: Assessment) -> str:
    """``"KAZ 2022 (ru)"``: an assessment's key for messages (``?`` for no country or edition)."""
    iso3, edition, language = assessment.key()
    return f"{iso3 or '?'} {edition if edition is not None else '?'} ({language})"


def require_edition(assessment: Assessment) -> None:
    """Raise :class:`StoreError` when the assessment has no edition or no identified country
    (it cannot be stored)."""
    if assessment.country is None:
        raise StoreError(f"cannot store {label(assessment)}: country not identified")
    if assessment.edition is None:
        raise StoreError(f"cannot store {label(assessment)}: edition unknown")


def fill_row(row: AssessmentRow, a: Assessment, document: dict[str, Any], now: datetime) -> None:
    """Copy the assessment's queryable fields and its document into ``row``."""
    assert a.country is not None  # checked by require_edition
    row.iso3 = a.country.iso3
    row.country_name = a.country.name
    row.edition = a.edition  # type: ignore[assignment]  # checked by _require_edition
    row.language = a.language
    row.scale = a.scale.value
    row.methodology = a.methodology
    row.status = a.status.value if a.status is not None else None
    row.total = a.total
    row.previous_total = a.previous.total
    row.previous_status = a.previous.status.value if a.previous.status is not None else None
    row.coverage_start = a.coverage.start if a.coverage is not None else None
    row.coverage_end = a.coverage.end if a.coverage is not None else None
    row.document = document
    provenance = a.provenance
    row.source_file_name = provenance.file_name if provenance else None
    row.source_sha256 = provenance.sha256 if provenance else None
    row.reader = provenance.reader if provenance else None
    row.reader_version = provenance.reader_version if provenance else None
    row.ingested_at = now
    row.missing = a.missing_values()
    row.partial = bool(row.missing)


def is_unchanged(row: AssessmentRow, a: Assessment, document: dict[str, Any]) -> bool:
    """Same source bytes, same reader version, same document apart from ``read_at``."""
    sha256 = a.provenance.sha256 if a.provenance else None
    reader_version = a.provenance.reader_version if a.provenance else None
    return (
        row.source_sha256 == sha256
        and row.reader_version == reader_version
        and _without_read_at(row.document) == _without_read_at(document)
    )


def is_duplicate(row: AssessmentRow, a: Assessment, document: dict[str, Any]) -> bool:
    """Read from another file, and the same as the stored version apart from provenance and
    findings."""
    name = a.provenance.file_name if a.provenance else None
    return name != row.source_file_name and content_sha256(document) == content_sha256(row.document)


def _without_read_at(document: dict[str, Any]) -> dict[str, Any]:
    provenance = document.get("provenance")
    if not isinstance(provenance, dict):
        return document
    trimmed = {k: v for k, v in provenance.items() if k != "read_at"}
    return {**document, "provenance": trimmed}


def history_row(row: AssessmentRow, *, replaced_at: datetime) -> AssessmentRevisionRow:
    """A copy of the current version for ``assessment_revisions``."""
    return AssessmentRevisionRow(
        iso3=row.iso3,
        edition=row.edition,
        language=row.language,
        revision=row.revision,
        document=row.document,
        source_file_name=row.source_file_name,
        source_sha256=row.source_sha256,
        reader=row.reader,
        reader_version=row.reader_version,
        ingested_at=row.ingested_at,
        replaced_at=replaced_at,
    )


# -- saving ---------------------------------------------------------------------------------


def save_one(session: Session, assessment: Assessment, findings: Iterable[Finding] | None) -> SaveResult:
    """Save one assessment in the caller's transaction (see :meth:`Store.save`)."""
    require_edition(assessment)
    if findings is not None:
        assessment = assessment.model_copy(update={"findings": list(findings)})
    iso3, edition, language = assessment.key()
    assert edition is not None  # _require_edition
    document = assessment.model_dump(mode="json")
    now = datetime.now(UTC)
    row = session.scalars(
        select(AssessmentRow)
        .where(
            AssessmentRow.iso3 == iso3,
            AssessmentRow.edition == edition,
            AssessmentRow.language == language,
        )
        .with_for_update()
    ).one_or_none()

    if row is None:
        row = AssessmentRow(revision=1)
        fill_row(row, assessment, document, now)
        session.add(row)
        session.flush()  # assigns row.id
        _write_children(session, row.id, assessment, replace=False)
        index_document(session.connection(), row.id, document, replace=False)
        save_narrative(session.connection(), row.id, row.revision, assessment)
        record_report(session, assessment, now)
        refresh_scorecards(session, [iso3], now)
        return SaveResult(action="created", iso3=iso3, edition=edition, language=language, revision=1)

    if is_unchanged(row, assessment, document):
        return SaveResult(
            action="unchanged",
            iso3=iso3,
            edition=edition,
            language=language,
            revision=row.revision,
        )

    if is_duplicate(row, assessment, document):
        record_report(session, assessment, now)
        refresh_scorecards(session, [iso3], now)
        return SaveResult(
            action="duplicate",
            iso3=iso3,
            edition=edition,
            language=language,
            revision=row.revision,
            duplicate_of=row.source_file_name or "",
        )

    session.add(history_row(row, replaced_at=now))
    row.revision += 1
    fill_row(row, assessment, document, now)
    session.flush()
    _write_children(session, row.id, assessment, replace=True)
    index_document(session.connection(), row.id, document, replace=True)
    drop_page_parts(session.connection(), row.id)  # prepared for the new revision when next shown
    save_narrative(session.connection(), row.id, row.revision, assessment)
    record_report(session, assessment, now)
    refresh_scorecards(session, [iso3], now)
    return SaveResult(action="replaced", iso3=iso3, edition=edition, language=language, revision=row.revision)


def _write_children(session: Session, assessment_id: int, assessment: Assessment, *, replace: bool) -> None:
    """Write the score and finding rows of one assessment (after deleting the old ones)."""
    if replace:
        for table in (CategoryScoreRow, IndicatorScoreRow, FindingRow):
            session.execute(delete(table).where(table.assessment_id == assessment_id))
    session.add_all(_category_rows(assessment_id, assessment))
    session.add_all(_indicator_rows(assessment_id, assessment))
    session.add_all(_finding_rows(assessment_id, assessment.findings))
    session.flush()


def _category_rows(assessment_id: int, assessment: Assessment) -> list[CategoryScoreRow]:
    return [
        CategoryScoreRow(assessment_id=assessment_id, category_id=category_id, score=c.score, max=c.max)
        for category_id, c in assessment.categories.items()
    ]


def _indicator_rows(assessment_id: int, assessment: Assessment) -> list[IndicatorScoreRow]:
    return [
        IndicatorScoreRow(
            assessment_id=assessment_id,
            position=position,
            indicator_id=indicator.id,
            category_id=indicator.category,
            score=indicator.score,
            max=indicator.max,
        )
        for position, indicator in enumerate(assessment.indicators)
    ]


def _finding_rows(assessment_id: int, findings: Sequence[Finding]) -> list[FindingRow]:
    return [
        FindingRow(
            assessment_id=assessment_id,
            position=position,
            rule=finding.rule,
            severity=finding.severity.value,
            location=finding.location,
            message=finding.message,
        )
        for position, finding in enumerate(findings)
    ]
