"""PostgreSQL for the test suite: which backends to run, and a fresh database per use.

``NETFREEDOM_TEST_POSTGRES_URL`` names a PostgreSQL server the tests may create and drop
databases on, as an SQLAlchemy URL (``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``;
its database is only used to connect for ``CREATE DATABASE``). ``.ci/run`` starts a
throw-away server and sets it. When it is unset the database fixtures run on SQLite only,
except in CI (``CI`` set), where the PostgreSQL variants are still collected and fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy.engine import URL, make_url

POSTGRES_URL_ENV = "NETFREEDOM_TEST_POSTGRES_URL"
"""Environment variable naming the PostgreSQL server of the tests."""


def in_ci() -> bool:
    """True when running in CI (``CI`` set to anything but empty, ``0`` or ``false``)."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false"}


def server_url() -> str | None:
    """The PostgreSQL server URL of the tests, or ``None`` when not configured."""
    value = os.environ.get(POSTGRES_URL_ENV, "").strip()
    return value or None


def backends() -> list[str]:
    """Parameters of the database fixtures: ``sqlite`` always, ``postgresql`` when a server
    is configured or in CI (where a missing server must fail the run, not skip)."""
    return ["sqlite", "postgresql"] if server_url() or in_ci() else ["sqlite"]


def require_server() -> URL:
    """The configured server's URL; fails the test when there is none (only reachable in CI
    or when the variable was unset after collection)."""
    url = server_url()
    if url is None:
        pytest.fail(f"{POSTGRES_URL_ENV} is not set: .ci/run must start PostgreSQL for the tests")
    return make_url(url)


def _connect(server: URL) -> Any:
    import psycopg

    return psycopg.connect(
        host=server.host or "127.0.0.1",
        port=server.port or 5432,
        user=server.username,
        password=server.password,
        dbname=server.database or "postgres",
        autocommit=True,
        connect_timeout=10,
    )


@contextmanager
def fresh_database(prefix: str = "netfreedom_test") -> Iterator[str]:
    """Create an empty, uniquely named database on the test server; yield its SQLAlchemy URL
    (password included); drop it on exit, closing any connection still open to it."""
    from psycopg import sql

    server = require_server()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with _connect(server) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with _connect(server) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
