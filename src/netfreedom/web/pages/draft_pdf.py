"""``/drafts/{id}/draft.pdf``: the PDF of a draft for the people who may read it.

The report as it stands (score block, categories, indicators, sources), then a review
section: the stage, the researcher and reviewer, and every comment thread, with every name as
the reader may see it (blind review: ``Reviewer 1``, ``Researcher``). Never public, never
cached (``Cache-Control: no-store``); research journals are not in it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.model.drafting import Draft
from netfreedom.services import drafting
from netfreedom.services.draft_report import draft_assessment
from netfreedom.services.draft_threads import threads_for
from netfreedom.store import Store
from netfreedom.web.auth import require
from netfreedom.web.context import language_of, store_of
from netfreedom.web.i18n import translator
from netfreedom.web.views.pdf import report_pdf
from netfreedom.workflow import load_workflow

router = APIRouter()


def review_section(store: Store, draft: Draft, user: Account, language: str) -> dict[str, Any]:
    """The review section of the draft's PDF as ``user`` may read it."""
    words = translator(language)
    shown = drafting.masked_draft(draft, user)
    stage = load_workflow(draft.workflow).stage(draft.state)
    lines = [
        f"{words.gettext('Stage')}: {stage.label.get(language) or stage.label['en']} · "
        f"{words.gettext('Revision')} {draft.revision}",
        f"{words.gettext('Researcher')}: {shown.researcher}"
        + (f" · {words.gettext('Reviewer')}: {shown.reviewer}" if shown.reviewer else ""),
    ]
    if draft.last_year is not None:
        lines.append(
            words.gettext(
                "Last year: the {edition} edition ({source})",
                edition=draft.last_year.edition,
                source=words.gettext(draft.last_year.source_kind),
            )
        )
    if draft.base is not None and not draft.base_is_last_year:
        lines.append(words.gettext("Based on the {edition} report", edition=draft.base.edition))
    threads = [
        {
            "about": t.indicator or words.gettext("The whole draft"),
            "status": words.gettext(t.status.value),
            "comments": [{"author": c.author, "text": c.text} for c in t.comments],
        }
        for t in threads_for(store, draft, user)
    ]
    return {"title": words.gettext("Comment threads"), "lines": lines, "threads": threads}


@router.get("/drafts/{draft_id}/draft.pdf")
async def draft_as_pdf(request: Request, draft_id: int, user: Account = Depends(require("drafts.read"))) -> Response:
    """The draft as PDF with its review section (names as the reader may see them)."""
    store = store_of(request)
    language = language_of(request)

    def build() -> tuple[str, bytes]:
        draft = drafting.draft_for(store, draft_id, user)
        body = report_pdf(draft_assessment(draft), language, review_section(store, draft, user, language))
        return f"{draft.iso3.lower()}-{draft.edition}-draft.pdf", body

    name, body = await run_in_threadpool(build)
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"},
    )
