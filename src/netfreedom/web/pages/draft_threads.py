"""Comment threads on the draft page: the forms post here (each with its CSRF token).

- ``POST /drafts/{id}/threads`` (``text``, ``indicator`` empty for the whole draft): open a thread;
- ``POST /drafts/{id}/threads/{thread_id}/replies`` (``text``): reply;
- ``POST /drafts/{id}/threads/{thread_id}/resolve`` and ``.../reopen``.

Each answers 303 back to the thread on the draft page; a refusal answers with the error page
(403 not yours to do, 404 no such thread, 422 empty text). The rules are
:mod:`netfreedom.services.draft_threads`.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.services import draft_threads
from netfreedom.web.auth import require
from netfreedom.web.context import language_of, store_of

router = APIRouter()


def _back(request: Request, draft_id: int, thread_id: int) -> Response:
    return RedirectResponse(f"/drafts/{draft_id}?lang={language_of(request)}#thread-{thread_id}", status_code=303)


@router.post("/drafts/{draft_id}/threads")
async def open_thread(request: Request, draft_id: int, user: Account = Depends(require("drafts.comment"))) -> Response:
    """Open a thread from the draft page's form."""
    form = await request.form()
    text = str(form.get("text", ""))
    indicator = str(form.get("indicator", "")).strip() or None
    store = store_of(request)
    made = await run_in_threadpool(draft_threads.open_thread, store, draft_id, user, text, indicator)
    return _back(request, draft_id, made.id)


@router.post("/drafts/{draft_id}/threads/{thread_id}/replies")
async def reply(
    request: Request, draft_id: int, thread_id: int, user: Account = Depends(require("drafts.comment"))
) -> Response:
    """Reply in a thread from the draft page."""
    form = await request.form()
    text = str(form.get("text", ""))
    store = store_of(request)
    await run_in_threadpool(lambda: draft_threads.reply(store, thread_id, user, text, draft_id=draft_id))
    return _back(request, draft_id, thread_id)


@router.post("/drafts/{draft_id}/threads/{thread_id}/resolve")
async def resolve(
    request: Request, draft_id: int, thread_id: int, user: Account = Depends(require("drafts.comment"))
) -> Response:
    """Resolve a thread from the draft page."""
    store = store_of(request)
    await run_in_threadpool(lambda: draft_threads.resolve(store, thread_id, user, draft_id=draft_id))
    return _back(request, draft_id, thread_id)


@router.post("/drafts/{draft_id}/threads/{thread_id}/reopen")
async def reopen(
    request: Request, draft_id: int, thread_id: int, user: Account = Depends(require("drafts.comment"))
) -> Response:
    """Reopen a thread from the draft page."""
    store = store_of(request)
    await run_in_threadpool(lambda: draft_threads.reopen(store, thread_id, user, draft_id=draft_id))
    return _back(request, draft_id, thread_id)
