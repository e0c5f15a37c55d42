"""Writing an edition through the drafting service: workflow as data, drafts copied from last
year, justified score changes, optimistic concurrency, audit, publication."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from netfreedom.errors import (
    ActionNotAllowedError,
    DraftRuleError,
    PermissionDeniedError,
    StaleRevisionError,
    WorkflowError,
)
from netfreedom.services import drafting
from netfreedom.services.drafting import IndicatorEdit
from netfreedom.store import Store
from netfreedom.store.drafts import DraftStore
from netfreedom.workflow import Party, allowed_actions, load_workflow, may_edit, parse_workflow

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
OTHER_RESEARCHER = Person("oscar", frozenset({"researcher"}))


def _draft(store: Store, total: int = 32) -> int:
    store.save(make_assessment(iso3="KAZ", edition=2022, total=total))
    drafting.open_edition(store, 2023, EDITOR)
    ensure_accounts(store, "rita", "victor")
    return drafting.new_draft(store, "KAZ", 2023, EDITOR, researcher="rita", reviewer="victor").id


# -- the workflow file -----------------------------------------------------------------------


def test_plain_workflow_is_data() -> None:
    plain = load_workflow("plain")
    assert [s.id for s in plain.stages] == ["draft", "submitted", "approved", "published"]
    assert plain.initial == "draft"
    assert {a.id: a.to for a in plain.actions} == {
        "submit": "submitted",
        "return": "draft",
        "approve": "approved",
        "publish": "published",
    }
    researcher = Party(roles=frozenset({"researcher"}), is_researcher=True)
    unassigned = Party(roles=frozenset({"researcher"}))
    reviewer = Party(roles=frozenset({"reviewer"}), is_reviewer=True)
    assert may_edit(plain, "draft", researcher)
    assert not may_edit(plain, "draft", unassigned)
    assert not may_edit(plain, "draft", reviewer)
    assert not may_edit(plain, "submitted", researcher)
    assert [a.id for a in allowed_actions(plain, "submitted", Party(roles=frozenset({"editor"})))] == [
        "return",
        "approve",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\ntitle: {en: X}\ninitial: nowhere\nstages: [{id: a, label: {en: A}}, {id: b, label: {en: B}, final: true}]\n"
         "actions: [{id: go, label: {en: Go}, from: [a], to: b, by: [editor]}]", "initial stage 'nowhere'"),
        ("id: x\ntitle: {en: X}\ninitial: a\nstages: [{id: a, label: {en: A}}, {id: b, label: {en: B}}]\n"
         "actions: [{id: go, label: {en: Go}, from: [a], to: b, by: [editor]}]", "no final stage"),
        ("id: x\ntitle: {en: X}\ninitial: a\nstages: [{id: a, label: {en: A}}, {id: b, label: {en: B}, final: true}, "
         "{id: c, label: {en: C}}]\nactions: [{id: go, label: {en: Go}, from: [a], to: b, by: [editor]}]",
         "not reachable"),
        ("id: x\ntitle: {en: X}\ninitial: a\nstages: [{id: a, label: {en: A}}, {id: b, label: {en: B}, final: true}]\n"
         "actions: [{id: go, label: {en: Go}, from: [a], to: zzz, by: [editor]}]", "unknown stage 'zzz'"),
    ],
)  # fmt: skip
def test_broken_workflow_files_are_refused_at_load(text: str, message: str) -> None:
    with pytest.raises(WorkflowError, match=message):
        parse_workflow(text, "broken.yaml")


# -- drafts ----------------------------------------------------------------------------------


def test_a_draft_starts_as_a_copy_of_last_year(store: Store) -> None:
    draft_id = _draft(store)
    draft = drafting.draft_for(store, draft_id, EDITOR)
    last_year = store.get("KAZ", 2022)
    assert last_year is not None
    assert draft.state == "draft" and draft.revision == 1
    assert [i.score for i in draft.indicators] == [i.score for i in last_year.indicators]
    assert sum(i.score or 0 for i in draft.indicators) == 32
    assert all(i.carried_over for i in draft.indicators)
    assert draft.indicator("A1").narrative == last_year.indicators[0].paragraphs[0]
    assert draft.key_developments == last_year.key_developments
    assert (draft.coverage.start.isoformat(), draft.coverage.end.isoformat()) == ("2022-06-01", "2023-05-31")


def test_a_moved_score_needs_a_note_whose_numbers_agree(store: Store) -> None:
    draft_id = _draft(store)
    draft = drafting.draft_for(store, draft_id, RESEARCHER)
    before = draft.indicator("A3").score
    assert before is not None and before > 0
    draft = drafting.set_indicator(store, draft_id, "A3", RESEARCHER, IndicatorEdit(draft.revision, score=before - 1))
    assert not draft.indicator("A3").carried_over and draft.indicator("A1").carried_over
    with pytest.raises(DraftRuleError) as refused:
        drafting.transition(store, draft_id, "submit", RESEARCHER)
    assert [f["location"] for f in refused.value.details["findings"]] == ["A3"]  # type: ignore[index]
    wrong = f"Score Change: The score declined from {before} to {before + 1} after shutdowns."
    draft = drafting.set_indicator(store, draft_id, "A3", RESEARCHER, IndicatorEdit(draft.revision, change_note=wrong))
    with pytest.raises(DraftRuleError, match="A3"):
        drafting.transition(store, draft_id, "submit", RESEARCHER)
    right = f"The score declined from {before} to {before - 1} after shutdowns."
    draft = drafting.set_indicator(store, draft_id, "A3", RESEARCHER, IndicatorEdit(draft.revision, change_note=right))
    draft, _ = drafting.transition(store, draft_id, "submit", RESEARCHER)
    assert draft.state == "submitted"


def test_roles_and_stages_decide_who_edits(store: Store) -> None:
    draft_id = _draft(store)
    with pytest.raises(PermissionDeniedError):
        drafting.draft_for(store, draft_id, OTHER_RESEARCHER)
    with pytest.raises(PermissionDeniedError):
        drafting.set_indicator(store, draft_id, "A1", REVIEWER, IndicatorEdit(1, score=0))
    with pytest.raises(PermissionDeniedError):
        drafting.set_indicator(store, draft_id, "A1", EDITOR, IndicatorEdit(1, score=0))
    with pytest.raises(DraftRuleError, match="outside 0-6"):
        drafting.set_indicator(store, draft_id, "A1", RESEARCHER, IndicatorEdit(1, score=7))
    drafting.add_comment(store, draft_id, REVIEWER, "Is the A1 figure from this year?", "A1")
    with pytest.raises(PermissionDeniedError):
        drafting.transition(store, draft_id, "submit", REVIEWER)
    with pytest.raises(PermissionDeniedError):
        drafting.audit_trail(store, draft_id, OTHER_RESEARCHER)
    assert drafting.audit_trail(store, draft_id, RESEARCHER)[0].field == "draft"
    with pytest.raises(ActionNotAllowedError, match="allowed: none"):
        drafting.transition(store, draft_id, "publish", EDITOR)
    with pytest.raises(ActionNotAllowedError, match="allowed: submit"):
        drafting.transition(store, draft_id, "publish", RESEARCHER)
    draft, _ = drafting.transition(store, draft_id, "submit", RESEARCHER)
    with pytest.raises(PermissionDeniedError):  # submitted: the researcher no longer edits
        drafting.set_indicator(store, draft_id, "A1", RESEARCHER, IndicatorEdit(draft.revision, score=1))
    draft, _ = drafting.transition(store, draft_id, "return", EDITOR)
    assert draft.state == "draft"
    assert [c.author for c in DraftStore(store).comments(draft_id)] == ["victor"]


def test_stale_save_is_refused_with_both_versions(store: Store) -> None:
    draft_id = _draft(store)
    first = drafting.set_indicator(store, draft_id, "B1", RESEARCHER, IndicatorEdit(1, narrative="Mine, first."))
    with pytest.raises(StaleRevisionError) as stale:
        drafting.set_indicator(store, draft_id, "B1", RESEARCHER, IndicatorEdit(1, narrative="Mine, second."))
    details = stale.value.details
    assert details is not None
    assert (details["based_on"], details["current"]) == (1, 2)
    assert details["yours"] == {"narrative": "Mine, second."}
    assert details["theirs"]["narrative"] == "Mine, first."  # type: ignore[index]
    assert drafting.draft_for(store, draft_id, EDITOR).indicator("B1").narrative == "Mine, first."
    assert first.revision == 2


def test_concurrent_saves_lose_and_duplicate_nothing(store: Store) -> None:
    draft_id = _draft(store)
    saved: list[int] = []
    lock = threading.Lock()

    def editor(indicator: str) -> None:
        for n in range(5):
            while True:
                current = DraftStore(store).draft(draft_id).revision
                try:
                    draft = drafting.set_indicator(
                        store, draft_id, indicator, RESEARCHER, IndicatorEdit(current, narrative=f"{indicator} #{n}")
                    )
                except StaleRevisionError:
                    continue
                with lock:
                    saved.append(draft.revision)
                break

    threads = [threading.Thread(target=editor, args=(i,)) for i in ("A1", "A2", "B1", "C1")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    revisions = DraftStore(store).revisions(draft_id)
    assert sorted(saved) == list(range(2, 22))
    assert [r for r, _, _ in revisions] == list(range(1, 22))
    assert all(b == r - 1 for r, b, _ in revisions[1:])
    draft = drafting.draft_for(store, draft_id, EDITOR)
    assert {i: draft.indicator(i).narrative for i in ("A1", "A2", "B1", "C1")} == {
        i: f"{i} #4" for i in ("A1", "A2", "B1", "C1")
    }
    narrative_lines = [e for e in DraftStore(store).audit(draft_id) if e.field.endswith(".narrative")]
    assert len(narrative_lines) == 20


def test_publishing_stores_a_report_revision_with_provenance(store: Store) -> None:
    draft_id = _draft(store)
    draft = drafting.draft_for(store, draft_id, RESEARCHER)
    drafting.set_indicator(store, draft_id, "C8", RESEARCHER, IndicatorEdit(draft.revision, journal="call source X"))
    drafting.transition(store, draft_id, "submit", RESEARCHER)
    drafting.transition(store, draft_id, "approve", EDITOR)
    draft, _ = drafting.transition(store, draft_id, "publish", EDITOR)
    assert draft.state == "published" and draft.published_revision == 1
    published = store.get("KAZ", 2023)
    assert published is not None and published.total == 32
    assert published.provenance is not None and published.provenance.reader == drafting.DRAFTING_READER
    assert published.provenance.file_name == f"netfreedom draft {draft_id} revision {draft.revision}"
    assert "call source X" not in published.model_dump_json()
    trail = drafting.audit_trail(store, draft_id, EDITOR)
    assert [(e.action, e.field) for e in trail if e.field in {"state", "published_revision"}] == [
        ("submit", "state"),
        ("approve", "state"),
        ("publish", "published_revision"),
        ("publish", "state"),
    ]
    assert next(e for e in trail if e.field == "C8.journal").after == "call source X"  # editors read journals
    hidden = drafting.audit_trail(store, draft_id, REVIEWER)  # the reviewer may read the trail, not journals
    assert next(e for e in hidden if e.field == "C8.journal").after == "(private)"


def test_the_seed_report_is_drafted_into_the_next_edition(store: Store) -> None:
    from netfreedom.services.reports import ingest_report

    ingest_report(seed_path(), store)
    drafting.open_edition(store, 2023, EDITOR)
    ensure_accounts(store, "rita")
    draft = drafting.new_draft(store, "Kazakhstan", 2023, EDITOR, researcher="rita")
    assert draft.language == "ru"
    assert sum(i.score or 0 for i in draft.indicators) == 32
    assert [sum(i.score or 0 for i in draft.indicators if i.category == c) for c in "ABC"] == [10, 11, 11]
    assert draft.indicator("A3").previous_score == 1
