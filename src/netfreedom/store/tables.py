"""Tables of the store (SQLAlchemy 2 declarative, typed).

One row per stored assessment in ``assessments``, keyed by (``iso3``, ``edition``,
``language``) and holding the current version; its scores and findings as rows in
``category_scores``, ``indicator_scores`` and ``findings`` (one row per category, indicator
or finding: no column per indicator, so any methodology fits); every replaced version in
``assessment_revisions``; the narrative, one row per paragraph, in ``narrative_paragraphs``
for full-text search (its full-text index is created by migration 0002 outside these
declarations: see :mod:`netfreedom.store.search`).

Per-value provenance (migration 0003): every distinct source, a copy of a report or a score
dataset file, is a row of ``sources``; every score value a source gave is a row of
``observations`` (kept when a later import of the same source changes it: the old row gets
``superseded_at``); disagreements between current observations of different sources are
rows of ``conflicts`` (see :mod:`netfreedom.store.provenance`).

``document`` is the whole assessment in its JSON exchange form
(``Assessment.model_dump(mode="json")``) and is what reads return; the other columns are
copies of its fields for querying. Only generic types are used (``JSON``,
``DateTime(timezone=True)``, ``String``), so the same tables work on SQLite and PostgreSQL.
Column names match the model's field names where the model has them (``total``, ``max``,
``rule``, ``severity``). The migration in ``migrations/versions`` must produce exactly these
tables; ``tests/test_store.py`` checks that.

Narrative HTML (migration 0012): ``narrative_html`` holds the narrative of each current
assessment as safe HTML, built in the transaction that saves it
(:mod:`netfreedom.store.narratives`).

Scorecards (migration 0005): ``scorecards`` holds one prepared row per country and edition
known from any source, rebuilt from the current observations in the transaction of every
write that changes them (see :mod:`netfreedom.store.scorecards`), so pages read it as is.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "AssessmentRevisionRow",
    "AssessmentRow",
    "Base",
    "CategoryScoreRow",
    "ConflictRow",
    "FindingRow",
    "IndicatorScoreRow",
    "NarrativeHtmlRow",
    "NarrativeParagraphRow",
    "ObservationRow",
    "ScorecardRow",
    "SourceRow",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names are derived, so migrations name them the same on every database."""


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dict[str, Any]: JSON,
        datetime: DateTime(timezone=True),
        date: Date,
        str: String(255),
    }


class AssessmentRow(Base):
    """Current version of one assessment: one row per (iso3, edition, language).

    ``revision`` starts at 1 and grows by one each time the assessment is replaced; the
    replaced versions are in :class:`AssessmentRevisionRow`. ``source_*`` and ``reader*``
    come from the assessment's provenance (``None`` when it has none); ``ingested_at`` is
    when this version was written (UTC). ``partial`` (migration 0020) is
    :attr:`Assessment.partial <netfreedom.model.assessment.Assessment.partial>` of the
    document: a value its edition prints is missing; ``missing`` names them
    (:meth:`Assessment.missing_values`, the values the ``missing-score`` and
    ``missing-indicator`` findings name; ``None`` reads as none).
    """

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("iso3", "edition", "language"),
        Index(None, "iso3", "edition"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    iso3: Mapped[str] = mapped_column(String(3))
    country_name: Mapped[str]
    edition: Mapped[int]
    language: Mapped[str] = mapped_column(String(16))
    scale: Mapped[str] = mapped_column(String(32))
    methodology: Mapped[str] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(32))
    total: Mapped[int | None]
    previous_total: Mapped[int | None]
    previous_status: Mapped[str | None] = mapped_column(String(32))
    coverage_start: Mapped[date | None]
    coverage_end: Mapped[date | None]
    revision: Mapped[int] = mapped_column(default=1)
    document: Mapped[dict[str, Any]]
    source_file_name: Mapped[str | None] = mapped_column(Text)
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    reader: Mapped[str | None] = mapped_column(String(64))
    reader_version: Mapped[str | None] = mapped_column(String(64))
    ingested_at: Mapped[datetime]
    partial: Mapped[bool] = mapped_column(Boolean, server_default=false())
    missing: Mapped[list[str] | None] = mapped_column(JSON)

    categories: Mapped[list[CategoryScoreRow]] = relationship(
        viewonly=True, order_by="CategoryScoreRow.category_id", lazy="raise"
    )


class CategoryScoreRow(Base):
    """Score of one category of an assessment (``score`` ``None`` when not printed)."""

    __tablename__ = "category_scores"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    score: Mapped[int | None]
    max: Mapped[int]


class IndicatorScoreRow(Base):
    """Score of one indicator of an assessment, at ``position`` (0-based) in its report."""

    __tablename__ = "indicator_scores"
    __table_args__ = (Index(None, "indicator_id"),)

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(16))
    category_id: Mapped[str] = mapped_column(String(16))
    score: Mapped[int | None]
    max: Mapped[int]


