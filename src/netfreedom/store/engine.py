"""Opening a database: the engine for a URL, with errors as one-line :class:`StoreError`."""

from __future__ import annotations

import json
import sqlite3
import time
from functools import partial
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, NoSuchModuleError

from netfreedom.errors import StoreError

__all__ = ["first_line", "open_engine", "writer"]

SQLITE_BUSY_TIMEOUT_SECONDS = 60
"""How long an SQLite connection waits for another process's write to finish."""
WRITE_OPTION = "netfreedom_write"
SQLITE_POOL_SIZE = 40
"""Connections kept open to an SQLite file: as many as the worker threads of the web server
(AnyIO's default thread limit is 40), so that under load no request opens and closes its own
connection (SQLAlchemy's default keeps 5 and closes the overflow on every return)."""
SQLITE_POOL_OVERFLOW = 10
"""Connections opened beyond the pool when every kept one is in use (closed on return)."""
IDLE_PING_SECONDS = 1.0
"""A pooled connection to a database server (PostgreSQL) that has been idle in the pool longer
than this is pinged (``SELECT 1``, one round trip) before it is handed out, and replaced when
the server does not answer (restarted, or the connection was closed). One used again sooner is
handed out at once: a search on a busy site is then one round trip, not two (SQLAlchemy's
``pool_pre_ping`` pinged on every checkout). A server restarted within that second can fail one
statement; SQLAlchemy then discards every pooled connection, so the next one reconnects."""
_RETURNED = "netfreedom_returned"

dump_json = partial(json.dumps, ensure_ascii=False)
"""How JSON columns are written: letters as they are, not ``\\uXXXX`` escapes. A Russian
report's document is 3.5x smaller so, and is read about 4x faster (``benchmarks/serve.py``);
documents written escaped by older versions read as before."""


def open_engine(url: str) -> Engine:
    """An engine for the SQLAlchemy ``url`` (SQLite gets foreign keys switched on).

    Raises :class:`StoreError` with a one-line message (password hidden) for a malformed
    URL, an unknown database kind or a missing driver; nothing is connected yet.
    """
    try:
        parsed = make_url(url)
        shown = parsed.render_as_string(hide_password=True)
        sqlite = parsed.get_backend_name() == "sqlite"
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"bad database URL: {first_line(exc)}") from exc
    try:
        options: dict[str, Any] = {"json_serializer": dump_json}
        if sqlite:
            # A file's connections never go stale (no server closes them): no ping per checkout.
            # Enough pooled connections for every thread a busy site runs, so none is opened and
            # closed per request (see SQLITE_POOL_SIZE).
            options.update(connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}, **_sqlite_pool(parsed))
        engine = create_engine(parsed, **options)
    except NoSuchModuleError as exc:
        raise StoreError(f"bad database URL {shown}: unknown database kind") from exc
    except ImportError as exc:
        raise StoreError(f"cannot open {shown}: database driver not installed ({first_line(exc)})") from exc
    except (ArgumentError, TypeError, ValueError) as exc:
        raise StoreError(f"bad database URL {shown}: {first_line(exc)}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _prepare_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    else:
        _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection on checkout only when it was idle over :data:`IDLE_PING_SECONDS`;
    a connection that fails the ping is discarded and another one taken (SQLAlchemy retries a
    checkout whose ``checkout`` listener raises ``DisconnectionError``)."""

    def returned(_dbapi_connection: Any, record: Any, *_: Any) -> None:
        record.info[_RETURNED] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_RETURNED, 0.0) <= IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
            dbapi_connection.rollback()  # the ping's transaction (psycopg begins one before SELECT 1)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError(first_line(exc)) from exc

    event.listen(engine, "connect", returned)
    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", checkout)


def _sqlite_pool(parsed: Any) -> dict[str, int]:
    """Pool sizes for an SQLite file; an in-memory database keeps SQLAlchemy's own pool."""
    if parsed.database in (None, "", ":memory:"):
        return {}
    return {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_OVERFLOW}


def writer(engine: Engine) -> Engine:
    """The same engine for transactions that write: on SQLite they start with ``BEGIN
    IMMEDIATE``, so concurrent writers (two ``ingest`` runs, two first-time migrations)
    queue one after the other instead of failing half-way."""
    return engine.execution_options(**{WRITE_OPTION: True})


def _prepare_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from the sqlite3 module, so that BEGIN is ours (see
    # _begin_sqlite_transaction) and DDL runs inside transactions: a migration interrupted
    # half-way is rolled back whole. Foreign keys (and ON DELETE CASCADE) are per connection;
    # WAL lets readers (the web site) read while a writer writes.
    dbapi_connection.isolation_level = None
    # A read-only database file (or folder) cannot switch its journal mode: reading works
    # without it, and writing then fails with a one-line StoreError.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            pass
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Any) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def first_line(exc: BaseException) -> str:
    """The first line of a database error's own message, without SQLAlchemy's SQL dump."""
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
