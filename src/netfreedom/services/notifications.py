"""Telling people: in-app inbox items for every event, and e-mail through SMTP when configured.

An :class:`Event` says what happened on a draft (work arrived for someone, a thread moved, a
translation fell behind its original), who did it and whether the stage was blind. For each
recipient :func:`notify` renders the text from a template in ``mail_templates/`` (first line:
the subject; the rest: the body) with every name as THAT recipient may see it
(:func:`netfreedom.model.identity.identity_for_viewer`): in a blind stage the researcher reads
"Reviewer 1" and a reviewer reads "Researcher"; the real name of a hidden party is never put in
the template's context, so no template can leak it. The items are written to the inbox and, when
SMTP is configured and the recipient has an address, queued in the outbox in the same
transaction; then the outbox is delivered (:func:`send_pending`).

SMTP is configured from the environment (:meth:`SmtpSettings.from_env`):
``NETFREEDOM_SMTP_HOST`` (unset: no e-mail at all, the inbox is still filled),
``NETFREEDOM_SMTP_PORT`` (default 587 with STARTTLS, else 25), ``NETFREEDOM_SMTP_USER`` and
``NETFREEDOM_SMTP_PASSWORD`` (optional), ``NETFREEDOM_SMTP_FROM`` (the sender; required with a
host), ``NETFREEDOM_SMTP_STARTTLS`` (``1``/``true``/``yes`` or ``0``/``false``/``no``; default: on
when a user is set). A password is never sent over a connection without STARTTLS except to a
loopback host. ``NETFREEDOM_SITE_URL`` (optional, e.g. ``https://netfreedom.example.org``) makes
the links in e-mails absolute; they always point into this site.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import smtplib
import ssl
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from netfreedom.errors import N_, InputError
from netfreedom.model.identity import Cast, identity_for_viewer
from netfreedom.model.notifications import Notification, NotificationKind, OutboxMessage
from netfreedom.services.accounts import require_accounts
from netfreedom.store import Store
from netfreedom.store.notifications import NewNotification, NotificationStore

log = logging.getLogger(__name__)

__all__ = [
    "SITE_URL_ENV",
    "DeliveryReport",
    "Event",
    "MailSettingsError",
    "SmtpSettings",
    "inbox",
    "mark_read",
    "message_for",
    "notify",
    "render_for",
    "send_pending",
    "set_address",
    "settings_or_none",
    "unread_count",
]

SITE_URL_ENV = "NETFREEDOM_SITE_URL"
SMTP_TIMEOUT_SECONDS = 20
"""How long one SMTP conversation may wait for the server."""
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class MailSettingsError(InputError):
    """The SMTP settings in the environment are incomplete or unsafe, or an address is bad."""

    code = "bad_mail_settings"


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send e-mail (see the module docstring for the variables)."""

    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SmtpSettings | None:
        """The settings in ``environ`` (default ``os.environ``); ``None`` when
        ``NETFREEDOM_SMTP_HOST`` is unset or empty. Raises :class:`MailSettingsError` (one line)
        for a bad port, a missing or malformed sender, an unknown STARTTLS value, or a user
        and password that would travel in clear to a host beyond this machine."""
        env = os.environ if environ is None else environ
        host = env.get("NETFREEDOM_SMTP_HOST", "").strip()
        if not host:
            return None
        user = env.get("NETFREEDOM_SMTP_USER", "").strip() or None
        password = env.get("NETFREEDOM_SMTP_PASSWORD") or None
        raw_tls = env.get("NETFREEDOM_SMTP_STARTTLS")
        if raw_tls is None:
            starttls = user is not None
        elif raw_tls.strip().lower() in _TRUE:
            starttls = True
        elif raw_tls.strip().lower() in _FALSE:
            starttls = False
        else:
            raise MailSettingsError(f"NETFREEDOM_SMTP_STARTTLS={raw_tls!r}: use 1/true/yes or 0/false/no")
        raw_port = env.get("NETFREEDOM_SMTP_PORT", "").strip()
        try:
            port = int(raw_port) if raw_port else (587 if starttls else 25)
        except ValueError:
            raise MailSettingsError(f"NETFREEDOM_SMTP_PORT={raw_port!r} is not a port number") from None
        if not 0 < port < 65536:
            raise MailSettingsError(f"NETFREEDOM_SMTP_PORT={raw_port!r} is not a port number")
        sender = env.get("NETFREEDOM_SMTP_FROM", "").strip()
        if not sender:
            raise MailSettingsError("NETFREEDOM_SMTP_HOST is set but NETFREEDOM_SMTP_FROM (the sender) is not")
        check_address(sender, "NETFREEDOM_SMTP_FROM")
        if user and not starttls and not _is_loopback(host):
            raise MailSettingsError(
                f"refusing to send the SMTP password to {host} without STARTTLS (set NETFREEDOM_SMTP_STARTTLS=1)"
            )
        return cls(host=host, port=port, sender=sender, user=user, password=password, starttls=starttls)


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_address(address: str, what: str = "address") -> str:
    """``address`` if it is one plain e-mail address (``name@domain``), else
    :class:`MailSettingsError` naming ``what``."""
    _, parsed = parseaddr(address)
    local, at, domain = parsed.partition("@")
    if not (at and local and "." in domain.strip(".") and parsed == address.strip() and "\n" not in address):
        raise MailSettingsError(f"{what}: {address!r} is not an e-mail address")
    return parsed