class FindingRow(Base):
    """One finding of the checks on an assessment, at ``position`` (0-based)."""

    __tablename__ = "findings"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    location: Mapped[str]
    message: Mapped[str] = mapped_column(Text)


class AssessmentRevisionRow(Base):
    """A replaced version of an assessment: its document and where it came from.

    ``ingested_at`` is when that version was written, ``replaced_at`` when a newer one took
    its place (both UTC).
    """

    __tablename__ = "assessment_revisions"
    __table_args__ = (
        UniqueConstraint("iso3", "edition", "language", "revision"),
        Index(None, "iso3", "edition"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    iso3: Mapped[str] = mapped_column(String(3))
    edition: Mapped[int]
    language: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int]
    document: Mapped[dict[str, Any]]
    source_file_name: Mapped[str | None] = mapped_column(Text)
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    reader: Mapped[str | None] = mapped_column(String(64))
    reader_version: Mapped[str | None] = mapped_column(String(64))
    ingested_at: Mapped[datetime]
    replaced_at: Mapped[datetime]


class NarrativeParagraphRow(Base):
    """One paragraph of the narrative of a current assessment, for full-text search.

    ``location`` is ``overview``, ``key-developments`` or an indicator id and ``paragraph``
    the 0-based index there (as in :class:`~netfreedom.model.assessment.FootnoteMarker`); ``text`` is
    the paragraph with its footnote markers removed; ``stems`` its words' search stems
    (:func:`netfreedom.text.stemming.stems_of`, joined by spaces; migration 0014), indexed on
    PostgreSQL and copied into the FTS5 table on SQLite. ``iso3``, ``edition`` and ``language``
    repeat the assessment's key for filtering. Written by :mod:`netfreedom.store.search` in
    the transaction that saves the assessment; deleted with it (cascade).
    """

    __tablename__ = "narrative_paragraphs"
    __table_args__ = (
        UniqueConstraint("assessment_id", "location", "paragraph"),
        Index(None, "iso3", "edition"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    iso3: Mapped[str] = mapped_column(String(3))
    edition: Mapped[int]
    language: Mapped[str] = mapped_column(String(16))
    location: Mapped[str] = mapped_column(String(32))
    paragraph: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    stems: Mapped[str] = mapped_column(Text, server_default="")


class NarrativeHtmlRow(Base):
    """The narrative of a current assessment as safe HTML, built when it is stored
    (migration 0012): :data:`netfreedom.text.narrative.Narrative` in ``content``, for
    ``revision`` of the assessment in HTML ``format``
    (:data:`~netfreedom.text.narrative.NARRATIVE_FORMAT`). Pages read it as is; a row of
    another revision or format is rebuilt on first read (:mod:`netfreedom.store.narratives`).
    Deleted with the assessment (cascade)."""

    __tablename__ = "narrative_html"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    revision: Mapped[int]
    format: Mapped[int]
    content: Mapped[dict[str, Any]]
    built_at: Mapped[datetime]


class SourceRow(Base):
    """One source of observations: a copy of a report, or a score dataset file.

    Identified by (``kind``, ``name``, ``source_key``): ``kind`` is ``report`` or
    ``dataset``, ``name`` the file name, ``source_key`` ``"<ISO3>/<edition>/<language>"``
    for a report (whose ``iso3``, ``edition`` and ``language`` repeat it) and ``""`` for a
    dataset. ``sha256``, ``size_bytes``, ``reader``, ``reader_version`` and (reports)
    ``provenance`` (the document's provenance, JSON) and ``content_sha256`` (the document
    apart from provenance and findings) describe the latest import; ``first_seen_at`` and
    ``last_seen_at`` (UTC) the first and latest import that wrote anything.
    """

    __tablename__ = "sources"
    __table_args__ = (
        UniqueConstraint("kind", "name", "source_key"),
        Index(None, "iso3", "edition"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str]
    source_key: Mapped[str] = mapped_column(String(64))
    iso3: Mapped[str | None] = mapped_column(String(3))
    edition: Mapped[int | None]
    language: Mapped[str | None] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int | None]
    reader: Mapped[str] = mapped_column(String(64))
    reader_version: Mapped[str] = mapped_column(String(64))
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    provenance: Mapped[dict[str, Any] | None]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class ObservationRow(Base):
    """One score value of one country and edition as one source gave it.

    Columns are those of :class:`netfreedom.model.observations.ObservedValue` (``field``,
    ``raw_value``, ``published_scale``, ``published_value``, ``max``, ``current_value``,
    ``status``, ``converted``, ``occurrence``, ``row``, ``source_url``, ``note``) plus the
    provenance of the import that wrote it (``source_sha256``, ``reader``,
    ``reader_version``, ``observed_at``). ``superseded_at`` is set when a later import of
    the same source changed or dropped the value; at most one row per (source, iso3,
    edition, occurrence, field) has it ``NULL`` (partial unique index).
    """

    __tablename__ = "observations"
    __table_args__ = (
        Index(None, "iso3", "edition"),
        Index(None, "source_id"),
        Index(
            "ix_observations_current_slot",
            "source_id",
            "iso3",
            "edition",
            "occurrence",
            "field",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    iso3: Mapped[str] = mapped_column(String(3))
    edition: Mapped[int]
    field: Mapped[str] = mapped_column(String(16))
    occurrence: Mapped[int] = mapped_column(default=0)
    row: Mapped[int | None]
    raw_value: Mapped[str] = mapped_column(Text)
    published_scale: Mapped[str] = mapped_column(String(32))
    published_value: Mapped[int | None]
    max: Mapped[int | None]
    current_value: Mapped[int | None]
    status: Mapped[str | None] = mapped_column(String(32))
    converted: Mapped[bool] = mapped_column(Boolean)
    source_sha256: Mapped[str] = mapped_column(String(64))
    source_url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    reader: Mapped[str] = mapped_column(String(64))
    reader_version: Mapped[str] = mapped_column(String(64))
    observed_at: Mapped[datetime]
    superseded_at: Mapped[datetime | None]


class ConflictRow(Base):
    """Two current observations of different sources that disagree on one field.

    ``observation_id`` is the older of the two (smaller id). ``detected_at`` is when the
    disagreement was found; ``resolved_at`` when either observation was superseded (UTC).
    """

    __tablename__ = "conflicts"
    __table_args__ = (
        UniqueConstraint("observation_id", "other_observation_id"),
        Index(None, "iso3", "edition"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    iso3: Mapped[str] = mapped_column(String(3))
    edition: Mapped[int]
    field: Mapped[str] = mapped_column(String(16))
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id", ondelete="CASCADE"))
    other_observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id", ondelete="CASCADE"))
    detected_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]


class ScorecardRow(Base):
    """The prepared scorecard of one country and edition, from every source.

    Scores are on the current scale (higher is freer): ``total``, ``categories`` (category
    id -> score) and ``indicators`` (indicator id -> score, only those known); ``converted``
    lists the fields whose value was reflected from the legacy scale. ``status`` is the
    chosen status (``status_derived`` when no source printed one and it comes from the
    total's band). ``source_kind`` (``report``, ``table`` or ``news``) and the ``source_*``,
    ``reader*`` and ``language`` columns describe where the total came from;
    ``report_languages`` lists the stored report bodies, ``sources`` counts the distinct
    sources and ``conflicts`` the open conflicts. ``rank`` is 1 for the freest country of
    the edition (ties share a rank) among ``ranked`` countries with a total;
    ``change`` is ``total`` minus ``previous_total`` of ``previous_edition``
    (``change_source``: ``stored`` or ``printed``, the report's "last year's score").
    ``partial`` and ``missing`` (migration 0020): the values the edition prints that no
    source gave (:func:`netfreedom.model.completeness.card_missing`; ``None`` reads as none).
    """

    __tablename__ = "scorecards"
    __table_args__ = (
        UniqueConstraint("iso3", "edition"),
        Index(None, "edition", "total"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    iso3: Mapped[str] = mapped_column(String(3))
    edition: Mapped[int]
    country_name: Mapped[str]
    region: Mapped[str | None] = mapped_column(String(32))
    total: Mapped[int | None]
    status: Mapped[str | None] = mapped_column(String(32))
    status_derived: Mapped[bool] = mapped_column(Boolean)
    categories: Mapped[dict[str, Any]]
    indicators: Mapped[dict[str, Any]]
    converted: Mapped[list[str]] = mapped_column(JSON)
    published_scale: Mapped[str | None] = mapped_column(String(32))
    source_kind: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    source_note: Mapped[str | None] = mapped_column(Text)
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    reader: Mapped[str | None] = mapped_column(String(64))
    reader_version: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    report_languages: Mapped[list[str]] = mapped_column(JSON)
    sources: Mapped[int]
    conflicts: Mapped[int]
    rank: Mapped[int | None]
    ranked: Mapped[int | None]
    previous_edition: Mapped[int | None]
    previous_total: Mapped[int | None]
    change: Mapped[int | None]
    change_source: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime]
    partial: Mapped[bool] = mapped_column(Boolean, server_default=false())
    missing: Mapped[list[str] | None] = mapped_column(JSON)


# The account tables and the drafting tables (migration 0008) share this metadata (one schema,
# one migration chain); imported last because they use Base.
from netfreedom.store import draft_tables as _draft_tables  # noqa: E402, F401

from . import account_tables as _account_tables  # noqa: E402,F401
