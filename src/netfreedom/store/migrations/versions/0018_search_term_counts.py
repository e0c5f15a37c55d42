"""Search term counts: the statistics a search ranks with, kept when paragraphs are written.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06

Creates ``search_terms`` (per search stem: paragraphs holding it and its occurrences; the row
of the empty stem: every paragraph and every stem) and ``narrative_paragraph_terms`` (per
paragraph: its number of stems and the stems it repeats), fills them from the stored
paragraphs, and creates the triggers on ``narrative_paragraphs`` that keep them from then on
(``search_statistics.create_triggers``: row triggers on SQLite, statement triggers on
PostgreSQL). A search then ranks a window of matches by BM25 from these rows
(``search_statistics.rank_window``) instead of FTS5's ``bm25()``, which counted every match of
each query stem in the whole index, or PostgreSQL's ``ts_rank``, which read each match's vector.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from netfreedom.store.search_statistics import create_triggers, drop_triggers, recount

# revision identifiers, used by Alembic.
revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_terms",
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name="pk_search_terms"),
    )
    op.create_table(
        "narrative_paragraph_terms",
        sa.Column("paragraph_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=False),
        sa.Column("repeats", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["narrative_paragraphs.id"],
            name="fk_narrative_paragraph_terms_paragraph_id_narrative_paragraphs",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("paragraph_id", name="pk_narrative_paragraph_terms"),
    )
    if context.is_offline_mode():
        return
    connection = op.get_bind()
    recount(connection)
    create_triggers(connection)
    if connection.dialect.name == "postgresql":
        op.execute("ANALYZE search_terms")
        op.execute("ANALYZE narrative_paragraph_terms")


def downgrade() -> None:
    if not context.is_offline_mode():
        drop_triggers(op.get_bind())
    op.drop_table("narrative_paragraph_terms")
    op.drop_table("search_terms")
