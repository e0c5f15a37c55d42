"""Staff pages of an edition being written: the dashboard.

- ``GET /editions/{edition}``: every country's draft the signed-in person may see, with its
  stage (the workflow's label), who holds it, comments, blocking findings and days in stage;
  filters (stage, holder, country, region, blocking findings) by a GET form; a link to the
  same rows as CSV (``/api/v1/editions/{edition}/dashboard.csv``).
- ``GET /editions/{edition}/consistency/{indicator}``: one indicator across countries (draft
  score, last year's, change, note, neighbours' mean, flags, evidence counts), sortable by
  column; a comment form per row for those the workflow lets comment.
- ``POST /editions/{edition}/consistency/{indicator}/comments``: that comment (CSRF-checked
  form: ``draft_id``, ``text``), then back to the page (303).

Needs a sign-in (anonymous visitors are sent to ``/login``) and ``editions.read``; answers
are ``Cache-Control: no-store``. Never part of the public site.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.errors import N_, DraftRuleError, PermissionDeniedError
from netfreedom.model.regions import region_label, regions
from netfreedom.services import consistency, dashboard, drafting
from netfreedom.store.drafts import DraftStore
from netfreedom.web.auth import require
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.pages.api_dashboard import dashboard_filter
from netfreedom.web.views.service_messages import told
from netfreedom.workflow import Party, load_workflow, may_comment

router = APIRouter()

_NO_STORE = {"Cache-Control": "no-store"}


def _page(request: Request, template: str, values: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = render(request, template, values, status_code=status)
    response.headers.update(_NO_STORE)
    return response


def _values(
    request: Request, edition: int, user: Account, wanted: dashboard.DashboardFilter, lang: str
) -> dict[str, Any]:
    store = store_of(request)
    opened = DraftStore(store).edition(edition)
    workflow = load_workflow(opened.workflow)
    rows = dashboard.edition_dashboard(store, edition, user, wanted, language=lang)
    query = {k: v for k, v in request.query_params.items() if k != "lang" and v}
    return {
        "edition": opened,
        "workflow_label": workflow.title.get(lang) or workflow.title.get("en") or workflow.id,
        "rows": rows,
        "wanted": wanted,
        "stages": [(s.id, dashboard.stage_label(workflow, s.id, lang)) for s in workflow.stages],
        "regions": [(r.id, region_label(r.id, lang)) for r in regions()],
        "csv_url": f"/api/v1/editions/{edition}/dashboard.csv?{urlencode({**query, 'lang': lang})}",
        "indicators": [i.id for i in _indicator_ids(opened.methodology)],
    }


def _indicator_ids(methodology_id: str) -> list[Any]:
    from netfreedom.methodology import load_methodology

    return list(load_methodology(methodology_id).indicators)


@router.get("/editions/{edition}", response_class=HTMLResponse)
async def dashboard_page(
    request: Request,
    edition: int,
    wanted: dashboard.DashboardFilter = Depends(dashboard_filter),
    user: Account = Depends(require("editions.read")),
) -> Response:
    """The edition's dashboard with its filters."""
    lang = language_of(request)
    values = await run_in_threadpool(_values, request, edition, user, wanted, lang)
    return _page(request, "edition_dashboard.html", values)


def _commentable(request: Request, edition: int, user: Account) -> set[int]:
    """Ids of the drafts of ``edition`` the workflow lets ``user`` comment on now."""
    found = set()
    for draft in drafting.drafts_for(store_of(request), user, edition):
        party = Party(frozenset(user.roles), user.name == draft.researcher, user.name == draft.reviewer)
        if may_comment(load_workflow(draft.workflow), draft.state, party):
            found.add(draft.id)
    return found


def _consistency_values(
    request: Request, edition: int, indicator: str, user: Account, sort: str, desc: bool, flagged: bool
) -> dict[str, Any]:
    store = store_of(request)
    opened = DraftStore(store).edition(edition)
    rows = consistency.indicator_consistency(
        store, edition, indicator, user, sort=sort, descending=desc, flagged_only=flagged
    )
    lang = language_of(request)
    wanted = indicator.upper()
    spec = _methodology(opened.methodology).indicator(wanted)
    query = {"lang": lang, "sort": sort, "desc": "true" if desc else "false", "flagged": "true" if flagged else ""}
    return {
        "edition": opened,
        "indicator": wanted,
        "question": spec.question.get(lang) or spec.question.get("en"),
        "rows": rows,
        "sort": sort,
        "desc": desc,
        "flagged": flagged,
        "rules": consistency.RULES,
        "commentable": _commentable(request, edition, user),
        "csv_url": f"/api/v1/editions/{edition}/consistency/{wanted}?{urlencode({**query, 'format': 'csv'})}",
        "indicators": [i.id for i in _indicator_ids(opened.methodology)],
    }


def _methodology(methodology_id: str) -> Any:
    from netfreedom.methodology import load_methodology

    return load_methodology(methodology_id)


@router.get("/editions/{edition}/consistency/{indicator}", response_class=HTMLResponse)
async def consistency_page(
    request: Request,
    edition: int,
    indicator: str,
    sort: str = "country",
    desc: bool = False,
    flagged: bool = False,
    user: Account = Depends(require("editions.read")),
) -> Response:
    """One indicator across every country's draft, with the flags and evidence counts."""
    values = await run_in_threadpool(_consistency_values, request, edition, indicator, user, sort, desc, flagged)
    return _page(request, "consistency.html", values)


@router.post("/editions/{edition}/consistency/{indicator}/comments", response_class=HTMLResponse)
async def consistency_comment(
    request: Request, edition: int, indicator: str, user: Account = Depends(require("drafts.comment"))
) -> Response:
    """Comment on the indicator of one draft from the consistency page; 303 back to it, or
    the page again with the refusal (403/422)."""
    form = await request.form()
    text = str(form.get("text", ""))
    try:
        draft_id = int(str(form.get("draft_id", "")))
    except ValueError:
        draft_id = 0
    store = store_of(request)
    try:
        draft = await run_in_threadpool(drafting.draft_for, store, draft_id, user)
        if draft.edition != edition:
            raise DraftRuleError(N_("draft {id} is not a draft of edition {edition}"), id=draft_id, edition=edition)
        await run_in_threadpool(drafting.add_comment, store, draft_id, user, text, indicator)
    except (DraftRuleError, PermissionDeniedError) as exc:
        values = await run_in_threadpool(
            _consistency_values, request, edition, indicator, user, "country", False, False
        )
        return _page(
            request, "consistency.html", {**values, "refused": told(exc, language_of(request))}, status=exc.status
        )
    lang = language_of(request)
    return RedirectResponse(
        f"/editions/{edition}/consistency/{indicator.upper()}?lang={lang}#{draft.iso3}", status_code=303
    )
