"""The translations JSON API under ``/api/v1/drafts/{id}/translations``.

Every route needs credentials (401 without, 403 for a role without the permission); then
:mod:`netfreedom.services.translations` decides per translation (its translator, editors and
admins edit; the draft's researcher and reviewer read). Answers are ``Cache-Control: no-store``.

- ``GET /drafts/{id}/translations`` -> ``[{"language", "translator", "revision", "stale", "untranslated"}]``
- ``POST /drafts/{id}/translations {"language", "translator"}`` -> 201 the translation (editors, admins)
- ``GET /drafts/{id}/translations/{language}`` -> the translation, every part with its ``status``
  (``untranslated``, ``stale``, ``current``), ``follows`` and ``original_changed``, and the
  original's side of each part (``original``: text, note, score; never a research journal)
- ``PATCH /drafts/{id}/translations/{language}/parts/{part} {"revision", "text", "change_note",
  "up_to_date"}`` -> 200; a ``score`` or ``key_internet_controls`` in the body is refused with
  403 (a translator edits only text); 409 ``stale_revision``
- ``POST /drafts/{id}/translations/{language}/up-to-date {"revision", "parts"}`` -> 200 (``parts``
  empty: every stale part)
- ``POST /drafts/{id}/translations/{language}/publish`` -> 200 (editors, admins; the original must
  be published)
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from netfreedom.accounts import Account
from netfreedom.model.translations import Translation
from netfreedom.services import translations as service
from netfreedom.web.auth import require
from netfreedom.web.context import store_of

router = APIRouter(tags=["translations"])

NO_STORE = {"Cache-Control": "no-store"}


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TranslationBody(_Body):
    language: str = Field(min_length=2, max_length=16)
    translator: str = Field(min_length=1, max_length=64)


class PartBody(_Body):
    revision: int = Field(ge=1)
    text: str | None = Field(default=None, max_length=200_000)
    change_note: str | None = Field(default=None, max_length=5_000)
    up_to_date: bool = True
    score: int | None = Field(default=None, description="refused: scores are the original's")
    key_internet_controls: dict[str, bool] | None = Field(default=None, description="refused: the original's")


class UpToDateBody(_Body):
    revision: int = Field(ge=1)
    parts: list[str] = Field(default_factory=list, max_length=100)


def translation_json(translation: Translation, original: dict[str, dict[str, object]] | None = None) -> dict[str, Any]:
    """The translation as the API shows it: its fields, ``stale`` and ``untranslated`` part ids,
    and with ``original`` each part's original side under ``original``."""
    data: dict[str, Any] = translation.model_dump(mode="json")
    data["stale"] = translation.stale
    data["untranslated"] = translation.untranslated
    if original is not None:
        for part in data["parts"]:
            part["original"] = original.get(part["id"])
    return data


@router.get("/drafts/{draft_id}/translations", summary="A draft's translations")
async def get_translations(
    request: Request, draft_id: int, response: Response, user: Account = Depends(require("drafts.read"))
) -> list[dict[str, Any]]:
    """One line per translation the caller may read, with its stale and untranslated parts."""
    found = await run_in_threadpool(service.translations_for, store_of(request), draft_id, user)
    response.headers.update(NO_STORE)
    return [
        {"language": t.language, "translator": t.translator, "revision": t.revision, "follows_original": t.original_revision,
         "stale": t.stale, "untranslated": t.untranslated, "published_revision": t.published_revision}
        for t in found
    ]  # fmt: skip


@router.post("/drafts/{draft_id}/translations", status_code=201, summary="Start a translation")
async def post_translation(
    request: Request,
    draft_id: int,
    body: TranslationBody,
    response: Response,
    user: Account = Depends(require("drafts.create")),
) -> dict[str, Any]:
    """Start the translation into ``language`` kept by ``translator`` (editors, admins)."""
    made = await run_in_threadpool(
        lambda: service.start_translation(store_of(request), draft_id, body.language, user, translator=body.translator)
    )
    response.headers.update(NO_STORE)
    return translation_json(made)


def _with_original(request: Request, draft_id: int, language: str, user: Account) -> dict[str, Any]:
    store = store_of(request)
    translation = service.translation_for(store, draft_id, language, user)
    original = service.original_for(store, draft_id, user)
    return translation_json(translation, service.original_parts(original))


@router.get("/drafts/{draft_id}/translations/{language}", summary="One translation beside its original")
async def get_translation(
    request: Request, draft_id: int, language: str, response: Response, user: Account = Depends(require("drafts.read"))
) -> dict[str, Any]:
    """Every part with its status, the revision it follows, and the original's side."""
    data = await run_in_threadpool(_with_original, request, draft_id, language, user)
    response.headers.update(NO_STORE)
    return data


@router.patch("/drafts/{draft_id}/translations/{language}/parts/{part}", summary="Save one translated part")
async def patch_part(
    request: Request,
    draft_id: int,
    language: str,
    part: str,
    body: PartBody,
    response: Response,
    user: Account = Depends(require("translations.edit")),
) -> dict[str, Any]:
    """Save the text (and note) of one part; 403 for a score, 409 stale, 422 unknown part."""
    edit = service.TranslationEdit(
        revision=body.revision,
        text=body.text,
        change_note=body.change_note,
        up_to_date=body.up_to_date,
        score=body.score,
        key_internet_controls=body.key_internet_controls,
    )
    saved = await run_in_threadpool(service.edit_part, store_of(request), draft_id, language, part, user, edit)
    response.headers.update(NO_STORE)
    return translation_json(saved)


@router.post("/drafts/{draft_id}/translations/{language}/up-to-date", summary="Mark parts brought up to date")
async def post_up_to_date(
    request: Request,
    draft_id: int,
    language: str,
    body: UpToDateBody,
    response: Response,
    user: Account = Depends(require("translations.edit")),
) -> dict[str, Any]:
    """Record that ``parts`` (empty: every stale one) follow the original's current revision."""
    saved = await run_in_threadpool(
        lambda: service.mark_up_to_date(store_of(request), draft_id, language, body.parts, user, revision=body.revision)
    )
    response.headers.update(NO_STORE)
    return translation_json(saved)


@router.post("/drafts/{draft_id}/translations/{language}/publish", summary="Publish a translation")
async def post_publish(
    request: Request,
    draft_id: int,
    language: str,
    response: Response,
    user: Account = Depends(require("drafts.publish")),
) -> dict[str, Any]:
    """Publish the translation as a language version of the published original."""
    saved = await run_in_threadpool(service.publish_translation, store_of(request), draft_id, language, user)
    response.headers.update(NO_STORE)
    return translation_json(saved)
