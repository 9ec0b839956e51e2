"""reads: plan content versions, cached plan reads, plan-scoped indexes, indexed search

Revision ID: 9e4b2c7d1a05
Revises: 3a91c4e7b2d6
Create Date: 2026-11-27 10:30:00

`q` searches the normalised text of measures and indicators for any substring. SQLite
answers it from FTS5 tables with the trigram tokenizer, kept in step with their rows by
triggers; PostgreSQL from pg_trgm GIN indexes, which LIKE '%…%' uses.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9e4b2c7d1a05"
down_revision: str | None = "3a91c4e7b2d6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (search table, the table it indexes)
SEARCHED = (("measure_search", "measures"), ("indicator_search", "indicators"))


def upgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("content_version", sa.String(length=32), nullable=False, server_default="0")
        )
    op.create_table(
        "plan_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("view", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("etag", sa.String(length=80), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_snapshots_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_snapshots")),
        sa.UniqueConstraint("plan_id", "view", name=op.f("uq_plan_snapshots_plan_id_view")),
    )
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_measures_strategy_id_parent_id", ["strategy_id", "parent_id"], unique=False
        )
    if op.get_bind().dialect.name == "sqlite":
        for search, table in SEARCHED:
            _create_fts(search, table)
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for _, table in SEARCHED:
            op.execute(
                f"CREATE INDEX ix_{table}_search_text_trgm ON {table} "
                "USING gin (search_text gin_trgm_ops)"
            )


def _create_fts(search: str, table: str) -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE {search} USING fts5(search_text, content='{table}', "
        "content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        f"CREATE TRIGGER {search}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {search}(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        f"CREATE TRIGGER {search}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {search}({search}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        f"CREATE TRIGGER {search}_update AFTER UPDATE OF search_text ON {table} BEGIN "
        f"INSERT INTO {search}({search}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {search}(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(f"INSERT INTO {search}({search}) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for search, _ in SEARCHED:
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {search}_{trigger}")
            op.execute(f"DROP TABLE {search}")
    else:
        for _, table in SEARCHED:
            op.execute(f"DROP INDEX ix_{table}_search_text_trgm")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index("ix_measures_strategy_id_parent_id")
    op.drop_table("plan_snapshots")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_column("content_version")
