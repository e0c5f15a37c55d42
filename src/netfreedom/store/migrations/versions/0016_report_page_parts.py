"""Report page parts: each stored report's page body, prepared once per revision and interface language.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06

Creates ``report_page_parts`` (:class:`netfreedom.store.page_tables.ReportPagePartsRow`). It
starts empty: the site prepares a report's parts (its page per interface language, its API
answer) the first time they are asked for after the report is stored
(:mod:`netfreedom.web.views.prepared`), and keeps them until the report is stored anew.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_page_parts",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=64), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("pieces", sa.JSON(), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("html", sa.LargeBinary(), nullable=False),
        sa.Column("deflate", sa.LargeBinary(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_report_page_parts_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "part", name="pk_report_page_parts"),
    )


def downgrade() -> None:
    op.drop_table("report_page_parts")
