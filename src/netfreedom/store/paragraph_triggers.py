"""Creating and dropping a set of triggers on ``narrative_paragraphs`` per database.

The search statistics (:mod:`netfreedom.store.search_statistics`, migration 0018) and the
per-language stem counts (:mod:`netfreedom.store.search_languages`, migration 0022) are each
kept by an insert and a delete trigger: row triggers on SQLite, statement triggers with
transition tables calling a function on PostgreSQL. This module runs such a set for the
connection's database; the statements themselves stay with the table they keep.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection

__all__ = ["TriggerSet", "create_trigger_set", "drop_trigger_set"]


class TriggerSet:
    """The triggers and functions one table's bookkeeping uses: ``sqlite`` and ``postgresql``
    give the ``CREATE`` statements (called when needed); ``triggers`` and ``functions`` the
    names (functions exist on PostgreSQL only)."""

    def __init__(
        self,
        sqlite: Callable[[], Sequence[str]],
        postgresql: Callable[[], Sequence[str]],
        triggers: Sequence[str],
        functions: Sequence[str],
    ) -> None:
        self.sqlite, self.postgresql = sqlite, postgresql
        self.triggers, self.functions = tuple(triggers), tuple(functions)


def create_trigger_set(connection: Connection, triggers: TriggerSet) -> None:
    """Create ``triggers`` on SQLite or PostgreSQL (other databases: nothing). In the caller's
    transaction; database errors propagate (SQLAlchemy exceptions)."""
    dialect = connection.dialect.name
    make = {"sqlite": triggers.sqlite, "postgresql": triggers.postgresql}.get(dialect)
    for statement in make() if make is not None else ():
        connection.exec_driver_sql(statement)


def drop_trigger_set(connection: Connection, triggers: TriggerSet) -> None:
    """Drop what :func:`create_trigger_set` made, if it exists (a migration's downgrade)."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        for name in triggers.triggers:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        for name in triggers.triggers:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON narrative_paragraphs")
        for function in triggers.functions:
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}()")
