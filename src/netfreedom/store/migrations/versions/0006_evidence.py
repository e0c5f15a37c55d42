"""Evidence: files, items worth citing, links to editions and indicators, aggregate counts,
reference tables.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05

Creates the tables of :mod:`netfreedom.store.evidence_tables`.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("read_count", sa.Integer(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("problem_count", sa.Integer(), nullable=False),
        sa.Column("first_imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_files"),
        sa.UniqueConstraint("name", "sha256", name="uq_evidence_files_name_sha256"),
    )
    op.create_table(
        "evidence_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_key", sa.String(length=160), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("test_name", sa.String(length=64), nullable=True),
        sa.Column("target", sa.Text(), nullable=True),
        sa.Column("network", sa.String(length=32), nullable=True),
        sa.Column("scope", sa.String(length=32), nullable=True),
        sa.Column("cause", sa.String(length=64), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["evidence_files.id"], name="fk_evidence_items_file_id_evidence_files", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_items"),
        sa.UniqueConstraint("item_key", name="uq_evidence_items_item_key"),
    )
    op.create_index("ix_evidence_items_iso3_start_at", "evidence_items", ["iso3", "start_at"])
    op.create_table(
        "evidence_links",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("edition", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("indicator", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("control", sa.String(length=64), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["evidence_items.id"], name="fk_evidence_links_item_id_evidence_items", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("item_id", "edition", "indicator", "rule", name="pk_evidence_links"),
    )
    op.create_index("ix_evidence_links_iso3_edition_indicator", "evidence_links", ["iso3", "edition", "indicator"])
    op.create_table(
        "evidence_aggregates",
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("test_name", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"], ["evidence_files.id"], name="fk_evidence_aggregates_file_id_evidence_files", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint(
            "file_id", "iso3", "day", "test_name", "target", "verdict", name="pk_evidence_aggregates"
        ),
    )
    op.create_index("ix_evidence_aggregates_iso3_day", "evidence_aggregates", ["iso3", "day"])
    op.create_table(
        "evidence_references",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_references"),
        sa.UniqueConstraint("format", "name", name="uq_evidence_references_format_name"),
    )


def downgrade() -> None:
    op.drop_table("evidence_references")
    op.drop_index("ix_evidence_aggregates_iso3_day", table_name="evidence_aggregates")
    op.drop_table("evidence_aggregates")
    op.drop_index("ix_evidence_links_iso3_edition_indicator", table_name="evidence_links")
    op.drop_table("evidence_links")
    op.drop_index("ix_evidence_items_iso3_start_at", table_name="evidence_items")
    op.drop_table("evidence_items")
    op.drop_table("evidence_files")
