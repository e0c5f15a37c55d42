"""What a report page needs of a stored assessment, prepared once per stored revision.

:func:`save_narrative` builds an assessment's :data:`~netfreedom.text.narrative.Narrative`
(:func:`netfreedom.text.narrative.build_narrative`) and writes it to ``narrative_html``
(:class:`~netfreedom.store.tables.NarrativeHtmlRow`) in the transaction that saves the
assessment, together with the assessment's slim document (:func:`slim_document`: the stored
document without its narrative text, ~27 KB instead of ~400 KB for the seed report), so a
page reads and validates neither the whole document nor its text. :func:`read_report_page`
reads the slim assessment and the narrative together; a row that is missing or of another
revision or format (a store written by an older version) is built and written in a
transaction of its own, or only built when the store cannot be written (a read-only
database file). :func:`rebuild_narratives` builds every one (migration 0012).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, bindparam, delete, insert, select
from sqlalchemy.orm import Session

from netfreedom.errors import StoreError
from netfreedom.model.assessment import Assessment
from netfreedom.store.reading import language_order, to_assessment, utc
from netfreedom.store.tables import AssessmentRow, NarrativeHtmlRow
from netfreedom.text.narrative import NARRATIVE_FORMAT, Narrative, build_narrative

if TYPE_CHECKING:
    from netfreedom.store.repository import Store

__all__ = [
    "ReportPage",
    "ReportVersion",
    "read_report_page",
    "read_report_versions",
    "rebuild_narratives",
    "save_narrative",
    "slim_document",
]

_NARRATIVES = cast(Table, NarrativeHtmlRow.__table__)
_BATCH = 50


@dataclass(frozen=True)
class ReportPage:
    """What a report page needs from the store: the current ``assessment`` WITHOUT its
    narrative text (:func:`slim_document`: overview, key developments, indicator paragraphs
    and footnote markers are empty; scores, statuses, questions, score-change notes,
    sidebar, sources, findings and provenance are there), its prepared ``narrative`` and its
    ``revision`` (1 for a report never replaced). :meth:`full_assessment` reads the whole
    document when something needs the text itself."""

    assessment: Assessment
    narrative: Narrative
    revision: int
    _full: Callable[[], Assessment] = field(repr=False, compare=False)

    def full_assessment(self) -> Assessment:
        """The whole stored assessment (one more read). Raises :class:`StoreError`."""
        return self._full()


_NARRATIVE_TEXT = ("overview", "key_developments", "footnote_markers")


def slim_document(document: dict[str, Any]) -> dict[str, Any]:
    """The stored JSON ``document`` of an assessment without its narrative text: overview,
    key developments and footnote markers empty, every indicator without paragraphs. It
    validates as an :class:`Assessment` (pages show the text from the prepared narrative)."""
    slim = {key: ([] if key in _NARRATIVE_TEXT else value) for key, value in document.items()}
    slim["indicators"] = [{**indicator, "paragraphs": []} for indicator in document.get("indicators", [])]
    return slim


def _content(narrative: Narrative, assessment: Assessment) -> dict[str, Any]:
    return {**narrative, "document": slim_document(assessment.model_dump(mode="json"))}


def save_narrative(connection: Connection, assessment_id: int, revision: int, assessment: Assessment) -> Narrative:
    """Build the narrative of ``assessment`` (stored with id ``assessment_id`` at
    ``revision``) and write it in the caller's transaction, replacing any older one.
    Returns the narrative. Database errors propagate (SQLAlchemy exceptions)."""
    narrative = build_narrative(assessment)
    connection.execute(delete(_NARRATIVES).where(_NARRATIVES.c.assessment_id == assessment_id))
    connection.execute(
        insert(_NARRATIVES).values(
            assessment_id=assessment_id,
            revision=revision,
            format=NARRATIVE_FORMAT,
            content=_content(narrative, assessment),
            built_at=datetime.now(UTC),
        )
    )
    return narrative


def read_report_page(store: Store, iso3: str, edition: int, language: str | None) -> ReportPage | None:
    """The :class:`ReportPage` of the assessment stored under (``iso3``, ``edition``,
    ``language``; ``language`` ``None`` as in :meth:`Store.get`), or ``None`` when none is.

    One read transaction reads the document and the narrative; a missing or stale narrative
    is built and written afresh (a store that cannot be written serves the built one).
    Raises :class:`StoreError` on a database error or an invalid stored document.
    """
    assessments = cast(Table, AssessmentRow.__table__)
    stmt = (
        select(assessments.c.id, assessments.c.revision, _NARRATIVES.c.revision.label("built"),
               _NARRATIVES.c.format, _NARRATIVES.c.content)
        .select_from(assessments.outerjoin(_NARRATIVES, _NARRATIVES.c.assessment_id == assessments.c.id))
        .where(assessments.c.iso3 == iso3.upper(), assessments.c.edition == edition)
    )  # fmt: skip
    with store._transaction("reading a report") as session:
        row = session.execute(language_order(stmt, language).limit(1)).first()
    if row is None:
        return None
    assessment_id = row.id

    def full() -> Assessment:
        with store._transaction("reading a report") as session:
            document = session.scalar(select(assessments.c.document).where(assessments.c.id == assessment_id))
        if document is None:
            raise StoreError("reading a report failed: it is no longer stored")
        return to_assessment(document)

    content: dict[str, Any] | None = row.content
    if content is None or row.built != row.revision or row.format != NARRATIVE_FORMAT or "document" not in content:
        whole = full()
        narrative = _rebuild(store, row.id, row.revision, whole)
        return ReportPage(assessment=whole, narrative=narrative, revision=row.revision, _full=lambda: whole)
    narrative = {key: value for key, value in content.items() if key != "document"}
    return ReportPage(
        assessment=to_assessment(content["document"]), narrative=narrative, revision=row.revision, _full=full
    )


@dataclass(frozen=True)
class ReportVersion:
    """One stored report of a country: ``edition``, body ``language`` and when its current
    revision was stored (``ingested_at``, UTC)."""

    edition: int
    language: str
    ingested_at: datetime


_VERSIONS = (
    select(AssessmentRow.edition, AssessmentRow.language, AssessmentRow.ingested_at)
    .where(AssessmentRow.iso3 == bindparam("iso3"))
    .order_by(AssessmentRow.edition, AssessmentRow.language)
)  # built once: a page asks it on every request


def read_report_versions(store: Store, iso3: str) -> list[ReportVersion]:
    """Every stored report of country ``iso3`` (alpha-3, any case), ordered by edition then
    language: one narrow query, for a page's edition and language switches. Raises
    :class:`StoreError` on a database error."""
    with store._transaction("listing a country's reports") as session:
        rows = session.connection().execute(_VERSIONS, {"iso3": iso3.upper()}).all()
    return [ReportVersion(row.edition, row.language, utc(row.ingested_at)) for row in rows]


def _rebuild(store: Store, assessment_id: int, revision: int, assessment: Assessment) -> Narrative:
    """Build a stale narrative and write it when the store can be written."""
    try:
        with store._transaction("preparing a narrative", write=True) as session:
            current = session.scalar(select(AssessmentRow.revision).where(AssessmentRow.id == assessment_id))
            if current == revision:  # not replaced meanwhile
                return save_narrative(session.connection(), assessment_id, revision, assessment)
    except StoreError:
        pass  # a read-only store: serve what was built
    return build_narrative(assessment)


def rebuild_narratives(target: Session | Connection) -> int:
    """Build and write the narrative of every stored assessment in the caller's transaction
    (migration 0012); a document that no longer validates is skipped. Returns how many
    were written."""
    connection = target.connection() if isinstance(target, Session) else target
    assessments = cast(Table, AssessmentRow.__table__)
    ids = list(connection.scalars(select(assessments.c.id).order_by(assessments.c.id)))
    written = 0
    for start in range(0, len(ids), _BATCH):
        stmt = select(assessments.c.id, assessments.c.revision, assessments.c.document).where(
            assessments.c.id.in_(ids[start : start + _BATCH])
        )
        for row in connection.execute(stmt).all():
            try:
                assessment = to_assessment(row.document)
            except StoreError:
                continue  # a document that no longer validates: its page reports that, as before
            save_narrative(connection, row.id, row.revision, assessment)
            written += 1
    return written
