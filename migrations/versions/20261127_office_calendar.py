"""The government office calendar: its loaded years and every day of them

Revision ID: 5b1e7c3a9d20
Revises: c2357f18df90
Create Date: 2026-11-27 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b1e7c3a9d20"
down_revision: str | None = "c2357f18df90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "office_calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_office_calendar_years")),
    )
    op.create_table(
        "office_calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=50), nullable=True),
        sa.ForeignKeyConstraint(
            ["year"],
            ["office_calendar_years.year"],
            name=op.f("fk_office_calendar_days_year_office_calendar_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_office_calendar_days")),
    )
    op.create_index(
        op.f("ix_office_calendar_days_year"), "office_calendar_days", ["year"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_office_calendar_days_year"), table_name="office_calendar_days")
    op.drop_table("office_calendar_days")
    op.drop_table("office_calendar_years")
