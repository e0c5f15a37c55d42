"""Shared pieces of the command line: options, opening the store, one-line errors.

Used by :mod:`netfreedom.cli.main`; nothing here is a command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from netfreedom.cli.errors import EXIT_USAGE, display, fail

if TYPE_CHECKING:
    from rich.console import Console

    from netfreedom.model.assessment import Assessment
    from netfreedom.store import Store

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "EDITION",
    "EXIT_USAGE",
    "ROW_ID",
    "console",
    "database_option",
    "display",
    "dump",
    "existing_store",
    "fail",
    "json_option",
    "language_option",
    "open_store",
    "read_input_file",
    "reader_option",
]


EDITION = click.IntRange(1900, 2200)
"""Edition years the command line accepts (FOTN editions run from 2009; room for any)."""

ROW_ID = click.IntRange(1, 2**63 - 1)
"""Ids and revision numbers the command line accepts: positive and within the databases' 64-bit
integers (a larger number is a usage error, never a database overflow)."""


def read_input_file(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, at most 64 MiB, as every command reads an
    input (``netfreedom.ingest.formats.files.read_input_bytes``): a FIFO, a device such as
    ``/dev/zero``, a folder or a larger file raise
    :class:`~netfreedom.errors.UnreadableInputError`, one line naming the file, instead of
    blocking or filling memory."""
    from netfreedom.ingest.formats.files import read_input_bytes

    return read_input_bytes(path)


def console() -> Console:
    """A rich console for tables and assessments (imported on use: --help stays fast)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich exits 1 when the reader goes away (``| head``); for us that is a normal end.
            from netfreedom.cli.errors import _quiet_closed_pipe

            self.quiet = True
            _quiet_closed_pipe()

    return _Console(highlight=False, soft_wrap=False)


def json_option(function: F) -> F:
    """The shared ``--json`` flag: print JSON (JSON Lines for several items) instead of tables."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")(function)


def _database_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A plain file path given to --database means an SQLite file there (the store's one rule,
    also used for $NETFREEDOM_DATABASE_URL)."""
    from netfreedom.store.settings import database_url

    return None if value is None else database_url(value)


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
        "--language",
        default=None,
        callback=_check_language,
        metavar="CODE",
        help="Body language of the report, e.g. en or ru (default: en, else any stored).",
    )(function)


class LazyChoice(click.Choice):  # type: ignore[type-arg]
    """A :class:`click.Choice` whose choices are computed on first use (help or parsing),
    so that defining a command imports nothing heavy."""

    def __init__(self, load: Callable[[], list[str]]) -> None:
        self._load = load
        self._loaded: list[str] | None = None
        self.case_sensitive = True

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    @choices.setter
    def choices(self, value: Any) -> None:
        self._loaded = list(value)


def _reader_names() -> list[str]:
    from netfreedom.ingest import READERS

    return sorted(READERS)


def reader_option(function: F) -> F:
    """The shared ``--reader NAME`` option forcing one layout reader."""
    return click.option("--reader", type=LazyChoice(_reader_names), default=None, help="Force this layout reader.")(
        function
    )


def _resolved_url(database_url: str | None) -> str:
    from netfreedom.store import default_database_url

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
def open_store(
    database_url: str | None, *, must_exist: bool = False, migrate: bool = False, announce: bool = True
) -> Iterator[Store]:
    """Open the store. With ``must_exist`` refuse to create a new, empty SQLite file; with
    ``migrate`` create or upgrade its schema first, saying so on stderr when it was created
    (unless ``announce`` is false: --json output).
    Without ``migrate`` nothing is written (a read-only database file works)."""
    from netfreedom.store import Store, StoreError

    url = _resolved_url(database_url)
    if _in_memory(url):
        fail("an in-memory SQLite database keeps nothing: give a file path or a server URL")
    missing = _missing_sqlite_file(url) if must_exist else None
    if missing is not None:
        fail(f"no store at {missing} (ingest reports first, or pass --database)")
    try:
        store = Store(url, migrate=migrate)
    except StoreError as exc:
        fail(str(exc))
    if store.created and announce:
        click.echo(f"created a new store at {store.url}", err=True)
    try:
        yield store
    finally:
        store.close()


def existing_store(database_url: str | None) -> Store | None:
    """A store for read-only use by ``check``: one the user named, or the default one if it exists."""
    from netfreedom.store import Store, StoreError

    url = _resolved_url(database_url)
    if _in_memory(url) or _missing_sqlite_file(url):
        return None  # nothing stored there, and check must not create a database
    try:
        return Store(url)
    except StoreError as exc:
        fail(str(exc))


def dump(assessment: Assessment) -> str:
    return json.dumps(assessment.model_dump(mode="json"), ensure_ascii=False)


def country_code(text: str) -> str:
    """The ISO alpha-3 code of a country named on the command line. A name that nearly
    spells one country is taken as it, with a note on stderr; otherwise raises
    :class:`~netfreedom.errors.UnknownCountryError` (its message suggests close names)."""
    from netfreedom.errors import UnknownCountryError
    from netfreedom.model.countries import resolve_country

    try:
        return resolve_country(text).iso3
    except UnknownCountryError:
        country = resolve_country(text, fuzzy=True)
        click.echo(f"note: taking {text!r} as {country.name} ({country.iso3})", err=True)
        return country.iso3
