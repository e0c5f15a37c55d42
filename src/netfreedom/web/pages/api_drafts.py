"""The drafting JSON API under ``/api/v1``: editions, drafts, indicator edits, workflow
transitions, comments and the audit trail.

Every route needs credentials (a session cookie or ``Authorization: Bearer TOKEN``): without
them 401, with a role that lacks the permission 403 (``permissions.yaml``), both in the one
error shape; then the drafting service decides per draft (assigned researcher and reviewer,
the workflow's stages). Answers are never cached (``Cache-Control: no-store``): they are for
one person, and research journals are only in the answers of those who may read them.

- ``POST /editions {"edition", "methodology", "workflow"}`` -> 201 the edition
- ``POST /drafts {"country", "edition", "researcher", "reviewer", "revise_published"}`` -> 201
  ``{"id", "revision", ...}``; 409 ``published_report`` (``details.published``: language ->
  revision) when the edition already has a published report of the country and
  ``revise_published`` is not true (publishing would store a new revision over it)
- ``GET /drafts`` -> the drafts the caller may read
- ``GET /drafts/{id}`` -> the assessment JSON shape plus ``id``, ``state``, ``revision``, ``draft``, ``findings``,
  ``last_year`` (last year's scorecard: ``edition``, ``source_kind``, ``total``, ``status``, ``categories``,
  ``indicators`` known; ``null`` when none is stored), ``base_edition`` (the report the draft was copied
  from) and ``published_over`` (language -> revision of a published report of the same edition that
  publishing would store a new revision over; empty when none)
- ``PATCH /drafts/{id}/indicators/{indicator} {"score", "text", "change_note", "journal", "sources", "revision"}``
  -> 200 with the new revision; 409 ``stale_revision`` (``details``: both versions); 422 out of range
- ``POST /drafts/{id}/transitions {"action"}`` -> 200 (any action the edition's workflow defines);
  409 ``action_not_allowed`` when the stage has no such action and 403 ``forbidden`` when it is not
  the caller's, both with ``details`` ``{"stage", "allowed"}`` (the actions the caller may take);
  422 with the blocking ``findings`` or open ``threads`` in ``details``
- ``POST /drafts/{id}/comments {"text", "indicator"}`` -> 201 (opens a thread: see ``api_threads``)
- ``GET /drafts/{id}/audit`` -> the audit trail (editors, admins, the draft's researcher and reviewer)

Every name in an answer is as the caller may see it (blind review, :func:`drafting.masked_draft`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.model.drafting import Draft
from netfreedom.services import drafting
from netfreedom.services.draft_report import draft_assessment, draft_findings
from netfreedom.store import Store
from netfreedom.web.auth import require
from netfreedom.web.context import store_of

router = APIRouter(tags=["drafting"])

NO_STORE = {"Cache-Control": "no-store"}


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EditionBody(_Body):
    edition: int = Field(ge=2000, le=2999)
    methodology: str | None = None
    workflow: str = "plain"


class DraftBody(_Body):
    country: str = Field(min_length=2, max_length=100)
    edition: int = Field(ge=2000, le=2999)
    researcher: str = Field(min_length=1, max_length=64)
    reviewer: str | None = Field(default=None, max_length=64)
    language: str | None = Field(default=None, max_length=16)
    revise_published: bool = False


class IndicatorBody(_Body):
    revision: int = Field(ge=1)
    score: int | None = Field(default=None, ge=-1000, le=1000)
    text: str | None = Field(default=None, max_length=200_000)
    change_note: str | None = Field(default=None, max_length=5_000)
    journal: str | None = Field(default=None, max_length=200_000)
    sources: list[dict[str, Any]] | None = Field(default=None, max_length=500)


class TransitionBody(_Body):
    action: str = Field(min_length=1, max_length=32)
    revision: int | None = Field(default=None, ge=1)


class CommentBody(_Body):
    text: str = Field(min_length=1, max_length=20_000)
    indicator: str | None = Field(default=None, max_length=16)


def draft_json(
    draft: Draft, user: Account, *, with_findings: bool = True, store: Store | None = None
) -> dict[str, Any]:
    """The draft as the API shows it to ``user``: the assessment shape plus the draft's own
    fields (``published_over`` only when ``store`` is given)."""
    data: dict[str, Any] = draft_assessment(draft).model_dump(mode="json")
    shown = drafting.masked_draft(draft, user)
    data.update(
        id=draft.id,
        state=draft.state,
        revision=draft.revision,
        researcher=shown.researcher,
        reviewer=shown.reviewer,
        workflow=draft.workflow,
        actions=[a.id for a in drafting.available_actions(draft, user)],
        draft=drafting.indicator_fields(draft, user),
        last_year=None if draft.last_year is None else draft.last_year.model_dump(mode="json"),
        base_edition=None if draft.base is None else draft.base.edition,
    )
    if store is not None:
        data["published_over"] = drafting.published_over(store, draft)
    if with_findings:
        data["findings"] = [f.model_dump(mode="json") for f in draft_findings(draft)]
    return data


@router.post("/editions", status_code=201, summary="Open an edition for writing")
async def post_edition(
    request: Request, body: EditionBody, response: Response, user: Account = Depends(require("editions.open"))
) -> dict[str, Any]:
    """Open an edition (methodology and workflow by id; coverage June 1 - May 31)."""
    store = store_of(request)
    opened = await run_in_threadpool(
        drafting.open_edition, store, body.edition, user, methodology=body.methodology, workflow=body.workflow
    )
    response.headers.update(NO_STORE)
    return opened.model_dump(mode="json")


@router.post("/drafts", status_code=201, summary="Start a country's draft")
async def post_draft(
    request: Request, body: DraftBody, response: Response, user: Account = Depends(require("drafts.create"))
) -> dict[str, Any]:
    """A new draft copied from the country's latest stored assessment."""
    store = store_of(request)
    made = await run_in_threadpool(
        lambda: drafting.new_draft(
            store,
            body.country,
            body.edition,
            user,
            researcher=body.researcher,
            reviewer=body.reviewer,
            language=body.language,
            revise_published=body.revise_published,
        )
    )
    response.headers.update(NO_STORE)
    return await run_in_threadpool(lambda: draft_json(made, user, with_findings=False, store=store))


