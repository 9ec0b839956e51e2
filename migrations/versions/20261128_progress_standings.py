"""progress_standings: each (plan, measure key, organisation)'s reports summed up, what the
progress matrix reads (progress/standings.py), filled from the reports already stored

Revision ID: 7c2e9a4d1b36
Revises: 5b0c3e1f7a2d
Create Date: 2026-11-28 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c2e9a4d1b36"
down_revision: str | None = "5b0c3e1f7a2d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    columns = []
    for basis in ("current", "submitted"):
        columns += [
            sa.Column(f"{basis}_reports", sa.Integer(), nullable=False),
            sa.Column(f"{basis}_latest", sa.Integer(), nullable=True),
            sa.Column(f"{basis}_periods", sa.BigInteger(), nullable=False),
            sa.Column(f"{basis}_late", sa.Integer(), nullable=False),
            sa.Column(f"{basis}_drafts", sa.Integer(), nullable=False),
            sa.Column(f"{basis}_first", sa.DateTime(timezone=True), nullable=True),
        ]
    op.create_table(
        "progress_standings",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_progress_standings_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_progress_standings_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "plan_id", "measure_key", "organization_id", name=op.f("pk_progress_standings")
        ),
    )
    with op.batch_alter_table("progress_standings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_standings_organization_id"), ["organization_id"], unique=False
        )
    # The reports stored so far, summed up by the code that keeps the table from now on.
    from uplift.progress import standings

    standings.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("progress_standings")
