"""Run the store's Alembic migrations from inside the package.

The Alembic environment lives in ``netfreedom/store/migrations`` and is configured here in
code (no ``alembic.ini``), so it works the same from a checkout and from an installed wheel.
:class:`~netfreedom.store.Store` calls :func:`upgrade` only when opened with ``migrate=True``
(``netfreedom db upgrade``, and ``ingest``); other commands and the site never write the schema.
"""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

SCRIPT_LOCATION = "netfreedom.store:migrations"
"""Alembic ``script_location`` as a package resource (``package:folder``)."""


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic :class:`~alembic.config.Config` for the store's migrations.

    With ``connection`` the migrations run on it (inside its transaction); else on a new
    engine for ``url`` (or the default database URL when ``url`` is ``None``). Usable with
    any ``alembic.command`` function, e.g. ``command.revision(alembic_config(), ...)``.
    """
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str | None:
    """The newest migration revision shipped with this version of netfreedom."""
    return _scripts().get_current_head()


def is_known_revision(revision: str) -> bool:
    """Whether ``revision`` is one of the migrations shipped with this version."""
    return any(script.revision == revision for script in _scripts().walk_revisions())


def current_revision(connection: Connection) -> str | None:
    """The migration revision the database on ``connection`` is at (``None``: empty)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database of ``engine`` to ``revision`` (default: the newest) in one transaction.

    Idempotent: a database already there is left as it is. Raises
    ``alembic.util.CommandError`` when the database is at a revision these migrations do not
    know (written by a newer netfreedom) and SQLAlchemy errors when the database is
    unreachable; the transaction is rolled back in both cases.
    """
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
