"""Drafts built from real stored data, for the dashboard, consistency and evidence tests.

Everything is read from ``../shared`` at run time: the seed report (Kazakhstan 2022, in
Russian), Freedom House's 2024 score workbook (72 countries, every indicator) and the
evidence files. Nothing of them is copied here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from netfreedom.services import drafting
from netfreedom.services.reports import ingest_report
from netfreedom.services.tables import import_score_table
from netfreedom.store import Store
from netfreedom.store.drafts import DraftChanges, DraftStore

from .shared_data import SHARED, seed_path


@dataclass(frozen=True)
class Person:
    """An acting person: account name and roles (what the services need)."""

    name: str
    roles: frozenset[str]


EDITOR = Person("erin", frozenset({"editor"}))
RITA = Person("rita", frozenset({"researcher"}))
OSCAR = Person("oscar", frozenset({"researcher"}))
VICTOR = Person("victor", frozenset({"reviewer"}))
TRANSLATOR = Person("tanya", frozenset({"translator"}))

WORKBOOK = "fotn-2024-country-score-data.xlsx"


def shared_file(*parts: str) -> Path:
    """A file of ``../shared`` (skips the test when absent outside CI)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        seed_path()  # fails in CI, skips elsewhere, when ../shared is missing
        pytest.skip(f"no {path}")
    return path


def import_workbook(store: Store) -> None:
    """Import the 2024 workbook: per-indicator scores of 72 countries (scorecards)."""
    summary = import_score_table(store, shared_file("data", WORKBOOK))
    assert summary.countries == 72


def ingest_seed(store: Store) -> None:
    """Store the seed report (Kazakhstan 2022, Russian text)."""
    ingest_report(seed_path(), store)


def scored_from_2024(store: Store, draft_id: int, actor: str, changed: dict[str, int] | None = None) -> None:
    """Give the draft every indicator score the 2024 workbook gives its country, with
    ``changed`` (indicator -> score) applied on top, in one save (as ``actor``)."""
    drafts = DraftStore(store)
    draft = drafts.draft(draft_id)
    card = store.scorecard(draft.iso3, 2024)
    assert card is not None, draft.iso3
    values = {i: {"score": card.indicators[i]} for i in card.indicators}
    for indicator, score in (changed or {}).items():
        values[indicator] = {"score": score}
    drafts.save(draft_id, draft.revision, actor, DraftChanges(indicators=values))


def explain_moves(store: Store, draft_id: int, actor: str) -> None:
    """Give the draft the score-change notes its gate asks for, in one save (as ``actor``):
    on an indicator that moved since last year a note from last year's score to this one; for
    a category (or total) known only as a whole, one note on an indicator of it without a note
    that states the move the other notes leave unexplained."""
    from netfreedom.methodology import load_methodology
    from netfreedom.services.draft_report import blocking_findings, draft_findings

    drafts = DraftStore(store)
    draft = drafts.draft(draft_id)
    methodology = load_methodology(draft.methodology)
    notes: dict[str, dict[str, object]] = {}
    for finding in blocking_findings(draft_findings(draft), draft):
        if finding.rule != "score-change":
            continue
        if finding.location in methodology.indicator_ids:
            drafted = draft.indicator(finding.location)
            notes[drafted.id] = {"change_note": f"The score changed from {drafted.previous_score} to {drafted.score}."}
            continue
        category = finding.location.partition(":")[2]
        ids = [s.id for s in methodology.category(category).indicators] if category else methodology.indicator_ids
        target = next(i for i in draft.indicators if i.id in ids and i.change_note is None and i.id not in notes)
        gap = int(finding.values["new"]) - int(finding.values["old"]) - int(str(finding.values["explained"]))
        assert target.score is not None
        notes[target.id] = {"change_note": f"The score changed from {target.score - gap} to {target.score}."}
    if notes:
        drafts.save(draft_id, draft.revision, actor, DraftChanges(indicators=notes))


def ensure_accounts(store: Store, *names: str) -> None:
    """Make an account for each of ``names`` the store does not hold yet (role researcher, no
    password): the services refuse a draft, translation or inbox of an unknown account."""
    from netfreedom.services.accounts import AccountService
    from netfreedom.store.accounts import AccountStore

    for name in names:
        if AccountStore(store).get(name) is None:
            AccountService(store).add_user(name, ["researcher"])


def open_with_drafts(
    store: Store, edition: int, countries: list[str], researcher: str = "rita", reviewer: str = "victor"
) -> dict[str, int]:
    """Open ``edition`` and start a draft of each country; returns iso3 -> draft id."""
    ensure_accounts(store, researcher, reviewer)
    drafting.open_edition(store, edition, EDITOR)
    made = {}
    for country in countries:
        made[country] = drafting.new_draft(store, country, edition, EDITOR, researcher=researcher, reviewer=reviewer).id
    return made
