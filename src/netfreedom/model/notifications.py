"""Domain types of notifications: items of a person's in-app inbox and e-mail messages queued
in the outbox.

A :class:`Notification` is addressed to one account (``recipient``, an account name) and was
rendered for that person: its ``subject`` and ``body`` already show every name as that
recipient may see it (:func:`netfreedom.model.identity.identity_for_viewer`), so an item can
be shown or mailed as it is. An :class:`OutboxMessage` is the e-mail copy of a notification
(only when the recipient has an address and e-mail is configured), with its delivery state.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DeliveryState", "Notification", "NotificationKind", "OutboxMessage"]


class NotificationKind(StrEnum):
    """Why someone is told: work arrived for them, a thread they are in moved, a translation
    they keep fell behind its original."""

    WORK_ARRIVED = "work_arrived"
    THREAD_MOVED = "thread_moved"
    TRANSLATION_STALE = "translation_stale"


class DeliveryState(StrEnum):
    """State of an e-mail in the outbox: waiting, claimed by one sender (so two senders never
    mail it twice), handed to the SMTP server, or given up after
    :data:`netfreedom.store.notifications.MAX_ATTEMPTS` failed attempts."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Notification(_Model):
    """One item of ``recipient``'s inbox. ``link`` is a path on this site (never another
    site); ``draft_id``/``indicator``/``thread_id`` say what it is about when it is about
    one; ``read_at`` is ``None`` until the recipient marks it read. ``template`` is the item's
    one-line message as an English template (a gettext message id) and ``template_values`` its
    values, so a page shows it in the reader's language; items stored before templates (and
    ``None`` here) are shown with their English ``subject``."""

    id: int
    recipient: str
    kind: NotificationKind
    subject: str
    body: str
    link: str | None = None
    draft_id: int | None = None
    indicator: str | None = None
    thread_id: int | None = None
    created_at: datetime
    read_at: datetime | None = None
    template: str | None = None
    template_values: dict[str, Any] = Field(default_factory=dict)


class OutboxMessage(_Model):
    """The e-mail copy of notification ``notification_id`` to ``to_address``."""

    id: int
    notification_id: int
    to_address: str
    subject: str
    body: str
    state: DeliveryState
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime
    sent_at: datetime | None = None
