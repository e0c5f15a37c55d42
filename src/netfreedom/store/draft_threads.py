"""Storing comment threads of drafts: open, reply, resolve, reopen; each in the audit trail.

:class:`ThreadStore` works on an open :class:`~netfreedom.store.Store`. A thread change does
not change the draft's revision (comments never make a save stale); each one adds an audit
line in the same transaction: ``action`` ``comment`` / ``reply`` / ``resolve`` / ``reopen``,
``field`` ``thread.<id>``, ``revision`` the draft's revision at the time. Nothing here checks
permissions or workflow rules: that is :mod:`netfreedom.services.draft_threads`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netfreedom.errors import N_, NotFoundError
from netfreedom.model.drafting import Comment, Thread, ThreadStatus
from netfreedom.store.draft_tables import DraftAuditRow, DraftCommentRow, DraftRow, DraftThreadRow
from netfreedom.store.reading import utc
from netfreedom.store.repository import Store

__all__ = ["ThreadStore"]


class ThreadStore:
    """Comment threads in the database of ``store`` (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def open_thread(self, draft_id: int, indicator: str | None, author: str, text: str) -> Thread:
        """A new open thread whose first comment is ``text``, in the draft's current stage.
        :class:`NotFoundError` when there is no such draft."""
        now = datetime.now(UTC)
        with self._store._transaction("opening a thread", write=True) as session:
            draft = _draft_row(session, draft_id)
            row = DraftThreadRow(draft_id=draft_id, indicator_id=indicator, opened_by=author, opened_at=now,
                                 stage=draft.state, status=ThreadStatus.OPEN.value)  # fmt: skip
            session.add(row)
            session.flush()
            session.add(DraftCommentRow(draft_id=draft_id, indicator_id=indicator, author=author, at=now, text=text,
                                        thread_id=row.id, stage=draft.state))  # fmt: skip
            _audit(session, draft, now, author, "comment", row.id, None,
                   {"indicator": indicator, "text": text, "status": ThreadStatus.OPEN.value})  # fmt: skip
            session.flush()
            return _thread(session, row)

    def reply(self, thread_id: int, author: str, text: str) -> Thread:
        """Add reply ``text`` to the thread (open or resolved); returns the thread after it."""
        now = datetime.now(UTC)
        with self._store._transaction("replying in a thread", write=True) as session:
            row = _thread_row(session, thread_id)
            draft = _draft_row(session, row.draft_id)
            session.add(DraftCommentRow(draft_id=row.draft_id, indicator_id=row.indicator_id, author=author, at=now,
                                        text=text, thread_id=row.id, stage=draft.state))  # fmt: skip
            _audit(session, draft, now, author, "reply", row.id, None, {"text": text})
            session.flush()
            return _thread(session, row)

    def set_status(self, thread_id: int, status: ThreadStatus, actor: str) -> Thread:
        """Resolve or reopen the thread. Setting the status it already has changes nothing and
        writes no audit line."""
        now = datetime.now(UTC)
        with self._store._transaction("changing a thread", write=True) as session:
            row = _thread_row(session, thread_id)
            if row.status != status.value:
                draft = _draft_row(session, row.draft_id)
                action = "resolve" if status is ThreadStatus.RESOLVED else "reopen"
                _audit(session, draft, now, actor, action, row.id, row.status, status.value)
                row.status = status.value
                row.resolved_by = actor if status is ThreadStatus.RESOLVED else None
                row.resolved_at = now if status is ThreadStatus.RESOLVED else None
                session.flush()
            return _thread(session, row)

    def thread(self, thread_id: int) -> Thread:
        """The thread with its comments; :class:`NotFoundError` when none."""
        with self._store._transaction("reading a thread") as session:
            return _thread(session, _thread_row(session, thread_id))

    def threads(self, draft_id: int) -> list[Thread]:
        """The draft's threads with their comments, oldest first."""
        with self._store._transaction("reading threads") as session:
            rows = session.scalars(
                select(DraftThreadRow).where(DraftThreadRow.draft_id == draft_id).order_by(DraftThreadRow.id)
            ).all()
            comments = _comments(session, draft_id)
            return [_thread(session, r, comments.get(r.id, [])) for r in rows]

    def open_count(self, draft_id: int) -> int:
        """How many of the draft's threads are open."""
        with self._store._transaction("counting open threads") as session:
            stmt = select(func.count()).where(
                DraftThreadRow.draft_id == draft_id, DraftThreadRow.status == ThreadStatus.OPEN.value
            )
            return int(session.scalar(stmt) or 0)


def _draft_row(session: Session, draft_id: int) -> DraftRow:
    draft = session.get(DraftRow, draft_id)
    if draft is None:
        raise NotFoundError(N_("no draft {id}"), id=draft_id)
    return draft


def _thread_row(session: Session, thread_id: int) -> DraftThreadRow:
    row = session.get(DraftThreadRow, thread_id)
    if row is None:
        raise NotFoundError(N_("no thread {thread}"), thread=thread_id)
    return row


def _audit(session: Session, draft: DraftRow, at: datetime, actor: str, action: str, thread_id: int,
           before: object, after: object) -> None:  # fmt: skip
    session.add(DraftAuditRow(draft_id=draft.id, revision=draft.revision, at=at, actor=actor, action=action,
                              field=f"thread.{thread_id}", before=before, after=after))  # fmt: skip


def comment_of(row: DraftCommentRow) -> Comment:
    """The domain comment of a stored row."""
    return Comment(id=row.id, draft_id=row.draft_id, indicator=row.indicator_id, author=row.author,
                   at=utc(row.at), text=row.text, thread_id=row.thread_id, stage=row.stage)  # fmt: skip


def _comments(session: Session, draft_id: int, thread_id: int | None = None) -> dict[int, list[Comment]]:
    stmt = select(DraftCommentRow).where(DraftCommentRow.draft_id == draft_id)
    if thread_id is not None:
        stmt = stmt.where(DraftCommentRow.thread_id == thread_id)
    found: dict[int, list[Comment]] = {}
    for row in session.scalars(stmt.order_by(DraftCommentRow.id)):
        if row.thread_id is not None:
            found.setdefault(row.thread_id, []).append(comment_of(row))
    return found


def _thread(session: Session, row: DraftThreadRow, comments: list[Comment] | None = None) -> Thread:
    if comments is None:
        comments = _comments(session, row.draft_id, row.id).get(row.id, [])
    return Thread(
        id=row.id,
        draft_id=row.draft_id,
        indicator=row.indicator_id,
        opened_by=row.opened_by,
        opened_at=utc(row.opened_at),
        stage=row.stage,
        status=ThreadStatus(row.status),
        resolved_by=row.resolved_by,
        resolved_at=None if row.resolved_at is None else utc(row.resolved_at),
        comments=comments,
    )
