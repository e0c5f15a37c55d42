"""Comment threads in the store: migration 0013 turns every earlier comment into a thread."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import create_engine, text

from netfreedom.store import Store
from netfreedom.store.draft_threads import ThreadStore
from netfreedom.store.drafts import DraftStore
from netfreedom.store.migrate import upgrade


def test_migration_0013_gives_each_earlier_comment_a_thread(database_url: str) -> None:
    engine = create_engine(database_url)
    now = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    try:
        upgrade(engine, "0012")
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO editions (edition, methodology, coverage_start, coverage_end, workflow, opened_at) "
                     "VALUES (2025, 'fotn-2019', :start, :end, 'plain', :now)"),
                {"start": date(2024, 6, 1), "end": date(2025, 5, 31), "now": now},
            )  # fmt: skip
            connection.execute(
                text("INSERT INTO drafts (id, edition, iso3, country_name, language, state, researcher, revision, "
                     "overview, created_at, updated_at) VALUES (7, 2025, 'KAZ', 'Kazakhstan', 'en', 'submitted', "
                     "'rita', 3, '[]', :now, :now)"),
                {"now": now},
            )  # fmt: skip
            for indicator, words in (("A3", "Which order?"), (None, "Overview too long.")):
                connection.execute(
                    text("INSERT INTO draft_comments (draft_id, indicator_id, author, at, text) "
                         "VALUES (7, :indicator, 'victor', :now, :words)"),
                    {"indicator": indicator, "words": words, "now": now},
                )  # fmt: skip
        with Store(database_url, migrate=True) as store:
            threads = ThreadStore(store).threads(7)
            assert [(t.indicator, t.stage, t.status.value, t.opened_by) for t in threads] == [
                ("A3", "submitted", "open", "victor"),
                (None, "submitted", "open", "victor"),
            ]
            assert [[c.text for c in t.comments] for t in threads] == [["Which order?"], ["Overview too long."]]
            assert ThreadStore(store).open_count(7) == 2
            assert [c.thread_id for c in DraftStore(store).comments(7)] == [t.id for t in threads]
    finally:
        engine.dispose()
