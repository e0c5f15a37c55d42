"""Search vector column: PostgreSQL keeps each paragraph's tsvector instead of recomputing it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06

PostgreSQL only. Adds ``narrative_paragraphs.stems_vector`` (``search.PG_VECTOR``), a stored
generated column ``to_tsvector('simple', stems)``, and moves the GIN index ``search.PG_INDEX``
from the expression onto it. Matching a paragraph and ranking it (``ts_rank``) then read the
stored vector: a search that walks the newest paragraphs to fill a window of matches, or ranks
one, no longer parses every paragraph's stems again (``benchmarks/search.py --postgres``). The
column is computed by the database on every insert or update of ``stems``, so nothing else
writes it. SQLite is left as it is: its FTS5 table already stores the index.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from netfreedom.store.search import PG_CONFIGURATION, PG_INDEX, PG_VECTOR

# revision identifiers, used by Alembic.
revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(
        f"ALTER TABLE narrative_paragraphs ADD COLUMN {PG_VECTOR} tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('{PG_CONFIGURATION}', stems)) STORED"
    )
    op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    op.execute(f"CREATE INDEX {PG_INDEX} ON narrative_paragraphs USING gin ({PG_VECTOR})")
    op.execute("ANALYZE narrative_paragraphs")  # the table was rewritten: fresh statistics for the planner


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    op.execute(f"ALTER TABLE narrative_paragraphs DROP COLUMN {PG_VECTOR}")
    op.execute(f"CREATE INDEX {PG_INDEX} ON narrative_paragraphs USING gin (to_tsvector('{PG_CONFIGURATION}', stems))")