def settings_or_none() -> SmtpSettings | None:
    """The SMTP settings of the environment for a notification sent as a side effect of an
    action: ``None`` (inbox only, with a warning in the log) when they are unset or broken, so
    that a broken mail setting never refuses a comment or a workflow action."""
    try:
        return SmtpSettings.from_env()
    except MailSettingsError as exc:
        log.warning("e-mail not sent: %s", exc)
        return None


# -- events and rendering -----------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """Something that happened on a draft that people should hear of.

    ``actor`` is the account name of who did it; ``cast`` the draft's researcher and
    reviewers; ``blind`` whether names are hidden for it (the act was done in, or the draft is
    in, a blind stage). ``values`` are the template's other fields, all free of personal names
    or already safe to show every recipient: each kind has ``country`` (its English name),
    ``iso3`` and ``edition``; for ``work_arrived`` ``action_label``, ``stage_label`` (English) and
    ``action``, ``stage`` (the workflow's labels by language, ``{"en": …, "ru": …}``); for ``thread_moved`` ``country``, ``edition``, ``about``
    (an indicator id such as ``A3``, or ``""`` for a thread on the whole draft), ``event``
    (``opened``, ``replied``, ``resolved``, ``reopened``: the template words each); for ``translation_stale`` ``country``, ``edition``,
    ``language``, ``original_language``, ``about``. ``note`` is text the actor wrote (a
    comment), quoted as it is. ``link`` is a path on this site.
    """

    kind: NotificationKind
    actor: str
    cast: Cast
    blind: bool
    values: Mapping[str, Any]
    link: str
    note: str | None = None
    draft_id: int | None = None
    indicator: str | None = None
    thread_id: int | None = None


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("netfreedom.services", "mail_templates"),
        autoescape=False,  # plain text e-mail, never HTML
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
    )


WORK_ARRIVED = N_(
    '{actor} took the action "{action}" on the {edition} draft of {country}: it is now in the stage "{stage}"'
)
THREAD_MOVED = {
    ("opened", True): N_("{actor} opened a thread on {indicator} of the {edition} draft of {country}"),
    ("opened", False): N_("{actor} opened a thread on the {edition} draft of {country}"),
    ("replied", True): N_("{actor} replied in the thread on {indicator} of the {edition} draft of {country}"),
    ("replied", False): N_("{actor} replied in the thread on the {edition} draft of {country}"),
    ("resolved", True): N_("{actor} resolved the thread on {indicator} of the {edition} draft of {country}"),
    ("resolved", False): N_("{actor} resolved the thread on the {edition} draft of {country}"),
    ("reopened", True): N_("{actor} reopened the thread on {indicator} of the {edition} draft of {country}"),
    ("reopened", False): N_("{actor} reopened the thread on the {edition} draft of {country}"),
}
TRANSLATION_STALE = N_(
    "{actor} changed {parts} of the original ({original_language}) of the {edition} report on {country}: "
    "your {language} translation is behind it"
)
"""The one-line message of each kind of notification (message ids; a thread's by its event and
whether it is on an indicator), stored with its values so a page shows it in the reader's
language (:mod:`netfreedom.web.views.notification_text`)."""


def message_for(event: Event, recipient: str) -> tuple[str, dict[str, Any]]:
    """``(template, values)`` of ``event``'s one-line message as ``recipient`` may read it:
    ``actor`` is who acted as :func:`identity_for_viewer` shows them; labels stay by language
    (``{"en": …, "ru": …}``), ``country`` is the English name beside ``iso3``; the rest are
    identifiers (edition, indicator and part ids, language codes)."""
    values = event.values
    shown: dict[str, Any] = {
        "actor": identity_for_viewer(event.actor, recipient, event.cast, blind=event.blind),
        "country": values["country"],
        "iso3": values.get("iso3"),
        "edition": values["edition"],
    }
    if event.kind is NotificationKind.WORK_ARRIVED:
        action = values.get("action") or {"en": values["action_label"]}
        stage = values.get("stage") or {"en": values["stage_label"]}
        return WORK_ARRIVED, {**shown, "action": dict(action), "stage": dict(stage)}
    if event.kind is NotificationKind.THREAD_MOVED:
        about = str(values.get("about") or "")
        return THREAD_MOVED[(str(values["event"]), bool(about))], {**shown, "indicator": about}
    return TRANSLATION_STALE, {
        **shown,
        "parts": values["about"],
        "language": values["language"],
        "original_language": values["original_language"],
    }


def render_for(event: Event, recipient: str, site_url: str | None = None) -> tuple[str, str]:
    """``(subject, body)`` of ``event`` as ``recipient`` (an account name) may read it.

    Names come only from :func:`identity_for_viewer`: ``actor_shown`` (who acted, as the
    recipient may see them) and ``recipient_shown`` (the recipient's own name). Raises
    ``jinja2.UndefinedError`` when ``values`` lacks a field the kind's template uses."""
    actor_shown = identity_for_viewer(event.actor, recipient, event.cast, blind=event.blind)
    base = (site_url or "").rstrip("/")
    context = {
        **event.values,
        "actor_shown": actor_shown,
        "recipient_shown": recipient,
        "note": (event.note or "").strip(),
        "link": f"{base}{event.link}",
    }
    text = _templates().get_template(f"{event.kind.value}.txt").render(context)
    subject, _, body = text.partition("\n")
    return " ".join(subject.split()), body.strip() + "\n"


def notify(
    store: Store,
    event: Event,
    recipients: Iterable[str],
    *,
    settings: SmtpSettings | None = None,
    site_url: str | None = None,
) -> list[Notification]:
    """Put ``event`` in the inbox of each of ``recipients`` (account names; the actor and
    repeats are skipped), rendered for each; with ``settings``, queue an e-mail for each
    recipient with an enabled address and deliver the outbox at once. Returns the inbox items
    written. Delivery failures stay in the outbox (see :func:`send_pending`); they never undo
    the inbox items."""
    seen: list[str] = []
    for name in recipients:
        if name and name != event.actor and name not in seen:
            seen.append(name)
    site = site_url if site_url is not None else os.environ.get(SITE_URL_ENV)
    items = []
    for name in seen:
        subject, body = render_for(event, name, site)
        template, values = message_for(event, name)
        items.append(
            NewNotification(
                recipient=name,
                kind=event.kind,
                subject=subject,
                body=body,
                link=event.link,
                draft_id=event.draft_id,
                indicator=event.indicator,
                thread_id=event.thread_id,
                template=template,
                template_values=values,
            )
        )
    stored = NotificationStore(store).deliver_to(items, queue_mail=settings is not None)
    if settings is not None:
        send_pending(store, settings)
    return stored


# -- delivery -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryReport:
    """What :func:`send_pending` did: messages ``sent``, and ``failed`` as (id, reason)."""

    sent: int = 0
    failed: tuple[tuple[int, str], ...] = ()


def _message(settings: SmtpSettings, outgoing: OutboxMessage) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = outgoing.to_address
    message["Subject"] = outgoing.subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(outgoing.body)
    return message


def send_pending(store: Store, settings: SmtpSettings, limit: int = 100) -> DeliveryReport:
    """Deliver up to ``limit`` pending outbox messages over one SMTP connection. Each message
    is claimed first (two senders never mail one twice), then marked ``sent`` or its failed
    attempt recorded. A server that cannot be reached fails every claimed message's attempt;
    nothing is raised."""
    outbox = NotificationStore(store)
    pending = [m for m in outbox.pending_mail(limit) if outbox.claim(m.id)]
    if not pending:
        return DeliveryReport()
    sent, failed = 0, []
    handled: set[int] = set()
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            for outgoing in pending:
                try:
                    smtp.send_message(_message(settings, outgoing))
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                    outbox.mark_failed_attempt(outgoing.id, _reason(exc))
                    failed.append((outgoing.id, _reason(exc)))
                else:
                    outbox.mark_sent(outgoing.id)
                    sent += 1
                handled.add(outgoing.id)
    except (smtplib.SMTPException, OSError) as exc:
        for outgoing in pending:
            if outgoing.id not in handled:
                outbox.mark_failed_attempt(outgoing.id, _reason(exc))
                failed.append((outgoing.id, _reason(exc)))
    return DeliveryReport(sent=sent, failed=tuple(failed))


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}".strip(": ")


# -- the inbox ----------------------------------------------------------------------------------


def inbox(store: Store, account: str, *, unread_only: bool = False) -> list[Notification]:
    """``account``'s inbox, newest first (only its own items); ``UnknownAccountError`` when
    no account has the name."""
    require_accounts(store, account)
    return NotificationStore(store).inbox(account, unread_only=unread_only)


def unread_count(store: Store, account: str) -> int:
    """How many of ``account``'s inbox items are not read yet (0 for a name no account has: a
    count never refuses, and every signed-in page asks it for the navigation)."""
    return NotificationStore(store).unread_count(account)


def mark_read(store: Store, account: str, ids: Sequence[int] | None = None) -> int:
    """Mark ``account``'s items ``ids`` (all when ``None``) read; returns how many changed.
    ``UnknownAccountError`` when no account has the name."""
    require_accounts(store, account)
    return NotificationStore(store).mark_read(account, ids)


def set_address(store: Store, account: str, address: str, *, email_enabled: bool = True) -> str:
    """Record ``account``'s e-mail address (checked: :class:`MailSettingsError` when bad;
    ``UnknownAccountError`` when no account has the name)."""
    require_accounts(store, account)
    checked = check_address(address, f"address of {account}")
    NotificationStore(store).set_address(account, checked, email_enabled=email_enabled)
    return checked
