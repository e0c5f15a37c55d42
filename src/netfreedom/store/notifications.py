"""Storing notifications: inbox items, the e-mail outbox, notification addresses.

:class:`NotificationStore` works on an open :class:`~netfreedom.store.Store`
(``NotificationStore(store)``). :meth:`NotificationStore.deliver_to` writes the inbox items of
one event and, for recipients with an enabled address, their outbox messages in ONE
transaction, so an item is never mailed without being in the inbox, nor queued twice. Nothing
here renders text or talks SMTP: that is :mod:`netfreedom.services.notifications`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update

from netfreedom.model.notifications import DeliveryState, Notification, NotificationKind, OutboxMessage
from netfreedom.store.notification_tables import MailOutboxRow, NotificationAddressRow, NotificationRow
from netfreedom.store.reading import utc
from netfreedom.store.repository import Store

__all__ = ["MAX_ATTEMPTS", "NewNotification", "NotificationStore"]

MAX_ATTEMPTS = 5
"""Failed delivery attempts after which an outbox message is marked ``failed`` and left alone."""


@dataclass(frozen=True)
class NewNotification:
    """An inbox item to write: already rendered for ``recipient`` (see :class:`Notification`)."""

    recipient: str
    kind: NotificationKind
    subject: str
    body: str
    link: str | None = None
    draft_id: int | None = None
    indicator: str | None = None
    thread_id: int | None = None
    template: str | None = None
    template_values: dict[str, Any] | None = None


class NotificationStore:
    """Inbox, outbox and addresses in the database of ``store``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    # -- addresses --------------------------------------------------------------------------

    def set_address(self, account: str, address: str, *, email_enabled: bool = True) -> None:
        """Record where ``account`` is mailed (replacing an earlier address)."""
        with self._store._transaction(f"setting the address of {account}", write=True) as session:
            row = session.get(NotificationAddressRow, account)
            now = datetime.now(UTC)
            if row is None:
                session.add(
                    NotificationAddressRow(
                        account=account, address=address, email_enabled=email_enabled, updated_at=now
                    )
                )
            else:
                row.address, row.email_enabled, row.updated_at = address, email_enabled, now

    def address(self, account: str) -> str | None:
        """The enabled e-mail address of ``account``, ``None`` when it has none or opted out."""
        with self._store._transaction("reading an address") as session:
            row = session.get(NotificationAddressRow, account)
            return row.address if row is not None and row.email_enabled else None

    # -- writing ----------------------------------------------------------------------------

    def deliver_to(self, items: Sequence[NewNotification], *, queue_mail: bool) -> list[Notification]:
        """Write ``items`` to their recipients' inboxes; with ``queue_mail``, also queue an
        outbox message (``pending``) for each recipient with an enabled address. One
        transaction; returns the stored items in the order given."""
        if not items:
            return []
        now = datetime.now(UTC)
        with self._store._transaction("recording notifications", write=True) as session:
            addresses: dict[str, str] = {}
            if queue_mail:
                wanted = {i.recipient for i in items}
                for address_row in session.scalars(
                    select(NotificationAddressRow).where(
                        NotificationAddressRow.account.in_(wanted), NotificationAddressRow.email_enabled.is_(True)
                    )
                ):
                    addresses[address_row.account] = address_row.address
            stored = []
            for item in items:
                row = NotificationRow(
                    recipient=item.recipient,
                    kind=item.kind.value,
                    subject=item.subject[:255],
                    body=item.body,
                    link=item.link,
                    draft_id=item.draft_id,
                    indicator=item.indicator,
                    thread_id=item.thread_id,
                    created_at=now,
                    template=item.template,
                    template_values=item.template_values,
                )
                session.add(row)
                session.flush()
                if item.recipient in addresses:
                    session.add(
                        MailOutboxRow(
                            notification_id=row.id,
                            to_address=addresses[item.recipient],
                            subject=row.subject,
                            body=item.body,
                            state=DeliveryState.PENDING.value,
                            attempts=0,
                            created_at=now,
                        )
                    )
                stored.append(_notification(row))
            return stored

    # -- the inbox --------------------------------------------------------------------------

    def inbox(self, recipient: str, *, unread_only: bool = False, limit: int = 200) -> list[Notification]:
        """``recipient``'s items, newest first (at most ``limit``)."""
        stmt = select(NotificationRow).where(NotificationRow.recipient == recipient)
        if unread_only:
            stmt = stmt.where(NotificationRow.read_at.is_(None))
        stmt = stmt.order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc()).limit(limit)
        with self._store._transaction("reading an inbox") as session:
            return [_notification(r) for r in session.scalars(stmt)]

    def unread_count(self, recipient: str) -> int:
        """How many of ``recipient``'s items are unread."""
        stmt = select(func.count()).where(NotificationRow.recipient == recipient, NotificationRow.read_at.is_(None))
        with self._store._transaction("counting an inbox") as session:
            return int(session.scalar(stmt) or 0)

    def mark_read(self, recipient: str, ids: Iterable[int] | None = None) -> int:
        """Mark ``recipient``'s items ``ids`` (all unread ones when ``None``) read; items of
        other recipients are never touched. Returns how many changed."""
        stmt = update(NotificationRow).where(NotificationRow.recipient == recipient, NotificationRow.read_at.is_(None))
        if ids is not None:
            stmt = stmt.where(NotificationRow.id.in_(list(ids)))
        with self._store._transaction("marking notifications read", write=True) as session:
            return int(session.execute(stmt.values(read_at=datetime.now(UTC))).rowcount or 0)  # type: ignore[attr-defined]

    # -- the outbox -------------------------------------------------------------------------

    def pending_mail(self, limit: int = 100) -> list[OutboxMessage]:
        """Outbox messages waiting for delivery, oldest first."""
        stmt = (
            select(MailOutboxRow)
            .where(MailOutboxRow.state == DeliveryState.PENDING.value)
            .order_by(MailOutboxRow.id)
            .limit(limit)
        )
        with self._store._transaction("reading the outbox") as session:
            return [_outbox(r) for r in session.scalars(stmt)]

    def outbox(self, limit: int = 200) -> list[OutboxMessage]:
        """Every outbox message, newest first."""
        stmt = select(MailOutboxRow).order_by(MailOutboxRow.id.desc()).limit(limit)
        with self._store._transaction("reading the outbox") as session:
            return [_outbox(r) for r in session.scalars(stmt)]

    def claim(self, message_id: int) -> bool:
        """Take message ``message_id`` for sending (``pending`` -> ``sending``) in one UPDATE;
        ``False`` when another sender took it first or it is not pending."""
        stmt = (
            update(MailOutboxRow)
            .where(MailOutboxRow.id == message_id, MailOutboxRow.state == DeliveryState.PENDING.value)
            .values(state=DeliveryState.SENDING.value)
        )
        with self._store._transaction("claiming an outbox message", write=True) as session:
            return bool(session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def mark_sent(self, message_id: int) -> None:
        """Record that message ``message_id`` was handed to the SMTP server."""
        with self._store._transaction("recording a sent message", write=True) as session:
            row = session.get(MailOutboxRow, message_id)
            if row is not None:
                row.state, row.sent_at, row.attempts = DeliveryState.SENT.value, datetime.now(UTC), row.attempts + 1

    def mark_failed_attempt(self, message_id: int, error: str) -> None:
        """Record a failed attempt; after :data:`MAX_ATTEMPTS` the message is ``failed``."""
        with self._store._transaction("recording a failed delivery", write=True) as session:
            row = session.get(MailOutboxRow, message_id)
            if row is not None:
                row.attempts += 1
                row.last_error = error[:1000]
                failed = row.attempts >= MAX_ATTEMPTS
                row.state = (DeliveryState.FAILED if failed else DeliveryState.PENDING).value


def _notification(row: NotificationRow) -> Notification:
    return Notification(
        id=row.id,
        recipient=row.recipient,
        kind=NotificationKind(row.kind),
        subject=row.subject,
        body=row.body,
        link=row.link,
        draft_id=row.draft_id,
        indicator=row.indicator,
        thread_id=row.thread_id,
        created_at=utc(row.created_at),
        read_at=utc(row.read_at) if row.read_at is not None else None,
        template=row.template,
        template_values=row.template_values or {},
    )


def _outbox(row: MailOutboxRow) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        notification_id=row.notification_id,
        to_address=row.to_address,
        subject=row.subject,
        body=row.body,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        last_error=row.last_error,
        created_at=utc(row.created_at),
        sent_at=utc(row.sent_at) if row.sent_at is not None else None,
    )
