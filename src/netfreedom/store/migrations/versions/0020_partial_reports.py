"""Partial reports: a stored ``partial`` flag on reports and scorecards, and what is missing.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06

Adds ``assessments.partial`` and ``assessments.missing``
(:attr:`netfreedom.model.assessment.Assessment.partial` and ``missing_values()`` of the
stored document), ``scorecards.partial`` and ``scorecards.missing`` (the values of a
country-edition no source gave: :func:`netfreedom.model.completeness.card_missing`), then
fills them from what is stored: each assessment's flag and values from its document (a document that no
longer validates is left not partial), and every scorecard rebuilt from the current
observations and reports (:func:`netfreedom.store.scorecards.backfill_scorecards`; this is
where migration 0005's backfill now runs, as it uses the current tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import context, op
from pydantic import ValidationError
from sqlalchemy.orm import Session

from netfreedom.model.assessment import Assessment
from netfreedom.store.scorecards import backfill_scorecards

# revision identifiers, used by Alembic.
revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 200


def upgrade() -> None:
    # plain ALTER TABLE ... ADD COLUMN: a batch copy of ``assessments`` on SQLite would drop the table
    # its dependants cascade from, and with it the search index, narratives and findings
    for table in ("assessments", "scorecards"):
        op.add_column(table, sa.Column("partial", sa.Boolean(), server_default=sa.false(), nullable=False))
        op.add_column(table, sa.Column("missing", sa.JSON(), nullable=True))
    if context.is_offline_mode():
        return
    connection = op.get_bind()
    assessments = sa.table("assessments", sa.column("id", sa.Integer), sa.column("document", sa.JSON))
    flags = sa.table(
        "assessments", sa.column("id", sa.Integer), sa.column("partial", sa.Boolean), sa.column("missing", sa.JSON)
    )
    ids = list(connection.scalars(sa.select(assessments.c.id).order_by(assessments.c.id)))
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        rows = connection.execute(
            sa.select(assessments.c.id, assessments.c.document).where(assessments.c.id.in_(chunk))
        )
        for row_id, document in rows.all():
            try:
                missing = Assessment.model_validate(document).missing_values()
            except ValidationError:
                continue
            if missing:  # complete rows keep the defaults: not partial, nothing missing
                connection.execute(sa.update(flags).where(flags.c.id == row_id).values(partial=True, missing=missing))
    session = Session(bind=connection)
    try:
        backfill_scorecards(session, datetime.now(UTC))
        session.flush()
    finally:
        session.close()


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as in upgrade
    for table, column in (("scorecards", "missing"), ("scorecards", "partial"), ("assessments", "missing")):
        op.drop_column(table, column)
    op.drop_column("assessments", "partial")
