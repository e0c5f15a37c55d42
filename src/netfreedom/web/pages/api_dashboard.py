"""The edition's dashboard and consistency across countries in the JSON API under ``/api/v1`` (staff only, never cached).

- ``GET /editions/{edition}/dashboard?stage=&holder=&country=&region=&blocking=&lang=&format=``
  -> ``{"edition", "workflow", "stages": [{"id", "label"}], "rows": [...]}``; with
  ``format=csv`` the rows as CSV (``text/csv``, spreadsheet-safe cells)
- ``GET /editions/{edition}/dashboard.csv`` -> the same CSV
- ``GET /editions/{edition}/consistency/{indicator}?sort=&desc=&flagged=&format=`` -> ``{"edition",
  "indicator", "rules", "rows": [...]}`` (:mod:`netfreedom.services.consistency`); ``format=csv``
  as CSV. Reviewers comment from there with ``POST /drafts/{id}/comments {"indicator"}``.
- ``GET /drafts/{id}/indicators/{indicator}/evidence`` -> the evidence suggested for the
  indicator (:mod:`netfreedom.services.draft_evidence`); ``POST`` the same ``{"key",
  "revision"}`` -> 201, the item cited as a source (``drafts.edit``; the workflow decides).

Needs credentials (401) and the ``editions.read`` permission (403); which rows a person sees
is the dashboard service's rule (:mod:`netfreedom.services.dashboard`).
"""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.errors import InputError
from netfreedom.export import write_rows_csv
from netfreedom.services import consistency, dashboard, draft_evidence, drafting
from netfreedom.store.drafts import DraftStore
from netfreedom.web.auth import require
from netfreedom.web.context import store_of
from netfreedom.web.i18n import negotiate_language
from netfreedom.workflow import load_workflow

router = APIRouter(tags=["drafting"])

NO_STORE = {"Cache-Control": "no-store"}


def dashboard_filter(
    stage: str | None = Query(None, max_length=32, description="Stage id of the edition's workflow"),
    holder: str | None = Query(None, max_length=64, description="Party (editor, researcher ...) or name"),
    country: str | None = Query(None, max_length=100, description="ISO code or name"),
    region: str | None = Query(None, max_length=64, description="Region id (regions.yaml)"),
    blocking: str | None = Query(None, max_length=8, description="yes: only drafts with blocking findings; no: none"),
) -> dashboard.DashboardFilter:
    """The dashboard's filters from the query string (empty values keep everything);
    :class:`InputError` (400) for a ``blocking`` value other than yes/no/true/false/1/0."""
    flag = (blocking or "").strip().lower()
    if flag not in _FLAGS:
        raise InputError(f"blocking: {blocking!r} is not yes or no")
    return dashboard.DashboardFilter(
        stage=stage or None,
        holder=holder or None,
        country=country or None,
        region=region or None,
        blocking=_FLAGS[flag],
    )


EDITION = Path(description="Edition year (opened for writing)", examples=[2025])
INDICATOR = Path(description="Indicator id of the edition's methodology", examples=["A3"])

_FLAGS: dict[str, bool | None] = {
    "": None,
    "yes": True,
    "true": True,
    "1": True,
    "no": False,
    "false": False,
    "0": False,
}


def dashboard_csv(rows: list[dashboard.DashboardRow], edition: int) -> Response:
    """The rows as a CSV download (``dashboard-<edition>.csv``), not cached."""
    text = io.StringIO()
    write_rows_csv((r.flat() for r in rows), dashboard.COLUMNS, text)
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="dashboard-{edition}.csv"'}
    return Response(text.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)


def dashboard_rows(
    request: Request, edition: int, user: Account, wanted: dashboard.DashboardFilter, language: str
) -> list[dashboard.DashboardRow]:
    """Run the dashboard service for this request (in a worker thread)."""
    return dashboard.edition_dashboard(store_of(request), edition, user, wanted, language=language)


@router.get("/editions/{edition}/dashboard", summary="The edition's dashboard (staff)")
async def get_dashboard(
    request: Request,
    edition: int = EDITION,
    wanted: dashboard.DashboardFilter = Depends(dashboard_filter),
    format: Literal["json", "csv"] = "json",
    lang: str | None = None,
    user: Account = Depends(require("editions.read")),
) -> Response:
    """Every country's draft of the edition the caller may see: stage, holder, comments,
    blocking findings, days in stage."""
    language = negotiate_language(lang, None)
    rows = await run_in_threadpool(dashboard_rows, request, edition, user, wanted, language)
    if format == "csv":
        return dashboard_csv(rows, edition)
    workflow = load_workflow(DraftStore(store_of(request)).edition(edition).workflow)
    body: dict[str, Any] = {
        "edition": edition,
        "workflow": workflow.id,
        "stages": [{"id": s.id, "label": dashboard.stage_label(workflow, s.id, language)} for s in workflow.stages],
        "rows": [r.as_dict() for r in rows],
    }
    return JSONResponse(body, headers=NO_STORE)


