"""TOTP replay: the last time step accepted per account.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

Adds ``accounts.totp_last_step`` (:class:`netfreedom.store.account_tables.AccountRow`): the
RFC 6238 time step (Unix seconds // 30) of the last TOTP code accepted, so that a code is never
accepted twice within its window. Empty for every existing account.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
