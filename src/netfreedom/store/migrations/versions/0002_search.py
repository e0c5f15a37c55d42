"""Full-text search: narrative paragraphs and their index.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-15

Creates ``narrative_paragraphs`` (``tables.NarrativeParagraphRow``) and the full-text index
of its database (see :mod:`netfreedom.store.search`):

* SQLite: the FTS5 table ``narrative_paragraphs_fts`` of stemmed paragraphs and a trigger
  that deletes a paragraph's FTS row with the paragraph;
* PostgreSQL: partial GIN indexes over ``to_tsvector('russian', …)`` (rows in Russian)
  and ``to_tsvector('english', …)`` (the others) of ``search.PG_DOCUMENT``, the text with
  ``<``, ``>``, ``&`` made spaces.

The PostgreSQL indexes were replaced by migration 0014 (one index over the stored stems);
their definition is kept here as it was. The table is filled from the assessments already
stored by migration 0014 (``search.reindex`` writes the columns of the current code, among
them 0014's ``stems``), so this migration leaves it empty.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from netfreedom.store.search import FTS_DELETE_TRIGGER, FTS_TABLE

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_MARKUP = "<>&"
PG_DOCUMENT = f"translate(text, '{PG_MARKUP}', '{' ' * len(PG_MARKUP)}')"
"""The text the PostgreSQL indexes of this migration index: ``<``, ``>``, ``&`` made spaces."""

PG_INDEXES = {
    "ix_narrative_paragraphs_fts_russian": ("russian", "language = 'ru'"),
    "ix_narrative_paragraphs_fts_english": ("english", "language <> 'ru'"),
}
"""PostgreSQL GIN index name -> (text-search configuration, partial-index predicate), each over
``to_tsvector(configuration, PG_DOCUMENT)``; dropped by migration 0014."""


def upgrade() -> None:
    op.create_table(
        "narrative_paragraphs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("location", sa.String(length=32), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_narrative_paragraphs_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_narrative_paragraphs"),
        sa.UniqueConstraint(
            "assessment_id",
            "location",
            "paragraph",
            name="uq_narrative_paragraphs_assessment_id_location_paragraph",
        ),
    )
    op.create_index("ix_narrative_paragraphs_iso3_edition", "narrative_paragraphs", ["iso3", "edition"])
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(stems, tokenize = 'unicode61 remove_diacritics 0')")
        op.execute(
            f"CREATE TRIGGER {FTS_DELETE_TRIGGER} AFTER DELETE ON narrative_paragraphs "
            f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END"
        )
    elif dialect == "postgresql":
        for name, (config, predicate) in PG_INDEXES.items():
            op.execute(
                f"CREATE INDEX {name} ON narrative_paragraphs "
                f"USING gin (to_tsvector('{config}', {PG_DOCUMENT})) WHERE {predicate}"
            )


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {FTS_DELETE_TRIGGER}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif dialect == "postgresql":
        for name in PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_narrative_paragraphs_iso3_edition", table_name="narrative_paragraphs")
    op.drop_table("narrative_paragraphs")