@router.get("/editions/{edition}/dashboard.csv", summary="The edition's dashboard as CSV (staff)")
async def get_dashboard_csv(
    request: Request,
    edition: int = EDITION,
    wanted: dashboard.DashboardFilter = Depends(dashboard_filter),
    lang: str | None = None,
    user: Account = Depends(require("editions.read")),
) -> Response:
    """The dashboard rows as CSV with a header row (spreadsheet-safe cells)."""
    rows = await run_in_threadpool(dashboard_rows, request, edition, user, wanted, negotiate_language(lang, None))
    return dashboard_csv(rows, edition)


def consistency_csv(rows: list[consistency.ConsistencyRow], edition: int, indicator: str) -> Response:
    """The rows as a CSV download (``consistency-<edition>-<indicator>.csv``), not cached."""
    text = io.StringIO()
    write_rows_csv((r.flat() for r in rows), consistency.COLUMNS, text)
    name = f"consistency-{edition}-{indicator.upper()}.csv"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(text.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/editions/{edition}/consistency/{indicator}", summary="One indicator across countries (staff)")
async def get_consistency(
    request: Request,
    edition: int = EDITION,
    indicator: str = INDICATOR,
    sort: str = Query("country", max_length=16, description="country, score, last_year, change, distance, ..."),
    desc: bool = False,
    flagged: bool = False,
    format: Literal["json", "csv"] = "json",
    user: Account = Depends(require("editions.read")),
) -> Response:
    """Every country's draft score of the indicator beside last year's, its change note,
    the neighbours' mean, the flags and the evidence counts (``flagged=true``: flagged rows
    only)."""
    rows = await run_in_threadpool(
        lambda: consistency.indicator_consistency(
            store_of(request), edition, indicator, user, sort=sort, descending=desc, flagged_only=flagged
        )
    )
    if format == "csv":
        return consistency_csv(rows, edition, indicator)
    body = {
        "edition": edition,
        "indicator": indicator.upper(),
        "rules": asdict(consistency.RULES),
        "rows": [r.as_dict() for r in rows],
    }
    return JSONResponse(body, headers=NO_STORE)


class AttachBody(BaseModel):
    """Which evidence item to cite, based on which draft revision."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=300)
    revision: int = Field(ge=1)


def evidence_json(found: draft_evidence.DraftEvidence) -> dict[str, Any]:
    """The evidence of a draft's indicator as the API shows it."""
    return {
        "draft_id": found.draft_id,
        "indicator": found.indicator,
        "period": [found.period[0].isoformat(), found.period[1].isoformat()],
        "counts": found.counts,
        "events": [s.citation.model_dump(mode="json") for s in found.suggestions if s.item.kind == "event"],
        "suggestions": [
            {**s.citation.model_dump(mode="json"), "attached": s.attached, "key": s.item.key} for s in found.suggestions
        ],
    }


@router.get("/drafts/{draft_id}/indicators/{indicator}/evidence", summary="Evidence for a draft's indicator")
async def get_draft_evidence(
    request: Request, draft_id: int, indicator: str, user: Account = Depends(require("drafts.read"))
) -> Response:
    """Evidence linked to the draft's country, coverage period and indicator: counts by
    verdict, events, and the items worth citing (``attached``: already a source)."""
    store = store_of(request)

    def gather() -> draft_evidence.DraftEvidence:
        return draft_evidence.suggested_evidence(store, drafting.draft_for(store, draft_id, user), indicator)

    found = await run_in_threadpool(gather)
    return JSONResponse(evidence_json(found), headers=NO_STORE)


@router.post("/drafts/{draft_id}/indicators/{indicator}/evidence", status_code=201, summary="Cite an evidence item")
async def post_draft_evidence(
    request: Request,
    draft_id: int,
    indicator: str,
    body: AttachBody,
    user: Account = Depends(require("drafts.edit")),
) -> Response:
    """Attach evidence item ``key`` as a source of the indicator (a new revision): 201 with
    the indicator's sources; 422 when it is not evidence of this indicator or already cited;
    409 for a stale ``revision``."""
    saved = await run_in_threadpool(
        draft_evidence.attach_evidence, store_of(request), draft_id, indicator, body.key, user, body.revision
    )
    drafted = saved.indicator(indicator)
    body_out = {
        "id": saved.id,
        "revision": saved.revision,
        "indicator": drafted.id,
        "sources": [s.model_dump(mode="json") for s in drafted.sources],
    }
    return JSONResponse(body_out, status_code=201, headers=NO_STORE)
