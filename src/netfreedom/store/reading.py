"""Turning stored rows into what :class:`~netfreedom.store.Store` returns, and the filters
its reads share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, case, func, or_

from netfreedom.errors import StoreError
from netfreedom.methodology import Scale, Status
from netfreedom.model.assessment import PREFERRED_LANGUAGE, Assessment
from netfreedom.store.records import AssessmentSummary, Revision
from netfreedom.store.tables import AssessmentRevisionRow, AssessmentRow

__all__ = [
    "PREFERRED_LANGUAGE",
    "country_filter",
    "language_order",
    "revision_record",
    "summary",
    "to_assessment",
    "utc",
]


def language_order(stmt: Any, language: str | None) -> Any:
    """Restrict to ``language``, or order as :func:`~netfreedom.model.assessment.preferred_language`
    does: English first, then by language code."""
    if language is not None:
        return stmt.where(AssessmentRow.language == language)
    english_first = case((AssessmentRow.language == PREFERRED_LANGUAGE, 0), else_=1)
    return stmt.order_by(english_first, AssessmentRow.language)


def country_filter(country: str) -> ColumnElement[bool]:
    from netfreedom.model.countries import UnknownCountryError, resolve_country

    wanted = country.strip()
    if len(wanted) == 3 and wanted.isascii() and wanted.isalpha():
        return AssessmentRow.iso3 == wanted.upper()
    try:
        iso3 = resolve_country(wanted).iso3
    except UnknownCountryError:
        return func.lower(AssessmentRow.country_name) == wanted.lower()
    return or_(AssessmentRow.iso3 == iso3, func.lower(AssessmentRow.country_name) == wanted.lower())


def to_assessment(document: dict[str, Any]) -> Assessment:
    try:
        return Assessment.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        country = document.get("country") or {}
        key = f"{country.get('iso3', '?')} {document.get('edition')} ({document.get('language')})"
        raise StoreError(f"stored document of {key} is not a valid assessment: {where}: {first['msg']}") from exc


def summary(row: AssessmentRow) -> AssessmentSummary:
    return AssessmentSummary(
        iso3=row.iso3,
        country_name=row.country_name,
        edition=row.edition,
        language=row.language,
        scale=Scale(row.scale),
        status=Status(row.status) if row.status is not None else None,
        total=row.total,
        categories={c.category_id: c.score for c in row.categories},
        revision=row.revision,
        partial=row.partial,
        missing=row.missing or [],
    )


def revision_record(row: AssessmentRow | AssessmentRevisionRow, *, replaced_at: datetime | None) -> Revision:
    return Revision(
        revision=row.revision,
        source_file_name=row.source_file_name,
        source_sha256=row.source_sha256,
        reader=row.reader,
        reader_version=row.reader_version,
        ingested_at=utc(row.ingested_at),
        replaced_at=replaced_at,
        current=isinstance(row, AssessmentRow),
        partial=row.partial if isinstance(row, AssessmentRow) else _document_partial(row.document),
    )


def _document_partial(document: dict[str, Any]) -> bool:
    """:attr:`Assessment.partial` of a stored document (False when it no longer validates)."""
    try:
        return Assessment.model_validate(document).partial
    except ValidationError:
        return False


def utc(moment: datetime) -> datetime:
    """Aware UTC datetime; SQLite hands back naive ones, which the store wrote in UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
