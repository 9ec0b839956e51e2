"""procrastinate's schema (the job queue on PostgreSQL); nothing on SQLite

The installed package's own schema.sql (procrastinate 3.10), applied as it ships: the
outbox (kit/outbox.py) defers a procrastinate job beside each outbox job on PostgreSQL and
`uplift worker` runs them (kit/queue.py). A later procrastinate release brings its schema
changes as SQL files (procrastinate/sql/migrations): each becomes a migration here.

Revision ID: 5b0c3e1f7a2d
Revises: cbd09ffa7cf3
Create Date: 2026-11-28 00:00:00
"""

from collections.abc import Sequence

from alembic import op
from procrastinate.schema import SchemaManager

revision: str = "5b0c3e1f7a2d"
down_revision: str | None = "cbd09ffa7cf3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every object procrastinate made (tables, their triggers, functions, types), by name.
DROP_PROCRASTINATE = r"""
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN SELECT tablename FROM pg_tables
        WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate\_%'
    LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.tablename);
    END LOOP;
    FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\_%'
    LOOP
        EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', item.signature);
    END LOOP;
    FOR item IN SELECT t.typname FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate\_%'
            AND t.typtype IN ('c', 'e')
    LOOP
        EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', item.typname);
    END LOOP;
END
$$;
"""


def _execute(sql: str) -> None:
    """Through the driver's own cursor, with no parameters: the SQL is run as written (its
    % and : are not placeholders), several statements at once."""
    cursor = op.get_bind().connection.cursor()
    try:
        cursor.execute(sql)
    finally:
        cursor.close()


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _execute(SchemaManager.get_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _execute(DROP_PROCRASTINATE)
