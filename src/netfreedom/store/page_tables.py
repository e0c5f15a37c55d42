"""The table of prepared report pages (migration ``0016``): what the country page shows of one
stored report, built once per report revision and interface language.

``report_page_parts`` holds, per assessment and ``part`` (``page-<interface language>``: the
page's report body as HTML pieces with their raw-deflate segments and the page's facts
(scores, labels, stored findings, provenance) as JSON; ``json``: the API's answer around its
findings), for ``revision`` of the assessment in build ``format`` (a key of
the templates, message catalogue and methodology that drew it). The web layer builds and reads
them (:mod:`netfreedom.web.views.prepared`); the store only keeps them
(:mod:`netfreedom.store.page_parts`). Deleted with the assessment (cascade) and when the
assessment is saved again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from netfreedom.store.tables import Base

__all__ = ["ReportPagePartsRow"]


class ReportPagePartsRow(Base):
    """One prepared part of a report's answers: its page in one interface language
    (``part`` ``page-en``) or its JSON (``json``).

    ``facts``: JSON object of what the page's head and editor panel show of the report;
    ``pieces``: JSON list of ``[html bytes, deflate bytes]`` lengths: first of the whole body,
    then of each piece of it (slots for per-indicator evidence fall between pieces: ``slots``
    names their indicators); ``html``: the body's UTF-8 bytes; ``deflate``: the whole body,
    then each piece, each compressed as raw deflate ending in a sync flush (pieces of a gzip
    stream), concatenated."""

    __tablename__ = "report_page_parts"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    part: Mapped[str] = mapped_column(String(16), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(64))
    facts: Mapped[dict[str, Any]]
    pieces: Mapped[list[Any]] = mapped_column(JSON)
    slots: Mapped[list[Any]] = mapped_column(JSON)
    html: Mapped[bytes] = mapped_column(LargeBinary)
    deflate: Mapped[bytes] = mapped_column(LargeBinary)
    built_at: Mapped[datetime]
