"""Tables of notifications (migration ``notifications``): inbox items, the e-mail outbox and
the address each account is mailed at.

``notifications`` holds one row per item of a person's in-app inbox (``recipient``: an account
name), rendered for that person already (no name in it that the recipient may not see): its
English ``subject`` and ``body`` (the e-mail) and, since migration ``0017``, its one-line
message as a ``template`` (an English message id) and ``template_values`` (JSON), which a page
shows in the reader's language; older rows have ``NULL`` there and keep their text.
``mail_outbox`` holds the e-mail copy of an item while it waits for, and after, delivery:
``state`` is ``pending``, ``sent`` or ``failed`` (see :class:`~netfreedom.model.notifications.DeliveryState`).
``notification_addresses`` is where an account wants its e-mail (an account without a row,
or with ``email_enabled`` false, gets inbox items only). Drafts and threads are referred to by
id without a foreign key, so a notification outlives what it was about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netfreedom.store.tables import Base

__all__ = ["MailOutboxRow", "NotificationAddressRow", "NotificationRow"]


class NotificationRow(Base):
    """One item of an inbox."""

    __tablename__ = "notifications"
    __table_args__ = (Index(None, "recipient", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recipient: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(255))
    draft_id: Mapped[int | None]
    indicator: Mapped[str | None] = mapped_column(String(16))
    thread_id: Mapped[int | None]
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
    template: Mapped[str | None] = mapped_column(String(255))
    template_values: Mapped[dict[str, Any] | None]


class MailOutboxRow(Base):
    """The e-mail copy of one notification and its delivery state."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index(None, "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"))
    to_address: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class NotificationAddressRow(Base):
    """Where account ``account`` (a name) is mailed, and whether it wants e-mail at all."""

    __tablename__ = "notification_addresses"

    account: Mapped[str] = mapped_column(String(64), primary_key=True)
    address: Mapped[str] = mapped_column(String(255))
    email_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime]
