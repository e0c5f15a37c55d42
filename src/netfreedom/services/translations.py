"""Translating a draft: start a translation, edit its text beside the original, bring parts up
to date, and tell the translator when the original moves on.

Who may do what (checked here; the web adds the role permissions of ``permissions.yaml``):

- editors and admins start translations (naming the translator), read and edit every one;
- the translation's translator reads the original's text (never its research journals) and
  edits the translation's text: narratives, score-change notes, overview, key developments;
- the draft's researcher and reviewer read its translations.

A translation never holds a score: scores and key internet controls are always the
original's, and an edit that tries to set one is refused with
:class:`~netfreedom.errors.PermissionDeniedError` (403) saying so. When the original changes
an indicator's score or text (:func:`original_changed`, called by
:func:`netfreedom.services.drafting.set_indicator`), every translation part that was up to
date falls behind, and its translator gets an inbox item (and an e-mail when SMTP is
configured) with every name as the translator may see it (:mod:`netfreedom.model.identity`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from netfreedom.errors import N_, DraftRuleError, InputError, PermissionDeniedError, Phrase, StaleRevisionError
from netfreedom.model.assessment import Assessment
from netfreedom.model.drafting import Draft
from netfreedom.model.identity import Cast
from netfreedom.model.notifications import Notification, NotificationKind
from netfreedom.model.translations import SECTION_PARTS, PartStatus, PublishedTranslation, Translation
from netfreedom.services.accounts import require_accounts
from netfreedom.services.draft_report import paragraphs_of
from netfreedom.services.drafting import MANAGERS, Actor
from netfreedom.store import Store
from netfreedom.store.drafts import DraftStore
from netfreedom.store.translations import NewPart, TranslationStore
from netfreedom.workflow import load_workflow

__all__ = [
    "TranslationEdit",
    "edit_part",
    "mark_up_to_date",
    "may_edit_translation",
    "original_changed",
    "original_for",
    "original_parts",
    "publish_all",
    "publish_translation",
    "published_versions",
    "translated_draft",
    "section_paragraphs",
    "stale_parts",
    "start_translation",
    "translation_for",
    "translations_for",
    "translations_of",
]


@dataclass(frozen=True)
class TranslationEdit:
    """One save of a translated part, based on the translation's ``revision``.

    ``text`` and ``change_note`` (``None``: leave as it is; ``change_note`` ``""`` removes the
    note) are the translation's; ``up_to_date`` records that the text now follows the
    original's current revision. ``score`` and ``key_internet_controls`` exist only to be
    refused: a translation never sets them."""

    revision: int
    text: str | None = None
    change_note: str | None = None
    up_to_date: bool = True
    score: int | None = None
    key_internet_controls: dict[str, bool] | None = None


def _is_manager(actor: Actor) -> bool:
    return bool(MANAGERS & set(actor.roles))


def may_edit_translation(translation: Translation, actor: Actor) -> bool:
    """Whether ``actor`` may edit ``translation``: its translator, editors and admins."""
    return _is_manager(actor) or actor.name == translation.translator


def _may_read(draft: Draft, translation: Translation, actor: Actor) -> bool:
    return may_edit_translation(translation, actor) or actor.name in {draft.researcher, draft.reviewer}


def _language(code: str) -> str:
    text = code.strip().lower()
    if not (2 <= len(text) <= 3 and text.isascii() and text.isalpha()):
        raise InputError(
            N_("language '{language}': give a two- or three-letter language code such as en or ru"), language=code
        )
    return text


# -- reading ----------------------------------------------------------------------------------


def translation_for(store: Store, draft_id: int, language: str, actor: Actor) -> Translation:
    """The translation of draft ``draft_id`` into ``language`` if ``actor`` may read it;
    :class:`NotFoundError` when there is none, :class:`PermissionDeniedError` otherwise."""
    draft = DraftStore(store).draft(draft_id)
    translation = TranslationStore(store).find(draft_id, _language(language))
    if not _may_read(draft, translation, actor):
        raise PermissionDeniedError(
            N_("the {language} translation of draft {id} is not {account}'s"),
            language=translation.language,
            id=draft_id,
            account=actor.name,
        )
    return translation


def translations_for(store: Store, draft_id: int, actor: Actor) -> list[Translation]:
    """The translations of the draft that ``actor`` may read (by language)."""
    draft = DraftStore(store).draft(draft_id)
    return [t for t in TranslationStore(store).of_draft(draft_id) if _may_read(draft, t, actor)]


def translations_of(store: Store, translator: str) -> list[Translation]:
    """Every translation ``translator`` keeps (for their own list of work)."""
    return TranslationStore(store).of_translator(translator)


def original_for(store: Store, draft_id: int, actor: Actor) -> Draft:
    """The original draft, for someone who may read one of its translations (the translator
    reads its text beside theirs). Callers show it without research journals
    (:meth:`Draft.public_view`). :class:`PermissionDeniedError` when ``actor`` may read none."""
    draft = DraftStore(store).draft(draft_id)
    if _is_manager(actor) or actor.name in {draft.researcher, draft.reviewer}:
        return draft
    if any(t.translator == actor.name for t in TranslationStore(store).of_draft(draft_id)):
        return draft
    raise PermissionDeniedError(N_("draft {id} is not assigned to {account}"), id=draft_id, account=actor.name)


# -- writing ----------------------------------------------------------------------------------


def start_translation(store: Store, draft_id: int, language: str, actor: Actor, *, translator: str) -> Translation:
    """Start the translation of draft ``draft_id`` into ``language``, kept by ``translator``
    (an account name). Editors and admins only.

    When the country's report of the previous edition is stored in ``language``, the
    translation starts from its text, every part following the original's revision 1 (the
    original started as a copy of that year too), so exactly the parts the original changed
    since then show as behind. Otherwise every part starts empty and untranslated.
    :class:`DraftRuleError` for the original's own language, :class:`ConflictError` when the
    draft already has that translation, ``UnknownAccountError`` (404 ``unknown_account``) when
    ``translator`` names no account; nothing is written when refused."""
    if not _is_manager(actor):
        raise PermissionDeniedError(N_("starting a translation needs the editor or admin role"))
    code = _language(language)
    draft = DraftStore(store).draft(draft_id)
    if code == draft.language:
        raise DraftRuleError(
            N_("draft {id} is written in {language}: a translation needs another language"), id=draft_id, language=code
        )
    if not translator.strip():
        raise InputError(N_("a translation needs a translator (an account name)"))
    require_accounts(store, translator.strip())
    earlier = store.previous_edition(draft.iso3, draft.edition, code)
    base = earlier if earlier is not None and earlier.language == code else None
    return TranslationStore(store).create(draft_id, code, translator.strip(), _first_parts(draft, base), actor.name)


def _first_parts(draft: Draft, earlier: Assessment | None) -> list[NewPart]:
    follows = None if earlier is None else 1
    if earlier is None:
        sections = {"overview": "", "key_developments": ""}
    else:
        sections = {
            "overview": "\n\n".join(earlier.overview),
            "key_developments": "\n\n".join(earlier.key_developments),
        }
    parts = [NewPart(id=name, text=sections[name], follows=follows) for name in SECTION_PARTS]
    for drafted in draft.indicators:
        text = ""
        if earlier is not None and (old := earlier.indicator(drafted.id)) is not None:
            note = old.score_change.text if old.score_change is not None else None
            text = "\n\n".join(p for p in old.paragraphs if p != note)
        parts.append(NewPart(id=drafted.id, text=text, follows=follows))
    return parts


def _editable(store: Store, draft_id: int, language: str, actor: Actor) -> tuple[Draft, Translation]:
    draft = DraftStore(store).draft(draft_id)
    translation = TranslationStore(store).find(draft_id, _language(language))
    if not may_edit_translation(translation, actor):
        raise PermissionDeniedError(
            N_("{account} may not edit the {language} translation of draft {id}"),
            account=actor.name,
            language=translation.language,
            id=draft_id,
        )
    return draft, translation


def edit_part(
    store: Store, draft_id: int, language: str, part: str, actor: Actor, edit: TranslationEdit
) -> Translation:
    """Save the text of one part (an indicator id, ``overview`` or ``key_developments``).

    Refused with :class:`PermissionDeniedError` when ``edit`` sets a score or key internet
    controls (a translator edits only text) or ``actor`` may not edit the translation;
    :class:`DraftRuleError` for an unknown part or a note on a section; :class:`StaleRevisionError`
    when ``edit.revision`` is not the translation's current revision. With
    ``edit.up_to_date`` the part records the original's current revision as the one it follows."""
    if edit.score is not None or edit.key_internet_controls is not None:
        what = N_("scores") if edit.score is not None else N_("key internet controls")
        raise PermissionDeniedError(
            N_(
                "a translation holds text only: {what} are the original's (draft {id}); "
                "a translator edits narratives, score-change notes, the overview and key developments"
            ),
            what=Phrase(what),
            id=draft_id,
        )
    draft, translation = _editable(store, draft_id, language, actor)
    part_id = _part_id(translation, part)
    values: dict[str, object] = {}
    if edit.text is not None:
        values["text"] = edit.text.replace("\r\n", "\n")
    if edit.change_note is not None:
        if part_id in SECTION_PARTS:
            raise DraftRuleError(N_("{part} has no score-change note"), part=part_id)
        values["change_note"] = edit.change_note.strip() or None
    if edit.up_to_date:
        values["follows"] = draft.revision
    return _save(store, translation, edit.revision, actor, {part_id: values})


