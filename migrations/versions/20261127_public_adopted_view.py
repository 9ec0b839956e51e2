"""public: what the public reads while an amendment is open

Revision ID: 5d0c1e7a9b21
Revises: dfe86aa09a2c
Create Date: 2026-11-27 07:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d0c1e7a9b21"
down_revision: str | None = "dfe86aa09a2c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan_revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("adopted_view", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_revisions", schema=None) as batch_op:
        batch_op.drop_column("adopted_view")
