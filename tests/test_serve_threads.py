"""The web server's thread limit (``serve --threads``) and the SQLite connection pool.

Why they exist: ``benchmarks/serve.py`` showed 32 clients costing the uncached country page
twice the server CPU per request of one client, from 40 threads contending for the GIL and
from SQLAlchemy's default pool opening and closing overflow connections per request."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.pool import QueuePool

from netfreedom.store import Store
from netfreedom.store.engine import SQLITE_POOL_SIZE, open_engine
from netfreedom.web import create_app
from netfreedom.web.app import DEFAULT_WORKER_THREADS


def _limit_seen_by_a_route(app: object) -> int:
    async def limit() -> int:
        return int(anyio.to_thread.current_default_thread_limiter().total_tokens)

    with TestClient(app) as client:  # type: ignore[arg-type]
        return int(client.portal.call(limit))  # type: ignore[union-attr]


def test_the_app_sets_its_thread_limit_when_it_starts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    Store(url, migrate=True).close()
    assert DEFAULT_WORKER_THREADS == 4
    assert _limit_seen_by_a_route(create_app(url)) == 4
    assert _limit_seen_by_a_route(create_app(url, worker_threads=2)) == 2


def test_a_thread_limit_below_one_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    Store(url, migrate=True).close()
    with pytest.raises(ValueError, match="worker_threads must be at least 1, not 0"):
        create_app(url, worker_threads=0)
    result = subprocess.run(
        [sys.executable, "-m", "netfreedom", "serve", "--threads", "0", "--database", str(tmp_path / "site.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--threads" in result.stderr and "Traceback" not in result.stderr


def test_an_sqlite_file_keeps_its_connections_open_for_every_thread(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    assert pool.size() == SQLITE_POOL_SIZE
    assert SQLITE_POOL_SIZE >= 40  # the most `serve --threads` takes
    opened: list[object] = []
    event.listen(engine, "connect", lambda dbapi, record: opened.append(dbapi))
    for _ in range(3):
        with engine.connect() as connection:
            assert connection.execute(text("select 1")).scalar() == 1
    assert len(opened) == 1  # one connection, kept and reused
    engine.dispose()
