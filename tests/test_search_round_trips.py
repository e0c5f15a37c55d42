"""A PostgreSQL search's first page costs one round trip to the server.

The statement of the first page (``store/search_postgres.py``) runs on a connection in
autocommit (no BEGIN before it, no COMMIT after it), and a pooled connection is pinged only
when it has sat idle in the pool for over ``engine.IDLE_PING_SECONDS`` (not on every checkout);
one the server has closed meanwhile is replaced on the next checkout. Later pages run several
statements and keep their transaction. Runs when a PostgreSQL server is configured
(``NETFREEDOM_TEST_POSTGRES_URL``, ``.ci/run``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text

from netfreedom.store import Store, engine
from netfreedom.store.search import RANK_WINDOW

from . import postgres
from .conftest import make_assessment

pytestmark = pytest.mark.skipif("postgresql" not in postgres.backends(), reason="no PostgreSQL server configured")


@pytest.fixture
def store() -> Iterator[Store]:
    report = make_assessment(iso3="KAZ", edition=2024, language="en")
    report = report.model_copy(update={"overview": ["The ferry left the harbour at dawn.", "A second ferry came."]})
    with postgres.fresh_database() as url, Store(url, migrate=True) as opened:
        opened.save(report)
        yield opened


def statements_of(store: Store) -> list[tuple[str, bool]]:
    """Collects (SQL, whether the connection was in autocommit) of each statement the store runs."""
    seen: list[tuple[str, bool]] = []

    def before(connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append((statement, connection.connection.driver_connection.autocommit))

    event.listen(store._engine, "before_cursor_execute", before)
    return seen


def test_the_first_page_is_one_statement_in_autocommit(store: Store) -> None:
    seen = statements_of(store)
    page = store.search("ferry", limit=20)
    assert sorted(hit.paragraph for hit in page.hits) == [0, 1]
    assert len(seen) == 1
    assert seen[0][1] is True  # no BEGIN / COMMIT around it


def test_later_pages_keep_their_transaction(store: Store) -> None:
    seen = statements_of(store)
    store.search("ferry", limit=20, offset=RANK_WINDOW)
    assert len(seen) > 1
    assert all(not autocommit for _, autocommit in seen)


def test_a_connection_used_again_at_once_is_not_pinged(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    pings = []
    real = store._engine.dialect.do_ping
    monkeypatch.setattr(store._engine.dialect, "do_ping", lambda connection: pings.append(1) or real(connection))
    for _ in range(5):
        store.search("ferry", limit=20)
    assert pings == []
    monkeypatch.setattr(engine, "IDLE_PING_SECONDS", 0.0)
    store.search("ferry", limit=20)
    assert pings == [1]


def test_a_connection_closed_by_the_server_is_replaced(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.search("ferry", limit=20)  # a pooled connection now exists
    with store._engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = create_engine(store._engine.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    finally:
        admin.dispose()
    monkeypatch.setattr(engine, "IDLE_PING_SECONDS", 0.0)  # as if it had been idle a while
    assert len(store.search("ferry", limit=20).hits) == 2
