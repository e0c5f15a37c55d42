"""The signed-in person's inbox on the web: the notifications the CLI shows with
``netfreedom notifications inbox NAME``, for the account signed in and no other.

- ``GET /inbox`` (``?unread=1`` for the unread ones only): newest first, each item with its
  kind (translated), what it is about (draft, indicator, thread), when, whether read, a link
  to what it is about (a path on this site; anything else is not linked), its one-line message
  in the reader's language (stored as a template plus values:
  :mod:`netfreedom.web.views.notification_text`; an item stored before has none) and the
  message as rendered for this person when the event happened (subject and body in English,
  the text of the e-mail: blind names are already as this person may see them, "Reviewer 1" or
  "Researcher").
- ``POST /inbox/read`` (form, CSRF token): mark the items ``id`` (repeated) read, or every
  unread item with ``all=1``; 303 back to the inbox. Only the person's own items change.

Both need a sign-in (``account.self``; a page view without one is sent to ``/login``);
answers are ``Cache-Control: no-store``.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.services import notifications
from netfreedom.web.auth import require
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.i18n import N_, translator
from netfreedom.web.views.notification_text import KIND_LABELS, notification_text

router = APIRouter()


def on_site(link: str | None, language: str) -> str | None:
    """``link`` with ``lang=language`` when it is a path on this site (``/drafts/3#A3`` ->
    ``/drafts/3?lang=ru#A3``), else ``None``: no link leaves the site."""
    if not link or not link.startswith("/") or link.startswith("//") or "\\" in link:
        return None
    path, hash_mark, fragment = link.partition("#")
    return f"{path}{'&' if '?' in path else '?'}lang={language}{hash_mark}{fragment}"


@router.get("/inbox", response_class=HTMLResponse)
async def inbox_page(request: Request, unread: str = "", user: Account = Depends(require("account.self"))) -> Response:
    """The signed-in person's notifications, newest first."""
    store = store_of(request)
    items = await run_in_threadpool(notifications.inbox, store, user.name, unread_only=unread == "1")
    count = await run_in_threadpool(notifications.unread_count, store, user.name)
    values = {
        "items": items,
        "unread_only": unread == "1",
        "unread_count": count,
        "kind_label": lambda kind: KIND_LABELS.get(kind, N_("Notification")),
        "on_site": lambda link: on_site(link, language_of(request)),
        "message_text": lambda item: notification_text(item, translator(language_of(request))),
    }
    response = render(request, "inbox.html", values)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/inbox/read")
async def mark_read(request: Request, user: Account = Depends(require("account.self"))) -> Response:
    """Mark the items named ``id`` (or all with ``all=1``) read; 303 to the inbox."""
    form = await request.form()
    ids = [int(str(value)) for value in form.getlist("id") if str(value).isdigit() and len(str(value)) < 19]
    everything = str(form.get("all", "")) == "1"
    if everything or ids:
        await run_in_threadpool(notifications.mark_read, store_of(request), user.name, None if everything else ids)
    return RedirectResponse(f"/inbox?lang={language_of(request)}", status_code=303)
