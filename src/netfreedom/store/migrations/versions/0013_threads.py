"""Comment threads: ``draft_threads``; every comment belongs to a thread and records its stage.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05

Creates ``draft_threads`` and adds ``thread_id`` and ``stage`` to ``draft_comments``
(:mod:`netfreedom.store.draft_tables`). Every comment stored before becomes the first comment
of a thread of its own, open, opened by its author at its time (stage: the draft's stage now).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "draft_threads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=16), nullable=True),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name=op.f("fk_draft_threads_draft_id_drafts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_threads")),
    )
    with op.batch_alter_table("draft_threads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_threads_draft_id"), ["draft_id"], unique=False)
    with op.batch_alter_table("draft_comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("thread_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("stage", sa.String(length=32), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_draft_comments_thread_id_draft_threads"),
            "draft_threads",
            ["thread_id"],
            ["id"],
            ondelete="CASCADE",
        )
    _threads_for_old_comments()


def _threads_for_old_comments() -> None:
    bind = op.get_bind()
    meta = sa.MetaData()
    comments = sa.Table("draft_comments", meta, autoload_with=bind)
    threads = sa.Table("draft_threads", meta, autoload_with=bind)
    drafts = sa.Table("drafts", meta, autoload_with=bind)
    old = bind.execute(
        sa.select(comments.c.id, comments.c.draft_id, comments.c.indicator_id, comments.c.author, comments.c.at,
                  drafts.c.state)
        .join(drafts, drafts.c.id == comments.c.draft_id)
        .where(comments.c.thread_id.is_(None))
        .order_by(comments.c.id)
    ).all()  # fmt: skip
    for comment_id, draft_id, indicator_id, author, at, state in old:
        key = bind.execute(
            threads.insert().values(draft_id=draft_id, indicator_id=indicator_id, opened_by=author, opened_at=at,
                                    stage=state, status="open", resolved_by=None, resolved_at=None)
        ).inserted_primary_key  # fmt: skip
        assert key is not None
        thread_id = key[0]
        bind.execute(comments.update().where(comments.c.id == comment_id).values(thread_id=thread_id, stage=state))


def downgrade() -> None:
    with op.batch_alter_table("draft_comments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_draft_comments_thread_id_draft_threads"), type_="foreignkey")
        batch_op.drop_column("stage")
        batch_op.drop_column("thread_id")
    with op.batch_alter_table("draft_threads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_threads_draft_id"))
    op.drop_table("draft_threads")
