"""Translations of a draft: text only, per part the original's revision it follows, stale
parts worked out from the original's revisions, the translator told in their inbox.

The original is the seed report (../shared, read at run time) drafted into the next edition
through the drafting service: its body is Russian, so the translation is into English."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from netfreedom.errors import ConflictError, DraftRuleError, PermissionDeniedError, StaleRevisionError
from netfreedom.model.drafting import Draft
from netfreedom.model.notifications import NotificationKind
from netfreedom.model.translations import PartStatus
from netfreedom.services import drafting, notifications
from netfreedom.services import translations as service
from netfreedom.services.drafting import IndicatorEdit
from netfreedom.services.translations import TranslationEdit
from netfreedom.store import Store

from .conftest import make_assessment
from .drafting_data import ensure_accounts
from .shared_data import seed_path


@dataclass(frozen=True)
class Person:
    name: str
    roles: frozenset[str]


EDITOR = Person("erin", frozenset({"editor"}))
RESEARCHER = Person("rita", frozenset({"researcher"}))
REVIEWER = Person("victor", frozenset({"reviewer"}))
TRANSLATOR = Person("tanya", frozenset({"translator"}))
OTHER_TRANSLATOR = Person("theo", frozenset({"translator"}))


def seed_draft(store: Store) -> Draft:
    """The seed report drafted into edition 2023 (researcher rita, reviewer victor)."""
    from netfreedom.services.reports import ingest_report

    ingest_report(seed_path(), store)
    drafting.open_edition(store, 2023, EDITOR)
    ensure_accounts(store, "rita", "victor", "tanya", "theo")
    return drafting.new_draft(store, "Kazakhstan", 2023, EDITOR, researcher="rita", reviewer="victor")


def test_a_translation_starts_untranslated_with_every_part_of_the_original(store: Store) -> None:
    draft = seed_draft(store)
    assert draft.language == "ru" and sum(i.score or 0 for i in draft.indicators) == 32
    with pytest.raises(PermissionDeniedError, match="editor or admin"):
        service.start_translation(store, draft.id, "en", TRANSLATOR, translator="tanya")
    with pytest.raises(DraftRuleError, match="written in ru"):
        service.start_translation(store, draft.id, "ru", EDITOR, translator="tanya")
    made = service.start_translation(store, draft.id, "EN", EDITOR, translator="tanya")
    assert made.language == "en" and made.original_language == "ru" and made.revision == 1
    assert [p.id for p in made.parts] == ["overview", "key_developments", *(i.id for i in draft.indicators)]
    assert len(made.parts) == 2 + 21
    assert {p.status for p in made.parts} == {PartStatus.UNTRANSLATED} and made.stale == []
    with pytest.raises(ConflictError, match="already has a en translation"):
        service.start_translation(store, draft.id, "en", EDITOR, translator="theo")


def test_a_translation_from_last_years_version_follows_the_originals_first_revision(store: Store) -> None:
    store.save(make_assessment(iso3="KAZ", edition=2022, total=32, language="ru"))
    store.save(make_assessment(iso3="KAZ", edition=2022, total=32, language="en"))
    drafting.open_edition(store, 2023, EDITOR)
    ensure_accounts(store, "rita", "tanya")
    draft = drafting.new_draft(store, "KAZ", 2023, EDITOR, researcher="rita", language="ru")
    assert draft.language == "ru"
    english = store.get("KAZ", 2022, "en")
    assert english is not None
    made = service.start_translation(store, draft.id, "en", EDITOR, translator="tanya")
    assert {p.follows for p in made.parts} == {1} and {p.status for p in made.parts} == {PartStatus.CURRENT}
    assert made.part("A3").text == "\n\n".join(english.indicator("A3").paragraphs)  # type: ignore[union-attr]
    drafting.set_indicator(store, draft.id, "A3", RESEARCHER, IndicatorEdit(revision=1, narrative="New text."))
    assert service.translation_for(store, draft.id, "en", TRANSLATOR).stale == ["A3"]


def test_the_stale_flag_appears_when_the_original_changes_and_goes_when_brought_up_to_date(store: Store) -> None:
    draft = seed_draft(store)
    service.start_translation(store, draft.id, "en", EDITOR, translator="tanya")
    a3 = draft.indicator("A3")

    saved = service.edit_part(store, draft.id, "en", "a3", TRANSLATOR, TranslationEdit(revision=1, text="In English."))
    part = saved.part("A3")
    assert (part.text, part.follows, part.status, saved.revision) == ("In English.", 1, PartStatus.CURRENT, 2)
    assert notifications.inbox(store, "tanya") == []

    # the original changes A3's score: the translation's A3 falls behind, the translator is told once
    changed = drafting.set_indicator(store, draft.id, "A3", RESEARCHER, IndicatorEdit(revision=1, score=a3.score - 1))
    now = service.translation_for(store, draft.id, "en", TRANSLATOR)
    assert now.part("A3").status is PartStatus.STALE and now.stale == ["A3"]
    assert now.part("A3").original_changed == changed.revision == 2 and now.part("A3").follows == 1
    inbox = notifications.inbox(store, "tanya")
    assert [(i.kind, i.draft_id, i.indicator) for i in inbox] == [(NotificationKind.TRANSLATION_STALE, draft.id, "A3")]
    assert "A3" in inbox[0].subject and "rita" in inbox[0].body
    assert inbox[0].link == f"/drafts/{draft.id}/translations/en"
    drafting.set_indicator(store, draft.id, "A3", RESEARCHER, IndicatorEdit(revision=2, narrative="Больше текста."))
    drafting.set_indicator(store, draft.id, "A4", RESEARCHER, IndicatorEdit(revision=3, narrative="Другой текст."))
    assert len(notifications.inbox(store, "tanya")) == 1  # already behind; A4 was never translated
    assert service.translation_for(store, draft.id, "en", REVIEWER).part("A4").status is PartStatus.UNTRANSLATED

    # a journal change is not a change of the text a translation renders
    drafting.set_indicator(store, draft.id, "B1", RESEARCHER, IndicatorEdit(revision=4, journal="call back"))
    assert service.translation_for(store, draft.id, "en", TRANSLATOR).stale == ["A3"]

    # brought up to date: the part records the original's current revision
    fixed = service.mark_up_to_date(store, draft.id, "en", ["A3"], TRANSLATOR, revision=2)
    assert fixed.part("A3").follows == 5 and fixed.part("A3").status is PartStatus.CURRENT and fixed.stale == []
    assert fixed.part("A3").text == "In English."


def test_a_translator_edits_only_text(store: Store) -> None:
    draft = seed_draft(store)
    service.start_translation(store, draft.id, "en", EDITOR, translator="tanya")
    with pytest.raises(PermissionDeniedError, match="text only: scores are the original's"):
        service.edit_part(store, draft.id, "en", "A3", TRANSLATOR, TranslationEdit(revision=1, score=0))
    with pytest.raises(PermissionDeniedError, match="key internet controls are the original's"):
        edit = TranslationEdit(revision=1, key_internet_controls={"social_media_blocked": True})
        service.edit_part(store, draft.id, "en", "A3", TRANSLATOR, edit)
    with pytest.raises(PermissionDeniedError):  # the original's indicator form is the researcher's
        drafting.set_indicator(store, draft.id, "A3", TRANSLATOR, IndicatorEdit(revision=1, score=0))
    with pytest.raises(PermissionDeniedError, match="may not edit the en translation"):
        service.edit_part(store, draft.id, "en", "A3", OTHER_TRANSLATOR, TranslationEdit(revision=1, text="x"))
    with pytest.raises(PermissionDeniedError, match="may not edit"):
        service.edit_part(store, draft.id, "en", "A3", RESEARCHER, TranslationEdit(revision=1, text="x"))
    with pytest.raises(DraftRuleError, match="overview has no score-change note"):
        service.edit_part(store, draft.id, "en", "overview", TRANSLATOR, TranslationEdit(revision=1, change_note="x"))
    with pytest.raises(DraftRuleError, match="no part Z9"):
        service.edit_part(store, draft.id, "en", "Z9", TRANSLATOR, TranslationEdit(revision=1, text="x"))
    note = "The score declined because access was cut."
    saved = service.edit_part(
        store, draft.id, "en", "A3", TRANSLATOR, TranslationEdit(revision=1, text="Text.", change_note=note)
    )
    assert saved.part("A3").change_note == note
    with pytest.raises(StaleRevisionError, match="based on revision 1"):
        service.edit_part(store, draft.id, "en", "A3", TRANSLATOR, TranslationEdit(revision=1, text="Lost?"))
    assert service.translation_for(store, draft.id, "en", EDITOR).part("A3").text == "Text."
    original = drafting.draft_for(store, draft.id, EDITOR)
    assert original.indicator("A3").score == draft.indicator("A3").score  # scores are the original's, untouched


def test_who_reads_a_translation_and_its_original(store: Store) -> None:
    draft = seed_draft(store)
    service.start_translation(store, draft.id, "en", EDITOR, translator="tanya")
    assert service.original_for(store, draft.id, TRANSLATOR).id == draft.id
    with pytest.raises(PermissionDeniedError):
        service.original_for(store, draft.id, OTHER_TRANSLATOR)
    with pytest.raises(PermissionDeniedError):
        service.translation_for(store, draft.id, "en", OTHER_TRANSLATOR)
    assert [t.language for t in service.translations_for(store, draft.id, REVIEWER)] == ["en"]
    assert service.translations_for(store, draft.id, OTHER_TRANSLATOR) == []
    assert [t.draft_id for t in service.translations_of(store, "tanya")] == [draft.id]


def _publish(store: Store, draft_id: int) -> Draft:
    for action, who in (("submit", RESEARCHER), ("approve", EDITOR), ("publish", EDITOR)):
        draft, _ = drafting.transition(store, draft_id, action, who)
    return draft


def test_publishing_the_original_publishes_each_translation_as_a_language_version(store: Store) -> None:
    draft = seed_draft(store)
    service.start_translation(store, draft.id, "en", EDITOR, translator="tanya")
    with pytest.raises(DraftRuleError, match="not published yet"):
        service.publish_translation(store, draft.id, "en", EDITOR)
    a3 = draft.indicator("A3")
    service.edit_part(store, draft.id, "en", "A3", TRANSLATOR, TranslationEdit(revision=1, text="Mobile access."))
    service.edit_part(store, draft.id, "en", "B1", TRANSLATOR, TranslationEdit(revision=2, text="Blocking."))
    note = f"The score declined from {a3.score} to {a3.score - 1} because mobile access was cut."
    drafting.set_indicator(
        store, draft.id, "A3", RESEARCHER, IndicatorEdit(revision=1, score=a3.score - 1, change_note=note)
    )
    published = _publish(store, draft.id)
    assert published.state == "published"

    original = store.get("KAZ", 2023, "ru")
    english = store.get("KAZ", 2023, "en")
    assert original is not None and english is not None
    assert english.total == original.total == 31
    assert [i.score for i in english.indicators] == [i.score for i in original.indicators]
    assert english.indicator("B1").paragraphs == ["Blocking."]  # type: ignore[union-attr]
    assert english.indicator("A3").paragraphs == ["Mobile access."]  # type: ignore[union-attr]
    versions = service.published_versions(store, "KAZ", 2023)
    assert list(versions) == ["en"] and versions["en"].original_language == "ru"
    behind = versions["en"].behind
    assert "A3" in behind and "B1" not in behind  # A3 changed after it was translated; B1 is current
    assert "A4" in behind  # never translated

    # the translator brings A3 up to date and the editor publishes the English version again
    fixed = service.mark_up_to_date(store, draft.id, "en", ["A3"], TRANSLATOR, revision=3)
    assert fixed.stale == []
    before = store.fingerprint()
    service.publish_translation(store, draft.id, "en", EDITOR)
    assert store.fingerprint() != before  # the page's "behind" notice changes: cached pages are stale
    again = service.published_versions(store, "KAZ", 2023)["en"]
    assert "A3" not in again.behind and "B1" not in again.behind
    assert again.report_revision == 1  # same text as before: the stored report is unchanged, the record is new
    with pytest.raises(PermissionDeniedError):
        service.publish_translation(store, draft.id, "en", TRANSLATOR)


def test_the_edition_dashboard_flags_a_translation_behind_its_original(store: Store) -> None:
    from netfreedom.services.dashboard import edition_dashboard

    draft = seed_draft(store)
    service.start_translation(store, draft.id, "en", EDITOR, translator="tanya")
    service.edit_part(store, draft.id, "en", "A3", TRANSLATOR, TranslationEdit(revision=1, text="In English."))
    assert edition_dashboard(store, 2023, EDITOR)[0].translations_behind == {}
    a3 = draft.indicator("A3")
    drafting.set_indicator(store, draft.id, "A3", RESEARCHER, IndicatorEdit(revision=1, score=a3.score - 1))
    row = edition_dashboard(store, 2023, EDITOR)[0]
    assert row.translations_behind == {"en": ["A3"]} and row.flat()["translations_behind"] == "en: A3"
    service.mark_up_to_date(store, draft.id, "en", ["A3"], TRANSLATOR, revision=2)
    assert edition_dashboard(store, 2023, EDITOR)[0].translations_behind == {}
