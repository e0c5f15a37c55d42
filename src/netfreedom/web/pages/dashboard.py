"""Staff pages of an edition being written: the dashboard.

- ``GET /editions/{edition}``: every country's draft the signed-in person may see, with its
  stage (the workflow's label), who holds it, comments, blocking findings and days in stage;
  filters (stage, holder, country, region, blocking findings) by a GET form; a link to the
  same rows as CSV (``/api/v1/editions/{edition}/dashboard.csv``).

Needs a sign-in (anonymous visitors are sent to ``/login``) and ``editions.read``; answers
are ``Cache-Control: no-store``. Never part of the public site.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.model.regions import region_label, regions
from netfreedom.services import dashboard
from netfreedom.store.drafts import DraftStore
from netfreedom.web.auth import require
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.pages.api_dashboard import dashboard_filter
from netfreedom.workflow import load_workflow

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
