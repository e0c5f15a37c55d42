"""Search stems: Russian genitive plurals in ``-ок``/``-ек`` meet the other forms.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05

The stemming of :mod:`netfreedom.text.stemming` changed (the fleeting vowel of
``блокировок`` is dropped, as in ``блокировка``), so the stemmed copies of the paragraphs
were rebuilt here. The rebuild moved to migration 0014, which adds the ``stems`` column
that ``search.reindex`` now writes, so this migration changes nothing any more; it stays
to keep the chain.
"""

from __future__ import annotations

from collections.abc import Sequence

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
