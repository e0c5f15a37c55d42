"""What the edition's dashboard counts per draft, read in one query each: when each draft
entered its current stage (from the audit trail), how many comments it has and how many of its
comment threads are open.

Both take an open :class:`~netfreedom.store.Store` and an edition year and return plain
dicts keyed by draft id; drafts without a row in the answer are left out (the caller treats
them as none). Raise :class:`~netfreedom.errors.StoreError` on a database error.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from netfreedom.store.draft_tables import DraftAuditRow, DraftCommentRow, DraftRow, DraftThreadRow
from netfreedom.store.reading import utc
from netfreedom.store.repository import Store

__all__ = ["comment_counts", "open_thread_counts", "stage_entered"]

STAGE_FIELDS = ("state", "draft")
"""Audit fields that mark entering a stage: ``state`` (a workflow action moved the draft)
and ``draft`` (the draft was created, in the workflow's initial stage)."""


def stage_entered(store: Store, edition: int) -> dict[int, datetime]:
    """Draft id -> the time (UTC) of the newest audit line that moved the draft into a stage
    (its creation or its last workflow action), for every draft of ``edition``."""
    with store._transaction("reading when drafts entered their stage") as session:
        rows = session.execute(
            select(DraftAuditRow.draft_id, func.max(DraftAuditRow.at))
            .join(DraftRow, DraftRow.id == DraftAuditRow.draft_id)
            .where(DraftRow.edition == edition, DraftAuditRow.field.in_(STAGE_FIELDS))
            .group_by(DraftAuditRow.draft_id)
        ).all()
    return {draft_id: utc(at) for draft_id, at in rows if at is not None}


def comment_counts(store: Store, edition: int) -> dict[int, int]:
    """Draft id -> number of comments on the draft and its indicators, for ``edition``."""
    with store._transaction("counting comments") as session:
        rows = session.execute(
            select(DraftCommentRow.draft_id, func.count(DraftCommentRow.id))
            .join(DraftRow, DraftRow.id == DraftCommentRow.draft_id)
            .where(DraftRow.edition == edition)
            .group_by(DraftCommentRow.draft_id)
        ).all()
    return {draft_id: int(n) for draft_id, n in rows}


def open_thread_counts(store: Store, edition: int) -> dict[int, int]:
    """Draft id -> number of its comment threads whose status is ``open``, for ``edition``."""
    with store._transaction("counting open threads") as session:
        rows = session.execute(
            select(DraftThreadRow.draft_id, func.count(DraftThreadRow.id))
            .join(DraftRow, DraftRow.id == DraftThreadRow.draft_id)
            .where(DraftRow.edition == edition, DraftThreadRow.status == "open")
            .group_by(DraftThreadRow.draft_id)
        ).all()
    return {draft_id: int(n) for draft_id, n in rows}
