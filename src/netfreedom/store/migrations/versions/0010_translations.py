"""Translations of drafts: text per part, the original's revision each part follows, audit,
publications.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

Creates ``draft_translations``, ``draft_translation_parts``, ``draft_translation_audit`` and
``draft_translation_publications`` (:mod:`netfreedom.store.translation_tables`).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "draft_translations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("translator", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("published_revision", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name=op.f("fk_draft_translations_draft_id_drafts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_translations")),
        sa.UniqueConstraint("draft_id", "language", name=op.f("uq_draft_translations_draft_id_language")),
    )
    op.create_table(
        "draft_translation_parts",
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=True),
        sa.Column("follows", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["draft_translations.id"],
            name=op.f("fk_draft_translation_parts_translation_id_draft_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("translation_id", "part", name=op.f("pk_draft_translation_parts")),
    )
    op.create_table(
        "draft_translation_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["draft_translations.id"],
            name=op.f("fk_draft_translation_audit_translation_id_draft_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_translation_audit")),
    )
    with op.batch_alter_table("draft_translation_audit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_draft_translation_audit_translation_id_revision"), ["translation_id", "revision"]
        )
    op.create_table(
        "draft_translation_publications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.Column("report_revision", sa.Integer(), nullable=False),
        sa.Column("original_revision", sa.Integer(), nullable=False),
        sa.Column("follows", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["draft_translations.id"],
            name=op.f("fk_draft_translation_publications_translation_id_draft_translations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_translation_publications")),
    )
    with op.batch_alter_table("draft_translation_publications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_translation_publications_translation_id"), ["translation_id"])


def downgrade() -> None:
    with op.batch_alter_table("draft_translation_publications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_translation_publications_translation_id"))
    op.drop_table("draft_translation_publications")
    with op.batch_alter_table("draft_translation_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_translation_audit_translation_id_revision"))
    op.drop_table("draft_translation_audit")
    op.drop_table("draft_translation_parts")
    op.drop_table("draft_translations")
