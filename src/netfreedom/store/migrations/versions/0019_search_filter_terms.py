"""Search filter terms: edition, language, location and country are terms of the full-text index.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06

A filtered search used to read the row of each match to compare its edition, language,
indicator or country. Now each paragraph is indexed with four filter terms
(``search.filter_terms``) and a filter is one more term of the full-text query, answered from
the index:

* SQLite: the FTS5 table ``search.FTS_TABLE`` is made again with a second column ``facets``
  (``search.FTS_FACETS``) and filled from the stored paragraphs; the trigger
  ``search.FTS_INSERT_TRIGGER`` writes each new paragraph's FTS row (Python wrote it before).
* PostgreSQL: the stored vector ``search.PG_VECTOR`` is generated from
  ``search.PG_VECTOR_EXPRESSION`` (the stems and the filter terms after ``_``), and its GIN
  index made again.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from netfreedom.store.search import (
    FTS_FACETS,
    FTS_INSERT_TRIGGER,
    FTS_TABLE,
    PG_CONFIGURATION,
    PG_INDEX,
    PG_VECTOR,
    PG_VECTOR_EXPRESSION,
)

# revision identifiers, used by Alembic.
revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"


def _pg_vector(expression: str) -> None:
    op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    op.execute(f"ALTER TABLE narrative_paragraphs DROP COLUMN IF EXISTS {PG_VECTOR}")
    op.execute(
        f"ALTER TABLE narrative_paragraphs ADD COLUMN {PG_VECTOR} tsvector GENERATED ALWAYS AS ({expression}) STORED"
    )
    op.execute(f"CREATE INDEX {PG_INDEX} ON narrative_paragraphs USING gin ({PG_VECTOR})")
    op.execute("ANALYZE narrative_paragraphs")


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "postgresql":
        _pg_vector(PG_VECTOR_EXPRESSION)
    elif dialect == "sqlite":
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        op.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(stems, facets, {TOKENIZE})")
        op.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, stems, facets) "
            f"SELECT id, stems, {FTS_FACETS.format(row='narrative_paragraphs')} FROM narrative_paragraphs"
        )
        op.execute(
            f"CREATE TRIGGER {FTS_INSERT_TRIGGER} AFTER INSERT ON narrative_paragraphs BEGIN "
            f"INSERT INTO {FTS_TABLE} (rowid, stems, facets) VALUES (new.id, new.stems, {FTS_FACETS.format(row='new')}); "
            f"END"
        )


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "postgresql":
        _pg_vector(f"to_tsvector('{PG_CONFIGURATION}', stems)")
    elif dialect == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {FTS_INSERT_TRIGGER}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        op.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(stems, {TOKENIZE})")
        op.execute(f"INSERT INTO {FTS_TABLE} (rowid, stems) SELECT id, stems FROM narrative_paragraphs")
