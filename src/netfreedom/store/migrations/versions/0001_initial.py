"""Initial schema: assessments, their scores and findings, and replaced revisions.

Revision ID: 0001
Revises:
Create Date: 2024-12-01

Written by hand to create exactly the tables of ``netfreedom/store/tables.py`` as first
released; constraint and index names follow ``tables.NAMING_CONVENTION``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("country_name", sa.String(length=255), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("scale", sa.String(length=32), nullable=False),
        sa.Column("methodology", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("previous_total", sa.Integer(), nullable=True),
        sa.Column("previous_status", sa.String(length=32), nullable=True),
        sa.Column("coverage_start", sa.Date(), nullable=True),
        sa.Column("coverage_end", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("source_file_name", sa.Text(), nullable=True),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("reader", sa.String(length=64), nullable=True),
        sa.Column("reader_version", sa.String(length=64), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        sa.UniqueConstraint("iso3", "edition", "language", name="uq_assessments_iso3_edition_language"),
    )
    op.create_index("ix_assessments_iso3_edition", "assessments", ["iso3", "edition"])

    op.create_table(
        "category_scores",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("max", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_category_scores_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "category_id", name="pk_category_scores"),
    )

    op.create_table(
        "indicator_scores",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=16), nullable=False),
        sa.Column("category_id", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("max", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_indicator_scores_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "position", name="pk_indicator_scores"),
    )
    op.create_index("ix_indicator_scores_indicator_id", "indicator_scores", ["indicator_id"])

    op.create_table(
        "findings",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("location", sa.String(length=255), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_findings_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "position", name="pk_findings"),
    )

    op.create_table(
        "assessment_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("source_file_name", sa.Text(), nullable=True),
        sa.Column("source_sha256", sa.String(length=64), nullable=True),
        sa.Column("reader", sa.String(length=64), nullable=True),
        sa.Column("reader_version", sa.String(length=64), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessment_revisions"),
        sa.UniqueConstraint(
            "iso3",
            "edition",
            "language",
            "revision",
            name="uq_assessment_revisions_iso3_edition_language_revision",
        ),
    )
    op.create_index("ix_assessment_revisions_iso3_edition", "assessment_revisions", ["iso3", "edition"])


def downgrade() -> None:
    op.drop_index("ix_assessment_revisions_iso3_edition", table_name="assessment_revisions")
    op.drop_table("assessment_revisions")
    op.drop_table("findings")
    op.drop_index("ix_indicator_scores_indicator_id", table_name="indicator_scores")
    op.drop_table("indicator_scores")
    op.drop_table("category_scores")
    op.drop_index("ix_assessments_iso3_edition", table_name="assessments")
    op.drop_table("assessments")
