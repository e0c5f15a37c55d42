"""``/country/{iso3}/{edition}.pdf``: every published report as a PDF.

Public like the report page it prints (a stored assessment, never a draft). The body is in
the report's language (English preferred when stored, or ``?version=``); interface words in
the interface language.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from netfreedom.errors import N_, NotFoundError
from netfreedom.model.countries import resolve_country
from netfreedom.web.context import language_of, store_of
from netfreedom.web.views.pdf import report_pdf

router = APIRouter()

MAX_EDITION = 2999


@router.get("/country/{country}/{edition}.pdf", summary="A published report as PDF", include_in_schema=False)
async def report_as_pdf(request: Request, country: str, edition: str, version: str | None = None) -> Response:
    """The PDF of ``country``'s ``edition``; 404 when not stored."""
    if not edition.isdigit() or not 1 <= int(edition) <= MAX_EDITION:
        raise NotFoundError(N_("no such edition"))
    iso3 = resolve_country(country).iso3  # UnknownCountryError: 404
    store = store_of(request)
    assessment = await run_in_threadpool(store.get, iso3, int(edition), version)
    if assessment is None:
        raise NotFoundError(N_("no {edition} edition of the report on {iso3} is stored"), edition=edition, iso3=iso3)
    body = await run_in_threadpool(report_pdf, assessment, language_of(request))
    name = f"{iso3.lower()}-{edition}.pdf"
    return Response(body, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})
