"""Shared pieces of the command line: options, opening the store, one-line errors.

Used by :mod:`netfreedom.cli`; nothing here is a command.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console

from .ingest import READERS
from .methodology import MethodologyError
from .model import Assessment

if TYPE_CHECKING:
    from .store import Store

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130


EDITION = click.IntRange(1900, 2200)
"""Edition years the command line accepts (FOTN editions run from 2009; room for any)."""


def display(text: str) -> str:
    """``text`` fit for one line of a terminal: control characters (a newline in a file
    name) shown as escapes, undecodable bytes of a file name as replacement characters."""
    cleaned = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in cleaned)


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """Print ``Error: message`` as one line on stderr and exit with ``code``."""
    click.echo(f"Error: {display(message)}", err=True)
    sys.exit(code)


def json_option(function: F) -> F:
    """The shared ``--json`` flag: print JSON (JSON Lines for several items) instead of tables."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")(function)


def _database_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A plain file path given to --database means an SQLite file there."""
    if value is None or "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def database_option(function: F) -> F:
    """The shared ``--database URL`` option (default: $NETFREEDOM_DATABASE_URL or ./netfreedom.db)."""
    return click.option(
        "--database",
        "database_url",
        metavar="URL|PATH",
        default=None,
        callback=_database_url,
        help="Store: an SQLAlchemy URL or an SQLite file path "
        "(default: $NETFREEDOM_DATABASE_URL, else ./netfreedom.db).",
    )(function)


def _check_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not (value.isascii() and value.isalpha() and 2 <= len(value) <= 3):
        raise click.BadParameter("give a language code such as en or ru")
    return value.lower() if value else value


def language_option(function: F) -> F:
    """The shared ``--language CODE`` option choosing a report's body language."""
    return click.option(
        "--language", default=None, callback=_check_language, metavar="CODE",
        help="Body language of the report, e.g. en or ru (default: en, else any stored).",
    )(function)


def reader_option(function: F) -> F:
    """The shared ``--reader NAME`` option forcing one layout reader."""
    return click.option(
        "--reader", type=click.Choice(sorted(READERS)), default=None, help="Force this layout reader."
    )(function)


def _resolved_url(database_url: str | None) -> str:
    from .store import default_database_url

    return database_url or default_database_url()


def _sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names (``None`` for other databases or a bad URL)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _in_memory(url: str) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def _missing_sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names when that file does not exist (else ``None``)."""
    path = _sqlite_file(url)
    return None if path is None or path.exists() else path


@contextmanager
def open_store(database_url: str | None, *, must_exist: bool = False) -> Iterator[Store]:
    """Open the store; with ``must_exist`` refuse to create a new, empty SQLite file."""
    from .store import Store, StoreError

    url = _resolved_url(database_url)
    if _in_memory(url):
        fail("an in-memory SQLite database keeps nothing: give a file path or a server URL")
    missing = _missing_sqlite_file(url) if must_exist else None
    if missing is not None:
        fail(f"no store at {missing} (ingest reports first, or pass --database)")
    try:
        store = Store(url)
    except StoreError as exc:
        fail(str(exc))
        raise  # unreachable: _fail exits
    try:
        yield store
    finally:
        store.close()


def existing_store(database_url: str | None) -> Store | None:
    """A store for read-only use by ``check``: one the user named, or the default one if it exists."""
    from .store import Store, StoreError

    url = _resolved_url(database_url)
    if _in_memory(url) or _missing_sqlite_file(url):
        return None  # nothing stored there, and check must not create a database
    try:
        return Store(url)
    except StoreError as exc:
        fail(str(exc))
        return None


def dump(assessment: Assessment) -> str:
    return json.dumps(assessment.model_dump(mode="json"), ensure_ascii=False)


def guard(function: F) -> F:
    """Turn unexpected exceptions into one line on stderr and exit 2 (traceback with NETFREEDOM_DEBUG=1)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (SystemExit, click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except MethodologyError as exc:
            fail(str(exc))
        except BrokenPipeError:
            # The reader of our output went away (e.g. `| head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_FINDINGS)
        except Exception as exc:  # last resort: never show a traceback to a user
            from .store import StoreError

            if isinstance(exc, StoreError):
                fail(str(exc))
            if isinstance(exc, OSError) and exc.strerror:
                fail(f"cannot write output: {exc.strerror}")
            if isinstance(exc, MemoryError):
                fail("out of memory")
            if os.environ.get("NETFREEDOM_DEBUG"):
                raise
            fail(f"internal error: {exc.__class__.__name__}: {exc} (set NETFREEDOM_DEBUG=1 for details)")

    return wrapper  # type: ignore[return-value]


