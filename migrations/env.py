"""Alembic environment: runs migrations through a synchronous connection."""

from alembic import context
from sqlalchemy import engine_from_config, pool

import uplift.models  # noqa: F401  (registers every table on Base.metadata)
from uplift.kit.db import Base

config = context.config
target_metadata = Base.metadata

# Search indexes the migrations make by hand for one database each (FTS5 tables on SQLite,
# pg_trgm and search_grams GIN indexes on PostgreSQL): not in the models, so not differences.
HAND_MADE_SEARCH = ("measure_search", "indicator_search")
HAND_MADE_INDEXES = ("_search_text_trgm", "_search_text_grams")
# procrastinate's tables (the job queue on PostgreSQL): its own schema, applied as it ships by
# one migration (20261128_procrastinate_schema.py), not described by our models.
QUEUE_TABLES = "procrastinate_"


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    if type_ == "table" and name and name.startswith((*HAND_MADE_SEARCH, QUEUE_TABLES)):
        return False
    return not (type_ == "index" and name and name.endswith(HAND_MADE_INDEXES))


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,  # SQLite alters tables by copying them
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
