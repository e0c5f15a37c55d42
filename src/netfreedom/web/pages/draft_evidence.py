"""Citing evidence from a draft's indicator page.

- ``POST /drafts/{id}/indicators/{indicator}/evidence`` (CSRF-checked form: ``key``,
  ``revision``): cite the evidence item as a source of the indicator
  (:func:`netfreedom.services.draft_evidence.attach_evidence`), then back to the indicator
  page (303); a refusal shows the indicator page again with the reason (403/409/422).

The suggestions themselves are shown on the indicator page (``draft_evidence.html``, included
by ``draft_indicator.html``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.errors import DraftRuleError, PermissionDeniedError, StaleRevisionError
from netfreedom.services import draft_evidence, drafting
from netfreedom.web.auth import require
from netfreedom.web.context import language_of, store_of
from netfreedom.web.pages.drafts import _form, _int
from netfreedom.web.views.service_messages import told

router = APIRouter()


@router.post("/drafts/{draft_id}/indicators/{indicator}/evidence", response_class=HTMLResponse)
async def attach(
    request: Request, draft_id: int, indicator: str, user: Account = Depends(require("drafts.edit"))
) -> Response:
    """Cite the evidence item of the button pressed."""
    form = await request.form()
    key = str(form.get("key", ""))
    revision = _int(form.get("revision")) or 0
    store = store_of(request)
    try:
        await run_in_threadpool(draft_evidence.attach_evidence, store, draft_id, indicator, key, user, revision)
    except (DraftRuleError, StaleRevisionError, PermissionDeniedError) as exc:
        draft = await run_in_threadpool(drafting.draft_for, store, draft_id, user)
        return _form(request, draft, indicator, user, None, told(exc, language_of(request)), exc.status)
    lang = language_of(request)
    return RedirectResponse(f"/drafts/{draft_id}/indicators/{indicator.upper()}?lang={lang}#evidence", status_code=303)
