"""Helpers of :meth:`Store.save <netfreedom.store.Store.save>`: filling an assessment row,
telling an unchanged or duplicate reading from a new one, and the revision-history copy.

The score and finding rows are written by ``repository._write_children``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from netfreedom.errors import StoreError
from netfreedom.model.assessment import Assessment
from netfreedom.model.observations import content_sha256
from netfreedom.store.tables import AssessmentRevisionRow, AssessmentRow

__all__ = ["fill_row", "history_row", "is_duplicate", "is_unchanged", "label", "require_edition"]


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
