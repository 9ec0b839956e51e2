"""audit events refuse TRUNCATE as they refuse UPDATE and DELETE

Revision ID: 3c7e1f0a9b42
Revises: c7e5d0a1f3b2
Create Date: 2026-11-27 07:05:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3c7e1f0a9b42"
down_revision: str | None = "c7e5d0a1f3b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Row triggers never fire for TRUNCATE; PostgreSQL needs a statement trigger. SQLite has
    # no TRUNCATE: its whole-table DELETE already meets the row trigger that refuses it.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
