"""Tables of evidence (migration 0006): files read, items worth citing, their links to
editions and indicators, aggregate counts, and reference tables.

- ``evidence_files``: one row per (name, SHA-256) imported, with its format, size, counts
  and when it was first and last imported. Importing the same bytes under the same name again
  writes nothing.
- ``evidence_items``: one row per measurement or event worth citing, keyed by ``item_key``
  (unique across sources); columns as :class:`netfreedom.model.evidence.EvidenceItem`, plus
  ``file_id`` (the latest file that gave it) and ``locator`` (where in that file).
- ``evidence_links``: (item, edition, indicator, rule) with the key internet control
  (``""`` when none) and the item's country repeated for filtering.
- ``evidence_aggregates``: counts per (file, country, day, test, target, verdict); a file's
  counts are replaced whole when a new version of the same file name is imported.
- ``evidence_references``: fingerprint tables, test lists and category legends, whole (rows
  as JSON), one row per (format, name): the latest version.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netfreedom.store.tables import Base

__all__ = [
    "EvidenceAggregateRow",
    "EvidenceFileRow",
    "EvidenceItemRow",
    "EvidenceLinkRow",
    "EvidenceReferenceRow",
]


class EvidenceFileRow(Base):
    """One evidence file as imported (see the module docstring)."""

    __tablename__ = "evidence_files"
    __table_args__ = (UniqueConstraint("name", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int]
    read_count: Mapped[int]
    item_count: Mapped[int]
    problem_count: Mapped[int]
    first_imported_at: Mapped[datetime]
    last_imported_at: Mapped[datetime]


class EvidenceItemRow(Base):
    """One measurement or event worth citing (see :class:`~netfreedom.model.evidence.EvidenceItem`)."""

    __tablename__ = "evidence_items"
    __table_args__ = (Index(None, "iso3", "start_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_key: Mapped[str] = mapped_column(String(160), unique=True)
    source: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    iso3: Mapped[str] = mapped_column(String(3))
    verdict: Mapped[str] = mapped_column(String(16))
    basis: Mapped[str] = mapped_column(String(16))
    start_at: Mapped[datetime]
    end_at: Mapped[datetime | None]
    open: Mapped[bool]
    test_name: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(Text)
    network: Mapped[str | None] = mapped_column(String(32))
    scope: Mapped[str | None] = mapped_column(String(32))
    cause: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str | None] = mapped_column(String(16))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    file_id: Mapped[int] = mapped_column(ForeignKey("evidence_files.id", ondelete="CASCADE"))
    locator: Mapped[str] = mapped_column(Text)


class EvidenceLinkRow(Base):
    """The item bears on ``indicator`` (and ``control``, ``""`` for none) of ``edition`` by ``rule``."""

    __tablename__ = "evidence_links"
    __table_args__ = (Index(None, "iso3", "edition", "indicator"),)

    item_id: Mapped[int] = mapped_column(ForeignKey("evidence_items.id", ondelete="CASCADE"), primary_key=True)
    edition: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    indicator: Mapped[str] = mapped_column(String(16), primary_key=True)
    rule: Mapped[str] = mapped_column(String(64), primary_key=True)
    control: Mapped[str] = mapped_column(String(64))
    iso3: Mapped[str] = mapped_column(String(3))


class EvidenceAggregateRow(Base):
    """How many measurements (or events) one file gave for a country, day, test, target and verdict."""

    __tablename__ = "evidence_aggregates"
    __table_args__ = (Index(None, "iso3", "day"),)

    file_id: Mapped[int] = mapped_column(ForeignKey("evidence_files.id", ondelete="CASCADE"), primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    test_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    target: Mapped[str] = mapped_column(String(255), primary_key=True)
    verdict: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int]


class EvidenceReferenceRow(Base):
    """A reference table kept whole: its ``rows`` (JSON list of column -> text)."""

    __tablename__ = "evidence_references"
    __table_args__ = (UniqueConstraint("format", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    format: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    rows: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    imported_at: Mapped[datetime]