def mark_up_to_date(
    store: Store, draft_id: int, language: str, parts: Iterable[str], actor: Actor, *, revision: int
) -> Translation:
    """Record that ``parts`` (ids; empty: every stale part) follow the original's current
    revision, without changing their text. Same refusals as :func:`edit_part`."""
    draft, translation = _editable(store, draft_id, language, actor)
    wanted = [_part_id(translation, p) for p in parts] or translation.stale
    return _save(store, translation, revision, actor, {p: {"follows": draft.revision} for p in wanted}, "up_to_date")


def _part_id(translation: Translation, part: str) -> str:
    try:
        return translation.part(part).id
    except KeyError:
        raise DraftRuleError(
            N_("the {language} translation has no part {part}"), language=translation.language, part=part
        ) from None


def _save(
    store: Store,
    translation: Translation,
    based_on: int,
    actor: Actor,
    parts: dict[str, dict[str, object]],
    action: str = "edit",
) -> Translation:
    if based_on != translation.revision:
        raise StaleRevisionError(
            N_(
                "translation {language} of draft {id} is at revision {current}, "
                "the change was based on revision {based_on}: reload it and save again"
            ),
            {"based_on": based_on, "current": translation.revision},
            language=translation.language,
            id=translation.draft_id,
            current=translation.revision,
            based_on=based_on,
        )
    return TranslationStore(store).save(translation.id, based_on, actor.name, parts, action)


