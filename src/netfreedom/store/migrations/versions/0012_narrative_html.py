"""Narrative HTML: each stored assessment's narrative as safe HTML, built when it is stored.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

Creates ``narrative_html`` (:class:`netfreedom.store.tables.NarrativeHtmlRow`) and builds
the narrative of every stored assessment (:func:`netfreedom.store.narratives.rebuild_narratives`),
so that country pages read it rather than build it on every request.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from netfreedom.store.narratives import rebuild_narratives

# revision identifiers, used by Alembic.
revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "narrative_html",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("format", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_narrative_html_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", name="pk_narrative_html"),
    )
    if not context.is_offline_mode():
        rebuild_narratives(op.get_bind())


def downgrade() -> None:
    op.drop_table("narrative_html")
