"""Translation pages: a translator's work, one translation beside its original, the part form.

- ``GET /translations``: the translations the signed-in person keeps, with their stale and
  untranslated parts.
- ``GET /drafts/{id}/translations/{language}``: every part side by side (the original's text,
  note and score; the translation's text and note), stale parts marked, with one "brought up to
  date" button each and one for them all.
- ``GET /drafts/{id}/translations/{language}/parts/{part}`` and ``POST`` the same: the form of
  one part (text, score-change note, "follows the original's current revision"); the score is
  shown, never editable. A stale save answers 409 with the form again; nothing is overwritten.
- ``POST /drafts/{id}/translations/{language}/up-to-date``: record that a part (``part``; none:
  every stale part) follows the original's current revision.

Every page needs a sign-in and every form carries the CSRF token; answers are ``no-store``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.errors import N_, DraftRuleError, StaleRevisionError
from netfreedom.model.translations import Translation
from netfreedom.services import translations as service
from netfreedom.web.auth import require
from netfreedom.web.context import language_of, render, store_of
from netfreedom.web.i18n import translator
from netfreedom.web.views.service_messages import told

router = APIRouter()

_NO_STORE = {"Cache-Control": "no-store"}


def _page(request: Request, template: str, values: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = render(request, template, values, status_code=status)
    response.headers.update(_NO_STORE)
    return response


def _int(value: Any) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return 0


@router.get("/translations", response_class=HTMLResponse)
async def translations_page(request: Request, user: Account = Depends(require("drafts.read"))) -> Response:
    """The translations the signed-in person keeps."""
    found = await run_in_threadpool(service.translations_of, store_of(request), user.name)
    return _page(request, "translations.html", {"translations": found})


def _values(request: Request, draft_id: int, language: str, user: Account) -> dict[str, Any]:
    store = store_of(request)
    translation = service.translation_for(store, draft_id, language, user)
    draft = service.original_for(store, draft_id, user)
    words = translator(language_of(request))
    labels = {"overview": words.gettext("Overview"), "key_developments": words.gettext("Key developments")}
    return {
        "part_label": lambda part: labels.get(part, part),
        "d": draft,
        "t": translation,
        "original": service.original_parts(draft),
        "may_edit": service.may_edit_translation(translation, user),
    }


@router.get("/drafts/{draft_id}/translations/{language}", response_class=HTMLResponse)
async def translation_page(
    request: Request, draft_id: int, language: str, user: Account = Depends(require("drafts.read"))
) -> Response:
    """The translation beside its original, stale parts marked."""
    values = await run_in_threadpool(_values, request, draft_id, language, user)
    return _page(request, "translation.html", values)


def _part_form(
    request: Request, values: dict[str, Any], part: str, sent: dict[str, str] | None, problem: str | None, status: int
) -> HTMLResponse:
    translation: Translation = values["t"]
    try:
        shown = translation.part(part)
    except KeyError:
        raise DraftRuleError(
            N_("the {language} translation has no part {part}"), language=translation.language, part=part
        ) from None
    return _page(
        request,
        "translation_part.html",
        {**values, "p": shown, "o": values["original"][shown.id], "sent": sent, "problem": problem},
        status,
    )


@router.get("/drafts/{draft_id}/translations/{language}/parts/{part}", response_class=HTMLResponse)
async def part_form(
    request: Request, draft_id: int, language: str, part: str, user: Account = Depends(require("translations.edit"))
) -> Response:
    """The form of one translated part, the original's side above it."""
    values = await run_in_threadpool(_values, request, draft_id, language, user)
    return _part_form(request, values, part, None, None, 200)


@router.post("/drafts/{draft_id}/translations/{language}/parts/{part}", response_class=HTMLResponse)
async def save_part(
    request: Request, draft_id: int, language: str, part: str, user: Account = Depends(require("translations.edit"))
) -> Response:
    """Save the form: 303 to the translation; 409 (someone saved first) or 422 with the form."""
    form = await request.form()
    sent = {name: str(form.get(name, "")) for name in ("text", "change_note")}
    edit = service.TranslationEdit(
        revision=_int(form.get("revision")),
        text=sent["text"],
        change_note=sent["change_note"] if "change_note" in form else None,
        up_to_date=form.get("up_to_date") is not None,
    )
    store = store_of(request)
    try:
        await run_in_threadpool(service.edit_part, store, draft_id, language, part, user, edit)
    except (StaleRevisionError, DraftRuleError) as exc:
        values = await run_in_threadpool(_values, request, draft_id, language, user)
        return _part_form(request, values, part, sent, told(exc, language_of(request)), exc.status)
    target = f"/drafts/{draft_id}/translations/{language}?lang={language_of(request)}#{part.upper()}"
    return RedirectResponse(target, status_code=303)


@router.post("/drafts/{draft_id}/translations/{language}/up-to-date", response_class=HTMLResponse)
async def up_to_date(
    request: Request, draft_id: int, language: str, user: Account = Depends(require("translations.edit"))
) -> Response:
    """Mark one part (form field ``part``) or every stale part brought up to date."""
    form = await request.form()
    parts = [str(form["part"])] if form.get("part") else []
    store = store_of(request)
    try:
        await run_in_threadpool(
            lambda: service.mark_up_to_date(store, draft_id, language, parts, user, revision=_int(form.get("revision")))
        )
    except (StaleRevisionError, DraftRuleError) as exc:
        values = await run_in_threadpool(_values, request, draft_id, language, user)
        return _page(request, "translation.html", {**values, "refused": told(exc, language_of(request))}, exc.status)
    return RedirectResponse(f"/drafts/{draft_id}/translations/{language}?lang={language_of(request)}", status_code=303)