@router.get("/drafts", summary="The drafts you may read")
async def get_drafts(
    request: Request, response: Response, edition: int | None = None, user: Account = Depends(require("drafts.read"))
) -> list[dict[str, Any]]:
    """One line per draft: id, country, edition, state, revision, researcher, reviewer (names
    as the caller may see them)."""
    found = await run_in_threadpool(drafting.drafts_for, store_of(request), user, edition)
    response.headers.update(NO_STORE)
    keys = ("id", "iso3", "edition", "state", "revision", "researcher", "reviewer")
    return [{k: getattr(drafting.masked_draft(d, user), k) for k in keys} for d in found]


@router.get("/drafts/{draft_id}", summary="One draft")
async def get_draft(
    request: Request, draft_id: int, response: Response, user: Account = Depends(require("drafts.read"))
) -> dict[str, Any]:
    """The draft (assessment shape, ``state``, ``revision``, findings)."""
    store = store_of(request)

    def build() -> dict[str, Any]:
        return draft_json(drafting.draft_for(store, draft_id, user), user, store=store)

    data = await run_in_threadpool(build)
    response.headers.update(NO_STORE)
    return data


@router.patch("/drafts/{draft_id}/indicators/{indicator}", summary="Save one indicator")
async def patch_indicator(
    request: Request,
    draft_id: int,
    indicator: str,
    body: IndicatorBody,
    response: Response,
    user: Account = Depends(require("drafts.edit")),
) -> dict[str, Any]:
    """Save the fields given, based on ``revision``: 200 new revision, 409 stale, 422 out of range."""
    edit = drafting.IndicatorEdit(
        revision=body.revision,
        score=body.score,
        narrative=body.text,
        change_note=body.change_note,
        journal=body.journal,
        sources=body.sources,
    )
    saved = await run_in_threadpool(drafting.set_indicator, store_of(request), draft_id, indicator, user, edit)
    response.headers.update(NO_STORE)
    changed = saved.indicator(indicator)
    return {
        "id": saved.id,
        "revision": saved.revision,
        "indicator": changed.model_dump(
            mode="json", exclude=None if drafting.can_read_journal(saved, user) else {"journal"}
        ),
    }


@router.post("/drafts/{draft_id}/transitions", summary="Take a workflow action")
async def post_transition(
    request: Request,
    draft_id: int,
    body: TransitionBody,
    response: Response,
    user: Account = Depends(require("drafts.read")),
) -> dict[str, Any]:
    """Take ``action`` (one the edition's workflow defines): 409/403 with the allowed actions,
    422 with the blocking findings or open threads."""
    draft, findings = await run_in_threadpool(
        lambda: drafting.transition(store_of(request), draft_id, body.action, user, revision=body.revision)
    )
    response.headers.update(NO_STORE)
    return {
        "id": draft.id,
        "state": draft.state,
        "revision": draft.revision,
        "published_revision": draft.published_revision,
        "findings": [f.model_dump(mode="json") for f in findings],
    }


@router.post("/drafts/{draft_id}/comments", status_code=201, summary="Comment on a draft or an indicator")
async def post_comment(
    request: Request,
    draft_id: int,
    body: CommentBody,
    response: Response,
    user: Account = Depends(require("drafts.comment")),
) -> dict[str, Any]:
    """Add a comment (does not change the draft's revision)."""
    made = await run_in_threadpool(drafting.add_comment, store_of(request), draft_id, user, body.text, body.indicator)
    response.headers.update(NO_STORE)
    return made.model_dump(mode="json")


@router.get("/drafts/{draft_id}/audit", summary="A draft's audit trail")
async def get_audit(
    request: Request, draft_id: int, response: Response, user: Account = Depends(require("audit.read"))
) -> list[dict[str, Any]]:
    """Every change of the draft, oldest first: who, when, field, before, after."""
    trail = await run_in_threadpool(drafting.audit_trail, store_of(request), draft_id, user)
    response.headers.update(NO_STORE)
    return [e.model_dump(mode="json") for e in trail]
