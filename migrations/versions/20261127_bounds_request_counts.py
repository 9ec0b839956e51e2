"""request counts for rate limits shared by every worker

Revision ID: 7c3e9b1d4a20
Revises: 5d0c1e7a9b21
Create Date: 2026-11-27 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3e9b1d4a20"
down_revision: str | None = "5d0c1e7a9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "request_counts",
        sa.Column("bucket", sa.String(length=100), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "window_start", name=op.f("pk_request_counts")),
    )
    with op.batch_alter_table("request_counts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_counts_window_start"), ["window_start"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("request_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_counts_window_start"))
    op.drop_table("request_counts")
