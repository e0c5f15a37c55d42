"""``db``: the store's schema. ``db upgrade`` is the one command (besides ``ingest`` on a new
store) that writes the schema; every other command opens the store without writing."""

from __future__ import annotations

import click

from netfreedom.cli.errors import guard
from netfreedom.cli.support import database_option, open_store


@click.group()
def db() -> None:
    """Create or upgrade the store's schema.

    \b
    Example:
      netfreedom db upgrade --database netfreedom.db
    """


@db.command()
@database_option
@guard
def upgrade(database_url: str | None) -> None:
    """Create the store's tables in an empty database, or bring an older one up to date
    (Alembic migrations, each in one transaction). Idempotent.

    \b
    Example:
      netfreedom db upgrade --database postgresql+psycopg://user@127.0.0.1/netfreedom
    """
    from netfreedom.store.migrate import head_revision

    with open_store(database_url, migrate=True) as store:
        if not store.created:
            click.echo(f"the store at {store.url} is at schema {head_revision()}", err=True)
