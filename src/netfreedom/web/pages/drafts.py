"""Drafting pages: the drafts you may read, one draft, the indicator form, the redline.

- ``GET /drafts``: the drafts of the signed-in person (editors and admins: all).
- ``GET /drafts/{id}``: stage, revision, every indicator (score, last year's, carried over,
  note), the findings (blocking ones marked), the actions the person may take (one button
  each), the comment threads with their forms (:mod:`netfreedom.web.pages.draft_threads`),
  last year's scorecard (the previous published edition from any source, at the level it is
  known: indicators, categories or total), the base report named by its edition when it is
  not last year's, a warning when the edition already has a published report, and the
  redline against the base report one click away. Names are as the person may see them
  (blind review: :func:`netfreedom.services.drafting.masked_draft`).
- ``GET /drafts/{id}/indicators/{indicator}``: the indicator for anyone who may read the draft,
  read-only unless the person may edit it now; then the edit form (score in the methodology's
  range, narrative in Markdown, score-change note, sources, research journal, the revision it
  is based on), which ``POST`` the same path saves (``drafts.edit``). A stale save answers 409
  with the form again and both versions side by side: nothing is overwritten.
- ``POST /drafts/{id}/transitions``: take an action (422 with the blocking findings).
- ``GET /drafts/{id}/redline``: scores and a paragraph redline against the base report (the
  report the draft was copied from, named by its edition).

Every page needs a sign-in (anonymous visitors are sent to ``/login``) and every form carries
the CSRF token; answers are ``Cache-Control: no-store``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.errors import N_, DraftRuleError, NetfreedomError, StaleRevisionError
from netfreedom.methodology import previous_edition
from netfreedom.model.drafting import Draft
from netfreedom.services import drafting
from netfreedom.services.draft_access import is_manager, party_of
from netfreedom.services.draft_evidence import suggested_evidence
from netfreedom.services.draft_report import blocking_findings, draft_assessment, draft_findings
from netfreedom.services.draft_threads import threads_for
from netfreedom.web.auth import require
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.i18n import translator
from netfreedom.web.views.findings import finding_message, location_label
from netfreedom.web.views.redline import compare_editions
from netfreedom.web.views.service_messages import told
from netfreedom.workflow import load_workflow, may_comment, may_edit

router = APIRouter()

_NO_STORE = {"Cache-Control": "no-store"}


def _stage_label(workflow_id: str, stage_id: str, language: str) -> str:
    from netfreedom.workflow import load_workflow

    try:
        label = load_workflow(workflow_id).stage(stage_id).label
    except (KeyError, NetfreedomError):
        return stage_id
    return label.get(language) or label.get("en") or stage_id


def _page(request: Request, template: str, values: dict[str, Any], status: int = 200) -> HTMLResponse:
    words = translator(language_of(request))
    values = {
        "stage_label": lambda d: _stage_label(d.workflow, d.state, words.language),
        "finding_message": lambda f: finding_message(f, words),
        "location_label": lambda location: location_label(location, words),
        **values,
    }
    response = render(request, template, values, status_code=status)
    response.headers.update(_NO_STORE)
    return response


@router.get("/drafts", response_class=HTMLResponse)
async def drafts_page(request: Request, user: Account = Depends(require("drafts.read"))) -> Response:
    """The drafts the signed-in person may read."""
    found = await run_in_threadpool(drafting.drafts_for, store_of(request), user)
    return _page(request, "drafts.html", {"drafts": [drafting.masked_draft(d, user) for d in found]})


def _draft_values(request: Request, draft: Draft, user: Account) -> dict[str, Any]:
    findings = draft_findings(draft)
    blocking = blocking_findings(findings, draft)
    workflow = load_workflow(draft.workflow)
    party = party_of(draft, user)
    from netfreedom.services.translations import translations_for  # translations build on drafts

    return {
        "translations": translations_for(store_of(request), draft.id, user),
        "d": drafting.masked_draft(draft, user),
        "a": draft_assessment(draft),
        "findings": findings,
        "blocking": blocking,
        "actions": drafting.available_actions(draft, user),
        "may_edit": _may_edit(draft, user),
        "stage": workflow.stage(draft.state),
        "threads": threads_for(store_of(request), draft, user),
        "may_comment": may_comment(workflow, draft.state, party),
        "may_settle": is_manager(user),
        "me": user.name,
        "last_year_edition": previous_edition(draft.edition),
        "published_over": drafting.published_over(store_of(request), draft),
    }


def _may_edit(draft: Draft, user: Account) -> bool:
    return may_edit(load_workflow(draft.workflow), draft.state, party_of(draft, user))


@router.get("/drafts/{draft_id}", response_class=HTMLResponse)
async def draft_page(request: Request, draft_id: int, user: Account = Depends(require("drafts.read"))) -> Response:
    """One draft with its findings and the actions the person may take."""
    store = store_of(request)
    draft = await run_in_threadpool(drafting.draft_for, store, draft_id, user)
    values = await run_in_threadpool(_draft_values, request, draft, user)
    return _page(request, "draft.html", values)


@router.post("/drafts/{draft_id}/transitions", response_class=HTMLResponse)
async def take_action(request: Request, draft_id: int, user: Account = Depends(require("drafts.read"))) -> Response:
    """Take the action of the button pressed; 422 with the draft page and its blocking findings."""
    form = await request.form()
    action = str(form.get("action", ""))
    revision = _int(form.get("revision"))
    store = store_of(request)
    try:
        await run_in_threadpool(lambda: drafting.transition(store, draft_id, action, user, revision=revision))
    except (DraftRuleError, StaleRevisionError) as exc:
        draft = await run_in_threadpool(drafting.draft_for, store, draft_id, user)
        values = await run_in_threadpool(_draft_values, request, draft, user)
        return _page(request, "draft.html", {**values, "refused": told(exc, language_of(request))}, status=exc.status)
    return RedirectResponse(f"/drafts/{draft_id}?lang={language_of(request)}", status_code=303)


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


@router.get("/drafts/{draft_id}/indicators/{indicator}", response_class=HTMLResponse)
async def indicator_form(
    request: Request, draft_id: int, indicator: str, user: Account = Depends(require("drafts.read"))
) -> Response:
    """One indicator of the draft: the edit form, based on the draft's current revision, for
    whoever may edit it now (the workflow's stage and party); a read-only view (score, note,
    narrative, sources, the research journal for those who may read it) for anyone else who
    may read the draft (``drafts.read``, and the draft's own readers: 403/404 otherwise)."""
    draft = await run_in_threadpool(drafting.draft_for, store_of(request), draft_id, user)
    return _form(request, draft, indicator, user, None, None, 200)


def _form(
    request: Request,
    draft: Draft,
    indicator: str,
    user: Account,
    sent: dict[str, Any] | None,
    problem: str | None,
    status: int,
    theirs: dict[str, Any] | None = None,
) -> HTMLResponse:
    try:
        drafted = draft.indicator(indicator)
    except KeyError:
        raise DraftRuleError(N_("draft {id} has no indicator {indicator}"), id=draft.id, indicator=indicator) from None
    values = {
        "d": draft,
        "i": drafted,
        "sent": sent,
        "problem": problem,
        "theirs": theirs,
        "sources_json": json.dumps([s.model_dump(mode="json") for s in drafted.sources], ensure_ascii=False, indent=1),
        "journal": drafted.journal if drafting.can_read_journal(draft, user) else None,
        "may_edit": _may_edit(draft, user),
        "evidence": suggested_evidence(store_of(request), draft, drafted.id),
    }
    return _page(request, "draft_indicator.html", values, status)


@router.post("/drafts/{draft_id}/indicators/{indicator}", response_class=HTMLResponse)
async def save_indicator(
    request: Request, draft_id: int, indicator: str, user: Account = Depends(require("drafts.edit"))
) -> Response:
    """Save the form: 303 to the draft; 409 (stale, both versions shown) or 422 with the form."""
    form = await request.form()
    store = store_of(request)
    sent = {name: str(form.get(name, "")) for name in ("score", "narrative", "change_note", "journal", "sources")}
    try:
        sources = json.loads(sent["sources"]) if sent["sources"].strip() else []
        if not isinstance(sources, list):
            raise ValueError("a list")
        edit = drafting.IndicatorEdit(
            revision=_int(form.get("revision")) or 0,
            score=_int(sent["score"]) if sent["score"].strip() else None,
            narrative=sent["narrative"],
            change_note=sent["change_note"],
            journal=sent["journal"] if "journal" in form else None,
            sources=sources,
        )
    except ValueError:
        draft = await run_in_threadpool(drafting.draft_for, store, draft_id, user)
        problem = DraftRuleError(N_("sources: not a JSON list of sources"))
        return _form(request, draft, indicator, user, sent, told(problem, language_of(request)), 422)
    try:
        await run_in_threadpool(drafting.set_indicator, store, draft_id, indicator, user, edit)
    except StaleRevisionError as exc:
        draft = await run_in_threadpool(drafting.draft_for, store, draft_id, user)
        theirs = (exc.details or {}).get("theirs")
        return _form(
            request,
            draft,
            indicator,
            user,
            sent,
            told(exc, language_of(request)),
            409,
            theirs if isinstance(theirs, dict) else None,
        )
    except DraftRuleError as exc:
        draft = await run_in_threadpool(drafting.draft_for, store, draft_id, user)
        return _form(request, draft, indicator, user, sent, told(exc, language_of(request)), 422)
    return RedirectResponse(f"/drafts/{draft_id}?lang={language_of(request)}#{indicator.upper()}", status_code=303)


@router.get("/drafts/{draft_id}/redline", response_class=HTMLResponse)
async def draft_redline(request: Request, draft_id: int, user: Account = Depends(require("drafts.read"))) -> Response:
    """Scores and a paragraph redline of the draft against its base report (named by its edition)."""
    draft = await run_in_threadpool(drafting.draft_for, store_of(request), draft_id, user)
    if draft.base is None:
        raise DraftRuleError(N_("draft {id} has no earlier report to compare with"), id=draft_id)
    lang = language_of(request)
    comparison = compare_editions(draft.base, draft_assessment(draft), lang)
    values = {
        "iso3": draft.iso3,
        "c": comparison,
        "old_edition": draft.base.edition,
        "new_edition": draft.edition,
        "old_url": f"/country/{draft.iso3}/{draft.base.edition}?lang={lang}",
        "new_url": f"/drafts/{draft.id}?lang={lang}",
        "versions": [],
        "version": draft.language,
    }
    return _page(request, "changes.html", values)
