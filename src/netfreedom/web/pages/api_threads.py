"""Comment threads of a draft in the JSON API under ``/api/v1/drafts/{id}/threads``.

Credentials as for every drafting route (401 without, 403 without ``drafts.comment`` or
``drafts.read``); then :mod:`netfreedom.services.draft_threads` decides per draft and stage.
Every name in an answer is as the caller may see it (blind review: ``Reviewer 1``,
``Researcher``). Answers are ``Cache-Control: no-store``.

- ``GET /drafts/{id}/threads`` -> the threads, oldest first, each with its comments
- ``POST /drafts/{id}/threads {"text", "indicator"}`` -> 201 the new thread
- ``POST /drafts/{id}/threads/{thread_id}/replies {"text"}`` -> 201 the thread after the reply
- ``POST /drafts/{id}/threads/{thread_id}/resolve`` and ``.../reopen`` -> 200 the thread
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.errors import N_, NotFoundError
from netfreedom.services import draft_threads
from netfreedom.services.draft_access import draft_for
from netfreedom.store import Store
from netfreedom.web.auth import require
from netfreedom.web.context import store_of

router = APIRouter(tags=["drafting"])

NO_STORE = {"Cache-Control": "no-store"}


class ThreadBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=draft_threads.TEXT_LIMIT)
    indicator: str | None = Field(default=None, max_length=16)


class ReplyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=draft_threads.TEXT_LIMIT)


def shown_threads(store: Store, draft_id: int, user: Account) -> list[dict[str, Any]]:
    """The draft's threads as JSON, names as ``user`` may see them."""
    draft = draft_for(store, draft_id, user)
    return [t.model_dump(mode="json") for t in draft_threads.threads_for(store, draft, user)]


def _one(store: Store, draft_id: int, thread_id: int, user: Account) -> dict[str, Any]:
    for thread in shown_threads(store, draft_id, user):
        if thread["id"] == thread_id:
            return thread
    raise NotFoundError(N_("draft {id} has no thread {thread}"), id=draft_id, thread=thread_id)


@router.get("/drafts/{draft_id}/threads", summary="A draft's comment threads")
async def get_threads(
    request: Request, draft_id: int, response: Response, user: Account = Depends(require("drafts.read"))
) -> list[dict[str, Any]]:
    """Every thread of the draft, oldest first, with its comments and status."""
    found = await run_in_threadpool(shown_threads, store_of(request), draft_id, user)
    response.headers.update(NO_STORE)
    return found


@router.post("/drafts/{draft_id}/threads", status_code=201, summary="Open a thread")
async def post_thread(
    request: Request,
    draft_id: int,
    body: ThreadBody,
    response: Response,
    user: Account = Depends(require("drafts.comment")),
) -> dict[str, Any]:
    """Open a thread on the draft or on ``indicator``; ``text`` is its first comment."""
    store = store_of(request)

    def work() -> dict[str, Any]:
        made = draft_threads.open_thread(store, draft_id, user, body.text, body.indicator)
        return _one(store, draft_id, made.id, user)

    response.headers.update(NO_STORE)
    return await run_in_threadpool(work)


@router.post("/drafts/{draft_id}/threads/{thread_id}/replies", status_code=201, summary="Reply in a thread")
async def post_reply(
    request: Request,
    draft_id: int,
    thread_id: int,
    body: ReplyBody,
    response: Response,
    user: Account = Depends(require("drafts.comment")),
) -> dict[str, Any]:
    """Add a reply; the answer is the thread after it."""
    store = store_of(request)

    def work() -> dict[str, Any]:
        draft_threads.reply(store, thread_id, user, body.text, draft_id=draft_id)
        return _one(store, draft_id, thread_id, user)

    response.headers.update(NO_STORE)
    return await run_in_threadpool(work)


@router.post("/drafts/{draft_id}/threads/{thread_id}/resolve", summary="Resolve a thread")
async def post_resolve(
    request: Request,
    draft_id: int,
    thread_id: int,
    response: Response,
    user: Account = Depends(require("drafts.comment")),
) -> dict[str, Any]:
    """Resolve the thread (whoever opened it, editors, admins)."""
    store = store_of(request)

    def work() -> dict[str, Any]:
        draft_threads.resolve(store, thread_id, user, draft_id=draft_id)
        return _one(store, draft_id, thread_id, user)

    response.headers.update(NO_STORE)
    return await run_in_threadpool(work)


@router.post("/drafts/{draft_id}/threads/{thread_id}/reopen", summary="Reopen a thread")
async def post_reopen(
    request: Request,
    draft_id: int,
    thread_id: int,
    response: Response,
    user: Account = Depends(require("drafts.comment")),
) -> dict[str, Any]:
    """Reopen a resolved thread (whoever opened it, editors, admins)."""
    store = store_of(request)

    def work() -> dict[str, Any]:
        draft_threads.reopen(store, thread_id, user, draft_id=draft_id)
        return _one(store, draft_id, thread_id, user)

    response.headers.update(NO_STORE)
    return await run_in_threadpool(work)
