"""Search stems column: Russian word forms on PostgreSQL as on SQLite.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05

Adds ``narrative_paragraphs.stems`` (each paragraph's words stemmed by
:mod:`netfreedom.text.stemming`, the stems SQLite's FTS5 table already held) and re-indexes
every stored assessment (``search.reindex``: the paragraph rows with their stems, and the FTS5
rows on SQLite). On PostgreSQL the two indexes of migration 0002 (the database's own
``russian`` and ``english`` stemmers, which missed forms such as ``блокировок`` and dropped
stop words) give way to one GIN index over ``to_tsvector('simple', stems)``
(``search.PG_INDEX``), so both databases find the same paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from netfreedom.store.search import PG_CONFIGURATION, PG_INDEX, reindex

# revision identifiers, used by Alembic.
revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_PG_DOCUMENT = "translate(text, '<>&', '   ')"
OLD_PG_INDEXES = {
    "ix_narrative_paragraphs_fts_russian": ("russian", "language = 'ru'"),
    "ix_narrative_paragraphs_fts_english": ("english", "language <> 'ru'"),
}
"""The PostgreSQL indexes of migration 0002, dropped here and made again by the downgrade."""


def upgrade() -> None:
    op.add_column("narrative_paragraphs", sa.Column("stems", sa.Text(), server_default="", nullable=False))
    if op.get_context().dialect.name == "postgresql":
        for name in OLD_PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        op.execute(
            f"CREATE INDEX {PG_INDEX} ON narrative_paragraphs USING gin (to_tsvector('{PG_CONFIGURATION}', stems))"
        )
    if not context.is_offline_mode():
        reindex(op.get_bind())


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
        for name, (config, predicate) in OLD_PG_INDEXES.items():
            op.execute(
                f"CREATE INDEX {name} ON narrative_paragraphs "
                f"USING gin (to_tsvector('{config}', {OLD_PG_DOCUMENT})) WHERE {predicate}"
            )
    op.drop_column("narrative_paragraphs", "stems")
