"""Scorecards: one prepared row per country and edition, from every source.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

Creates ``scorecards`` (``tables.ScorecardRow``). The cards of every country already
stored, from its current observations and reports, are built by the latest migration that
changes these tables (today 0020, which added ``partial``): the backfill uses the current
code (:func:`netfreedom.store.scorecards.backfill_scorecards`). From then on every write
that changes observations rebuilds the cards of its countries in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scorecards",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("country_name", sa.String(length=255), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=True),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("status_derived", sa.Boolean(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("converted", sa.JSON(), nullable=False),
        sa.Column("published_scale", sa.String(length=32), nullable=True),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("source_note", sa.Text(), nullable=True),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("reader", sa.String(length=64), nullable=True),
        sa.Column("reader_version", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("report_languages", sa.JSON(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("ranked", sa.Integer(), nullable=True),
        sa.Column("previous_edition", sa.Integer(), nullable=True),
        sa.Column("previous_total", sa.Integer(), nullable=True),
        sa.Column("change", sa.Integer(), nullable=True),
        sa.Column("change_source", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scorecards"),
        sa.UniqueConstraint("iso3", "edition", name="uq_scorecards_iso3_edition"),
    )
    op.create_index("ix_scorecards_edition_total", "scorecards", ["edition", "total"])


def downgrade() -> None:
    op.drop_index("ix_scorecards_edition_total", table_name="scorecards")
    op.drop_table("scorecards")
