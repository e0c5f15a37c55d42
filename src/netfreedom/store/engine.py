"""Opening a database: the engine for a URL, with errors as one-line :class:`StoreError`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from .errors import StoreError

__all__ = ["first_line", "open_engine"]


def open_engine(url: str) -> Engine:
    """An engine for the SQLAlchemy ``url`` (SQLite gets foreign keys switched on).

    Raises :class:`StoreError` with a one-line message (password hidden) for a malformed
    URL, an unknown database kind or a missing driver; nothing is connected yet.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"bad database URL: {first_line(exc)}") from exc
    shown = parsed.render_as_string(hide_password=True)
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise StoreError(f"bad database URL {shown}: unknown database kind") from exc
    except ImportError as exc:
        raise StoreError(
            f"cannot open {shown}: database driver not installed ({first_line(exc)})"
        ) from exc
    except (ArgumentError, TypeError, ValueError) as exc:
        raise StoreError(f"bad database URL {shown}: {first_line(exc)}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys (and ON DELETE CASCADE) unless asked, per connection.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def first_line(exc: BaseException) -> str:
    """The first line of a database error's own message, without SQLAlchemy's SQL dump."""
    original = getattr(exc, "orig", None)
    text = str(original if original is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


