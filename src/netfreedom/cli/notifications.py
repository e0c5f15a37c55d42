"""``notifications``: a person's inbox, where they are mailed, and delivering the e-mail outbox.

E-mail goes through the SMTP server named by ``NETFREEDOM_SMTP_HOST`` and friends (see
:mod:`netfreedom.services.notifications`); without it nothing is mailed and inbox items are
still recorded.
"""

from __future__ import annotations

import sys

import click

from netfreedom.cli.errors import guard
from netfreedom.cli.output import emit, output_options
from netfreedom.cli.support import database_option, open_store
from netfreedom.errors import N_

INBOX_COLUMNS = ("id", "created_at", "kind", "subject", "link", "read")
INBOX_HEADINGS = {
    "id": N_("No."),
    "created_at": N_("When (UTC)"),
    "kind": N_("Kind"),
    "message": N_("Message"),
    "link": N_("Link"),
    "read": N_("Read"),
}
"""Column headings of the inbox table in another language than English (message ids)."""


@click.group()
def notifications() -> None:
    """Read inboxes, set where people are mailed, deliver the e-mail outbox.

    \b
    Example:
      netfreedom notifications inbox amira --unread --json
    """


@notifications.command()
@click.argument("account")
@click.option("--unread", is_flag=True, help="Only items not yet marked read.")
@click.option("--mark-read", is_flag=True, help="Mark the items shown read.")
@click.option(
    "--language",
    type=click.Choice(["en", "ru"]),
    default="en",
    show_default=True,
    help="Language of the table; ru adds each item's message in Russian (JSON keys stay English).",
)
@database_option
@output_options
@guard
def inbox(
    account: str, unread: bool, mark_read: bool, language: str, database_url: str | None, output: str | None
) -> None:
    """List ACCOUNT's inbox, newest first.

    With --language ru the table gives each item's kind and one-line message in Russian (as the
    site's /inbox page does) and every row gains a "message" key; an item stored before
    messages had templates (migration 0017) keeps its English subject there.

    \b
    Example:
      netfreedom notifications inbox amira --unread
      netfreedom notifications inbox amira --language ru
    """
    from netfreedom.services import notifications as service

    with open_store(database_url, must_exist=True) as store:
        items = service.inbox(store, account, unread_only=unread)
        if mark_read and items:
            service.mark_read(store, account, [i.id for i in items])
    rows = [{**i.model_dump(mode="json"), "read": i.read_at is not None} for i in items]
    if language == "en":
        emit(rows, output, title=f"Inbox of {account}", columns=INBOX_COLUMNS, empty=f"{account}'s inbox is empty")
        return
    from netfreedom.web.i18n import translator
    from netfreedom.web.views.notification_text import kind_label, notification_text

    words = translator(language)
    for row, item in zip(rows, items, strict=True):
        text = notification_text(item, words)
        row["message"] = text.striptags() if text is not None else item.subject
    if (output or "table") == "table":  # words for the reader; JSON and CSV keep their values
        for row, item in zip(rows, items, strict=True):
            row["kind"] = kind_label(item.kind, words)
            row["read"] = words.gettext("read") if row["read"] else words.gettext("unread")
            row["created_at"] = item.created_at.strftime("%Y-%m-%d %H:%M")
    headings = {key: words.gettext(label) for key, label in INBOX_HEADINGS.items()}
    emit(
        rows,
        output,
        title=words.gettext("Inbox of {account}", account=account),
        columns=("id", "created_at", "kind", "message", "link", "read"),
        headings=headings,
        empty=words.gettext("Nothing here."),
    )


@notifications.command()
@click.argument("account")
@click.argument("address")
@click.option("--off", is_flag=True, help="Keep the address but send no e-mail (inbox only).")
@database_option
@guard
def address(account: str, address: str, off: bool, database_url: str | None) -> None:
    """Mail ACCOUNT's notifications to ADDRESS.

    \b
    Example:
      netfreedom notifications address amira amira@example.org
    """
    from netfreedom.services.notifications import set_address

    with open_store(database_url, must_exist=True) as store:
        checked = set_address(store, account, address, email_enabled=not off)
    click.echo(f"{account}: {checked}{' (e-mail off)' if off else ''}", err=True)


@notifications.command()
@database_option
@guard
def send(database_url: str | None) -> None:
    """Deliver the e-mail waiting in the outbox through the configured SMTP server; exit 1
    when some could not be delivered (they stay queued and are tried again).

    \b
    Example:
      NETFREEDOM_SMTP_HOST=127.0.0.1 NETFREEDOM_SMTP_FROM=nf@example.org netfreedom notifications send
    """
    from netfreedom.services.notifications import SmtpSettings, send_pending

    settings = SmtpSettings.from_env()
    if settings is None:
        click.echo("no e-mail sent: NETFREEDOM_SMTP_HOST is not set", err=True)
        sys.exit(2)
    with open_store(database_url, must_exist=True) as store:
        report = send_pending(store, settings)
    click.echo(f"sent {report.sent}, failed {len(report.failed)}", err=True)
    for message_id, reason in report.failed:
        click.echo(f"message {message_id}: {reason}", err=True)
    if report.failed:
        sys.exit(1)
