"""Search stems: Russian genitive plurals in ``-ок``/``-ек`` meet the other forms.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

The stemming of :mod:`netfreedom.text.stemming` changed (the fleeting vowel of
``блокировок`` is dropped, as in ``блокировка``), so the stemmed copies of the paragraphs
are rebuilt (``search.reindex``). No table changes. On PostgreSQL the paragraphs are matched
with the database's own text-search configurations, which hold no stored stems, so the
rebuild changes nothing there but is harmless.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import context, op

from netfreedom.store.search import reindex

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if not context.is_offline_mode():
        reindex(op.get_bind())


def downgrade() -> None:
    if not context.is_offline_mode():
        reindex(op.get_bind())
