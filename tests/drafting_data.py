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


def open_with_drafts(
    store: Store, edition: int, countries: list[str], researcher: str = "rita", reviewer: str = "victor"
) -> dict[str, int]:
    """Open ``edition`` and start a draft of each country; returns iso3 -> draft id."""
    drafting.open_edition(store, edition, EDITOR)
    made = {}
    for country in countries:
        made[country] = drafting.new_draft(store, country, edition, EDITOR, researcher=researcher, reviewer=reviewer).id
    return made