# -- the original moves on --------------------------------------------------------------------


def original_changed(store: Store, draft: Draft, actor: Actor) -> list[Notification]:
    """Tell translators that ``draft`` (as just saved) put parts of their translations behind.

    A part counts when the save that made ``draft.revision`` changed it and it was up to date
    before; each translation with such parts gives its translator one inbox item (and e-mail
    when SMTP is configured), naming the parts. Returns the items written."""
    from netfreedom.services.notifications import Event, MailSettingsError, SmtpSettings, notify

    items: list[Notification] = []
    workflow = load_workflow(draft.workflow)
    try:
        blind = workflow.stage(draft.state).blind
    except KeyError:
        blind = False
    cast = Cast.of(draft.researcher, draft.reviewer)
    for translation in TranslationStore(store).of_draft(draft.id):
        fallen = [
            p.id
            for p in translation.parts
            if p.status is PartStatus.STALE
            and p.original_changed == draft.revision
            and _was_current(store, translation, p.id)
        ]
        if not fallen:
            continue
        event = Event(
            kind=NotificationKind.TRANSLATION_STALE,
            actor=actor.name,
            cast=cast,
            blind=blind,
            values={"country": draft.country_name, "iso3": draft.iso3, "edition": draft.edition, "language": translation.language,
                    "original_language": draft.language, "about": ", ".join(fallen)},
            link=f"/drafts/{draft.id}/translations/{translation.language}",
            draft_id=draft.id,
            indicator=fallen[0] if len(fallen) == 1 else None,
        )  # fmt: skip
        try:
            settings = SmtpSettings.from_env()
        except MailSettingsError:
            settings = None  # bad mail settings never undo a save: the inbox is still written
        items.extend(notify(store, event, [translation.translator], settings=settings))
    return items


