"""Search walk indexes (PostgreSQL): each filter's paragraphs newest first.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06

The first window of a PostgreSQL search (``store/search_postgres.py``) walks the newest
paragraphs one by one before it asks the GIN index. With a filter (edition, country, indicator,
report language) it walks only the paragraphs of the filter's value, newest first, through one of
these indexes on ``(expression, -id)`` (``-id``: an order the primary key cannot give, so the planner
cannot walk it instead) (``search_postgres.WALK_INDEXES``; the expression is the
one the filter term of the stored vector is made of), so an edition filter reads ~2,000 rows of
that edition instead of the GIN index's every match. SQLite needs none: its FTS5 index holds
the filter terms in id order. ~1 s on 129,866 paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from netfreedom.store.search_postgres import WALK_INDEXES

# revision identifiers, used by Alembic.
revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for name, expression in WALK_INDEXES.values():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON narrative_paragraphs (({expression}), (-id))")
    op.execute("ANALYZE narrative_paragraphs")


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for name, _ in WALK_INDEXES.values():
        op.execute(f"DROP INDEX IF EXISTS {name}")
