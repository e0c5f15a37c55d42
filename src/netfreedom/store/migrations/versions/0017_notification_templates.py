"""Notification templates: an inbox item's message as a template plus values.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

Adds ``notifications.template`` (the item's one-line message as an English template, a gettext
message id) and ``notifications.template_values`` (JSON: the values, labels in every language
the workflow gives), so the inbox page shows an item in the reader's language
(:mod:`netfreedom.web.views.notification_text`). Rows stored before keep ``NULL`` in both and
are shown with their English subject, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("template", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("template_values", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch:
        batch.drop_column("template_values")
        batch.drop_column("template")