def _was_current(store: Store, translation: Translation, part_id: str) -> bool:
    """Whether ``part_id`` was up to date before the original's latest save."""
    part = translation.part(part_id)
    if part.follows is None:
        return False
    before = TranslationStore(store).original_changes(translation.draft_id, upto=translation.original_revision - 1)
    return before.get(part_id, 1) <= part.follows


def stale_parts(translations: Iterable[Translation]) -> dict[str, list[str]]:
    """``{language: [part ids behind the original]}`` for the translations with any."""
    return {t.language: t.stale for t in translations if t.stale}


def section_paragraphs(text: str) -> list[str]:
    """The paragraphs (or key-development items) of a translated section."""
    return paragraphs_of(text)


# -- publishing -------------------------------------------------------------------------------


def translated_draft(draft: Draft, translation: Translation) -> Draft:
    """The original draft with the translation's text and language: scores, key internet
    controls, sources and coverage stay the original's. A part not translated yet is empty."""
    from netfreedom.model.countries import UnknownCountryError, localized_name

    try:
        country_name = localized_name(draft.iso3, translation.language)
    except (UnknownCountryError, LookupError):
        country_name = draft.country_name
    indicators = [
        i.model_copy(
            update={"narrative": translation.part(i.id).text, "change_note": translation.part(i.id).change_note}
        )
        for i in draft.indicators
    ]
    return draft.model_copy(
        update={
            "language": translation.language,
            "country_name": country_name,
            "overview": paragraphs_of(translation.part("overview").text),
            "key_developments": paragraphs_of(translation.part("key_developments").text),
            "indicators": indicators,
        }
    )


def publish_translation(store: Store, draft_id: int, language: str, actor: Actor) -> Translation:
    """Publish the translation as the ``language`` version of the original's published report
    (editors and admins): a report revision under (country, edition, ``language``) with the
    original's scores and the translation's text, and a record of the revision each part
    follows, from which the public site shows "translation behind the original" where it is.
    :class:`DraftRuleError` while the original is not published."""
    if not _is_manager(actor):
        raise PermissionDeniedError(N_("publishing a translation needs the editor or admin role"))
    draft = DraftStore(store).draft(draft_id)
    if draft.published_revision is None:
        raise DraftRuleError(N_("draft {id} is not published yet: its translations are published with it"), id=draft_id)
    translation = TranslationStore(store).find(draft_id, _language(language))
    return TranslationStore(store).publish(translation.id, _translated_report(draft, translation), actor.name)


def publish_all(store: Store, draft: Draft, actor: Actor) -> list[Translation]:
    """Publish every translation of ``draft``, which ``actor`` has just published (the
    workflow allowed it), as a language version of the same report."""
    translations = TranslationStore(store)
    return [
        translations.publish(t.id, _translated_report(draft, t), actor.name) for t in translations.of_draft(draft.id)
    ]


def _translated_report(draft: Draft, translation: Translation) -> Assessment:
    from netfreedom.services.draft_report import draft_assessment, draft_findings
    from netfreedom.services.draft_workflow import written_here

    translated = translated_draft(draft, translation)
    name = (
        f"netfreedom draft {draft.id} revision {draft.revision}, {translation.language} translation "
        f"revision {translation.revision}"
    )
    return written_here(draft_assessment(translated), name, draft_findings(translated), None)


def published_versions(store: Store, iso3: str, edition: int) -> dict[str, PublishedTranslation]:
    """``{language: PublishedTranslation}`` of the language versions of ``iso3``'s ``edition``
    published from translations (public: no names, no text)."""
    return {v.language: v for v in TranslationStore(store).published_versions(iso3, edition)}


def original_parts(draft: Draft) -> dict[str, dict[str, object]]:
    """The original's side of every part, for reading beside the translation: ``{part id:
    {"text", "change_note", "score", "max"}}`` (``score``/``max`` ``None`` for sections).
    No research journal is in it."""
    sides: dict[str, dict[str, object]] = {
        "overview": {"text": "\n\n".join(draft.overview), "change_note": None, "score": None, "max": None},
        "key_developments": {
            "text": "\n\n".join(draft.key_developments),
            "change_note": None,
            "score": None,
            "max": None,
        },
    }
    for i in draft.indicators:
        sides[i.id] = {"text": i.narrative, "change_note": i.change_note, "score": i.score, "max": i.max}
    return sides
