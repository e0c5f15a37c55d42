"""Alembic environment of the netfreedom store.

Runs on the connection passed in ``config.attributes["connection"]`` (what
:func:`netfreedom.store.migrate.upgrade` does), else on a new engine for the
``sqlalchemy.url`` option or the default database URL. ``target_metadata`` is the metadata of
:mod:`netfreedom.store.tables`, so ``alembic revision --autogenerate`` compares against it.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from netfreedom.store.search import include_name
from netfreedom.store.settings import default_database_url
from netfreedom.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        include_name=include_name,  # type: ignore[arg-type]  # full-text objects outside the tables
        render_as_batch=True,  # ALTER on SQLite needs batch mode; harmless elsewhere
    )


def run_migrations_offline() -> None:
    """Write the SQL to stdout instead of running it (``alembic upgrade --sql``)."""
    url = config.get_main_option("sqlalchemy.url") or default_database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        include_name=include_name,  # type: ignore[arg-type]
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a new engine."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or default_database_url()
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as new_connection:
            _configure(new_connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
