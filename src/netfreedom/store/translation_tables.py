"""Tables of translations (migration 0010): a draft's text in other languages.

``draft_translations`` has one row per (draft, language) with its translator and
``revision``, the optimistic-concurrency counter of the translation's own saves (as for
drafts: ``UPDATE ... SET revision = revision + 1 WHERE id = :id AND revision = :based_on``).
``draft_translation_parts`` holds the text of each part (an indicator id, ``overview`` or
``key_developments``) and ``follows``: the original draft's revision the text renders
(``NULL``: not translated yet). Whether a part is behind is NOT stored: it is worked out from
the original's ``draft_audit`` lines when read. ``draft_translation_audit`` has one row per
changed field (append-only). ``draft_translation_publications`` one row per publication of a
language version: the report revision it wrote, the original's draft revision at that moment
and the ``follows`` of every part (JSON), from which the public site works out whether the
version is behind the published original.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netfreedom.store.tables import Base

__all__ = [
    "TranslationAuditRow",
    "TranslationPartRow",
    "TranslationPublicationRow",
    "TranslationRow",
]


class TranslationRow(Base):
    """One translation of a draft into ``language``."""

    __tablename__ = "draft_translations"
    __table_args__ = (UniqueConstraint("draft_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(16))
    translator: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int]
    published_revision: Mapped[int | None]
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TranslationPartRow(Base):
    """The translated text of one part, and the original's revision it follows."""

    __tablename__ = "draft_translation_parts"

    translation_id: Mapped[int] = mapped_column(
        ForeignKey("draft_translations.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    change_note: Mapped[str | None] = mapped_column(Text)
    follows: Mapped[int | None]
    updated_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime | None]


class TranslationAuditRow(Base):
    """One changed field of a translation (append-only): ``A3.text``, ``A3.follows`` ..."""

    __tablename__ = "draft_translation_audit"
    __table_args__ = (Index(None, "translation_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("draft_translations.id", ondelete="CASCADE"))
    revision: Mapped[int]
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    field: Mapped[str] = mapped_column(String(64))
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)


class TranslationPublicationRow(Base):
    """One publication of a language version: which report revision, against which revision
    of the original, with the ``follows`` of every part ({part: revision or null})."""

    __tablename__ = "draft_translation_publications"
    __table_args__ = (Index(None, "translation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("draft_translations.id", ondelete="CASCADE"))
    report_revision: Mapped[int]
    original_revision: Mapped[int]
    follows: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime]
