"""Per-value provenance: sources, observations and conflicts.

Revision ID: 0003
Revises: 0002
Create Date: 2025-03-01

Creates ``sources``, ``observations`` and ``conflicts`` (``tables.SourceRow``,
``tables.ObservationRow``, ``tables.ConflictRow``), then records the assessments already
stored: one report source and its observations per current assessment, and the conflicts
among them (``provenance.backfill``). Replaced revisions are not turned into observations:
value history starts with this migration. The backfill uses the current code: if a later
migration changes these tables, move the backfill there.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from netfreedom.store.provenance import backfill

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CURRENT = "superseded_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("source_key", sa.String(length=64), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=True),
        sa.Column("edition", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("reader", sa.String(length=64), nullable=False),
        sa.Column("reader_version", sa.String(length=64), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("provenance", sa.JSON(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("kind", "name", "source_key", name="uq_sources_kind_name_source_key"),
    )
    op.create_index("ix_sources_iso3_edition", "sources", ["iso3", "edition"])

    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("raw_value", sa.Text(), nullable=False),
        sa.Column("published_scale", sa.String(length=32), nullable=False),
        sa.Column("published_value", sa.Integer(), nullable=True),
        sa.Column("max", sa.Integer(), nullable=True),
        sa.Column("current_value", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("converted", sa.Boolean(), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reader", sa.String(length=64), nullable=False),
        sa.Column("reader_version", sa.String(length=64), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name="fk_observations_source_id_sources",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_observations"),
    )
    op.create_index("ix_observations_iso3_edition", "observations", ["iso3", "edition"])
    op.create_index("ix_observations_source_id", "observations", ["source_id"])
    op.create_index(
        "ix_observations_current_slot",
        "observations",
        ["source_id", "iso3", "edition", "occurrence", "field"],
        unique=True,
        sqlite_where=sa.text(_CURRENT),
        postgresql_where=sa.text(_CURRENT),
    )

    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("observation_id", sa.Integer(), nullable=False),
        sa.Column("other_observation_id", sa.Integer(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observations.id"],
            name="fk_conflicts_observation_id_observations",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_observation_id"],
            ["observations.id"],
            name="fk_conflicts_other_observation_id_observations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_conflicts"),
        sa.UniqueConstraint(
            "observation_id",
            "other_observation_id",
            name="uq_conflicts_observation_id_other_observation_id",
        ),
    )
    op.create_index("ix_conflicts_iso3_edition", "conflicts", ["iso3", "edition"])

    if not context.is_offline_mode():
        backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_conflicts_iso3_edition", table_name="conflicts")
    op.drop_table("conflicts")
    op.drop_index("ix_observations_current_slot", table_name="observations")
    op.drop_index("ix_observations_source_id", table_name="observations")
    op.drop_index("ix_observations_iso3_edition", table_name="observations")
    op.drop_table("observations")
    op.drop_index("ix_sources_iso3_edition", table_name="sources")
    op.drop_table("sources")
