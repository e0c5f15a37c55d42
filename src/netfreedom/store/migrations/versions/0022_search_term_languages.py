"""Search stem counts per report language, kept when paragraphs are written.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06

Creates ``search_term_languages`` (per report language, as the filter term spells it, and
search stem: the paragraphs of that language holding the stem; the empty stem's row: every
paragraph of the language), fills it from the stored paragraphs and creates the triggers on
``narrative_paragraphs`` that keep it from then on (``search_languages.create_triggers``: row
triggers on SQLite, statement triggers on PostgreSQL, beside migration 0018's, which are not
touched). A search filtered to a language then answers "none" from this table, without reading
a full-text index, when a query stem occurs in no paragraph of that language (English words
with ``language=ru``), and PostgreSQL picks between its walk and its GIN index from the
language's own counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from netfreedom.store.search_languages import create_triggers, drop_triggers, recount

# revision identifiers, used by Alembic.
revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_term_languages",
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("paragraphs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("language", "term", name="pk_search_term_languages"),
    )
    if context.is_offline_mode():
        return
    connection = op.get_bind()
    recount(connection)
    create_triggers(connection)
    if connection.dialect.name == "postgresql":
        op.execute("ANALYZE search_term_languages")


def downgrade() -> None:
    if not context.is_offline_mode():
        drop_triggers(op.get_bind())
    op.drop_table("search_term_languages")
