"""Tables of writing an edition (migrations 0008, 0013): editions, drafts and their parts, audit,
comment threads.

``editions`` holds each edition opened for writing; ``drafts`` one row per (edition,
country) with its stage (``state``), assigned researcher and reviewer (account names) and
``revision``, the optimistic-concurrency counter: every save runs ``UPDATE drafts SET
revision = revision + 1 WHERE id = :id AND revision = :based_on`` and writes nothing when no
row matched. ``draft_revisions`` has one row per revision a save made (unique per draft: a
revision is never made twice), ``draft_audit`` one row per changed field (append-only: the
code only inserts). Indicators, key developments and key internet controls are rows of
their own tables; the base assessment the draft was copied from is kept as JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netfreedom.store.tables import Base

__all__ = [
    "DraftAuditRow",
    "DraftCommentRow",
    "DraftControlRow",
    "DraftIndicatorRow",
    "DraftKeyDevelopmentRow",
    "DraftRevisionRow",
    "DraftRow",
    "DraftThreadRow",
    "EditionRow",
]


class EditionRow(Base):
    """An edition opened for writing (one row per edition year)."""

    __tablename__ = "editions"

    edition: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    methodology: Mapped[str] = mapped_column(String(64))
    coverage_start: Mapped[date]
    coverage_end: Mapped[date]
    workflow: Mapped[str] = mapped_column(String(64))
    opened_by: Mapped[str | None] = mapped_column(String(64))
    opened_at: Mapped[datetime]


class DraftRow(Base):
    """One country's draft of an edition: stage, people, revision, base copy."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("edition", "iso3"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    edition: Mapped[int] = mapped_column(ForeignKey("editions.edition"))
    iso3: Mapped[str] = mapped_column(String(3))
    country_name: Mapped[str]
    language: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(32))
    researcher: Mapped[str] = mapped_column(String(64))
    reviewer: Mapped[str | None] = mapped_column(String(64))
    revision: Mapped[int]
    overview: Mapped[list[Any]] = mapped_column(JSON)
    base_document: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    base_revision: Mapped[int | None]
    published_revision: Mapped[int | None]
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DraftIndicatorRow(Base):
    """One indicator of a draft (``position``: order in the methodology, 0-based).

    ``previous_score`` records last year's score of the indicator when the draft was created;
    a draft read from the store takes it from last year's scorecard as it is now
    (:mod:`netfreedom.store.draft_last_year`)."""

    __tablename__ = "draft_indicators"

    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    position: Mapped[int]
    category_id: Mapped[str] = mapped_column(String(16))
    max: Mapped[int]
    score: Mapped[int | None]
    previous_score: Mapped[int | None]
    narrative: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON)
    journal: Mapped[str] = mapped_column(Text)
    change_note: Mapped[str | None] = mapped_column(Text)
    carried_over: Mapped[bool] = mapped_column(Boolean)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime | None]


class DraftKeyDevelopmentRow(Base):
    """One key development of a draft, at ``position`` (0-based)."""

    __tablename__ = "draft_key_developments"

    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class DraftControlRow(Base):
    """One key internet control of a draft (the methodology's control id, yes/no)."""

    __tablename__ = "draft_controls"

    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True)
    control_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[bool] = mapped_column(Boolean)


class DraftRevisionRow(Base):
    """One revision a save made: (draft, revision) is unique, so no revision is made twice."""

    __tablename__ = "draft_revisions"
    __table_args__ = (UniqueConstraint("draft_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    revision: Mapped[int]
    based_on: Mapped[int]
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]


class DraftAuditRow(Base):
    """One changed field (append-only): who, when, which revision, before and after (JSON)."""

    __tablename__ = "draft_audit"
    __table_args__ = (Index(None, "draft_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    revision: Mapped[int]
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(64))
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)


class DraftThreadRow(Base):
    """A comment thread (migration 0013) on a draft or one of its indicators (``indicator_id``
    ``None``: the whole draft): who opened it in which stage, ``status`` ``open`` or
    ``resolved``, and who resolved it last."""

    __tablename__ = "draft_threads"
    __table_args__ = (Index(None, "draft_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    indicator_id: Mapped[str | None] = mapped_column(String(16))
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime]
    stage: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None]


class DraftCommentRow(Base):
    """A comment on a draft or one of its indicators (``indicator_id`` ``None``: the draft):
    the first comment of its thread or a reply (``thread_id``, migration 0013), written in
    workflow stage ``stage``."""

    __tablename__ = "draft_comments"
    __table_args__ = (Index(None, "draft_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    indicator_id: Mapped[str | None] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("draft_threads.id", ondelete="CASCADE"))
    stage: Mapped[str | None] = mapped_column(String(32))
